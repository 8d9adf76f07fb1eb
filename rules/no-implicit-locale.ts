import type { ts } from "@ts-morph/common";
import { createRule } from "./util/create-rule.js";
import { intlConstructorOf, isDefaultLocale, resolvedOptionsRead } from "./util/intl.js";
import { SORT_METHODS } from "./util/order-uses.js";
import { runtimeModule } from "./util/runtime-modules.js";
import type { SourceFix, SourceRuleContext } from "./util/types.js";
import { MACHINE_VALUES_IN_TESTS } from "./util/in-tests.js";

/** Methods whose first argument is the locale. */
const LOCALE_FIRST_METHODS = new Set(["toLocaleString", "toLocaleDateString", "toLocaleTimeString", "toLocaleUpperCase", "toLocaleLowerCase"]);

export default createRule({
  meta: {
    id: "no-implicit-locale",
    category: "locale",
    severity: "warning",
    description:
      "Locale-sensitive formatting, case mapping and comparison without an explicit locale: toLocaleString/DateString/TimeString(), toLocaleUpperCase/LowerCase(), a.localeCompare(b), Intl constructors called without a locale.",
    rationale:
      "Without a locale these use the host's default: the LANG/LC_ALL of the process and the ICU data Node was built " +
      "with. (1234.5).toLocaleString() is 1,234.5 on one machine and 1.234,5 on another; 'i'.toLocaleUpperCase() is " +
      "'İ' under Turkish; localeCompare orders 'ä' differently in German and Swedish, so a sorted list changes with " +
      "the machine. It is a warning because text shown to a person in their own locale is often the intent; text " +
      "that is stored, compared, hashed or sorted for a result is not. With an explicit locale (and options) the " +
      "result depends only on the ICU version, which is not reported." + MACHINE_VALUES_IN_TESTS,
    examples: {
      incorrect: [
        "export function sortNames(names: string[]): string[] {",
        "  return [...names].sort((a, b) => a.localeCompare(b));",
        "}",
        "",
      ].join("\n"),
      correct: [
        'import { compareStrings } from "@detkit/runtime/collections";',
        "",
        "export function sortNames(names: string[]): string[] {",
        "  return [...names].sort((a, b) => compareStrings(a, b));",
        "}",
        "",
      ].join("\n"),
    },
    replacement:
      'pass the locale explicitly (toLocaleString("en-US"), new Intl.NumberFormat("de-DE")); order strings with compareStrings from @detkit/runtime/collections, which does not depend on the locale',
    requiresTypes: false,
    inTests: "off",
    messages: {
      defaultLocale: "{{method}}() without a locale uses the host's default locale, which differs between machines",
      localeCompare: "localeCompare() without a locale orders by the host's default locale and ICU data, which differ between machines",
      intlDefaultLocale: "{{name}} without a locale uses the host's default locale, which differs between machines",
      hostLocale: "resolvedOptions().locale of {{name}} without a locale is the host's default locale, which differs between machines",
    },
    fix: "a.localeCompare(b) returned by a comparator becomes compareStrings(a, b) from @detkit/runtime/collections (code-unit order, the same on every machine).",
  },
  create(context) {
    const { ts } = context;
    const reportIntl = (node: ts.CallExpression | ts.NewExpression) => {
      const name = intlConstructorOf(context, node);
      if (name === undefined || !isDefaultLocale(ts, node.arguments?.[0])) return;
      const read = resolvedOptionsRead(ts, node);
      // `new Intl.DateTimeFormat().resolvedOptions().timeZone` reads the zone, not the locale: no-implicit-time-zone.
      if (read?.length === 1 && read[0] === "timeZone") return;
      if (read?.includes("locale")) context.report({ node: node.parent.parent, messageId: "hostLocale", data: { name } });
      else context.report({ node, messageId: "intlDefaultLocale", data: { name } });
    };
    return {
      CallExpression(node) {
        const callee = node.expression;
        if (ts.isPropertyAccessExpression(callee)) {
          const method = callee.name.text;
          if (LOCALE_FIRST_METHODS.has(method)) {
            if (isDefaultLocale(ts, node.arguments[0])) context.report({ node, messageId: "defaultLocale", data: { method } });
            return;
          }
          if (method === "localeCompare") {
            if (node.arguments.length === 0 || !isDefaultLocale(ts, node.arguments[1])) return;
            const fix = compareStringsFix(context, node, callee);
            context.report({ node, messageId: "localeCompare", ...(fix ? { fix } : {}) });
            return;
          }
        }
        reportIntl(node);
      },
      NewExpression: reportIntl,
    };
  },
});

/**
 * The fix for `a.localeCompare(b)` when it is what a comparator returns (alone or in a `||` tie-break chain):
 * `compareStrings(a, b)`. Not offered with options (`{ numeric: true }` has no code-unit equivalent), with a
 * spread argument, or with optional chaining, whose `undefined` compareStrings would not reproduce.
 */
function compareStringsFix(context: SourceRuleContext, call: ts.CallExpression, callee: ts.PropertyAccessExpression): SourceFix | undefined {
  const typescript = context.ts;
  const [other] = call.arguments;
  if (call.arguments.length !== 1 || other === undefined || typescript.isSpreadElement(other)) return undefined;
  if (call.questionDotToken || callee.questionDotToken || typescript.isOptionalChain(callee.expression)) return undefined;
  if (!isComparatorResult(context, call)) return undefined;
  const text = `compareStrings(${callee.expression.getText()}, ${other.getText()})`;
  return {
    edits: [{ start: call.getStart(), end: call.end, text }],
    imports: [{ module: runtimeModule("collections"), name: "compareStrings" }],
  };
}

/** Whether a call's value is what a comparator returns: the function takes two parameters or is given to sort. */
function isComparatorResult(context: SourceRuleContext, call: ts.CallExpression): boolean {
  const typescript = context.ts;
  let node: ts.Node = call;
  while (
    typescript.isParenthesizedExpression(node.parent) ||
    (typescript.isBinaryExpression(node.parent) && node.parent.operatorToken.kind === typescript.SyntaxKind.BarBarToken)
  ) {
    node = node.parent;
  }
  const parent = node.parent;
  let fn: ts.Node | undefined;
  if (typescript.isArrowFunction(parent) && parent.body === node) fn = parent;
  else if (typescript.isReturnStatement(parent)) fn = typescript.findAncestor(parent, typescript.isFunctionLike);
  if (fn === undefined || !typescript.isFunctionLike(fn)) return false;
  if (fn.parameters.length === 2) return true;
  const owner = fn.parent;
  return (
    typescript.isCallExpression(owner) &&
    typescript.isPropertyAccessExpression(owner.expression) &&
    SORT_METHODS.has(owner.expression.name.text)
  );
}
