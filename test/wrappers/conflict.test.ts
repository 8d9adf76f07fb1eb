import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type HlcTimestamp, VectorClock } from "../../wrappers/clock.js";
import { type LwwRegister, merge, VersionVector } from "../../wrappers/conflict.js";

function hlc(wallMs: number, logical: number, node?: string): HlcTimestamp {
  return node === undefined ? { wallMs, logical } : { wallMs, logical, node };
}

function write<T>(value: T, timestamp: number | HlcTimestamp, replica: string): LwwRegister<T> {
  return { value, timestamp, replica };
}

describe("merge (last writer wins)", () => {
  it.each([
    ["the later timestamp wins", write("old", 1, "z"), write("new", 2, "a"), "new"],
    ["fractional and negative timestamps order numerically", write("a", -1.5, "a"), write("b", -1.25, "a"), "b"],
    ["a timestamp tie goes to the larger replica id", write("from-a", 5, "a"), write("from-b", 5, "b"), "from-b"],
    ["replica ids compare by code unit, not locale: 'B' < 'a'", write("B", 5, "B"), write("a", 5, "a"), "a"],
    ["replica ids compare as text, not numbers: '9' > '10'", write("nine", 5, "9"), write("ten", 5, "10"), "nine"],
    ["HLC: wall time first", write("x", hlc(10, 9), "a"), write("y", hlc(11, 0), "a"), "y"],
    ["HLC: then the logical counter", write("x", hlc(10, 2), "b"), write("y", hlc(10, 3), "a"), "y"],
    ["HLC: then the node", write("x", hlc(10, 2, "n2"), "a"), write("y", hlc(10, 2, "n1"), "b"), "x"],
    ["HLC: then the replica", write("x", hlc(10, 2, "n"), "a"), write("y", hlc(10, 2, "n"), "b"), "y"],
  ])("%s", (_name, a, b, winner) => {
    expect(merge(a, b).value).toBe(winner);
    expect(merge(b, a).value).toBe(winner);
  });

  it("returns one of its arguments, unchanged, and keeps extra fields", () => {
    const a = { value: { n: 1 }, timestamp: 1, replica: "a", note: "kept" };
    const b = { value: { n: 2 }, timestamp: 2, replica: "a", note: "winner" };
    expect(merge(a, b)).toBe(b);
    expect(merge(b, a)).toBe(b);
    expect(merge(a, b).note).toBe("winner");
  });

  it("accepts a duplicate of the same write (equal values) and throws on two values under one timestamp", () => {
    const original = write({ list: [1, 2] }, hlc(3, 0, "n"), "r");
    const copy = write({ list: [1, 2] }, hlc(3, 0, "n"), "r");
    expect(merge(original, copy)).toBe(original);
    const clash = write({ list: [2, 1] }, hlc(3, 0, "n"), "r");
    const message =
      'merge(a, b): replica "r" wrote two different values at timestamp 0000000000000003-0000000000-n; ' +
      "a replica must issue a new timestamp for every write";
    expect(() => merge(original, clash)).toThrow(message);
    expect(() => merge(clash, original)).toThrow(message);
    expect(() => merge(write(1, 7, "r"), write(2, 7, "r"))).toThrow(/at timestamp 7;/);
  });

  it("rejects malformed writes", () => {
    expect(() => merge(write("a", 1, "r"), write("b", hlc(1, 0), "r"))).toThrow(TypeError);
    expect(() => merge(write("a", 1, "r"), write("b", hlc(1, 0), "r"))).toThrow(/cannot order a number timestamp/);
    expect(() => merge(write("a", Number.NaN, "r"), write("b", 1, "r"))).toThrow(RangeError);
    expect(() => merge(write("a", 1, "r"), write("b", hlc(-1, 0), "r"))).toThrow(/b\.timestamp: wallMs/);
    expect(() => Reflect.apply(merge, undefined, [write("a", 1, "r"), { value: 1, timestamp: 1, replica: 7 }])).toThrow(
      /b\.replica must be a string/,
    );
    expect(() => Reflect.apply(merge, undefined, [null, write("a", 1, "r")])).toThrow(/a must be a \{ value, timestamp, replica \}/);
  });

  // The value is a function of (timestamp, replica): the one rule merge relies on, so the properties below never
  // meet the "two values under one timestamp" error.
  const numberWrite = fc
    .record({ timestamp: fc.integer({ min: -3, max: 3 }), replica: fc.constantFrom("a", "b", "B", "10", "9", "") })
    .map(({ timestamp, replica }) => write(`${timestamp}/${replica}`, timestamp, replica));
  const hlcWrite = fc
    .record({
      wallMs: fc.nat({ max: 2 }),
      logical: fc.nat({ max: 2 }),
      node: fc.option(fc.constantFrom("n1", "n2"), { nil: undefined }),
      replica: fc.constantFrom("a", "b", "c"),
    })
    .map(({ wallMs, logical, node, replica }) =>
      write({ at: [wallMs, logical, node ?? null], by: replica }, hlc(wallMs, logical, node), replica),
    );

  describe.each([
    ["number timestamps", numberWrite],
    ["HLC timestamps", hlcWrite],
  ] as const)("with %s", (_kind, arbitrary) => {
    const writes: fc.Arbitrary<LwwRegister> = arbitrary;

    it("is commutative", () => {
      fc.assert(fc.property(writes, writes, (a, b) => merge(a, b) === merge(b, a) || equalWrites(merge(a, b), merge(b, a))));
    });

    it("is associative", () => {
      fc.assert(
        fc.property(writes, writes, writes, (a, b, c) => equalWrites(merge(merge(a, b), c), merge(a, merge(b, c)))),
      );
    });

    it("is idempotent", () => {
      fc.assert(fc.property(writes, writes, (a, b) => merge(a, a) === a && merge(merge(a, b), b) === merge(a, b)));
    });

    it("converges: every delivery order, with duplicates, ends at the same write", () => {
      fc.assert(
        fc.property(fc.array(writes, { minLength: 1, maxLength: 12 }), fc.nat(), (history, seed) => {
          const reordered = [...history, ...history.slice(0, seed % history.length)].reverse();
          const rotated = [...history.slice(seed % history.length), ...history.slice(0, seed % history.length)];
          const expected = history.reduce((x, y) => merge(x, y));
          return equalWrites(reordered.reduce((x, y) => merge(x, y)), expected) && equalWrites(rotated.reduce((x, y) => merge(x, y)), expected);
        }),
      );
    });
  });

  function equalWrites(a: LwwRegister, b: LwwRegister): boolean {
    return JSON.stringify(a) === JSON.stringify(b);
  }
});

describe("VersionVector", () => {
  const vector = fc
    .dictionary(fc.constantFrom("a", "b", "c", "2", "10"), fc.nat({ max: 4 }), { maxKeys: 5 })
    .map((counters) => new VersionVector(counters));
  const same = (a: VersionVector, b: VersionVector) => a.equals(b) && JSON.stringify(a) === JSON.stringify(b);

  it("is exported from detkit/conflict as its own class sharing VectorClock's behaviour", () => {
    const version = new VersionVector({ a: 1 }).increment("b");
    expect(version).toBeInstanceOf(VersionVector);
    expect(version).not.toBeInstanceOf(VectorClock);
    expect(version.merge(new VersionVector({ a: 3 }))).toBeInstanceOf(VersionVector);
    expect(JSON.stringify(version)).toBe(JSON.stringify(new VectorClock({ a: 1 }).increment("b")));
  });

  it("detects conflicting copies", () => {
    const base = new VersionVector().increment("a");
    const left = base.increment("a");
    const right = base.increment("b");
    expect(base.compare(left)).toBe("before");
    expect(left.compare(base)).toBe("after");
    expect(left.compare(right)).toBe("concurrent");
    const resolved = left.merge(right).increment("a");
    expect([left.compare(resolved), right.compare(resolved)]).toEqual(["before", "before"]);
    expect(resolved.toJSON()).toEqual([
      ["a", 3],
      ["b", 1],
    ]);
  });

  it("round-trips through JSON deterministically, whatever order the counters were given in", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(fc.string(), fc.nat({ max: 9 })), { selector: ([id]) => id }), (pairs) => {
        const forward = new VersionVector(pairs);
        const backward = new VersionVector([...pairs].reverse());
        const text = JSON.stringify(forward);
        expect(JSON.stringify(backward)).toBe(text);
        expect(same(VersionVector.fromJSON(JSON.parse(text)), forward)).toBe(true);
        const ids = forward.entries().map(([id]) => id);
        expect(ids).toEqual([...ids].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
      }),
    );
  });

  it("merge is commutative, associative and idempotent", () => {
    fc.assert(
      fc.property(vector, vector, vector, (a, b, c) => {
        return (
          same(a.merge(b), b.merge(a)) &&
          same(a.merge(b).merge(c), a.merge(b.merge(c))) &&
          same(a.merge(a), a) &&
          same(a.merge(b).merge(b), a.merge(b))
        );
      }),
    );
  });

  it("compare is antisymmetric and consistent with merge (a ≤ merge(a, b))", () => {
    const mirror = { before: "after", after: "before", equal: "equal", concurrent: "concurrent" } as const;
    fc.assert(
      fc.property(vector, vector, (a, b) => {
        const merged = a.merge(b);
        const order = a.compare(b);
        return (
          b.compare(a) === mirror[order] &&
          ["before", "equal"].includes(a.compare(merged)) &&
          (order === "before" || order === "equal") === same(merged, b) &&
          (order === "concurrent") === (!same(merged, a) && !same(merged, b))
        );
      }),
    );
  });

  it("rejects invalid counters", () => {
    expect(() => new VersionVector({ a: Number.NaN })).toThrow(/VersionVector: the counter of replica "a"/);
    expect(() => VersionVector.fromJSON([[1, 2]])).toThrow(/replica id must be a string/);
    expect(() => new VersionVector({ a: Number.MAX_SAFE_INTEGER }).increment("a")).toThrow(RangeError);
  });
});
