import { createRule } from "./util/create-rule.js";
import { functionValueVisitors, lastMemberNames } from "./util/function-values.js";
import { RANDOM_SOURCES, SECURE_RANDOM_SOURCES } from "./util/random-sources.js";

const RANDOM_FUNCTION_NAMES = lastMemberNames(RANDOM_SOURCES.keys());

const SEEDED_SUGGESTION =
  "draw from a seeded generator from @detkit/runtime/random (seeded(seed).next(), .int(), .pick(), .shuffle(), .uuid()) and record the seed";

const SECURE_SUGGESTION =
  "inject a RandomSource from @detkit/runtime/random: secureRandom() in production (cryptographically secure, node:crypto), seeded(seed) in tests; keep values that must be unguessable off seeded generators";

export default createRule({
  meta: {
    id: "no-unseeded-random",
    category: "random",
    severity: "error",
    description: "Unseeded randomness: Math.random(), crypto random values and UUIDs, uuid v1/v4, nanoid, lodash shuffle/sample.",
    rationale:
      "Values drawn from an unseeded source differ on every run, so a result that depends on them (an ID, a " +
      "sample, a shuffled order, a jitter) cannot be reproduced or replayed, and a failing test cannot be rerun " +
      "with the same inputs. Hashing (createHash) is deterministic and not flagged. Randomness used for security " +
      "(crypto random bytes and UUIDs, nanoid, uuid) must stay unguessable, so it is never replaced by a seeded " +
      "generator: it is injected, a secure source in production and a seeded one in tests.",
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
    replacement: `${SEEDED_SUGGESTION}; for security-sensitive randomness inject a RandomSource: secureRandom() in production, seeded(seed) in tests`,
    requiresTypes: false,
    messages: {
      unseeded: "{{source}} is unseeded randomness",
      unseededValue: "{{source}} passed as a value is unseeded randomness when it is called",
      secureRandom: "{{source}} draws secure random values that no run can reproduce",
      secureRandomValue: "{{source}} passed as a value draws secure random values when it is called",
    },
  },
  create(context) {
    const values = functionValueVisitors(
      context,
      RANDOM_FUNCTION_NAMES,
      (name) => RANDOM_SOURCES.get(name)?.slice(0, -"()".length),
      (node, shown, name) =>
        SECURE_RANDOM_SOURCES.has(name)
          ? context.report({ node, messageId: "secureRandomValue", data: { source: shown }, suggestion: SECURE_SUGGESTION })
          : context.report({ node, messageId: "unseededValue", data: { source: shown }, suggestion: SEEDED_SUGGESTION }),
    );
    return {
      CallExpression(node) {
        const name = context.resolveNames(node.expression).find((candidate) => RANDOM_SOURCES.has(candidate));
        const source = name === undefined ? undefined : RANDOM_SOURCES.get(name);
        if (name === undefined || source === undefined) return;
        if (SECURE_RANDOM_SOURCES.has(name)) {
          context.report({ node, messageId: "secureRandom", data: { source }, suggestion: SECURE_SUGGESTION });
        } else {
          context.report({ node, messageId: "unseeded", data: { source }, suggestion: SEEDED_SUGGESTION });
        }
      },
      ...values,
    };
  },
});
