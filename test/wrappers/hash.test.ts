import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { partition, stableHash } from "../../wrappers/hash.js";
import { jumpConsistentHash } from "../../wrappers/internal/hash-jump.js";
import { CanonicalizeError, hash } from "../../wrappers/json.js";

describe("stableHash", () => {
  it("is the SHA-256 hex of the canonical form, the same as detkit/json's hash", () => {
    // Pinned: a change here would change every hash anyone has stored.
    expect(stableHash({ b: [1, "x"], a: null })).toBe("c22cb7b0353770e2b38094af641143ebf008ddf2d1f2dedb9d875996fcf245fa");
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(stableHash(value)).toBe(hash(value));
        expect(stableHash(value)).toMatch(/^[0-9a-f]{64}$/);
      }),
      { numRuns: 100 },
    );
  });

  it("ignores property order and refuses what is not JSON data", () => {
    expect(stableHash({ a: 1, b: 2 })).toBe(stableHash({ b: 2, a: 1 }));
    expect(stableHash([1, 2])).not.toBe(stableHash([2, 1]));
    expect(() => stableHash({ id: 1n })).toThrow(CanonicalizeError);
    expect(stableHash({ id: 1n }, { bigint: "string" })).toBe(stableHash({ id: "1" }));
  });
});

describe("jumpConsistentHash matches the reference C++ of Lamping & Veach (2014)", () => {
  // Rows printed by the paper's function compiled with g++ (uint64 key, int32 buckets); the first four are also
  // the test vectors of widely used ports.
  const reference: readonly [bigint, number, number][] = [
    [1n, 1, 0],
    [42n, 57, 43],
    [0xdead10ccn, 666, 361],
    [256n, 1024, 520],
    [18446744073709551615n, 1000, 313],
    [3236661110929538048n, 7, 3],
    [3236661110929538048n, 10, 8],
    [3236661110929538048n, 100, 20],
    [3236661110929538048n, 1000, 172],
    [3236661110929538048n, 65536, 32540],
    [3236661110929538048n, 1000000, 311782],
    [3236661110929538048n, 2147483647, 1380193998],
    [13874242924856430032n, 7, 4],
    [13874242924856430032n, 10, 4],
    [13874242924856430032n, 100, 39],
    [13874242924856430032n, 1000, 134],
    [13874242924856430032n, 65536, 16453],
    [13874242924856430032n, 1000000, 833100],
    [13874242924856430032n, 2147483647, 290825252],
  ];

  it.each(reference)("key %s, %i buckets → %i", (key, buckets, expected) => {
    expect(jumpConsistentHash(key, buckets)).toBe(expected);
  });
});

describe("partition", () => {
  // Pinned results: every platform and every future release must give exactly these.
  const BUCKETS = [1, 2, 3, 10, 100, 1000, 65536, 2147483647, 9007199254740991] as const;
  const golden: readonly [unknown, readonly number[]][] = [
    ["", [0, 0, 2, 4, 50, 391, 21411, 2006291839, 8909473928162027]],
    ["a", [0, 0, 2, 8, 31, 407, 47186, 712076570, 219526028378335]],
    ["user-1", [0, 0, 2, 9, 86, 458, 59811, 1417081010, 937157215508086]],
    ["user-2", [0, 0, 2, 2, 70, 351, 60746, 2079283646, 5503722958391651]],
    ["order:42", [0, 0, 2, 9, 67, 624, 27056, 557493149, 177994036359653]],
    ["東京", [0, 0, 2, 9, 36, 151, 47979, 492300026, 1762945663573022]],
    ["😀", [0, 0, 0, 0, 30, 557, 25882, 820500555, 8966927306233741]],
    [0, [0, 0, 2, 3, 67, 701, 41485, 1522499941, 8873274385188404]],
    [42, [0, 0, 0, 8, 12, 630, 53489, 1186016558, 5816295610233546]],
    [-1, [0, 0, 0, 8, 48, 829, 51120, 1669947223, 2756940129672604]],
    [1.5, [0, 1, 1, 5, 66, 354, 63094, 2067771662, 83170420455119]],
    [true, [0, 0, 0, 4, 90, 567, 42116, 712004635, 5990370474349033]],
    [null, [0, 1, 1, 7, 97, 483, 23207, 1758324022, 197582139175687]],
    [["a"], [0, 1, 1, 6, 82, 204, 4638, 379853858, 738369341015407]],
    [{ id: 7, region: "eu" }, [0, 0, 0, 3, 46, 167, 8931, 334131179, 4776521081776978]],
    [{ region: "eu", id: 7 }, [0, 0, 0, 3, 46, 167, 8931, 334131179, 4776521081776978]],
  ];

  it.each(golden)("%j lands in its pinned buckets", (key, expected) => {
    expect(BUCKETS.map((buckets) => partition(key, buckets))).toEqual(expected);
  });

  it("returns a bucket in range", () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 1_000_000 }), (key, buckets) => {
        const bucket = partition(key, buckets);
        expect(Number.isInteger(bucket) && bucket >= 0 && bucket < buckets).toBe(true);
      }),
    );
  });

  it("moves about 1/(n+1) of the keys from n to n+1 buckets, all of them into the new bucket", () => {
    const keys = Array.from({ length: 10_000 }, (_, index) => `customer-${index}`);
    for (const n of [1, 5, 10, 37]) {
      let moved = 0;
      for (const key of keys) {
        const before = partition(key, n);
        const after = partition(key, n + 1);
        if (after !== before) {
          moved++;
          expect(after).toBe(n);
        }
      }
      // Binomial(10,000, 1/(n+1)): the standard deviation is at most 50 keys; allow about five of them.
      expect(Math.abs(moved - keys.length / (n + 1))).toBeLessThan(250);
    }
  });

  it("spreads keys evenly", () => {
    const counts = new Array<number>(10).fill(0);
    for (let index = 0; index < 10_000; index++) {
      const bucket = partition(`item-${index}`, 10);
      counts[bucket] = (counts[bucket] ?? 0) + 1;
    }
    for (const count of counts) expect(Math.abs(count - 1000)).toBeLessThan(150);
  });

  it.each([
    [0, RangeError],
    [-1, RangeError],
    [1.5, RangeError],
    [Number.NaN, RangeError],
    [Number.POSITIVE_INFINITY, RangeError],
    [2 ** 53, RangeError],
    ["3", TypeError],
    [3n, TypeError],
  ])("refuses %s buckets", (buckets, kind) => {
    expect(() => Reflect.apply(partition, undefined, ["key", buckets])).toThrow(kind);
    expect(() => Reflect.apply(partition, undefined, ["key", buckets])).toThrow(/positive safe integer|must be a number/);
  });

  it("refuses keys that are not JSON data", () => {
    expect(() => partition({ at: Number.NaN }, 3)).toThrow(CanonicalizeError);
  });
});
