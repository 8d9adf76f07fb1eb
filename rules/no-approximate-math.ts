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
 * Whether the integer power `base ** exponent` is a double exactly: the odd part of the base, raised to the
 * power, fits in 53 bits (the factors of two go to the exponent), and the whole stays finite.
 */
function isRepresentablePower(base: number, exponent: number): boolean {
  if (!Number.isSafeInteger(base) || base === 0 || exponent > 1100) return false;
  let odd = BigInt(base);
  let twos = 0n;
  while (odd % 2n === 0n) {
    odd /= 2n;
    twos += 1n;
  }
  const oddPower = odd ** BigInt(exponent);
  return oddPower <= 2n ** 53n && twos * BigInt(exponent) + BigInt(oddPower.toString(2).length) <= 1024n;
}

/**
 * Why `base ** exponent` may be approximated, or undefined when it is exact on every engine or the operands
 * do not show it. Literal operands decide. The exponent decides when it is a negative or fractional literal
 * (`x ** 0.5`, `10 ** -2`, `n ** -k`, `10 ** (-length + 3)`), and so does a fractional literal base (`1.05 ** years`): such powers
 * are rarely representable and engines differ in the last bits. An integer power of unknown operands (`2 ** bits`, `x ** 2`) is not flagged: it is exact whenever the
 * operands are integers and the result stays below 2^53, which is the common case, and flagging every power
 * would bury the findings that matter. Literal integer operands whose power a double holds exactly (`1024 ** 6`,
 * 2^60) are not flagged either: fdlibm's pow, which V8 and SpiderMonkey use, and correctly rounded libms return
 * an integer power exactly whenever it is representable.
 */
function inexactPower(typescript: typeof ts, base: ts.Expression, exponent: ts.Expression): string | undefined {
  const b = numericLiteralValue(typescript, base);
  const e = numericLiteralValue(typescript, exponent);
  if (e !== undefined && !Number.isInteger(e)) return "fractional exponent";
  if (e !== undefined && e < 0) return "negative exponent";
  if (e === undefined && startsNegated(typescript, exponent)) return "negative exponent";
  if (b !== undefined && !Number.isInteger(b)) return "fractional base";
  if (b !== undefined && e !== undefined && Math.abs(b) ** e > TWO_TO_53 && !isRepresentablePower(Math.abs(b), e)) return "result beyond 2^53";
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
      "integer power of unknown operands (2 ** bits, x ** 2) is not. One finding per statement, at its first " +
      "approximated operation: a formula is one computation to fix, and one suppression covers it.",
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
      approximatedWithOthers:
        "Math.{{name}}() and {{others}} more approximated operations in this statement: their last bits may differ between engines and versions",
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
    /** Why a call or `**` is approximated: Math's name for it, or the power's reason; undefined when it is not. */
    const approximation = (node: ts.Node): { member: string } | { what: string; why: string } | undefined => {
      if (ts.isCallExpression(node)) {
        const name = context.resolveName(node.expression);
        if (name === "Math.pow") {
          const [base, exponent] = node.arguments;
          const why = base && exponent && inexactPower(ts, base, exponent);
          return why ? { what: "Math.pow()", why } : undefined;
        }
        const member = mathFunction(name);
        return member ? { member } : undefined;
      }
      if (ts.isBinaryExpression(node)) {
        const operator = node.operatorToken.kind;
        if (operator !== ts.SyntaxKind.AsteriskAsteriskToken && operator !== ts.SyntaxKind.AsteriskAsteriskEqualsToken) return undefined;
        const why = inexactPower(ts, node.left, node.right);
        return why ? { what: ts.tokenToString(operator) ?? "**", why } : undefined;
      }
      return undefined;
    };

    /** The statement an expression belongs to; nested functions and statements are statements of their own. */
    const statementOf = (node: ts.Node): ts.Node => {
      let current = node;
      while (current.parent && !ts.isSourceFile(current.parent) && !isStatementLike(current) && !ts.isFunctionLike(current.parent)) current = current.parent;
      return current;
    };
    const isStatementLike = (node: ts.Node): boolean => ts.isStatement(node) || ts.isClassElement(node);
    /** The approximated operations of a statement outside its nested statements and functions, in source order. */
    const approximationsIn = (statement: ts.Node): ts.Node[] => {
      const found: ts.Node[] = [];
      const visit = (node: ts.Node): void => {
        if (node !== statement && (isStatementLike(node) || ts.isFunctionLike(node))) return;
        if (approximation(node)) found.push(node);
        node.forEachChild(visit);
      };
      visit(statement);
      return found;
    };

    // One finding per statement: `Math.sin(a) * Math.sin(b) + Math.cos(c) …` is one computation to fix, and one
    // suppression comment covers it.
    const reportedStatements = new Set<ts.Node>();
    const check = (node: ts.CallExpression | ts.BinaryExpression): void => {
      if (!approximation(node)) return;
      const statement = statementOf(node);
      if (reportedStatements.has(statement)) return;
      reportedStatements.add(statement);
      // Reported at the statement's first approximated operation in source order, whichever the walk met first.
      const [first = node, ...rest] = approximationsIn(statement);
      const found = approximation(first);
      if (!found) return;
      if (!("member" in found)) context.report({ node: first, messageId: "power", data: found });
      else if (rest.length > 0) context.report({ node: first, messageId: "approximatedWithOthers", data: { name: found.member, others: rest.length } });
      else context.report({ node: first, messageId: "approximated", data: { name: found.member } });
    };
    return {
      CallExpression: check,
      BinaryExpression: check,
      ...values,
    };
  },
});
