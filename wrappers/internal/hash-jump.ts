/**
 * Jump consistent hash, transcribed from the reference C++ in Lamping & Veach, "A Fast, Minimal Memory,
 * Consistent Hash Algorithm" (2014, arXiv:1406.2294), Figure 1:
 *
 *     int32_t JumpConsistentHash(uint64_t key, int32_t num_buckets) {
 *       int64_t b = -1, j = 0;
 *       while (j < num_buckets) {
 *         b = j;
 *         key = key * 2862933555777941757ULL + 1;
 *         j = (b + 1) * (double(1LL << 31) / double((key >> 33) + 1));
 *       }
 *       return b;
 *     }
 *
 * The 64-bit LCG step wraps modulo 2^64 as C's unsigned arithmetic does, here with BigInt. The jump itself is
 * IEEE-754 double arithmetic in both languages (`key >> 33` has 31 bits, so the conversion to double is exact), and
 * truncating a positive double toward zero is `Math.floor`, so results are bit-for-bit those of the C code.
 */

const LCG_MULTIPLIER = 2862933555777941757n;
const UINT64_MASK = 0xffff_ffff_ffff_ffffn;
const TWO_TO_THE_31 = 2 ** 31;

/** The bucket in [0, buckets) of a 64-bit key; `buckets` must be a positive safe integer (not checked here). */
export function jumpConsistentHash(key: bigint, buckets: number): number {
  let state = key & UINT64_MASK;
  let bucket = -1;
  let next = 0;
  while (next < buckets) {
    bucket = next;
    state = (state * LCG_MULTIPLIER + 1n) & UINT64_MASK;
    next = Math.floor((bucket + 1) * (TWO_TO_THE_31 / (Number(state >> 33n) + 1)));
  }
  return bucket;
}
