import { createRule } from "./util/create-rule.js";
import { functionValueVisitors, lastMemberNames } from "./util/function-values.js";
import { RANDOM_SOURCES } from "./util/random-sources.js";

const RANDOM_FUNCTION_NAMES = lastMemberNames(RANDOM_SOURCES.keys());

export default createRule({
  meta: {
    id: "no-unseeded-random",
    category: "random",
    severity: "error",
    description: "Unseeded randomness: Math.random(), crypto random values and UUIDs, uuid v1/v4, nanoid, lodash shuffle/sample.",
    rationale:
      "Values drawn from an unseeded source differ on every run, so a result that depends on them (an ID, a " +
      "sample, a shuffled order, a jitter) cannot be reproduced or replayed, and a failing test cannot be rerun " +
      "with the same inputs. Hashing (createHash) is deterministic and not flagged.",
    examples: {
      incorrect: [
        "export function pickWinner(entries: string[]) {",
        "  return entries[Math.floor(Math.random() * entries.length)];",
        "}",
        "",
      ].join("\n"),
      correct: [
        'import { seeded } from "@detkit/runtime/random";',
        "",
        "export function pickWinner(entries: string[], seed: string) {",
        "  return seeded(seed).pick(entries);",
        "}",
        "",
      ].join("\n"),
    },
    replacement:
      "draw from a seeded generator from @detkit/runtime/random (seeded(seed).next(), .int(), .pick(), .shuffle(), .uuid()) and record the seed",
    requiresTypes: false,
    messages: {
      unseeded: "{{source}} is unseeded randomness",
      unseededValue: "{{source}} passed as a value is unseeded randomness when it is called",
    },
  },
  create(context) {
    const values = functionValueVisitors(
      context,
      RANDOM_FUNCTION_NAMES,
      (name) => RANDOM_SOURCES.get(name)?.slice(0, -"()".length),
      (node, shown) => context.report({ node, messageId: "unseededValue", data: { source: shown } }),
    );
    return {
      CallExpression(node) {
        const source = RANDOM_SOURCES.get(context.resolveName(node.expression) ?? "");
        if (source) context.report({ node, messageId: "unseeded", data: { source } });
      },
      ...values,
    };
  },
});
