import type { ts } from "@ts-morph/common";
import { createRule } from "./util/create-rule.js";
import { isConditionOf, unwrap, valueSite } from "./util/expressions.js";
import { functionValueVisitors } from "./util/function-values.js";
import { readsOfConst } from "./util/local-bindings.js";

/** parseFloat by the names the resolver gives it. */
const PARSE_FLOAT = new Set(["parseFloat", "Number.parseFloat"]);

/** Text that is only number syntax: digits, a point, an exponent and its sign. */
const NUMBER_SYNTAX = /^[0-9.eE+-]*$/;

/** Checks on a number that its binary rounding cannot change, by resolved name. */
const TESTS = new Set(["isNaN", "isFinite", "Number.isNaN", "Number.isFinite", "Number.isInteger", "Number.isSafeInteger"]);

export default createRule({
  meta: {
    id: "no-parse-float",
    category: "float",
    severity: "warning",
    description: "parseFloat() and Number.parseFloat(): decimal text parsed into a binary double.",
    rationale:
      "Most decimal fractions have no exact binary double: parseFloat(\"0.1\") is 0.1000000000000000055…, so " +
      "amounts read from text and then summed, compared or rounded drift (0.1 + 0.2 !== 0.3, 1.005 rounds to " +
      "1.00), and digits beyond the seventeenth are dropped. parseFloat also stops silently at the first character " +
      "it does not understand (\"1,50\" is 1). A warning: harmless for a measurement or a CSS length, wrong for " +
      "money, quantities and identifiers. A result that is only compared or tested (isNaN, x | 0, a condition) is " +
      "not flagged: rounding keeps the order of parsed decimals; nor is text this code composes from numbers " +
      "(parseFloat(\"1e-\" + digits)), which parses to the double the same literal would be. Not run on test code (the configuration's tests " +
      "globs; an override can turn it on): the approximation is the same on every run, and a test reading " +
      "measurements or fixtures with parseFloat loses nothing the code under test would keep.",
    examples: {
      incorrect: [
        "export function lineTotal(priceText: string, quantity: number) {",
        "  return parseFloat(priceText) * quantity;",
        "}",
        "",
      ].join("\n"),
      correct: [
        'import { dec } from "@detkit/runtime/decimal";',
        "",
        "export function lineTotal(priceText: string, quantity: number) {",
        "  return dec(priceText).times(quantity);",
        "}",
        "",
      ].join("\n"),
    },
    replacement:
      "parse decimal text with dec(text) from @detkit/runtime/decimal (exact, rejects malformed text), or into integer minor units (cents) with a strict pattern",
    requiresTypes: false,
    inTests: "off",
    messages: {
      parseFloat: "{{name}}() turns decimal text into a binary double: most decimal fractions are approximated",
      parseFloatValue: "{{name}} passed as a value turns decimal text into a binary double when it is called",
    },
  },
  create(context) {
    const { ts } = context;
    const { SyntaxKind } = ts;
    /** Comparisons and the bitwise operators: a comparison of parsed decimals keeps their order; `x | 0` truncates. */
    const COMPARISONS = new Set([
      SyntaxKind.LessThanToken, SyntaxKind.GreaterThanToken, SyntaxKind.LessThanEqualsToken, SyntaxKind.GreaterThanEqualsToken,
      SyntaxKind.EqualsEqualsToken, SyntaxKind.EqualsEqualsEqualsToken, SyntaxKind.ExclamationEqualsToken,
      SyntaxKind.ExclamationEqualsEqualsToken, SyntaxKind.BarToken,
    ]);
    const ARITHMETIC = new Set([SyntaxKind.MinusToken, SyntaxKind.AsteriskToken, SyntaxKind.SlashToken, SyntaxKind.PercentToken, SyntaxKind.AsteriskAsteriskToken]);
    const values = functionValueVisitors(
      context,
      new Set(["parseFloat"]),
      (name) => (PARSE_FLOAT.has(name) ? name : undefined),
      (node, shown) => context.report({ node, messageId: "parseFloatValue", data: { name: shown } }),
    );
    /** Whether the number at `site` is only compared, tested or truncated: uses the rounding of the text cannot change. */
    const isOnlyTested = (site: ts.Node): boolean => {
      const parent = site.parent;
      if (isConditionOf(ts, site)) return true;
      if (ts.isPrefixUnaryExpression(parent)) return parent.operator === ts.SyntaxKind.ExclamationToken;
      if (ts.isBinaryExpression(parent)) return COMPARISONS.has(parent.operatorToken.kind);
      if (ts.isCallExpression(parent) && parent.expression !== site) {
        const callee = context.resolveName(parent.expression);
        return callee !== undefined && TESTS.has(callee);
      }
      return false;
    };

    /** Whether an expression is a number by its syntax: a literal, arithmetic, a `.length`. */
    const isNumeric = (node: ts.Expression): boolean => {
      const inner = unwrap(ts, node);
      if (ts.isNumericLiteral(inner)) return true;
      if (ts.isPropertyAccessExpression(inner)) return inner.name.text === "length";
      if (ts.isPrefixUnaryExpression(inner)) return inner.operator === SyntaxKind.MinusToken || inner.operator === SyntaxKind.PlusToken;
      if (!ts.isBinaryExpression(inner)) return false;
      const operator = inner.operatorToken.kind;
      if (operator === SyntaxKind.PlusToken) return isNumeric(inner.left) && isNumeric(inner.right);
      return ARITHMETIC.has(operator);
    };
    /**
     * `parseFloat("1e-" + digits)`: number syntax written here around numbers computed here. No decimal data
     * enters; the result is the double the same literal in the source would be.
     */
    const isComposedFromNumbers = (text: ts.Expression): boolean => {
      const inner = unwrap(ts, text);
      const pieces: ts.Expression[] = [];
      const collect = (node: ts.Expression): void => {
        const piece = unwrap(ts, node);
        if (ts.isBinaryExpression(piece) && piece.operatorToken.kind === SyntaxKind.PlusToken && !isNumeric(piece)) {
          collect(piece.left);
          collect(piece.right);
        } else pieces.push(piece);
      };
      if (ts.isTemplateExpression(inner)) {
        if (!NUMBER_SYNTAX.test(inner.head.text) || !inner.templateSpans.every((span) => NUMBER_SYNTAX.test(span.literal.text))) return false;
        return inner.templateSpans.every((span) => isNumeric(span.expression));
      }
      collect(inner);
      return (
        pieces.length > 1 &&
        pieces.some((piece) => ts.isStringLiteralLike(piece)) &&
        pieces.every((piece) => (ts.isStringLiteralLike(piece) ? NUMBER_SYNTAX.test(piece.text) : isNumeric(piece)))
      );
    };

    const isUsedAsNumber = (call: ts.CallExpression): boolean => {
      const site = valueSite(ts, call);
      const parent = site.parent;
      if (ts.isVariableDeclaration(parent) && parent.initializer === site && ts.isIdentifier(parent.name)) {
        const reads = readsOfConst(ts, parent);
        // A const nobody reads in this block may be exported or captured; a let may be changed: both count as used.
        return reads.length === 0 || reads.some((read) => !isOnlyTested(valueSite(ts, read)));
      }
      return !isOnlyTested(site);
    };

    return {
      CallExpression(node) {
        const name = context.resolveName(node.expression);
        const [text] = node.arguments;
        if (name !== undefined && PARSE_FLOAT.has(name) && !(text && isComposedFromNumbers(text)) && isUsedAsNumber(node)) context.report({ node, messageId: "parseFloat", data: { name } });
      },
      ...values,
    };
  },
});
