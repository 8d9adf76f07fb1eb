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

/**
 * The sources among RANDOM_SOURCES that are cryptographically secure: code uses them for keys, tokens and
 * unguessable IDs, so the advice is never "use a seeded generator" but "inject a Random source" (secure in
 * production, seeded in tests). The uuid package draws every version's random bits from crypto.
 */
export const SECURE_RANDOM_SOURCES: ReadonlySet<string> = new Set([
  "crypto.randomUUID",
  "crypto.getRandomValues",
  "crypto#randomUUID",
  "crypto#getRandomValues",
  "crypto#randomBytes",
  "crypto#pseudoRandomBytes",
  "crypto#randomInt",
  "crypto#randomFill",
  "crypto#randomFillSync",
  "uuid#v1",
  "uuid#v4",
  "uuid#v6",
  "uuid#v7",
  "uuid/v1#",
  "uuid/v4#",
  "nanoid#nanoid",
  "nanoid#customAlphabet",
]);
