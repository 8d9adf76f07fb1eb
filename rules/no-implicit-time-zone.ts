import type { ts } from "@ts-morph/common";
import { createRule } from "./util/create-rule.js";
import { isSyntacticDate } from "./util/dates.js";
import { intlConstructorOf, optionSet, resolvedOptionsRead } from "./util/intl.js";
import { localVariableOf } from "./util/local-variables.js";
import type { SourceRuleContext } from "./util/types.js";
import { MACHINE_VALUES_IN_TESTS } from "./util/in-tests.js";

/** Date methods that format in a time zone, taken from their options or else from the host. */
const DATE_ONLY_FORMATTERS = new Set(["toLocaleDateString", "toLocaleTimeString"]);

export default createRule({
  meta: {
    id: "no-implicit-time-zone",
    category: "locale",
    severity: "warning",
    description:
      "Date formatting and zone lookups that fall back to the host's time zone: Intl.DateTimeFormat and toLocaleDateString/TimeString (and toLocaleString on a Date) without a timeZone option, and resolvedOptions().timeZone.",
    rationale:
      "A formatter without a timeZone shows an instant in the zone of the machine running the code, so the same " +
      "timestamp prints as a different date and hour on a developer's laptop, in CI and on a server in UTC; " +
      "new Intl.DateTimeFormat().resolvedOptions().timeZone is that zone itself. Output that is shown to one person " +
      "in their own zone can be the intent (hence a warning); output that is stored, compared or sent elsewhere is " +
      "not. It is reported whether or not a locale is given: the locale picks the language, not the zone." + MACHINE_VALUES_IN_TESTS,
    examples: {
      incorrect: [
        "export function invoiceDate(issuedAt: Date): string {",
        '  return new Intl.DateTimeFormat("en-US", { dateStyle: "medium" }).format(issuedAt);',
        "}",
        "",
      ].join("\n"),
      correct: [
        "export function invoiceDate(issuedAt: Date): string {",
        '  return new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" }).format(issuedAt);',
        "}",
        "",
      ].join("\n"),
    },
    replacement:
      'pass timeZone explicitly ("UTC", or the user\'s zone as data); take instants from a Clock in @detkit/runtime/clock, and check output with expectReproducible(fn, { perturb: { timezones } }) from @detkit/runtime/testing',
    requiresTypes: false,
    inTests: "off",
    messages: {
      formatterZone: "Intl.DateTimeFormat without a timeZone formats in the host's time zone, which differs between machines",
      dateFormatZone: "{{method}}() without a timeZone option formats in the host's time zone, which differs between machines",
      hostTimeZone: "resolvedOptions().timeZone of a formatter without a timeZone is the host's time zone, which differs between machines",
    },
  },
  create(context) {
    const { ts } = context;
    const checkFormatter = (node: ts.CallExpression | ts.NewExpression) => {
      if (intlConstructorOf(context, node) !== "Intl.DateTimeFormat") return;
      if (optionSet(context, node.arguments?.[1], "timeZone") !== "no") return;
      const read = resolvedOptionsRead(ts, node);
      if (read === undefined) {
        context.report({ node, messageId: "formatterZone" });
        return;
      }
      // The resolvedOptions idiom is reported where the zone is read: `.timeZone` by the visitor below, and here
      // `const { timeZone } = …resolvedOptions()`. Reading only the locale asks nothing of the zone.
      const isAccess = ts.isPropertyAccessExpression(node.parent.parent.parent);
      if (!isAccess && read.includes("timeZone")) context.report({ node: node.parent.parent, messageId: "hostTimeZone" });
    };
    return {
      CallExpression(node) {
        const callee = node.expression;
        if (ts.isPropertyAccessExpression(callee)) {
          const method = callee.name.text;
          const formatsDate =
            DATE_ONLY_FORMATTERS.has(method) || (method === "toLocaleString" && isSyntacticDate(context, callee.expression));
          if (formatsDate) {
            if (optionSet(context, node.arguments[1], "timeZone") === "no") {
              context.report({ node, messageId: "dateFormatZone", data: { method } });
            }
            return;
          }
        }
        checkFormatter(node);
      },
      NewExpression: checkFormatter,
      PropertyAccessExpression(node) {
        if (node.name.text !== "timeZone") return;
        const call = node.expression;
        if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression)) return;
        if (call.expression.name.text !== "resolvedOptions") return;
        const formatter = zonelessFormatter(context, call.expression.expression);
        if (formatter) context.report({ node, messageId: "hostTimeZone" });
      },
    };
  },
});

/** The `Intl.DateTimeFormat` construction without a timeZone that an expression is, or a `const` holds. */
function zonelessFormatter(context: SourceRuleContext, expression: ts.Expression): ts.Node | undefined {
  const typescript = context.ts;
  let node = expression;
  while (typescript.isParenthesizedExpression(node)) node = node.expression;
  if (typescript.isIdentifier(node)) {
    const variable = localVariableOf(typescript, node);
    const initializer = variable?.constant ? variable.declaration.initializer : undefined;
    if (!initializer) return undefined;
    node = initializer;
  }
  if (!typescript.isNewExpression(node) && !typescript.isCallExpression(node)) return undefined;
  if (intlConstructorOf(context, node) !== "Intl.DateTimeFormat") return undefined;
  return optionSet(context, node.arguments?.[1], "timeZone") === "no" ? node : undefined;
}
