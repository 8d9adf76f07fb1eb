/**
 * The generator behind detkit/random: xoshiro128** 1.1 (Blackman and Vigna, https://prng.di.unimi.it/,
 * reference code xoshiro128starstar.c), 128 bits of state, 32-bit outputs with no weak low bits. Its state
 * fits a four-number JSON array, which is what makes `state()` a plain snapshot.
 *
 * Seeding: a stream is identified by its root seed and its fork path. Its 256-bit key is
 *   key(root) = SHA-256("detkit/random/seed" 0x00 UTF-8(String(seed)))
 *   key(child) = SHA-256("detkit/random/fork" 0x00 key(parent) UTF-8(label))
 * (the parent key is fixed-length, so the concatenation is unambiguous), and the first 16 bytes of the key,
 * read as four little-endian 32-bit words, are s[0] to s[3]. A hash rather than the seed's bits keeps nearby
 * seeds (1, 2, 3) and nearby labels from giving related streams.
 */
import { createHash } from "node:crypto";
import { assertWellFormed } from "./random-core.js";
import type { RandomBacking, RandomState, Seed } from "./random-core.js";

const ALGORITHM = "xoshiro128**";
const SEED_DOMAIN = Buffer.from("detkit/random/seed\u0000", "utf8");
const FORK_DOMAIN = Buffer.from("detkit/random/fork\u0000", "utf8");

/** Rejects what cannot be a seed, with the reason. */
export function assertSeed(seed: unknown): asserts seed is Seed {
  if (typeof seed === "number") {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`a numeric seed must be a safe integer, got ${seed}`);
    return;
  }
  if (typeof seed === "string") {
    assertWellFormed(seed, "the seed");
    return;
  }
  throw new TypeError(`a seed must be a safe integer or a string, got ${seed === null ? "null" : typeof seed}`);
}

function rootKey(seed: Seed): Buffer {
  return createHash("sha256").update(SEED_DOMAIN).update(String(seed), "utf8").digest();
}

function childKey(parent: Buffer, label: string): Buffer {
  return createHash("sha256").update(FORK_DOMAIN).update(parent).update(label, "utf8").digest();
}

function keyOf(seed: Seed, path: readonly string[]): Buffer {
  let key = rootKey(seed);
  for (const label of path) key = childKey(key, label);
  return key;
}

class XoshiroBacking implements RandomBacking {
  readonly seed: Seed;
  readonly path: readonly string[];
  readonly #key: Buffer;
  // Held as int32 (what the bitwise operators produce); state() converts to unsigned.
  #s0: number;
  #s1: number;
  #s2: number;
  #s3: number;

  constructor(seed: Seed, path: readonly string[], key: Buffer, words: readonly [number, number, number, number]) {
    this.seed = seed;
    this.path = Object.freeze(path.slice());
    this.#key = key;
    [this.#s0, this.#s1, this.#s2, this.#s3] = words;
  }

  nextWord(): number {
    const s1 = this.#s1;
    const result = Math.imul(rotateLeft(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.#s2 ^= this.#s0;
    this.#s3 ^= s1;
    this.#s1 = s1 ^ this.#s2;
    this.#s0 ^= this.#s3;
    this.#s2 ^= t;
    this.#s3 = rotateLeft(this.#s3, 11);
    return result;
  }

  fork(label: string): RandomBacking {
    const key = childKey(this.#key, label);
    return new XoshiroBacking(this.seed, [...this.path, label], key, wordsOfKey(key));
  }

  state(): RandomState {
    return {
      algorithm: ALGORITHM,
      seed: this.seed,
      path: this.path.slice(),
      words: [this.#s0 >>> 0, this.#s1 >>> 0, this.#s2 >>> 0, this.#s3 >>> 0],
    };
  }
}

function rotateLeft(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

function wordsOfKey(key: Buffer): [number, number, number, number] {
  // A 128-bit all-zero prefix (the one state xoshiro cannot leave) has probability 2^-128; it is not handled.
  return [key.readUInt32LE(0), key.readUInt32LE(4), key.readUInt32LE(8), key.readUInt32LE(12)];
}

/** The root stream of `seed`, at its first word. */
export function backingFromSeed(seed: Seed): RandomBacking {
  assertSeed(seed);
  const key = rootKey(seed);
  return new XoshiroBacking(seed, [], key, wordsOfKey(key));
}

function isUint32(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 0xffffffff;
}

/** Validates a snapshot from `state()` (possibly read back from JSON) and positions a stream at it. */
export function backingFromState(state: unknown): RandomBacking {
  if (typeof state !== "object" || state === null) {
    throw new TypeError(`restore(state) needs the object returned by state(), got ${state === null ? "null" : typeof state}`);
  }
  if (!("algorithm" in state) || state.algorithm !== ALGORITHM) {
    throw new TypeError(`restore(state) needs state.algorithm "${ALGORITHM}"`);
  }
  if (!("seed" in state)) throw new TypeError("restore(state) needs state.seed");
  const seed = state.seed;
  assertSeed(seed);
  const path = "path" in state ? state.path : undefined;
  if (!Array.isArray(path) || !path.every((label): label is string => typeof label === "string")) {
    throw new TypeError("restore(state) needs state.path, an array of fork labels (strings)");
  }
  for (const label of path) assertWellFormed(label, "a fork label in state.path");
  const words = "words" in state ? state.words : undefined;
  if (!Array.isArray(words) || words.length !== 4) {
    throw new TypeError("restore(state) needs state.words, four unsigned 32-bit integers");
  }
  const [s0, s1, s2, s3]: unknown[] = words;
  if (!isUint32(s0) || !isUint32(s1) || !isUint32(s2) || !isUint32(s3)) {
    throw new TypeError("restore(state) needs state.words, four unsigned 32-bit integers");
  }
  if ((s0 | s1 | s2 | s3) === 0) {
    throw new RangeError("restore(state): state.words are all zero, a state xoshiro128** never reaches");
  }
  return new XoshiroBacking(seed, path, keyOf(seed, path), [s0, s1, s2, s3]);
}
