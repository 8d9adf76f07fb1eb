import type { ts } from "@ts-morph/common";
import { isValueLiteral, unwrap } from "./expressions.js";
import { localVariableOf } from "./local-variables.js";
import type { SourceRuleContext } from "./types.js";


/** `new Date(…)` with the global Date (through any alias the resolver follows). */
function isDateConstruction(context: SourceRuleContext, expression: ts.Expression): expression is ts.NewExpression {
  const typescript = context.ts;
  const node = unwrap(typescript, expression);
  return typescript.isNewExpression(node) && context.resolveName(node.expression) === "Date";
}

/**
 * Whether the syntax alone shows that an expression is a Date: `new Date(…)`, or a `const` initialised with
 * one. Rules ask this before the type checker, which stays unbuilt when the syntax decides.
 */
export function isSyntacticDate(context: SourceRuleContext, expression: ts.Expression): boolean {
  const typescript = context.ts;
  const node = unwrap(typescript, expression);
  if (isDateConstruction(context, node)) return true;
  if (!typescript.isIdentifier(node)) return false;
  const variable = localVariableOf(typescript, node);
  const initializer = variable?.constant ? variable.declaration.initializer : undefined;
  return initializer !== undefined && isDateConstruction(context, initializer);
}

/**
 * Whether the syntax shows an expression is not a Date: a literal of another kind, or a template, array or
 * object literal. The type checker is not asked about those.
 */
function isSyntacticNonDate(context: SourceRuleContext, expression: ts.Expression): boolean {
  const typescript = context.ts;
  return isValueLiteral(typescript, unwrap(typescript, expression));
}

/** TypeScript's default library files (`lib.es5.d.ts`, `lib.es2022.full.d.ts`), wherever the host serves them. */
const LIB_FILE = /(?:^|[\\/])lib\.[\w.]+\.d\.ts$/;

/**
 * Whether `name` in `receiver.name` is a member of the built-in Date, as the type checker sees it: the
 * property's declaration is in the `Date` interface of a default library file. That holds for Date, its
 * subclasses, type parameters constrained to Date and unions of them, and not for `any`.
 */
function isLibDateMember(context: SourceRuleContext, name: ts.MemberName): boolean {
  const typescript = context.ts;
  const symbol = context.getTypeChecker().getSymbolAtLocation(name);
  const declarations = symbol?.declarations ?? [];
  return (
    declarations.length > 0 &&
    declarations.every((declaration) => {
      const owner = declaration.parent;
      return typescript.isInterfaceDeclaration(owner) && owner.name.text === "Date" && LIB_FILE.test(declaration.getSourceFile().fileName);
    })
  );
}

/**
 * Method names that, among the built-ins and the libraries people use, only Date has. On a receiver of type
 * `any` (untyped JavaScript) they are taken as Date methods; generic names (getDate, getDay, getMonth,
 * setDate, toString) are not.
 */
const DATE_ONLY_NAMES = new Set([
  "getFullYear",
  "getHours",
  "getMinutes",
  "getSeconds",
  "getTimezoneOffset",
  "setFullYear",
  "setHours",
  "setMinutes",
  "setSeconds",
  "toDateString",
  "toTimeString",
]);

/**
 * Whether `receiver.name` is a method of a Date: by syntax when it decides, by types otherwise, and for an
 * untyped receiver by a name only Date has.
 */
export function isDateMember(context: SourceRuleContext, access: ts.PropertyAccessExpression): boolean {
  if (isSyntacticDate(context, access.expression)) return true;
  if (isSyntacticNonDate(context, access.expression)) return false;
  if (isLibDateMember(context, access.name)) return true;
  if (!DATE_ONLY_NAMES.has(access.name.text)) return false;
  const checker = context.getTypeChecker();
  return (checker.getTypeAtLocation(access.expression).flags & context.ts.TypeFlags.Any) !== 0;
}

/**
 * How a date string is read by `new Date(string)` and `Date.parse`:
 * - `utc`: a date-only ISO 8601 form (`2020-01-01`, `2020-01`, `2020`), which the specification reads as UTC;
 * - `fixed`: it names its offset (`Z`, `+02:00`, `GMT`, `UTC`), so every machine reads the same instant;
 * - `local`: a date-time without an offset (`2020-01-01T00:00`, `2020-01-01 00:00`, `March 7, 2020`), read in
 *   the host's time zone (and, outside ISO 8601, by implementation-defined rules);
 * - `invalid`: nothing a parser could read as a date (no digit), Invalid Date everywhere.
 */
export type DateStringShape = "utc" | "fixed" | "local" | "invalid";

const ISO_DATE_ONLY = /^[+-]?\d{4,6}(-\d\d(-\d\d)?)?$/;
/** An explicit zone at the end: Z, ±hh, ±hhmm, ±hh:mm, or a GMT/UTC/UT designator (with an optional offset). */
const ZONE_AT_END = /(?:\d(?:Z|[+-]\d\d(?::?\d\d)?)|\b(?:GMT|UTC|UT|Z)(?:\s*[+-]\d\d(?::?\d\d)?)?(?:\s*\([^)]*\))?)$/i;

export function dateStringShape(text: string): DateStringShape {
  const trimmed = text.trim();
  if (!/\d/.test(trimmed)) return "invalid";
  if (ISO_DATE_ONLY.test(trimmed)) return "utc";
  if (ZONE_AT_END.test(trimmed)) return "fixed";
  return "local";
}

/** The end of a string built around substitutions that names its zone: `…Z`, `…+02:00`, `… GMT`. */
export const ZONE_SUFFIX = /(?:Z|[+-]\d\d:?\d\d|GMT|UTC)\s*$/i;

/**
 * The shape of a date string built from pieces, a template (`${day}T00:00:00`) or a concatenation
 * (`day + "T00:00:00Z"`), judged by the text after the last piece the code computes: an offset there makes it
 * fixed, a written-out time without one makes it local. A string that ends in a computed piece could end in
 * anything: undefined. Also undefined when the expression is not built from pieces.
 */
export function builtDateShape(typescript: typeof ts, expression: ts.Expression): DateStringShape | undefined {
  const tail = literalTail(typescript, expression);
  if (tail === undefined) return undefined;
  if (ZONE_SUFFIX.test(tail)) return "fixed";
  if (/T\d\d|\d\d?:\d\d/.test(tail)) return "local";
  return undefined;
}

/** The literal text at the end of a template or string concatenation; "" when it ends in a computed piece. */
function literalTail(typescript: typeof ts, expression: ts.Expression): string | undefined {
  let node = expression;
  while (typescript.isParenthesizedExpression(node)) node = node.expression;
  if (typescript.isTemplateExpression(node)) {
    return node.templateSpans[node.templateSpans.length - 1]?.literal.text ?? node.head.text;
  }
  if (typescript.isBinaryExpression(node) && node.operatorToken.kind === typescript.SyntaxKind.PlusToken) {
    const right = node.right;
    if (typescript.isStringLiteralLike(right)) return right.text;
    return literalTail(typescript, right) ?? (isStringPiece(typescript, node.left) ? "" : undefined);
  }
  return undefined;
}

/** Whether a concatenation operand shows it is text, so that the `+` is a concatenation and not an addition. */
function isStringPiece(typescript: typeof ts, node: ts.Expression): boolean {
  if (typescript.isStringLiteralLike(node) || typescript.isTemplateExpression(node)) return true;
  return typescript.isBinaryExpression(node) && node.operatorToken.kind === typescript.SyntaxKind.PlusToken &&
    (isStringPiece(typescript, node.left) || isStringPiece(typescript, node.right));
}
