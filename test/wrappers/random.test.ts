import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { restore, secureRandom, seeded } from "../../wrappers/random.js";
import type { Random, RandomSource, RandomState } from "../../wrappers/random.js";
import { replay } from "../../wrappers/testing.js";
import type { Recording } from "../../wrappers/testing.js";

/** The raw 32-bit words behind a generator, read through bytes(4) (lowest byte first). */
function words(random: Random, count: number): number[] {
  return Array.from({ length: count }, () => {
    const b = random.bytes(4);
    return ((b[0] ?? 0) | ((b[1] ?? 0) << 8) | ((b[2] ?? 0) << 16) | ((b[3] ?? 0) << 24)) >>> 0;
  });
}

/** A Random that hands out exactly `values` as its words, through a replayed recording. */
function fromWords(values: readonly number[]): { random: Random; remaining: () => number } {
  const recording: Recording = {
    version: 1,
    random: { seed: "rigged", path: [] },
    events: values.map((value) => ({ kind: "random", stream: [], value })),
  };
  const replayer = replay(recording);
  return { random: replayer.random, remaining: () => replayer.remaining };
}

const seedArbitrary = fc.oneof(fc.integer(), fc.string());

// Pinned outputs. A change here means every seeded run in every user's program changes: never update these
// to make a test pass; a new algorithm or seeding needs a new, separately named generator.
const GOLDEN = [
  {
    seed: 42,
    words: [969190098,2152780619,1121487773,1564213558],
    next: [
      0.10379181998057074,
      0.7829674344803818,
      0.22594141631869824,
      0.3997435971112522,
      0.10412656343245952,
      0.5407327148961916,
      0.3675023838445054,
      0.8885402165261044,
      0.09365745610931109,
      0.9444017115258884,
    ],
    int: [3,5,4,4,3,5,2,3,2,2],
    uuid: [
      "1a9219c0-4345-4e14-8870-8dd52768fc6d",
      "39d74bea-8f34-41dc-a655-98af63069caa",
      "1aa809cb-c4b2-4197-8a6d-758272d9fa9f",
      "5e14a2c1-fe83-45c8-a377-5f36194873d0",
      "17f9ef53-f820-4d0e-b1c4-4f9c0a5228d1",
      "cf2549e1-c93a-40f0-8597-731b688c05bc",
      "a0cd4d2b-aec5-4f45-bfa8-5d3986bab889",
      "16fe1c3b-73b1-410a-8fdd-0851a727ada5",
      "e5667bd4-5c78-4fd1-98a5-d9c836afbb8a",
      "15bdf4ed-8a64-4743-901b-d5d79af6e587",
    ],
    bytes: [
      [192,25,146,26,20,94,69,67],
      [213,141,112,200,109,252,104,39],
      [234,75,215,57,220,177,52,143],
      [175,152,85,102,170,156,6,99],
      [203,9,168,26,151,193,178,196],
      [130,117,109,138,159,250,217,114],
      [193,162,20,94,200,117,131,254],
      [54,95,119,227,208,115,72,25],
      [83,239,249,23,14,221,32,248],
      [156,79,196,241,209,40,82,10],
    ],
    shuffle: ["a","i","j","d","h","c","g","f","b","e"],
  },
  {
    seed: "detkit",
    words: [3896023969,2687203677,1385040955,2129062689],
    next: [
      0.8209636873066869,
      0.9367105660506121,
      0.6783613057764182,
      0.37734407045777496,
      0.6501067259012913,
      0.09607219242105036,
      0.9667812041278049,
      0.5363932731524228,
      0.3208033832878716,
      0.38962890005554796,
    ],
    int: [1,3,1,5,5,5,4,3,4,5],
    uuid: [
      "d22aad10-e17c-4fd2-afcc-4360f80a4b94",
      "ada91636-3973-4c3e-a099-9ef7cfa532e4",
      "a66d64e7-b53e-4648-9898-2ff764070697",
      "f77ef91e-b0ee-4ed0-8951-11db6fdf563f",
      "52202bba-3d57-4ab8-a3be-b83bba852f3c",
      "b4715f8f-2589-403b-a0da-66fa313e9536",
      "07df3e13-a952-4f43-85de-eaa0cd745761",
      "59e86385-f414-4e7d-bcd3-1ed384ee7d39",
      "baa01770-e806-458e-aca1-156d39d2f130",
      "37d093f9-5c4d-4caa-89ed-9f9958a1c2cc",
    ],
    bytes: [
      [16,173,42,210,210,127,124,225],
      [96,67,204,239,148,75,10,248],
      [54,22,169,173,62,220,115,57],
      [247,158,153,96,228,50,165,207],
      [231,100,109,166,72,214,62,181],
      [247,47,152,24,151,6,7,100],
      [30,249,126,247,208,110,238,176],
      [219,17,81,137,63,86,223,111],
      [186,43,32,82,184,42,87,61],
      [59,184,190,99,60,47,133,186],
    ],
    shuffle: ["h","b","j","d","f","e","i","a","c","g"],
  },
];

describe("xoshiro128** core", () => {
  it("matches the reference implementation's output for state [1, 2, 3, 4]", () => {
    // Published known-answer vector of xoshiro128** 1.1 (prng.di.unimi.it/xoshiro128starstar.c).
    const random = restore({ algorithm: "xoshiro128**", seed: "kat", path: [], words: [1, 2, 3, 4] });
    expect(words(random, 10)).toEqual([
      11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849, 3729100597, 4258142804,
    ]);
  });
});

describe("golden vectors", () => {
  for (const golden of GOLDEN) {
    describe(`seed ${JSON.stringify(golden.seed)}`, () => {
      const take = <T>(draw: (random: Random) => T): T[] => {
        const random = seeded(golden.seed);
        return Array.from({ length: 10 }, () => draw(random));
      };

      it("derives the documented initial state (SHA-256 of the seed)", () => {
        expect(seeded(golden.seed).state()).toEqual({
          algorithm: "xoshiro128**",
          seed: golden.seed,
          path: [],
          words: golden.words,
        });
      });

      it("pins next()", () => expect(take((r) => r.next())).toEqual(golden.next));
      it("pins int(1, 6)", () => expect(take((r) => r.int(1, 6))).toEqual(golden.int));
      it("pins uuid()", () => expect(take((r) => r.uuid())).toEqual(golden.uuid));
      it("pins bytes(8)", () => expect(take((r) => Array.from(r.bytes(8)))).toEqual(golden.bytes));
      it("pins shuffle()", () => {
        expect(seeded(golden.seed).shuffle(["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"])).toEqual(golden.shuffle);
      });
    });
  }
});

describe("seeded", () => {
  it("gives the same sequence for the same seed and different ones for different seeds", () => {
    fc.assert(
      fc.property(seedArbitrary, seedArbitrary, (a, b) => {
        const first = words(seeded(a), 4);
        expect(words(seeded(a), 4)).toEqual(first);
        if (String(a) !== String(b)) expect(words(seeded(b), 4)).not.toEqual(first);
      }),
    );
  });

  it("treats a number seed as its decimal string, and reports the seed as given", () => {
    expect(words(seeded(42), 8)).toEqual(words(seeded("42"), 8));
    expect(seeded(42).seed).toBe(42);
    expect(seeded("42").seed).toBe("42");
    expect(words(seeded(-7), 4)).toEqual(words(seeded("-7"), 4));
  });

  it("draws a 128-bit hex seed from entropy when none is given, and exposes it for replay", () => {
    const first = seeded();
    const second = seeded();
    expect(first.seed).toMatch(/^[0-9a-f]{32}$/);
    expect(first.seed).not.toBe(second.seed);
    const expected = words(first, 6);
    expect(words(seeded(first.seed), 6)).toEqual(expected);
  });

  it("rejects seeds it cannot hash unambiguously", () => {
    expect(() => seeded(1.5)).toThrow(RangeError);
    expect(() => seeded(Number.NaN)).toThrow(RangeError);
    expect(() => seeded(2 ** 53)).toThrow(/safe integer/);
    expect(() => seeded("a\uD800b")).toThrow(/lone surrogate/);
    // @ts-expect-error: checking the run-time guard
    expect(() => seeded({ seed: 1 })).toThrow(TypeError);
    // @ts-expect-error: checking the run-time guard
    expect(() => seeded(null)).toThrow(TypeError);
  });

  it("accepts a well-formed string with astral characters", () => {
    expect(words(seeded("seed \u{1F600}"), 2)).toEqual(words(seeded("seed \u{1F600}"), 2));
  });
});

describe("next", () => {
  it("returns multiples of 2^-53 in [0, 1)", () => {
    fc.assert(
      fc.property(seedArbitrary, (seed) => {
        const random = seeded(seed);
        for (let i = 0; i < 50; i++) {
          const x = random.next();
          expect(x).toBeGreaterThanOrEqual(0);
          expect(x).toBeLessThan(1);
          expect(Number.isInteger(x * 2 ** 53)).toBe(true);
        }
      }),
    );
  });

  it("builds its double from the high 27 and 26 bits of two words", () => {
    const { random } = fromWords([0xffffffff, 0xffffffff, 0x0000001f, 0x0000003f]);
    expect(random.next()).toBe((2 ** 53 - 1) / 2 ** 53);
    expect(random.next()).toBe(0);
  });
});

describe("int", () => {
  it("stays within the inclusive bounds", () => {
    fc.assert(
      fc.property(
        seedArbitrary,
        fc.integer({ min: -1e6, max: 1e6 }),
        fc.integer({ min: 0, max: 1e6 }),
        (seed, min, span) => {
          const random = seeded(seed);
          for (let i = 0; i < 20; i++) {
            const value = random.int(min, min + span);
            expect(Number.isInteger(value)).toBe(true);
            expect(value).toBeGreaterThanOrEqual(min);
            expect(value).toBeLessThanOrEqual(min + span);
          }
        },
      ),
    );
  });

  it("reaches both bounds and is close to uniform on a die", () => {
    const random = seeded("dice");
    const counts = [0, 0, 0, 0, 0, 0];
    const draws = 60000;
    for (let i = 0; i < draws; i++) {
      const face = random.int(1, 6);
      counts[face - 1] = (counts[face - 1] ?? 0) + 1;
    }
    const expected = draws / 6;
    const chiSquare = counts.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
    // 5 degrees of freedom: the 99.9th percentile is 20.5. The draw is seeded, so this cannot flake.
    expect(chiSquare).toBeLessThan(20.5);
  });

  it("rejects the words below 2^32 mod size instead of folding them (no modulo bias)", () => {
    // size 3: 2^32 mod 3 = 1, so word 0 is rejected and the next word decides.
    const rigged = fromWords([0, 5]);
    expect(rigged.random.int(0, 2)).toBe(2);
    expect(rigged.remaining()).toBe(0);
    // word 1 is the first accepted one.
    expect(fromWords([1]).random.int(10, 12)).toBe(11);
  });

  it("uses 53-bit draws with the same rejection for ranges above 2^32", () => {
    const size = 2 ** 32 + 1;
    // 2^53 mod (2^32 + 1) = 2^32 + 1 - 2^21: a draw of 0 is rejected; a draw of 2^52 is accepted.
    const rigged = fromWords([0, 0, 0x80000000, 0]);
    expect(rigged.random.int(0, size - 1)).toBe(2 ** 52 % size);
    expect(rigged.remaining()).toBe(0);
  });

  it("covers the full 2^53-value range", () => {
    const random = seeded("wide");
    for (let i = 0; i < 100; i++) {
      expect(Number.isSafeInteger(random.int(Number.MIN_SAFE_INTEGER, -1))).toBe(true);
      const value = random.int(0, Number.MAX_SAFE_INTEGER);
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(Number.MAX_SAFE_INTEGER);
    }
  });

  it("returns the only value of a one-value range", () => {
    expect(seeded(1).int(7, 7)).toBe(7);
  });

  it("rejects invalid bounds with a RangeError", () => {
    const random = seeded(1);
    expect(() => random.int(1.5, 3)).toThrow(RangeError);
    expect(() => random.int(0, Number.POSITIVE_INFINITY)).toThrow(/safe integers/);
    expect(() => random.int(Number.NaN, 3)).toThrow(RangeError);
    expect(() => random.int(3, 1)).toThrow(/min <= max/);
    expect(() => random.int(-(2 ** 52), 2 ** 52)).toThrow(/2\^53 values/);
    expect(() => random.int(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)).toThrow(/2\^53 values/);
  });
});

describe("pick", () => {
  it("returns elements of the array and reaches every one", () => {
    const random = seeded("pick");
    const items = ["a", "b", "c", "d"];
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const item = random.pick(items);
      expect(items).toContain(item);
      seen.add(item);
    }
    expect(seen.size).toBe(items.length);
  });

  it("throws a RangeError on an empty array", () => {
    expect(() => seeded(1).pick([])).toThrow(RangeError);
  });
});

describe("shuffle", () => {
  it("returns a new array that is a permutation of the input, leaving the input alone", () => {
    fc.assert(
      fc.property(seedArbitrary, fc.array(fc.integer()), (seed, items) => {
        const copy = items.slice();
        const shuffled = seeded(seed).shuffle(items);
        expect(shuffled).not.toBe(items);
        expect(items).toEqual(copy);
        expect(shuffled.slice().sort((a, b) => a - b)).toEqual(copy.sort((a, b) => a - b));
      }),
    );
  });

  it("produces every order of three elements", () => {
    const random = seeded("orders");
    const orders = new Set<string>();
    for (let i = 0; i < 300; i++) orders.add(random.shuffle(["a", "b", "c"]).join(""));
    expect([...orders].sort()).toEqual(["abc", "acb", "bac", "bca", "cab", "cba"]);
  });
});

describe("bytes", () => {
  it("returns n bytes and consumes ceil(n / 4) words", () => {
    const a = seeded("bytes");
    const b = seeded("bytes");
    expect(a.bytes(5)).toHaveLength(5);
    b.bytes(8);
    expect(a.next()).toBe(b.next());
    const c = seeded("bytes");
    expect(c.bytes(0)).toHaveLength(0);
    expect(c.state()).toEqual(seeded("bytes").state());
  });

  it("takes the bytes of each word lowest first", () => {
    expect(Array.from(fromWords([0x04030201, 0x08070605]).random.bytes(6))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("rejects a negative or fractional length", () => {
    expect(() => seeded(1).bytes(-1)).toThrow(RangeError);
    expect(() => seeded(1).bytes(2.5)).toThrow(RangeError);
  });
});

describe("uuid", () => {
  it("has the version 4 layout with the RFC 9562 variant", () => {
    const random = seeded("uuid");
    for (let i = 0; i < 500; i++) {
      expect(random.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  it("keeps every other bit of its four words", () => {
    expect(fromWords([0x01234567, 0x89abcdef, 0xfedcba98, 0x76543210]).random.uuid()).toBe(
      "01234567-89ab-4def-bedc-ba9876543210",
    );
  });
});

describe("fork", () => {
  it("does not advance or shift the parent's sequence", () => {
    const plain = seeded("parent");
    const forking = seeded("parent");
    const expected = words(plain, 3);
    const got = words(forking, 1);
    const child = forking.fork("child");
    words(child, 10);
    got.push(...words(forking, 2));
    expect(got).toEqual(expected);
  });

  it("depends on the seed, path and label only, not on the parent's position", () => {
    const early = seeded("parent").fork("child");
    const late = seeded("parent");
    words(late, 17);
    expect(words(late.fork("child"), 5)).toEqual(words(early, 5));
  });

  it("gives different labels, and the parent, different streams", () => {
    const parent = seeded("parent");
    const a = words(parent.fork("a"), 4);
    expect(words(parent.fork("b"), 4)).not.toEqual(a);
    expect(words(seeded("parent"), 4)).not.toEqual(a);
    expect(words(seeded("other").fork("a"), 4)).not.toEqual(a);
  });

  it("records its path, and nested forks are distinct from flat labels", () => {
    const nested = seeded(7).fork("a").fork("b");
    expect(nested.path).toEqual(["a", "b"]);
    expect(nested.seed).toBe(7);
    expect(words(nested, 4)).not.toEqual(words(seeded(7).fork("ab"), 4));
    expect(words(nested, 4)).not.toEqual(words(seeded(7).fork("a\u0000b"), 4));
  });

  it("rejects a label with a lone surrogate", () => {
    expect(() => seeded(1).fork("\uDC00")).toThrow(RangeError);
  });
});

describe("state and restore", () => {
  it("continues the identical sequence, also through JSON", () => {
    fc.assert(
      fc.property(seedArbitrary, fc.nat({ max: 40 }), (seed, skip) => {
        const random = seeded(seed).fork("x");
        random.bytes(skip * 4);
        const state = random.state();
        const resumed = restore(JSON.parse(JSON.stringify(state)) as RandomState);
        expect(words(resumed, 8)).toEqual(words(random, 8));
        expect(resumed.seed).toBe(random.seed);
        expect(resumed.path).toEqual(["x"]);
      }),
    );
  });

  it("keeps forking as the original does", () => {
    const random = seeded("s");
    random.next();
    const resumed = restore(random.state());
    expect(words(resumed.fork("k"), 4)).toEqual(words(random.fork("k"), 4));
  });

  it("returns a snapshot the generator does not share", () => {
    const random = seeded("s");
    const state = random.state();
    random.next();
    expect(state).toEqual(seeded("s").state());
  });

  it("names what is wrong with a malformed state", () => {
    const good = seeded(1).state();
    const bad = (patch: object): RandomState => ({ ...good, ...patch }) as RandomState;
    expect(() => restore(bad({ algorithm: "mt19937" }))).toThrow(/algorithm/);
    expect(() => restore(bad({ words: [1, 2, 3] }))).toThrow(/state.words/);
    expect(() => restore(bad({ words: [1, 2, 3, 2 ** 32] }))).toThrow(/state.words/);
    expect(() => restore(bad({ words: [0, 0, 0, 0] }))).toThrow(/all zero/);
    expect(() => restore(bad({ seed: 0.5 }))).toThrow(/seed/);
    expect(() => restore(bad({ path: [1] }))).toThrow(/state.path/);
    // @ts-expect-error: checking the run-time guard
    expect(() => restore(null)).toThrow(TypeError);
  });
});

/** Code written against the interface both sources share, as an application would write it. */
function issueTicket(random: RandomSource): { id: string; seat: number; token: Uint8Array; order: string[] } {
  return { id: random.uuid(), seat: random.int(1, 40), token: random.bytes(16), order: random.shuffle(["a", "b", "c"]) };
}

describe("secureRandom", () => {
  it("serves the same code as a seeded generator: seeded in tests, secure in production", () => {
    expect(issueTicket(seeded("t"))).toEqual(issueTicket(seeded("t")));
    const first = issueTicket(secureRandom());
    const second = issueTicket(secureRandom());
    expect(first.id).not.toBe(second.id);
    expect(Buffer.from(first.token).equals(Buffer.from(second.token))).toBe(false);
    expect([...first.order].sort()).toEqual(["a", "b", "c"]);
  });

  it("has no seed or state to replay", () => {
    const random = secureRandom();
    expect("seed" in random).toBe(false);
    expect("state" in random).toBe(false);
  });

  it("keeps next() in [0, 1) and int() within inclusive bounds, reaching both", () => {
    const random = secureRandom();
    const floats = Array.from({ length: 2000 }, () => random.next());
    expect(floats.every((value) => value >= 0 && value < 1)).toBe(true);
    const dice = Array.from({ length: 2000 }, () => random.int(1, 6));
    expect(new Set(dice)).toEqual(new Set([1, 2, 3, 4, 5, 6]));
    expect(random.int(-(2 ** 52), 2 ** 52 - 1)).toSatisfy(Number.isSafeInteger);
    expect(() => random.int(2, 1)).toThrow(RangeError);
  });

  it("gives uniform bytes, also beyond the 65,536 bytes one system call may fill", () => {
    const bytes = secureRandom().bytes(200_000);
    expect(bytes.length).toBe(200_000);
    const counts = new Array<number>(256).fill(0);
    for (const byte of bytes) counts[byte] = (counts[byte] ?? 0) + 1;
    // Chi-square with 255 degrees of freedom: above 400 happens with probability below 1e-8.
    const expected = bytes.length / 256;
    const chiSquare = counts.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
    expect(chiSquare).toBeLessThan(400);
    expect(secureRandom().bytes(0)).toEqual(new Uint8Array(0));
    expect(() => secureRandom().bytes(-1)).toThrow(RangeError);
  });

  it("makes version 4 UUIDs with the RFC 9562 variant", () => {
    const random = secureRandom();
    const ids = Array.from({ length: 200 }, () => random.uuid());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("forks into another secure source, and picks from the array it is given", () => {
    const child = secureRandom().fork("orders");
    expect("seed" in child).toBe(false);
    expect(["x", "y"]).toContain(child.pick(["x", "y"]));
    expect(() => child.pick([])).toThrow(RangeError);
  });
});
