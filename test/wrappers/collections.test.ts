import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  compareNumbers,
  compareStrings,
  groupBy,
  readdirSorted,
  readdirSortedSync,
  sortBy,
  sortedEntries,
  sortedKeys,
} from "../../wrappers/collections.js";
import type { SortKey } from "../../wrappers/collections.js";
import { seeded } from "../../wrappers/random.js";

/** Object.is, element by element: toEqual would not tell -0 from +0. */
function sameValues(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((value, i) => Object.is(value, b[i]));
}

describe("compareStrings", () => {
  it("orders by UTF-16 code units, not by locale", () => {
    const words = ["b", "a", "B", "é", "z", "Z", "\u{1F600}", "\uFFFD", "", "aa"];
    expect(words.slice().sort(compareStrings)).toEqual(["", "B", "Z", "a", "aa", "b", "z", "é", "\u{1F600}", "\uFFFD"]);
  });

  it("is zero only for equal strings", () => {
    expect(compareStrings("a", "a")).toBe(0);
    expect(compareStrings("a", "b")).toBe(-1);
    expect(compareStrings("b", "a")).toBe(1);
  });
});

describe("compareNumbers", () => {
  it("orders -Infinity, negatives, -0, +0, positives, Infinity, NaN", () => {
    const input = [Number.NaN, 1, 0, Number.POSITIVE_INFINITY, -0, -1, Number.NEGATIVE_INFINITY, 0.5, -0.5];
    expect(
      sameValues(input.slice().sort(compareNumbers), [
        Number.NEGATIVE_INFINITY,
        -1,
        -0.5,
        -0,
        0,
        0.5,
        1,
        Number.POSITIVE_INFINITY,
        Number.NaN,
      ]),
    ).toBe(true);
  });

  it("is a total order: antisymmetric, and zero only for the same value", () => {
    const anyNumber = fc.oneof(fc.double(), fc.constantFrom(-0, 0, Number.NaN));
    fc.assert(
      fc.property(anyNumber, anyNumber, (a, b) => {
        expect(Math.sign(compareNumbers(a, b))).toBe(-Math.sign(compareNumbers(b, a)) || 0);
        expect(compareNumbers(a, b) === 0).toBe(Object.is(a, b));
      }),
    );
  });

  it("sorts to the same result whatever the input order", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double(), fc.constantFrom(-0, 0, Number.NaN))), fc.integer(), (values, seed) => {
        const shuffled = seeded(seed).shuffle(values);
        expect(sameValues(shuffled.sort(compareNumbers), values.slice().sort(compareNumbers))).toBe(true);
      }),
    );
  });
});

describe("sortedKeys", () => {
  it("sorts object keys as strings with compareStrings", () => {
    expect(sortedKeys({ b: 1, a: 2, 10: 3, 9: 4, B: 5 })).toEqual(["10", "9", "B", "a", "b"]);
  });

  it("sorts Map keys and Set values by type rank, then within the type", () => {
    const keys: SortKey[] = [undefined, "b", true, 2n, null, 3, "a", false, -1n, Number.NaN, -0, 0, -4];
    const expected: SortKey[] = [-4, -0, 0, 3, Number.NaN, -1n, 2n, "a", "b", false, true, null, undefined];
    // Sets and Maps store -0 as +0 (SameValueZero), so they hold one zero; sortBy keeps both.
    const oneZero = expected.filter((key) => !Object.is(key, -0));
    expect(sameValues(sortedKeys(new Set(keys)), oneZero)).toBe(true);
    expect(sameValues(sortedKeys(new Map(keys.map((key) => [key, String(key)]))), oneZero)).toBe(true);
    expect(sameValues(sortBy(keys), expected)).toBe(true);
  });

  it("does not depend on insertion order", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.oneof(fc.string(), fc.integer())), fc.integer(), (keys, seed) => {
        const shuffled = seeded(seed).shuffle(keys);
        const objectOf = (list: readonly (string | number)[]): Record<string, number> =>
          Object.fromEntries(list.map((key, i) => [String(key), i]));
        expect(sortedKeys(objectOf(shuffled))).toEqual(sortedKeys(objectOf(keys)));
        expect(sortedKeys(new Map(shuffled.map((key) => [key, 0])))).toEqual(sortedKeys(new Map(keys.map((key) => [key, 0]))));
        expect(sortedKeys(new Set(shuffled))).toEqual(sortedKeys(new Set(keys)));
      }),
    );
  });

  it("refuses keys that have no defined order", () => {
    expect(() => sortedKeys(new Map([[{}, 1]]))).toThrow(TypeError);
    expect(() => sortedKeys(new Set([Symbol("s")]))).toThrow(/no defined order/);
  });
});

describe("sortedEntries", () => {
  it("sorts the entries of objects, Maps and Sets by key", () => {
    expect(sortedEntries({ b: 1, a: 2 })).toEqual([
      ["a", 2],
      ["b", 1],
    ]);
    expect(
      sortedEntries(
        new Map<SortKey, string>([
          ["x", "string"],
          [2, "two"],
          [1, "one"],
        ]),
      ),
    ).toEqual([
      [1, "one"],
      [2, "two"],
      ["x", "string"],
    ]);
    expect(sortedEntries(new Set(["b", "a"]))).toEqual([
      ["a", "a"],
      ["b", "b"],
    ]);
  });
});

describe("sortBy", () => {
  const people = [
    { name: "Chloé", team: "b", age: 31 },
    { name: "Ada", team: "a", age: 36 },
    { name: "bob", team: "b", age: 31 },
    { name: "Alan", team: "a", age: 41 },
  ];

  it("sorts by the first key, then breaks ties with the next", () => {
    const sorted = sortBy(people, (p) => p.team, { key: (p) => p.age, order: "desc" });
    expect(sorted.map((p) => p.name)).toEqual(["Alan", "Ada", "Chloé", "bob"]);
  });

  it("keeps the input order of items equal on every key, and returns a permutation", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ group: fc.integer({ min: 0, max: 4 }), label: fc.string() })), (rows) => {
        const indexed = rows.map((row, index) => ({ ...row, index }));
        const sorted = sortBy(indexed, (row) => row.group);
        expect(sorted.map((row) => row.index).sort((a, b) => a - b)).toEqual(indexed.map((row) => row.index));
        for (let i = 1; i < sorted.length; i++) {
          const previous = sorted[i - 1];
          const current = sorted[i];
          if (previous === undefined || current === undefined) throw new Error("unreachable");
          expect(previous.group).toBeLessThanOrEqual(current.group);
          if (previous.group === current.group) expect(previous.index).toBeLessThan(current.index);
        }
      }),
    );
  });

  it("keeps ties stable in descending order too", () => {
    const sorted = sortBy(people, { key: (p) => p.age, order: "desc" });
    expect(sorted.map((p) => p.name)).toEqual(["Alan", "Ada", "Chloé", "bob"]);
  });

  it("calls each key function once per item", () => {
    let calls = 0;
    sortBy(people, (p) => {
      calls++;
      return p.age;
    });
    expect(calls).toBe(people.length);
  });

  it("sorts plain values without keys, from any iterable, without touching the input", () => {
    const input = ["b", "a", "C"];
    expect(sortBy(input)).toEqual(["C", "a", "b"]);
    expect(input).toEqual(["b", "a", "C"]);
    expect(sortBy(new Set([3, 1, 2]))).toEqual([1, 2, 3]);
  });

  it("puts null and undefined after the other values, by the type rank", () => {
    const rows = [{ v: undefined }, { v: null }, { v: 2 }, { v: "x" }];
    expect(sortBy(rows, (row) => row.v).map((row) => row.v)).toEqual([2, "x", null, undefined]);
    expect(sortBy(rows, { key: (row) => row.v, order: "desc" }).map((row) => row.v)).toEqual([undefined, null, "x", 2]);
  });

  it("refuses a key without a defined order", () => {
    // @ts-expect-error: an object is not a SortKey
    expect(() => sortBy(people, (p) => ({ p }))).toThrow(/key 0 of item 0/);
    expect(() => sortBy([{}])).toThrow(TypeError);
  });
});

describe("groupBy", () => {
  it("iterates groups in key order and keeps input order inside each group", () => {
    const words = ["pear", "fig", "apple", "kiwi", "plum", "date"];
    const groups = groupBy(words, (word) => word.length);
    expect([...groups]).toEqual([
      [3, ["fig"]],
      [4, ["pear", "kiwi", "plum", "date"]],
      [5, ["apple"]],
    ]);
  });

  it("gives groups in the same order whatever the input order", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 3 })), fc.integer(), (words, seed) => {
        const keysOf = (list: readonly string[]): string[] => [...groupBy(list, (word) => word.charAt(0)).keys()];
        expect(keysOf(seeded(seed).shuffle(words))).toEqual(keysOf(words).slice().sort(compareStrings));
      }),
    );
  });

  it("groups -0 with 0, as Map keys do", () => {
    expect([...groupBy([-0, 0, 1], (n) => n)]).toEqual([
      [0, [-0, 0]],
      [1, [1]],
    ]);
  });

  it("refuses a key without a defined order", () => {
    // @ts-expect-error: an array is not a SortKey
    expect(() => groupBy([1], (n) => [n])).toThrow(/item 0 is an array/);
  });
});

describe("readdirSorted", () => {
  let dir = "";
  const names = ["b.txt", "a.txt", "B.txt", "é.txt", "10.txt", "9.txt", "sub", "_x"];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "detkit-readdir-"));
    for (const name of names) {
      if (name === "sub") mkdirSync(join(dir, name));
      else writeFileSync(join(dir, name), "");
    }
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const expected = ["10.txt", "9.txt", "B.txt", "_x", "a.txt", "b.txt", "sub", "é.txt"];

  it("lists names in compareStrings order", async () => {
    expect(await readdirSorted(dir)).toEqual(expected);
    expect(readdirSortedSync(dir)).toEqual(expected);
  });

  it("returns sorted Dirents with withFileTypes", async () => {
    const entries = await readdirSorted(dir, { withFileTypes: true });
    expect(entries.map((entry) => entry.name)).toEqual(expected);
    expect(entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name)).toEqual(["sub"]);
    expect(readdirSortedSync(dir, { withFileTypes: true }).map((entry) => entry.name)).toEqual(expected);
  });

  it("fails as fs.readdir does for a missing directory", async () => {
    await expect(readdirSorted(join(dir, "missing"))).rejects.toThrow(/ENOENT/);
    expect(() => readdirSortedSync(join(dir, "missing"))).toThrow(/ENOENT/);
  });
});
