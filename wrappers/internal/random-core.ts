/**
 * The part of detkit/random that turns a stream of 32-bit words into numbers, choices, bytes and UUIDs.
 * It is kept apart from the generator so that detkit/testing can feed it recorded words: a replayed run then
 * goes through exactly the same derivations as the recorded one.
 */

/**
 * What a generator is seeded from. A number must be a safe integer; a string must be well-formed UTF-16
 * (no lone surrogates). A number seed and its decimal string give the same sequence: `seeded(42)` and
 * `seeded("42")` are the same generator, so a seed read from a command line or an environment variable
 * replays a run seeded in code.
 */
export type Seed = number | string;

/**
 * A snapshot of a generator, plain JSON: pass it (or `JSON.parse` of its text) to `restore` to continue the
 * identical sequence.
 */
export interface RandomState {
  /** The generator algorithm; `restore` refuses a state made by another one. */
  readonly algorithm: "xoshiro128**";
  /** The seed of the root generator this stream descends from. */
  readonly seed: Seed;
  /** The `fork` labels from the root generator to this stream, outermost first (empty for the root). */
  readonly path: readonly string[];
  /** The four 32-bit words of xoshiro128** state (`s[0]` to `s[3]` of the reference code), as unsigned integers. */
  readonly words: readonly [number, number, number, number];
}

/**
 * What code that draws random values needs, and what it should take as a parameter: both a seeded generator
 * (`seeded(seed)`, replayable, for tests and simulations) and `secureRandom()` (cryptographically secure, for
 * production values that must be unguessable) provide it.
 */
export interface RandomSource {
  /**
   * A float in [0, 1) with 53 random bits (every multiple of 2^-53 in the range is equally likely).
   * Consumes two 32-bit words.
   */
  next(): number;
  /**
   * An integer in [min, max], both included, every value equally likely (rejection sampling, no modulo bias).
   *
   * @throws RangeError when min or max is not a safe integer, min > max, or the range holds more than 2^53 values.
   */
  int(min: number, max: number): number;
  /**
   * One element of `items`, each index equally likely.
   *
   * @throws RangeError when `items` is empty.
   */
  pick<T>(items: readonly T[]): T;
  /** A new array with the elements of `items` in random order (Fisher–Yates); `items` itself is not changed. */
  shuffle<T>(items: readonly T[]): T[];
  /**
   * `n` random bytes. Each 32-bit word gives four bytes, lowest byte first; the unused bytes of the last word
   * are discarded, so `bytes(n)` consumes ceil(n / 4) words.
   *
   * @throws RangeError when `n` is not a non-negative safe integer.
   */
  bytes(n: number): Uint8Array;
  /**
   * A version 4 UUID in lowercase `8-4-4-4-12` form, with the version and variant bits set as RFC 9562 §5.4
   * requires. From a seeded generator it is not suitable where UUIDs must be unguessable: anyone with the seed
   * can compute them.
   */
  uuid(): string;
  /**
   * A source for the part of the program named `label`, independent of this one. A seeded generator derives it
   * from its seed (see `Random.fork`); a secure source returns another secure source.
   */
  fork(label: string): RandomSource;
}

/** A seeded pseudorandom generator: the same seed gives the same sequence on every machine and Node version. */
export interface Random extends RandomSource {
  /** The seed this generator's root was made from: log it, then pass it to `seeded` to replay the run. */
  readonly seed: Seed;
  /** The `fork` labels leading from the root generator to this one (empty for the root). */
  readonly path: readonly string[];
  /**
   * An independent generator for the part of the program named `label`. The child depends only on this
   * generator's seed, its path and `label`: forking neither reads nor advances this generator, so adding
   * draws in one part of a program does not change the numbers another part sees. Forking the same label
   * twice gives two generators with the same sequence: give each independent consumer its own label
   * (`fork(\`order:${order.id}\`)`).
   *
   * @throws RangeError when `label` is not well-formed UTF-16.
   */
  fork(label: string): Random;
  /** A JSON-serializable snapshot of the current position; `restore(state)` continues from it. */
  state(): RandomState;
}

/** Where a `Random` gets its words from: a live generator, a recorder wrapping one, or a replayed recording. */
export interface RandomBacking {
  readonly seed: Seed;
  readonly path: readonly string[];
  /** The next 32-bit word, as an unsigned integer. */
  nextWord(): number;
  fork(label: string): RandomBacking;
  state(): RandomState;
}

const TWO_POW_26 = 67108864;
const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;

const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * Checks that a string has a UTF-8 encoding. Seeds and labels are hashed as UTF-8, where every lone surrogate
 * would become U+FFFD and two different strings would give the same stream.
 */
export function assertWellFormed(text: string, what: string): void {
  if (LONE_SURROGATE.test(text)) {
    throw new RangeError(`${what} contains a lone surrogate, which has no UTF-8 encoding`);
  }
}

/** Reads `items[index]` for an index already known to be in bounds. */
function itemAt<T>(items: readonly T[], index: number): T {
  // The index is always below items.length here; T[] indexing cannot express that without a cast.
  return items[index] as T;
}

/**
 * Numbers, choices, bytes and UUIDs derived from a stream of 32-bit words, the same way whatever the words come
 * from: a seeded generator, a recording, or the operating system's secure generator.
 */
export abstract class WordDerivedSource implements RandomSource {
  /** The next 32-bit word, as an unsigned integer. */
  protected abstract nextWord(): number;

  abstract fork(label: string): RandomSource;

  next(): number {
    return this.#draw53() / TWO_POW_53;
  }

  int(min: number, max: number): number {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max)) {
      throw new RangeError(`int(min, max) needs safe integers, got min = ${String(min)}, max = ${String(max)}`);
    }
    if (min > max) {
      throw new RangeError(`int(min, max) needs min <= max, got min = ${min}, max = ${max}`);
    }
    // Any true difference of 2^53 or more rounds to at least 2^53, so this test is exact.
    if (max - min > Number.MAX_SAFE_INTEGER) {
      throw new RangeError(`int(min, max) covers at most 2^53 values, got min = ${min}, max = ${max}`);
    }
    const size = max - min + 1;
    return min + (size <= TWO_POW_32 ? this.#below32(size) : this.#below53(size));
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError("pick() needs a non-empty array");
    return itemAt(items, this.int(0, items.length - 1));
  }

  shuffle<T>(items: readonly T[]): T[] {
    const result = items.slice();
    // Durstenfeld's Fisher–Yates, from the last index down: the order of draws is part of the pinned sequence.
    for (let i = result.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const swapped = itemAt(result, j);
      result[j] = itemAt(result, i);
      result[i] = swapped;
    }
    return result;
  }

  bytes(n: number): Uint8Array {
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new RangeError(`bytes(n) needs a non-negative safe integer, got ${String(n)}`);
    }
    const result = new Uint8Array(n);
    for (let offset = 0; offset < n; offset += 4) {
      let word = this.nextWord();
      const end = Math.min(offset + 4, n);
      for (let i = offset; i < end; i++) {
        result[i] = word & 0xff;
        word >>>= 8;
      }
    }
    return result;
  }

  uuid(): string {
    const first = this.nextWord();
    // Octet 6's high nibble is the version (4); octet 8's two high bits are the variant (0b10): RFC 9562 §5.4.
    const second = ((this.nextWord() & 0xffff0fff) | 0x00004000) >>> 0;
    const third = ((this.nextWord() & 0x3fffffff) | 0x80000000) >>> 0;
    const fourth = this.nextWord();
    const hex = [first, second, third, fourth].map((word) => word.toString(16).padStart(8, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }


  /**
   * A uniform integer in [0, 2^53): 27 high bits of one word above 26 high bits of the next, as
   * genrand_res53 in the reference MT19937 code (mt19937ar.c) builds its doubles.
   */
  #draw53(): number {
    const high = this.nextWord() >>> 5;
    const low = this.nextWord() >>> 6;
    return high * TWO_POW_26 + low;
  }

  /**
   * A uniform integer in [0, size) for size <= 2^32. Words below 2^32 mod size are rejected, which leaves a
   * multiple of size equally likely words (OpenBSD's arc4random_uniform).
   */
  #below32(size: number): number {
    const threshold = TWO_POW_32 % size;
    let word = this.nextWord();
    while (word < threshold) word = this.nextWord();
    return word % size;
  }

  /** The same rejection over 53-bit draws, for 2^32 < size <= 2^53 (every operand is an exact double). */
  #below53(size: number): number {
    const threshold = TWO_POW_53 % size;
    let value = this.#draw53();
    while (value < threshold) value = this.#draw53();
    return value % size;
  }
}

class BackedRandom extends WordDerivedSource implements Random {
  readonly #backing: RandomBacking;

  constructor(backing: RandomBacking) {
    super();
    this.#backing = backing;
  }

  get seed(): Seed {
    return this.#backing.seed;
  }

  get path(): readonly string[] {
    return this.#backing.path;
  }

  protected nextWord(): number {
    return this.#backing.nextWord();
  }

  fork(label: string): Random {
    if (typeof label !== "string") throw new TypeError(`fork(label) needs a string, got ${typeof label}`);
    assertWellFormed(label, "fork label");
    return new BackedRandom(this.#backing.fork(label));
  }

  state(): RandomState {
    return this.#backing.state();
  }
}

/** Builds the public generator over a source of words. */
export function createRandom(backing: RandomBacking): Random {
  return new BackedRandom(backing);
}
