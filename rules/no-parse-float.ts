import type { ts } from "@ts-morph/common";
import { createRule } from "./util/create-rule.js";
import { valueSite } from "./util/expressions.js";
import { functionValueVisitors } from "./util/function-values.js";
import { readsOfConst } from "./util/local-bindings.js";

/** parseFloat by the names the resolver gives it. */
const PARSE_FLOAT = new Set(["parseFloat", "Number.parseFloat"]);

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
      "not flagged: rounding keeps the order of parsed decimals.",
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
    const values = functionValueVisitors(
      context,
      new Set(["parseFloat"]),
      (name) => (PARSE_FLOAT.has(name) ? name : undefined),
      (node, shown) => context.report({ node, messageId: "parseFloatValue", data: { name: shown } }),
    );
    /** Whether the number at `site` is only compared, tested or truncated: uses the rounding of the text cannot change. */
    const isOnlyTested = (site: ts.Node): boolean => {
      const parent = site.parent;
      if (ts.isIfStatement(parent) || (ts.isConditionalExpression(parent) && parent.condition === site)) return true;
      if (ts.isPrefixUnaryExpression(parent)) return parent.operator === ts.SyntaxKind.ExclamationToken;
      if (ts.isBinaryExpression(parent)) return COMPARISONS.has(parent.operatorToken.kind);
      if (ts.isCallExpression(parent) && parent.expression !== site) {
        const callee = context.resolveName(parent.expression);
        return callee !== undefined && TESTS.has(callee);
      }
      return false;
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
        if (name !== undefined && PARSE_FLOAT.has(name) && isUsedAsNumber(node)) context.report({ node, messageId: "parseFloat", data: { name } });
      },
      ...values,
    };
  },
});
