import type { ts } from "@ts-morph/common";
import { createRule } from "./util/create-rule.js";
import { numericLiteralValue, unwrap } from "./util/expressions.js";
import { functionValueVisitors } from "./util/function-values.js";

/**
 * The Math functions ECMAScript calls "implementation-approximated": each engine (and each engine version)
 * may return a different double for the same argument. sqrt, abs, floor, ceil, trunc, round, min, max, sign,
 * fround, clz32 and imul are exactly specified and not listed.
 */
const APPROXIMATED = new Set([
  "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh",
  "exp", "expm1", "log", "log1p", "log2", "log10", "cbrt", "hypot",
]);

const TWO_TO_53 = 2 ** 53;

/** Whether an expression visibly starts with a negation: `-k`, `-digits + 3`, `(-n)`. */
function startsNegated(typescript: typeof ts, expression: ts.Expression): boolean {
  const inner = unwrap(typescript, expression);
  if (typescript.isPrefixUnaryExpression(inner)) return inner.operator === typescript.SyntaxKind.MinusToken;
  if (typescript.isBinaryExpression(inner)) {
    const operator = inner.operatorToken.kind;
    return (operator === typescript.SyntaxKind.PlusToken || operator === typescript.SyntaxKind.MinusToken) && startsNegated(typescript, inner.left);
  }
  return false;
}

/**
 * Why `base ** exponent` may be approximated, or undefined when it is exact on every engine or the operands
 * do not show it. Literal operands decide. The exponent decides when it is a negative or fractional literal
 * (`x ** 0.5`, `10 ** -2`, `n ** -k`, `10 ** (-length + 3)`), and so does a fractional literal base (`1.05 ** years`): such powers
 * are rarely representable and engines differ in the last bits. An integer power of unknown operands (`2 ** bits`, `x ** 2`) is not flagged: it is exact whenever the
 * operands are integers and the result stays below 2^53, which is the common case, and flagging every power
 * would bury the findings that matter.
 */
function inexactPower(typescript: typeof ts, base: ts.Expression, exponent: ts.Expression): string | undefined {
  const b = numericLiteralValue(typescript, base);
  const e = numericLiteralValue(typescript, exponent);
  if (e !== undefined && !Number.isInteger(e)) return "fractional exponent";
  if (e !== undefined && e < 0) return "negative exponent";
  if (e === undefined && startsNegated(typescript, exponent)) return "negative exponent";
  if (b !== undefined && !Number.isInteger(b)) return "fractional base";
  if (b !== undefined && e !== undefined && Math.abs(b) ** e > TWO_TO_53) return "result beyond 2^53";
  return undefined;
}

export default createRule({
  meta: {
    id: "no-approximate-math",
    category: "float",
    severity: "warning",
    description:
      "Implementation-approximated Math functions (sin, cos, tan, exp, log, log10, cbrt, hypot, …) and powers with a negative or fractional exponent.",
    rationale:
      "ECMAScript fixes the result of sqrt, floor, round, min and the other exact functions, but lets each engine " +
      "approximate sin, exp, log, pow and the rest: V8, SpiderMonkey and JavaScriptCore may differ in the last bits, " +
      "and an engine upgrade may change them (V8 replaced its pow in 2019). Math.floor(Math.log10(1000)) can be 2, " +
      "a rounded or hashed result can change between machines, and a replayed computation can diverge. A " +
      "warning: last-bit differences matter where results are compared, hashed, rounded at a boundary or " +
      "accumulated. Powers are judged by their literal operands: a negative or fractional exponent is flagged, an " +
      "integer power of unknown operands (2 ** bits, x ** 2) is not.",
    examples: {
      incorrect: [
        "export function digits(n: number) {",
        "  return Math.floor(Math.log10(n)) + 1;",
        "}",
        "",
        "export function compound(principal: number, rate: number, years: number) {",
        "  return principal * Math.exp(rate * years);",
        "}",
        "",
      ].join("\n"),
      correct: [
        'import { dec } from "@detkit/runtime/decimal";',
        "",
        "export function digits(n: bigint) {",
        "  return n.toString().length;",
        "}",
        "",
        "export function compound(principal: string, rate: string, years: number) {",
        "  return dec(principal).times(dec(1).plus(rate).pow(years));",
        "}",
        "",
      ].join("\n"),
    },
    replacement:
      "compute with exact operations: integers or bigint, string length for digit counts, or Decimal from @detkit/runtime/decimal (dec(x).pow(n) with an integer n); where an approximation is needed, round its result before comparing, hashing or storing it",
    requiresTypes: false,
    messages: {
      approximated: "Math.{{name}}() is implementation-approximated: its last bits may differ between engines and versions",
      approximatedValue: "Math.{{name}} passed as a value is implementation-approximated when it is called",
      power: "{{what}} with a {{why}} is implementation-approximated: its last bits may differ between engines and versions",
    },
  },
  create(context) {
    const { ts } = context;
    const mathFunction = (name: string | undefined): string | undefined => {
      if (name === undefined || !name.startsWith("Math.")) return undefined;
      const member = name.slice("Math.".length);
      return APPROXIMATED.has(member) ? member : undefined;
    };
    const values = functionValueVisitors(
      context,
      APPROXIMATED,
      (name) => mathFunction(name),
      (node, shown) => context.report({ node, messageId: "approximatedValue", data: { name: shown } }),
    );
    return {
      CallExpression(node) {
        const name = context.resolveName(node.expression);
        if (name === "Math.pow") {
          const [base, exponent] = node.arguments;
          const why = base && exponent && inexactPower(ts, base, exponent);
          if (why) context.report({ node, messageId: "power", data: { what: "Math.pow()", why } });
          return;
        }
        const member = mathFunction(name);
        if (member) context.report({ node, messageId: "approximated", data: { name: member } });
      },
      BinaryExpression(node) {
        const operator = node.operatorToken.kind;
        if (operator !== ts.SyntaxKind.AsteriskAsteriskToken && operator !== ts.SyntaxKind.AsteriskAsteriskEqualsToken) return;
        const why = inexactPower(ts, node.left, node.right);
        if (why) context.report({ node, messageId: "power", data: { what: ts.tokenToString(operator) ?? "**", why } });
      },
      ...values,
    };
  },
});
