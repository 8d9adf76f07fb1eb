import type { ts } from "@ts-morph/common";
import { createRule } from "./util/create-rule.js";
import { numericLiteralValue } from "./util/expressions.js";
import { SORT_METHODS } from "./util/order-uses.js";
import type { SourceRuleContext } from "./util/types.js";
import { isArrayOrTuple } from "./util/value-types.js";

export default createRule({
  meta: {
    id: "no-default-numeric-sort",
    category: "ordering",
    severity: "warning",
    description: "sort() or toSorted() without a comparator on an array of numbers or bigints, which orders them as strings.",
    rationale:
      "Without a comparator, sort converts every element to a string and orders the strings: [10, 9, 1] becomes " +
      "[1, 10, 9] and [-1, -2] stays [-1, -2]. The result is the same on every machine, but it is not numeric order, " +
      "and it changes shape with the data: tests with one-digit values pass while values that cross a power of ten " +
      "or change sign come out in another order. Arrays of strings sort deterministically by code unit and are not " +
      "reported; typed arrays sort numerically and are not reported either, nor are numbers whose every possible " +
      "value the program spells out (literal lists, unions of literals, numeric enums) and whose text order is " +
      "their numeric order: 0 to 9 (firebase-tools' five-member FrameworkType enum).",
    examples: {
      incorrect: ["export function medianOf(samples: number[]): number {", "  const sorted = [...samples].sort();", "  return sorted[sorted.length >> 1]!;", "}", ""].join("\n"),
      correct: [
        'import { compareNumbers } from "@detkit/runtime/collections";',
        "",
        "export function medianOf(samples: number[]): number {",
        "  const sorted = [...samples].sort(compareNumbers);",
        "  return sorted[sorted.length >> 1]!;",
        "}",
        "",
      ].join("\n"),
    },
    replacement: "pass a numeric comparator: compareNumbers from @detkit/runtime/collections (a total order, NaN and -0 included), or (a, b) => a - b for finite numbers",
    requiresTypes: true,
    messages: {
      stringOrder: "{{method}}() without a comparator orders {{elements}} as strings ([10, 9, 1] becomes [1, 10, 9])",
    },
  },
  create(context) {
    const { ts } = context;
    return {
      CallExpression(node) {
        const callee = node.expression;
        if (!ts.isPropertyAccessExpression(callee) || !SORT_METHODS.has(callee.name.text) || node.arguments.length > 0) return;
        const elements = numericElements(context, callee.expression);
        if (elements) context.report({ node, messageId: "stringOrder", data: { method: callee.name.text, elements } });
      },
    };
  },
});

/** "numbers" or "bigints" when the receiver is an array (or tuple) of them, by syntax or else by type. */
function numericElements(context: SourceRuleContext, receiver: ts.Expression): string | undefined {
  const typescript = context.ts;
  let node = receiver;
  while (typescript.isParenthesizedExpression(node)) node = node.expression;
  if (typescript.isArrayLiteralExpression(node)) {
    // The syntax decides only for literal lists; spreads and names need the checker.
    if (node.elements.length > 0 && node.elements.every((element) => typescript.isNumericLiteral(element) || isNegativeNumber(typescript, element))) {
      return textOrderIsNumericOrder(node.elements.map((element) => numericLiteralValue(typescript, element) ?? Number.NaN)) ? undefined : "numbers";
    }
    if (node.elements.every((element) => typescript.isStringLiteralLike(element))) return undefined;
  }
  if (typescript.isStringLiteralLike(node) || typescript.isObjectLiteralExpression(node)) return undefined;
  const checker = context.getTypeChecker();
  const type = checker.getNonNullableType(checker.getTypeAtLocation(node));
  if (!isArrayOrTuple(checker, type)) return undefined;
  const elementTypes = checker.getTypeArguments(type);
  if (elementTypes.length === 0) return undefined;
  const { TypeFlags } = typescript;
  const parts = elementTypes.flatMap((element) => (element.isUnion() ? element.types : [element]));
  if (parts.every((part) => part.isNumberLiteral()) && textOrderIsNumericOrder(parts.map((part) => (part as ts.NumberLiteralType).value))) {
    return undefined;
  }
  const kinds = new Set(
    parts.map((part) => {
      if (part.flags & TypeFlags.NumberLike) return "numbers";
      if (part.flags & TypeFlags.BigIntLike) return "bigints";
      return "other";
    }),
  );
  if (kinds.size !== 1 || kinds.has("other")) return undefined;
  return [...kinds][0];
}

/**
 * Whether sorting these values as text gives their numeric order: the text of each, taken in numeric order,
 * never decreases by code unit (0 to 9 do; 2 and 10 do not, "10" < "2").
 */
function textOrderIsNumericOrder(values: readonly number[]): boolean {
  if (values.some((value) => Number.isNaN(value))) return false;
  const texts = [...new Set(values)].sort((a, b) => a - b).map(String);
  return texts.every((text, index) => index === 0 || (texts[index - 1] as string) < text);
}

function isNegativeNumber(typescript: typeof ts, node: ts.Expression): boolean {
  return typescript.isPrefixUnaryExpression(node) && node.operator === typescript.SyntaxKind.MinusToken && typescript.isNumericLiteral(node.operand);
}

