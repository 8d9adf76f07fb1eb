import { createRule } from "./create-rule.js";
import { functionValueVisitors, lastMemberNames } from "./function-values.js";

/**
 * Sources of randomness that cannot be seeded, by resolved name, with how a message should show them.
 * Module members are written `module#member`; a module whose default export is the function has an empty
 * member (`uuid/v4#`).
 */
export const RANDOM_SOURCES: ReadonlyMap<string, string> = new Map([
  ["Math.random", "Math.random()"],
  ["crypto.randomUUID", "crypto.randomUUID()"],
  ["crypto.getRandomValues", "crypto.getRandomValues()"],
  ["crypto#randomUUID", "crypto.randomUUID()"],
  ["crypto#getRandomValues", "crypto.getRandomValues()"],
  ["crypto#randomBytes", "crypto.randomBytes()"],
  ["crypto#pseudoRandomBytes", "crypto.pseudoRandomBytes()"],
  ["crypto#randomInt", "crypto.randomInt()"],
  ["crypto#randomFill", "crypto.randomFill()"],
  ["crypto#randomFillSync", "crypto.randomFillSync()"],
  ["uuid#v1", "uuid v1()"],
  ["uuid#v4", "uuid v4()"],
  ["uuid#v6", "uuid v6()"],
  ["uuid#v7", "uuid v7()"],
  ["uuid/v1#", "uuid v1()"],
  ["uuid/v4#", "uuid v4()"],
  ["nanoid#nanoid", "nanoid()"],
  ["nanoid#customAlphabet", "nanoid customAlphabet()"],
  ["nanoid/non-secure#nanoid", "nanoid()"],
  ["nanoid/non-secure#customAlphabet", "nanoid customAlphabet()"],
  ...["lodash", "lodash-es", "underscore"].flatMap((module) =>
    ["shuffle", "sample", "sampleSize", "random"].map((name): [string, string] => [`${module}#${name}`, `_.${name}()`]),
  ),
  ...["shuffle", "sample", "sampleSize", "random"].flatMap((name): [string, string][] => [
    [`lodash/${name}#`, `_.${name}()`],
    [`lodash-es/${name}#`, `_.${name}()`],
    [`lodash.${name.toLowerCase()}#`, `_.${name}()`],
  ]),
]);

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
        'import { seeded } from "detkit/random";',
        "",
        "export function pickWinner(entries: string[], seed: string) {",
        "  return seeded(seed).pick(entries);",
        "}",
        "",
      ].join("\n"),
    },
    replacement:
      "draw from a seeded generator from detkit/random (seeded(seed).next(), .int(), .pick(), .shuffle(), .uuid()) and record the seed",
    requiresTypes: false,
  },
  create(context) {
    const values = functionValueVisitors(
      context,
      RANDOM_FUNCTION_NAMES,
      (name) => RANDOM_SOURCES.get(name)?.slice(0, -"()".length),
      (node, shown) => context.report({ node, message: `${shown} passed as a value is unseeded randomness when it is called` }),
    );
    return {
      CallExpression(node) {
        const source = RANDOM_SOURCES.get(context.resolveName(node.expression) ?? "");
        if (source) context.report({ node, message: `${source} is unseeded randomness` });
      },
      ...values,
    };
  },
});
