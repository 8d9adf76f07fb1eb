/**
 * Seeded randomness: the same seed gives the same numbers, choices, shuffles, bytes and UUIDs on every machine,
 * so a run that used randomness can be replayed. The generator is xoshiro128** 1.1; how seeds become its
 * state is described in internal/random-xoshiro.ts and in the docs, and is pinned by golden-vector tests.
 * For values that must be unguessable, `secureRandom()` offers the same methods over the system's secure
 * generator: code takes a `RandomSource` and is given a secure one in production and a seeded one in tests.
 */
import { randomBytes } from "node:crypto";
import { createRandom } from "./internal/random-core.js";
import type { Random, RandomState, Seed } from "./internal/random-core.js";
import type { RandomSource } from "./internal/random-core.js";
import { backingFromSeed, backingFromState } from "./internal/random-xoshiro.js";
import { SecureRandom } from "./internal/random-secure.js";

export type { Random, RandomSource, RandomState, Seed } from "./internal/random-core.js";

/**
 * A fresh seed from the operating system's entropy: 128 bits as 32 lowercase hex digits. This and the system
 * clock are the only places detkit reads real entropy or time.
 */
function entropySeed(): string {
  // detkit-disable-next-line no-unseeded-random -- the default seed source is where entropy enters by design; the seed is exposed as .seed so the run can be replayed
  return randomBytes(16).toString("hex");
}

/**
 * A pseudorandom generator seeded with `seed`. Without a seed, one is drawn from the operating system's
 * entropy (32 hex digits); it is available as `.seed`: log it, so that a failing run can be replayed with
 * `seeded(thatSeed)`.
 *
 * @param seed - a safe integer or a well-formed string; `seeded(42)` and `seeded("42")` are the same generator.
 * @throws RangeError for a number that is not a safe integer or a string with a lone surrogate; TypeError for
 *   anything else.
 *
 * @example
 * const random = seeded(process.env.SEED ?? 20240501);
 * const winner = random.pick(entrants);
 */
export function seeded(seed?: Seed): Random {
  return createRandom(backingFromSeed(seed === undefined ? entropySeed() : seed));
}

/**
 * A generator that continues exactly where the one that produced `state` was (see `Random.state()`).
 * `state` may have been through `JSON.stringify` and `JSON.parse`.
 *
 * @throws TypeError or RangeError naming the field of `state` that is malformed.
 *
 * @example
 * const saved = JSON.stringify(random.state());
 * // later, or in another process:
 * const resumed = restore(JSON.parse(saved));
 */
export function restore(state: RandomState): Random {
  return createRandom(backingFromState(state));
}

/**
 * A cryptographically secure random source with the methods of a seeded generator (`next`, `int`, `pick`,
 * `shuffle`, `bytes`, `uuid`, `fork`), drawn from the operating system's generator through Web Crypto
 * (`getRandomValues` of node:crypto). Use it for tokens, keys and IDs that must be unguessable; it has no seed
 * and no state, so its values cannot be replayed: inject it where code takes a `RandomSource`, and give that
 * code `seeded(seed)` in tests.
 *
 * @example
 * export function issueToken(random: RandomSource) {
 *   return Buffer.from(random.bytes(32)).toString("base64url");
 * }
 * issueToken(secureRandom());   // production
 * issueToken(seeded("test-1")); // tests: the same token on every run
 */
export function secureRandom(): RandomSource {
  return new SecureRandom();
}
