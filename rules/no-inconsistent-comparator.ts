import type { ts } from "@ts-morph/common";
import { createRule } from "./util/create-rule.js";
import { referencesTo } from "./util/local-variables.js";
import { SORT_METHODS } from "./util/order-uses.js";

/** What a comparator's return expression can evaluate to, as far as its syntax shows. */
type Outcome = { readonly kind: "boolean" } | { readonly kind: "constant"; readonly value: number } | { readonly kind: "unknown" };

const BOOLEAN: Outcome = { kind: "boolean" };
const UNKNOWN: Outcome = { kind: "unknown" };
const ZERO: Outcome = { kind: "constant", value: 0 };

export default createRule({
  meta: {
    id: "no-inconsistent-comparator",
    category: "ordering",
    severity: "error",
    description:
      "A sort comparator that returns a boolean ((a, b) => a > b) or a constant (() => -1) instead of a negative, zero or positive number, or that never reads its second argument ((a) => a.pinned ? -1 : 1).",
    rationale:
      "Array.prototype.sort requires a consistent comparator: negative, zero or positive, with compare(a, b) and " +
      "compare(b, a) of opposite signs. A boolean is 1 or 0, never negative, so the sort sees most pairs as equal, " +
      "and a constant contradicts itself on every pair. The specification then leaves the " +
      "order to the implementation: it depends on the engine's sort algorithm, changed between V8 versions (insertion " +
      "and quick sort, then TimSort in V8 7.0), and differs between Node, browsers and Bun for the same input.",
    examples: {
      incorrect: ["export function byPrice(items: { price: number }[]) {", "  return items.sort((a, b) => a.price > b.price);", "}", ""].join("\n"),
      correct: [
        'import { compareNumbers } from "@detkit/runtime/collections";',
        "",
        "export function byPrice(items: { price: number }[]) {",
        "  return items.sort((a, b) => compareNumbers(a.price, b.price));",
        "}",
        "",
      ].join("\n"),
    },
    replacement:
      "return a negative number, zero or a positive number: compareNumbers or compareStrings from @detkit/runtime/collections, or sortBy(items, key) which builds a consistent comparator",
    requiresTypes: false,
    messages: {
      booleanResult: "this comparator returns a boolean, which {{method}}() reads as 1 or 0, never negative: the order is left to the engine",
      constantResult: "this comparator returns {{value}} whatever it compares: the order is left to the engine's sort algorithm",
      ignoresSecond: "this comparator never reads its second argument, so compare(a, b) and compare(b, a) can agree: the order is left to the engine's sort algorithm",
    },
  },
  create(context) {
    const { ts } = context;
    return {
      CallExpression(node) {
        const callee = node.expression;
        if (!ts.isPropertyAccessExpression(callee) || !SORT_METHODS.has(callee.name.text) || node.arguments.length !== 1) return;
        const argument = node.arguments[0]!;
        const comparator = context.functionOf(argument);
        if (!comparator?.body) return;
        const outcomes = returnOutcomes(ts, comparator);
        if (outcomes.length === 0) return;
        const method = callee.name.text;
        if (outcomes.some((outcome) => outcome.kind === "boolean")) {
          context.report({ node: argument, messageId: "booleanResult", data: { method } });
          return;
        }
        const constants = outcomes.flatMap((outcome) => (outcome.kind === "constant" ? [outcome.value] : []));
        const alwaysEqual = constants.length === outcomes.length && constants.every((value) => value === 0);
        if (!alwaysEqual && new Set(constants).size !== 1 && ignoresSecond(ts, comparator)) {
          // `(item) => item.internal ? -1 : 1`: two internal items each claim to come first.
          context.report({ node: argument, messageId: "ignoresSecond" });
          return;
        }
        if (constants.length !== outcomes.length || constants.includes(0) || constants.some(Number.isNaN)) return;
        // A comparator without a 0 (`a < b ? -1 : 1`) is only inconsistent on equal keys, which unique keys
        // (header names, ids) never have: it is not reported. A constant is inconsistent on every pair.
        if (new Set(constants).size === 1) {
          context.report({ node: argument, messageId: "constantResult", data: { value: constants[0]! } });
        }
      },
    };
  },
});

/**
 * Whether a comparator decides from its first argument alone: it declares one parameter, or a second that it
 * never reads. A destructured or rest parameter counts as read.
 */
function ignoresSecond(typescript: typeof ts, comparator: ts.FunctionLikeDeclaration): boolean {
  const [first, second] = comparator.parameters;
  if (!first || first.dotDotDotToken) return false;
  if (!second) return true;
  if (second.dotDotDotToken || !typescript.isIdentifier(second.name)) return false;
  return referencesTo(typescript, second.name).every((reference) => reference === second.name);
}

/**
 * What a function can return: its arrow expression body, or every `return` outside nested functions. `return;`
 * and falling off the end of a block give undefined, which sort reads as 0.
 */
function returnOutcomes(typescript: typeof ts, fn: ts.FunctionLikeDeclaration): Outcome[] {
  const body = fn.body;
  if (!body) return [];
  if (!typescript.isBlock(body)) return outcomesOf(typescript, body);
  const outcomes: Outcome[] = [];
  const stack: ts.Node[] = [body];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (typescript.isFunctionLike(node) || typescript.isClassLike(node)) continue;
    if (typescript.isReturnStatement(node)) {
      outcomes.push(...(node.expression ? outcomesOf(typescript, node.expression) : [ZERO]));
      continue;
    }
    node.forEachChild((child) => {
      stack.push(child);
    });
  }
  const last = body.statements[body.statements.length - 1];
  if (last === undefined || !(typescript.isReturnStatement(last) || typescript.isThrowStatement(last))) outcomes.push(ZERO);
  return outcomes;
}

function isComparison(typescript: typeof ts, operator: ts.SyntaxKind): boolean {
  const { SyntaxKind } = typescript;
  switch (operator) {
    case SyntaxKind.LessThanToken:
    case SyntaxKind.GreaterThanToken:
    case SyntaxKind.LessThanEqualsToken:
    case SyntaxKind.GreaterThanEqualsToken:
    case SyntaxKind.EqualsEqualsToken:
    case SyntaxKind.ExclamationEqualsToken:
    case SyntaxKind.EqualsEqualsEqualsToken:
    case SyntaxKind.ExclamationEqualsEqualsToken:
    case SyntaxKind.InstanceOfKeyword:
    case SyntaxKind.InKeyword:
      return true;
    default:
      return false;
  }
}

/** What one returned expression evaluates to: a list, because a conditional has two outcomes. */
function outcomesOf(typescript: typeof ts, expression: ts.Expression): Outcome[] {
  const { SyntaxKind } = typescript;
  if (typescript.isParenthesizedExpression(expression)) return outcomesOf(typescript, expression.expression);
  if (typescript.isConditionalExpression(expression)) {
    return [...outcomesOf(typescript, expression.whenTrue), ...outcomesOf(typescript, expression.whenFalse)];
  }
  if (expression.kind === SyntaxKind.TrueKeyword || expression.kind === SyntaxKind.FalseKeyword) return [BOOLEAN];
  if (typescript.isNumericLiteral(expression)) return [{ kind: "constant", value: Number(expression.text) }];
  if (typescript.isPrefixUnaryExpression(expression)) {
    if (expression.operator === SyntaxKind.ExclamationToken) return [BOOLEAN];
    if (typescript.isNumericLiteral(expression.operand)) {
      const value = Number(expression.operand.text);
      if (expression.operator === SyntaxKind.MinusToken) return [{ kind: "constant", value: -value }];
      if (expression.operator === SyntaxKind.PlusToken) return [{ kind: "constant", value }];
    }
    return [UNKNOWN];
  }
  if (typescript.isBinaryExpression(expression)) {
    const operator = expression.operatorToken.kind;
    if (isComparison(typescript, operator)) return [BOOLEAN];
    if (operator === SyntaxKind.AmpersandAmpersandToken || operator === SyntaxKind.BarBarToken) {
      // `a > b || …` is a boolean only if both sides are: `a.x - b.x || a.y - b.y` is the usual tie-break.
      const sides = [...outcomesOf(typescript, expression.left), ...outcomesOf(typescript, expression.right)];
      return sides.every((side) => side.kind === "boolean") ? [BOOLEAN] : [UNKNOWN];
    }
  }
  return [UNKNOWN];
}
