import type { ts } from "@ts-morph/common";
import type { SourceRuleContext } from "./types.js";

/** A call that parses a date string: `new Date(text)` (one argument) or `Date.parse(text)`, with its argument. */
export interface DateParse {
  readonly node: ts.NewExpression | ts.CallExpression;
  readonly argument: ts.Expression;
  /** How messages show the call. */
  readonly shown: string;
}

/** The date-string parse a `new` or call expression is, if any, by the resolved name of the global Date. */
export function dateParseOf(context: SourceRuleContext, node: ts.NewExpression | ts.CallExpression): DateParse | undefined {
  const typescript = context.ts;
  const [argument] = node.arguments ?? [];
  if (argument === undefined || node.arguments?.length !== 1 || typescript.isSpreadElement(argument)) return undefined;
  if (typescript.isNewExpression(node)) {
    return context.resolveName(node.expression) === "Date" ? { node, argument, shown: "new Date()" } : undefined;
  }
  const callee = node.expression;
  const named = typescript.isPropertyAccessExpression(callee) ? callee.name.text : typescript.isIdentifier(callee) ? callee.text : "";
  if (named !== "parse") return undefined;
  return context.resolveName(callee) === "Date.parse" ? { node, argument, shown: "Date.parse()" } : undefined;
}
