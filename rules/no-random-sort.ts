import type { ts } from "@ts-morph/common";
import { createRule } from "./util/create-rule.js";
import { RANDOM_SOURCES } from "./util/random-sources.js";

/** Methods and functions that order items by a callback: the array methods and lodash's sortBy/orderBy. */
const SORTING_METHODS = new Set(["sort", "toSorted", "sortBy", "orderBy"]);

export default createRule({
  meta: {
    id: "no-random-sort",
    category: "random",
    severity: "error",
    description: "A sort whose comparator (or sort key) uses randomness, e.g. items.sort(() => Math.random() - 0.5).",
    rationale:
      "Sorting with a random comparator is a common way to shuffle, and a bad one: the order changes on every run " +
      "and is not even uniformly distributed, because sort algorithms assume a consistent comparator. The result " +
      "depends on the engine's sort implementation as well as on the random values.",
    examples: {
      incorrect: [
        "export function shuffleDeck(cards: string[]) {",
        "  return [...cards].sort(() => Math.random() - 0.5);",
        "}",
        "",
      ].join("\n"),
      correct: [
        'import { seeded } from "@detkit/runtime/random";',
        "",
        "export function shuffleDeck(cards: string[], seed: number) {",
        "  return seeded(seed).shuffle(cards);",
        "}",
        "",
      ].join("\n"),
    },
    replacement: "shuffle with a seeded generator from @detkit/runtime/random: seeded(seed).shuffle(items) (Fisher–Yates, returns a new array)",
    requiresTypes: false,
    messages: {
      randomComparator: "{{method}}() orders by {{source}}, which changes on every run and is biased",
    },
  },
  create(context) {
    const { ts } = context;
    const sortingMethodName = (callee: ts.Expression): string | undefined => {
      if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.name)) return callee.name.text;
      if (ts.isIdentifier(callee)) return callee.text;
      return undefined;
    };
    const randomCallIn = (fn: ts.FunctionLikeDeclaration): string | undefined => {
      if (!fn.body) return undefined;
      const stack: ts.Node[] = [fn.body];
      for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
        if (ts.isCallExpression(node)) {
          const name = context.resolveNames(node.expression).find((candidate) => RANDOM_SOURCES.has(candidate));
          if (name !== undefined) return RANDOM_SOURCES.get(name);
        }
        node.forEachChild((child) => {
          stack.push(child);
        });
      }
      return undefined;
    };
    return {
      CallExpression(node) {
        const method = sortingMethodName(node.expression);
        if (method === undefined || !SORTING_METHODS.has(method)) return;
        for (const argument of node.arguments) {
          const comparator = context.functionOf(argument);
          const source = comparator && randomCallIn(comparator);
          if (source) {
            // On the method's name, not the start of the chain: `rows\n  .filter(…)\n  .sort(random)` is reported on
            // the line of `.sort`, where a suppression comment for it belongs.
            const at = ts.isPropertyAccessExpression(node.expression) ? node.expression.name : node;
            context.report({ node: at, messageId: "randomComparator", data: { method, source } });
            return;
          }
        }
      },
    };
  },
});
