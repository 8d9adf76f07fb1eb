import { createHash } from "node:crypto";
import { canonicalize, hash } from "./json.js";
import type { CanonicalizeOptions } from "./json.js";
import { jumpConsistentHash } from "./internal/hash-jump.js";

/**
 * A hash of a JSON value that is the same in every process, on every platform and across releases: the SHA-256 of
 * the UTF-8 bytes of its RFC 8785 canonical form, as 64 lowercase hex digits. Property order does not matter
 * (`{a: 1, b: 2}` and `{b: 2, a: 1}` hash alike). It is the same function as `hash` from `detkit/json`.
 *
 * @throws CanonicalizeError (from `detkit/json`) for values that are not JSON data
 */
export function stableHash(value: unknown, options?: CanonicalizeOptions): string {
  return hash(value, options);
}

/**
 * The 64-bit integer a key is placed by: the first 8 bytes, big-endian, of the SHA-256 of its canonical form.
 * SHA-256 spreads any keys uniformly, which jump consistent hashing assumes of its input.
 */
function key64(key: unknown): bigint {
  return createHash("sha256").update(canonicalize(key), "utf8").digest().readBigUInt64BE(0);
}

/**
 * The bucket, in `0 … buckets − 1`, that a key belongs to, by jump consistent hashing (Lamping & Veach 2014) of
 * the key's 64-bit hash (first 8 bytes, big-endian, of SHA-256 over its RFC 8785 canonical form; so `"a"` and
 * `["a"]` are different keys, and key objects are compared by content, not property order).
 *
 * Consistent: growing from n to n + 1 buckets moves about 1/(n + 1) of the keys, all of them into the new bucket;
 * nothing moves between old buckets. Identical on every platform: integer arithmetic is exact (BigInt) and the one
 * floating-point step is IEEE-754, as in the paper's reference code.
 *
 * @param key any JSON value (usually a string or number id)
 * @param buckets how many buckets; a positive safe integer
 * @throws TypeError / RangeError for `buckets` that is not a positive safe integer
 * @throws CanonicalizeError for a key that is not JSON data
 */
export function partition(key: unknown, buckets: number): number {
  if (typeof buckets !== "number") {
    throw new TypeError(`partition: buckets must be a number, got a value of type ${typeof buckets}`);
  }
  if (!Number.isSafeInteger(buckets) || buckets < 1) {
    throw new RangeError(`partition: buckets must be a positive safe integer (1 … 2^53 − 1), got ${buckets}`);
  }
  return jumpConsistentHash(key64(key), buckets);
}
