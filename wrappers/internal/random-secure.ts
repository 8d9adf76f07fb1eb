/**
 * The secure random source of detkit/random: the same derivations as the seeded generator (random-core.ts)
 * over words from the operating system's cryptographically secure generator, through the Web Crypto API that
 * node:crypto provides.
 */
import { webcrypto } from "node:crypto";
import { WordDerivedSource } from "./random-core.js";
import type { RandomSource } from "./random-core.js";

/** Words fetched per call to the system generator: one call serves a UUID or a shuffle of a few hundred items. */
const POOL_WORDS = 256;

/** getRandomValues fills at most 65,536 bytes per call (Web Crypto's QuotaExceededError limit). */
const MAX_FILL_BYTES = 65536;

function fill(array: Uint8Array | Uint32Array): void {
  // detkit-disable-next-line no-unseeded-random -- the secure source is where the system's entropy enters by design
  webcrypto.getRandomValues(array);
}

export class SecureRandom extends WordDerivedSource {
  readonly #pool = new Uint32Array(POOL_WORDS);
  #index = POOL_WORDS;

  protected nextWord(): number {
    if (this.#index === POOL_WORDS) {
      fill(this.#pool);
      this.#index = 0;
    }
    const word = this.#pool[this.#index++];
    if (word === undefined) throw new Error("secure random pool index out of range");
    return word;
  }

  /** Straight from the system generator, without going through words. */
  override bytes(n: number): Uint8Array {
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new RangeError(`bytes(n) needs a non-negative safe integer, got ${String(n)}`);
    }
    const result = new Uint8Array(n);
    for (let offset = 0; offset < n; offset += MAX_FILL_BYTES) {
      fill(result.subarray(offset, Math.min(offset + MAX_FILL_BYTES, n)));
    }
    return result;
  }

  /** Another secure source: the system generator's streams are independent whatever the label. */
  fork(label: string): RandomSource {
    if (typeof label !== "string") throw new TypeError(`fork(label) needs a string, got ${typeof label}`);
    return new SecureRandom();
  }
}
