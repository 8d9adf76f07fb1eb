import type { ts } from "@ts-morph/common";
import { createRule } from "./util/create-rule.js";
import { dateParseOf } from "./util/date-parse.js";
import { builtDateShape, dateStringShape, ZONE_SUFFIX } from "./util/dates.js";
import { accessedName, valueSite } from "./util/expressions.js";
import { readsOfConst } from "./util/local-bindings.js";
import type { SourceRuleContext } from "./util/types.js";
import { MACHINE_VALUES_IN_TESTS } from "./util/in-tests.js";

export default createRule({
  meta: {
    id: "no-unchecked-date-parse",
    category: "locale",
    severity: "warning",
    description:
      "new Date(text) or Date.parse(text) of a string whose shape the code does not show: whether it is read as UTC or in the host's time zone depends on what it holds.",
    rationale:
      'The same call reads "2020-01-01T00:00:00Z" as one instant everywhere and "2020-01-01T00:00:00" (or ' +
      '"2020-01-01 00:00", or "1/2/2020") in the time zone of the machine running it. When the string comes from ' +
      "input, a file or another system, one missing Z makes results depend on the host's zone. It is a warning: " +
      "strings known to carry an offset (toISOString() output) are safe. Values typed as numbers or Dates, and " +
      "untyped values, are not reported, nor is a parse only tested for validity (`Number.isNaN(Date.parse(s))`, " +
      "`isNaN(new Date(s).getTime())`): whether a string is a date does not depend on the zone." + MACHINE_VALUES_IN_TESTS,
    examples: {
      incorrect: ["export function dueDate(row: { due: string }): Date {", "  return new Date(row.due);", "}", ""].join("\n"),
      correct: [
        "export function dueDate(row: { due: string }): Date {",
        "  const match = /^(\\d{4})-(\\d\\d)-(\\d\\d)$/.exec(row.due);",
        "  if (!match) throw new Error(`due date is not YYYY-MM-DD: ${row.due}`);",
        "  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));",
        "}",
        "",
      ].join("\n"),
    },
    replacement:
      "accept only strings with Z or an offset (validate the shape, or parse with an explicit format and zone), or build the instant with Date.UTC(…); check with expectReproducible(fn, { perturb: { timezones } }) from @detkit/runtime/testing",
    requiresTypes: true,
    inTests: "off",
    messages: {
      unknownShape: "{{call}} of a string whose shape is not shown here: without Z or an offset it is read in the host's time zone",
    },
  },
  create(context) {
    const { ts } = context;
    const check = (node: ts.NewExpression | ts.CallExpression) => {
      const parse = dateParseOf(context, node);
      if (parse && !isOnlyValidated(context, node) && isUncheckedString(context, parse.argument)) {
        context.report({ node, messageId: "unknownShape", data: { call: parse.shown } });
      }
    };
    return { NewExpression: check, CallExpression: check };
  },
});

/** The checks that only ask whether a time value is a number: `isNaN`, `Number.isFinite`… */
const VALIDITY_TESTS: ReadonlySet<string> = new Set(["isNaN", "isFinite", "Number.isNaN", "Number.isFinite"]);

/**
 * Whether the parsed time is only tested for validity: `Number.isNaN(Date.parse(s))`, `isNaN(new Date(s)
 * .getTime())`, `isFinite(+new Date(s))`. The zone moves an instant; it never makes a string a date or not.
 */
function isOnlyValidated(context: SourceRuleContext, parse: ts.Node, followConst = true): boolean {
  const typescript = context.ts;
  let site = valueSite(typescript, parse);
  for (;;) {
    const parent = site.parent;
    const call = parent.parent;
    if (typescript.isPropertyAccessExpression(parent) && parent.expression === site && typescript.isCallExpression(call) && call.expression === parent) {
      const method = accessedName(typescript, parent);
      if (method !== "getTime" && method !== "valueOf") return false;
      site = valueSite(typescript, call);
    } else if (typescript.isPrefixUnaryExpression(parent) && parent.operator === typescript.SyntaxKind.PlusToken) {
      site = valueSite(typescript, parent);
    } else break;
  }
  const test = site.parent;
  // `const parsed = Date.parse(value); if (Number.isNaN(parsed)) …`
  if (followConst && typescript.isVariableDeclaration(test) && test.initializer === site) {
    const reads = readsOfConst(typescript, test);
    return reads.length > 0 && reads.every((read) => isOnlyValidated(context, read, false));
  }
  if (!typescript.isCallExpression(test) || test.arguments.length !== 1 || test.arguments[0] !== site) return false;
  const name = context.resolveName(test.expression);
  return name !== undefined && VALIDITY_TESTS.has(name);
}

/**
 * Whether an argument is a string of unknown shape: a template the syntax cannot judge, or a value whose type
 * is a string. Literals and strings built with a visible end are the other rule's (they are checked exactly).
 */
function isUncheckedString(context: SourceRuleContext, argument: ts.Expression): boolean {
  const typescript = context.ts;
  let node = argument;
  while (typescript.isParenthesizedExpression(node)) node = node.expression;
  if (typescript.isStringLiteralLike(node) || typescript.isNumericLiteral(node)) return false;
  // A template or concatenation whose end shows its zone (or its lack, which the other rule reports) is judged.
  if (builtDateShape(typescript, node) !== undefined) return false;
  if (typescript.isTemplateExpression(node)) return true;
  if (typescript.isNewExpression(node) || typescript.isObjectLiteralExpression(node) || typescript.isArrayLiteralExpression(node)) return false;
  if (typescript.isPrefixUnaryExpression(node)) return false;
  const checker = context.getTypeChecker();
  return isStringType(typescript, checker.getTypeAtLocation(node));
}

/**
 * Whether a type is a string that may lack an offset. A literal type is judged by its text; a template literal
 * type that ends in Z or an offset (`${string}Z`) is how a program says it checked the shape; a branded string
 * (`string & { … }`) is not a plain string.
 */
function isStringType(typescript: typeof ts, type: ts.Type): boolean {
  const { TypeFlags } = typescript;
  const parts = type.isUnion() ? type.types : [type];
  const present = parts.filter((part) => (part.flags & (TypeFlags.Null | TypeFlags.Undefined | TypeFlags.Void)) === 0);
  if (present.length === 0 || !present.every((part) => (part.flags & TypeFlags.StringLike) !== 0)) return false;
  return present.some((part) => {
    if (part.isStringLiteral()) return dateStringShape(part.value) === "local";
    if (isTemplateLiteralType(typescript, part)) return !ZONE_SUFFIX.test(part.texts[part.texts.length - 1] ?? "");
    return true;
  });
}

function isTemplateLiteralType(typescript: typeof ts, type: ts.Type): type is ts.TemplateLiteralType {
  return (type.flags & typescript.TypeFlags.TemplateLiteral) !== 0;
}
