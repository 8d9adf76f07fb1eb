import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import canonicalizePackage from "canonicalize";
import { Decimal as DecimalJs } from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Decimal, dec } from "../../wrappers/decimal.js";
import { partition, stableHash } from "../../wrappers/hash.js";
import { CanonicalizeError, JsonParseError, canonicalize, equal, hash, parse } from "../../wrappers/json.js";
import type { CanonicalizeErrorReason, JsonParseErrorReason } from "../../wrappers/json.js";
import { sharedUrl } from "../helpers/shared.js";

const JCS = sharedUrl("testdata/jcs/");

function readVector(folder: "input" | "output", name: string): string {
  return readFileSync(new URL(`${folder}/${name}`, JCS), "utf8");
}

/** The error `run` throws, checked to be a CanonicalizeError. */
function canonicalizeError(run: () => unknown): CanonicalizeError {
  try {
    run();
  } catch (error) {
    if (error instanceof CanonicalizeError) return error;
    throw error;
  }
  throw new Error("expected a CanonicalizeError, but nothing was thrown");
}

function parseError(run: () => unknown): JsonParseError {
  try {
    run();
  } catch (error) {
    if (error instanceof JsonParseError) return error;
    throw error;
  }
  throw new Error("expected a JsonParseError, but nothing was thrown");
}

function expectRefusal(value: unknown, path: string, reason: CanonicalizeErrorReason, message?: RegExp): void {
  const error = canonicalizeError(() => canonicalize(value));
  expect({ path: error.path, reason: error.reason }).toEqual({ path, reason });
  expect(error.message.startsWith(`${path}: `)).toBe(true);
  if (message !== undefined) expect(error.message).toMatch(message);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function nested(depth: number, open: string, close: string, inner: string): string {
  return open.repeat(depth) + inner + close.repeat(depth);
}

describe("canonicalize: RFC 8785 test vectors", () => {
  const names = readdirSync(new URL("input/", JCS)).sort();

  it("finds the six input/output pairs", () => {
    expect(names).toEqual(["arrays.json", "french.json", "structures.json", "unicode.json", "values.json", "weird.json"]);
  });

  it.each(names)("%s canonicalizes to exactly the expected bytes", (name) => {
    const expected = readVector("output", name).replace(/\n$/, "");
    const canonical = canonicalize(JSON.parse(readVector("input", name)));
    expect(Buffer.from(canonical, "utf8").equals(Buffer.from(expected, "utf8"))).toBe(true);
    expect(canonical).toBe(canonicalizePackage(JSON.parse(readVector("input", name))));
  });

  it.each(names.filter((name) => name !== "values.json"))("%s gives the same bytes through the lossless parse", (name) => {
    const expected = readVector("output", name).replace(/\n$/, "");
    expect(canonicalize(parse(readVector("input", name)))).toBe(expected);
    expect(canonicalize(parse(readVector("input", name), { numbers: "decimal" }))).toBe(expected);
  });

  it("values.json holds a number a double cannot carry, which the lossless parse reports instead of rounding", () => {
    // 333333333.33333329 becomes 333333333.3333333 through a double: RFC 8785 canonicalizes parsed doubles.
    const error = parseError(() => parse(readVector("input", "values.json")));
    expect({ reason: error.reason, path: error.path, line: error.line }).toEqual({
      reason: "inexact-number",
      path: "$.numbers[0]",
      line: 2,
    });
    const asDecimals = parse(readVector("input", "values.json"), { numbers: "decimal" });
    expect(canonicalizeError(() => canonicalize(asDecimals)).reason).toBe("inexact-number");
    expect(canonicalize(asDecimals, { decimal: "string" })).toContain('"333333333.33333329"');
  });
});

describe("canonicalize: RFC 8785 Appendix B numbers", () => {
  const rows = readFileSync(new URL("numbers.csv", JCS), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => {
      const [hex = "", canonical = ""] = line.split(",");
      const view = new DataView(new ArrayBuffer(8));
      view.setBigUint64(0, BigInt(`0x${hex}`));
      return { hex, value: view.getFloat64(0), canonical };
    });

  it("reads every row", () => {
    expect(rows.length).toBe(27);
  });

  it.each(rows.filter((row) => row.canonical !== "error"))("$hex → $canonical", ({ value, canonical }) => {
    expect(canonicalize(value)).toBe(canonical);
    expect(canonicalize({ n: [value] })).toBe(`{"n":[${canonical}]}`);
    // The canonical text parses back to the same double (up to the sign of zero, which JSON cannot keep).
    const parsed = parse(canonical);
    expect(parsed === value || (parsed === 0 && value === 0)).toBe(true);
  });

  it.each(rows.filter((row) => row.canonical === "error"))("$hex is refused with its path and reason", ({ value }) => {
    const reason = Number.isNaN(value) ? "nan" : "infinity";
    expectRefusal(value, "$", reason);
    expectRefusal({ items: [0, 1, 2, { price: value }] }, "$.items[3].price", reason);
  });
});

describe("canonicalize: what is not JSON data is refused with path and reason", () => {
  it("NaN and ±Infinity", () => {
    expectRefusal({ items: [1, 2, 3, { price: Number.NaN }] }, "$.items[3].price", "nan", /NaN/);
    expectRefusal([Number.POSITIVE_INFINITY], "$[0]", "infinity", /Infinity/);
    expectRefusal({ a: { b: Number.NEGATIVE_INFINITY } }, "$.a.b", "infinity", /-Infinity/);
  });

  it("lone surrogates in strings and property names (RFC 8785 §3.2.2.2)", () => {
    expectRefusal({ name: "ok\ud800" }, "$.name", "lone-surrogate");
    expectRefusal(["\udc00x"], "$[0]", "lone-surrogate");
    expectRefusal({ "\ude00\ud83d": 1 }, '$["\\ude00\\ud83d"]', "lone-surrogate", /property name/);
    expect(canonicalize(["\ud83d\ude00"])).toBe('["😀"]');
  });

  it("cycles, through objects and arrays, but not shared values", () => {
    const order: { lines: unknown[] } = { lines: [] };
    order.lines.push({ order });
    expectRefusal(order, "$.lines[0].order", "cycle");
    const list: unknown[] = [1];
    list.push(list);
    expectRefusal(list, "$[1]", "cycle");
    const shared = { x: 1 };
    expect(canonicalize([shared, shared])).toBe('[{"x":1},{"x":1}]');
  });

  it("bigint unless asked to write it as a string or an exact number", () => {
    expectRefusal({ id: 12n }, "$.id", "bigint", /bigint: "string"/);
    expect(canonicalize({ id: 12n }, { bigint: "string" })).toBe('{"id":"12"}');
    expect(canonicalize([-(2n ** 70n)], { bigint: "string" })).toBe('["-1180591620717411303424"]');
    expect(canonicalize([2n ** 50n, 10n ** 21n], { bigint: "number" })).toBe("[1125899906842624,1e+21]");
    // 2^53 + 1 is no double; 2^60 is one, but prints as 1152921504606847000, which is another decimal value.
    for (const inexact of [2n ** 53n + 1n, 2n ** 60n]) {
      const error = canonicalizeError(() => canonicalize([inexact], { bigint: "number" }));
      expect({ path: error.path, reason: error.reason }).toEqual({ path: "$[0]", reason: "inexact-number" });
    }
  });

  it("functions and symbols anywhere", () => {
    expectRefusal({ total: () => 1 }, "$.total", "function");
    expectRefusal([1, function named() {}], "$[1]", "function");
    expectRefusal(() => 1, "$", "function");
    expectRefusal({ tag: Symbol("t") }, "$.tag", "symbol");
    expectRefusal([Symbol.iterator], "$[0]", "symbol");
  });

  it("undefined in arrays and at the top, while undefined properties are omitted", () => {
    expectRefusal([1, undefined, 3], "$[1]", "undefined", /null/);
    expectRefusal(undefined, "$", "undefined");
    expect(canonicalize({ a: 1, b: undefined })).toBe('{"a":1}');
    expect(canonicalize({ b: undefined })).toBe("{}");
  });

  it("Map, Set and other containers, with a hint", () => {
    expectRefusal({ byId: new Map([["a", 1]]) }, "$.byId", "not-json-data", /Object\.fromEntries/);
    expectRefusal({ tags: new Set(["a"]) }, "$.tags", "not-json-data", /array/);
    expectRefusal([new Uint8Array([1])], "$[0]", "not-json-data", /Array\.from/);
    expectRefusal({ pattern: /x/ }, "$.pattern", "not-json-data");
    expectRefusal({ pending: Promise.resolve(1) }, "$.pending", "not-json-data");
  });

  it("WeakMap and WeakSet, with a hint of their own (they cannot be listed, so not converted)", () => {
    expectRefusal({ cache: new WeakMap() }, "$.cache", "not-json-data", /^\$\.cache: a WeakMap is not JSON data and cannot be listed; keep the data in a Map/);
    expectRefusal([new WeakSet()], "$[0]", "not-json-data", /^\$\[0\]: a WeakSet is not JSON data and cannot be listed; keep the data in a Set/);
  });

  it("invalid Dates, which JSON.stringify writes as null", () => {
    expectRefusal({ at: new Date(Number.NaN) }, "$.at", "invalid-date");
  });

  it("names awkward property names in the path as JSON strings", () => {
    expectRefusal({ "line items": [{ "unit-price": Number.NaN }] }, '$["line items"][0]["unit-price"]', "nan");
  });

  it("escapes invisible characters in a property name, so the path shows which name it is", () => {
    expectRefusal({ "\ufeffid": Number.NaN }, '$["\\ufeffid"]', "nan");
    expectRefusal({ "a\u00a0b": { "c\u200bd": Number.NaN } }, '$["a\\u00a0b"]["c\\u200bd"]', "nan");
  });
});

describe("canonicalize: cycles through toJSON", () => {
  class SelfInResult {
    toJSON(): unknown {
      return { self: this };
    }
  }
  class SelfInArray {
    toJSON(): unknown {
      return [1, this];
    }
  }

  it.each([
    ["an object", new SelfInResult(), "$.self"],
    ["an array", new SelfInArray(), "$[1]"],
    ["a nested value", { a: [new SelfInResult()] }, "$.a[0].self"],
  ])("a toJSON result that holds the original (%s) is a cycle error, not an endless expansion", (_, value, path) => {
    expectRefusal(value, path, "cycle", /a cycle through what toJSON returns/);
    for (const run of [() => hash(value), () => equal(value, value), () => stableHash(value), () => partition(value, 8)]) {
      expect(canonicalizeError(run).path).toBe(path);
    }
  });

  it("still writes a toJSON object twice side by side, and toJSON results that nest other instances", () => {
    const shared = new SelfInResult();
    class Box {
      constructor(readonly inner: unknown) {}
      toJSON(): unknown {
        return { inner: this.inner };
      }
    }
    const at = new Date(0);
    expect(canonicalize({ a: at, b: at })).toBe('{"a":"1970-01-01T00:00:00.000Z","b":"1970-01-01T00:00:00.000Z"}');
    expect(canonicalize(new Box(new Box(new Box(1))))).toBe('{"inner":{"inner":{"inner":1}}}');
    expectRefusal([shared, shared], "$[0].self", "cycle");
  });
});

describe("canonicalize: output", () => {
  it("sorts property names by UTF-16 code units, not code points or locale (RFC 8785 §3.2.3)", () => {
    const value = { "\uFFFD": 1, "\u{1F600}": 2, é: 3, a: 4, B: 5, "": 6 };
    expect(canonicalize(value)).toBe('{"":6,"B":5,"a":4,"é":3,"😀":2,"�":1}');
  });

  it("orders array-index-like names by code units too, although JavaScript enumerates them first and numerically", () => {
    expect(canonicalize({ b: 1, 10: 2, 9: 3, a: 4, 1: 5 })).toBe('{"1":5,"10":2,"9":3,"a":4,"b":1}');
    expect(canonicalize({ $: 1, 7: 2 })).toBe('{"$":1,"7":2}');
    expect(canonicalize({ 4294967295: 1, 4294967294: 2, 99: 3 })).toBe('{"4294967294":2,"4294967295":1,"99":3}');
    expect(canonicalize([{ 2: "x", 10: "y" }, { 1: 1, 2: 2 }])).toBe('[{"10":"y","2":"x"},{"1":1,"2":2}]');
  });

  it("agrees with the canonicalize package on objects mixing index-like and other names, nested", () => {
    const name = fc.constantFrom("0", "1", "2", "9", "10", "11", "01", "-1", "1.5", "4294967294", "4294967295", "a", "$", "", "__proto__", "\u00e9", "\u{1F600}");
    const record = (inner: fc.Arbitrary<unknown>): fc.Arbitrary<Record<string, unknown>> =>
      fc.uniqueArray(fc.tuple(name, inner), { selector: ([key]) => key, maxLength: 8 }).map((entries) => {
        const object: Record<string, unknown> = {};
        // Own "__proto__" properties too, as JSON.parse makes them.
        for (const [key, member] of entries) Object.defineProperty(object, key, { value: member, enumerable: true, writable: true, configurable: true });
        return object;
      });
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small" }, fc.integer(), fc.string(), record(tie("node")), fc.array(tie("node"), { maxLength: 3 })),
    })).node;
    fc.assert(
      fc.property(value, (generated) => {
        expect(canonicalize(generated)).toBe(canonicalizePackage(generated));
      }),
      { numRuns: 1000 },
    );
  });

  it("writes the same text when nesting is too deep for JSON.stringify (the iterative writer)", () => {
    const wrap = (inner: unknown, depth: number): unknown => {
      let wrapped = inner;
      for (let level = 0; level < depth; level++) wrapped = [wrapped];
      return wrapped;
    };
    fc.assert(
      fc.property(fc.jsonValue(), fc.dictionary(fc.constantFrom("1", "10", "9", "a", "__proto__"), fc.jsonValue()), (json, indexed) => {
        const value = [json, indexed, { 2: [indexed], b: json }];
        expect(canonicalize(wrap(value, 1500))).toBe(`${"[".repeat(1500)}${canonicalize(value)}${"]".repeat(1500)}`);
      }),
      { numRuns: 50 },
    );
  });

  it("falls back to the iterative writer when JSON.stringify runs out of stack in a deeply nested caller", () => {
    let value: unknown = [{ 10: 1, 9: 2 }];
    for (let level = 0; level < 900; level++) value = [value];
    const expected = `${"[".repeat(901)}{"10":1,"9":2}${"]".repeat(901)}`;
    // Recurse until JSON.stringify itself fails on the value (tried every 50 levels), then canonicalize there.
    const atTheEdge = (level: number): string => {
      if (level % 50 === 0) {
        try {
          JSON.stringify(value);
        } catch (error) {
          if (error instanceof RangeError) return canonicalize(value);
          throw error;
        }
      }
      return atTheEdge(level + 1);
    };
    expect(atTheEdge(0)).toBe(expected);
  });

  it("escapes strings minimally (RFC 8785 §3.2.2.2)", () => {
    expect(canonicalize("\u0000\b\t\n\f\r\u001f\"\\/\u007f€")).toBe('"\\u0000\\b\\t\\n\\f\\r\\u001f\\"\\\\/\u007f€"');
  });

  it("honours toJSON like JSON.stringify, with the property name or index as argument", () => {
    const keys: string[] = [];
    const spy = { toJSON: (key: string) => (keys.push(key), `k:${key}`) };
    expect(canonicalize({ a: spy, list: [spy] })).toBe('{"a":"k:a","list":["k:0"]}');
    expect(canonicalize(spy)).toBe('"k:"');
    expect(keys).toEqual(["a", "0", ""]);
    expect(canonicalize({ at: new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)) })).toBe('{"at":"2024-01-02T03:04:05.006Z"}');
    expect(canonicalize({ gone: { toJSON: () => undefined } })).toBe("{}");
    expectRefusal([{ toJSON: () => undefined }], "$[0]", "undefined");
    expectRefusal({ bad: { toJSON: () => Number.NaN } }, "$.bad", "nan");
  });

  it("unwraps boxed primitives like JSON.stringify", () => {
    expect(canonicalize([new Number(1.5), new String("s"), new Boolean(false)])).toBe('[1.5,"s",false]');
  });

  it("writes -0 as 0 and numbers as ECMAScript does", () => {
    expect(canonicalize([-0, 1e21, 1e-7, 123e-20, 0.1 + 0.2])).toBe("[0,1e+21,1e-7,1.23e-18,0.30000000000000004]");
  });

  it("writes a Decimal as the number it is when a double carries it exactly, else refuses or writes a string", () => {
    expect(canonicalize({ price: dec("10.10"), big: dec("1e21"), tiny: dec("-1.5e-7") })).toBe(
      '{"big":1e+21,"price":10.1,"tiny":-1.5e-7}',
    );
    expectRefusal({ total: dec("0.1000000000000000000001") }, "$.total", "inexact-number", /decimal: "string"/);
    expect(canonicalize([dec("0.1000000000000000000001"), dec("-0")], { decimal: "string" })).toBe(
      '["0.1000000000000000000001","0"]',
    );
    expect(canonicalize([new DecimalJs("2.50")])).toBe("[2.5]");
    expectRefusal([new Decimal(Number.NaN)], "$[0]", "nan");
    expectRefusal([new Decimal(Number.POSITIVE_INFINITY)], "$[0]", "infinity");
  });

  it("survives 100,000 levels of nesting", () => {
    const depth = 100_000;
    let arrays: unknown = [];
    for (let level = 1; level < depth; level++) arrays = [arrays];
    expect(canonicalize(arrays)).toBe(nested(depth, "[", "]", ""));
    let objects: unknown = { end: true };
    for (let level = 1; level < depth; level++) objects = { z: objects };
    expect(canonicalize(objects)).toBe(nested(depth - 1, '{"z":', "}", '{"end":true}'));
  });

  it("reports the full path of a refusal deep inside, and a message of bounded length", () => {
    let value: unknown = Number.NaN;
    for (let level = 0; level < 1000; level++) value = [value];
    const error = canonicalizeError(() => canonicalize(value));
    expect({ path: error.path, reason: error.reason }).toEqual({ path: `$${"[0]".repeat(1000)}`, reason: "nan" });
    // 100 characters from the start, 200 from the end: the end is where the problem is.
    expect(error.message).toBe(`$${"[0]".repeat(33)}…(2701 characters left out)…0]${"[0]".repeat(66)}: NaN is not a JSON number`);
  });

  it("refuses unknown options", () => {
    expect(() => Reflect.apply(canonicalize, undefined, [1n, { bigint: "drop" }])).toThrow(RangeError);
    expect(() => Reflect.apply(canonicalize, undefined, [1, { decimal: "round" }])).toThrow(/"number" or "string"/);
  });

  it("agrees with the canonicalize package on JSON data", () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: "grapheme" }), (value) => {
        expect(canonicalize(value)).toBe(canonicalizePackage(value));
      }),
      { numRuns: 300 },
    );
  });
});

describe("hash and equal", () => {
  it("hash is the SHA-256 of the canonical UTF-8 bytes, as 64 hex digits", () => {
    const canonical = '{"a":[1,"é"],"b":true}';
    expect(hash({ b: true, a: [1, "é"] })).toBe(createHash("sha256").update(Buffer.from(canonical, "utf8")).digest("hex"));
    // Pinned, so that no change to canonicalize can silently change every stored hash.
    expect(hash({ b: true, a: [1, "é"] })).toBe("3b1b7e9f099d9a79d025fe8edb15c0f2d3ae22f18d4263975a398fd0fd74858e");
  });

  it("does not depend on property order", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (record) => {
        const reversed = Object.fromEntries(Object.entries(record).reverse());
        expect(hash(reversed)).toBe(hash(record));
        expect(equal(reversed, record)).toBe(true);
      }),
    );
  });

  it("equal compares canonical forms", () => {
    expect(equal({ a: 1, b: [2] }, { b: [2], a: 1 })).toBe(true);
    expect(equal(dec("0.10"), 0.1)).toBe(true);
    expect(equal(-0, 0)).toBe(true);
    expect(equal(1, "1")).toBe(false);
    expect(equal([1, 2], [2, 1])).toBe(false);
    expect(() => equal({ a: Number.NaN }, {})).toThrow(CanonicalizeError);
  });
});

describe("parse: errors carry position, line, column and path", () => {
  function expectParseError(
    text: string,
    expected: { reason: JsonParseErrorReason; position: number; line?: number; column?: number; path?: string },
  ): void {
    const error = parseError(() => parse(text));
    const actual = {
      reason: error.reason,
      position: error.position,
      ...(expected.line === undefined ? {} : { line: error.line }),
      ...(expected.column === undefined ? {} : { column: error.column }),
      ...(expected.path === undefined ? {} : { path: error.path }),
    };
    expect(actual).toEqual(expected);
    expect(error.message).toContain(`(offset ${error.position})`);
    expect(error).toBeInstanceOf(SyntaxError);
  }

  it("rejects duplicate property names at the second occurrence", () => {
    expectParseError('{"a":1,"a":2}', { reason: "duplicate-key", position: 7, line: 1, column: 8, path: "$.a" });
    expectParseError('{"o": {"x": 1,\n  "x": [2]}}', { reason: "duplicate-key", position: 17, line: 2, column: 3, path: "$.o.x" });
    expectParseError('{"__proto__":1,"__proto__":2}', { reason: "duplicate-key", position: 15 });
    expectParseError('{"toString":1,"toString":2}', { reason: "duplicate-key", position: 14 });
    expect(parse('{"toString":1}')).toEqual({ toString: 1 });
  });

  it.each([
    ["\ufeff{}", "unexpected U+FEFF (byte order mark), expected a JSON value at line 1, column 1 (offset 0)"],
    ['{"a":\u00a01}', "unexpected U+00A0 (no-break space), expected a JSON value at line 1, column 6 (offset 5) in $.a"],
    ["[1,\u200b2]", "unexpected U+200B (zero-width space), expected a JSON value at line 1, column 4 (offset 3) in $[1]"],
    ["[1]\u2028", "unexpected U+2028 (line separator) after the JSON value at line 1, column 4 (offset 3)"],
    ["[\u2003]", "unexpected U+2003 (space character), expected a JSON value at line 1, column 2 (offset 1) in $[0]"],
    ["[\u0001]", "unexpected U+0001 (control character), expected a JSON value at line 1, column 2 (offset 1) in $[0]"],
    ["[x]", 'unexpected "x", expected a JSON value at line 1, column 2 (offset 1) in $[0]'],
  ])("names an invisible character by code point and name: %j", (text, message) => {
    expect(parseError(() => parse(text)).message).toBe(message);
  });

  it("escapes invisible characters in a quoted property name and in the path", () => {
    const error = parseError(() => parse('{"id\u200b":1,"id\u200b":2}'));
    expect(error.message).toBe('duplicate property name "id\\u200b" at line 1, column 10 (offset 9) in $["id\\u200b"]');
    expect(error.path).toBe('$["id\\u200b"]');
  });

  it("keeps messages short for a path 100,000 levels deep and a megabyte-long name, and the path whole", () => {
    const deep = parseError(() => parse(nested(100_000, '{"k":', "}", "NaN")));
    expect(deep.path).toBe(`$${".k".repeat(100_000)}`);
    expect(deep.message).toMatch(/^unexpected "N", expected a JSON value at line 1, column 500001 \(offset 500000\) in \$(\.k){49}\.…\(199701 characters left out\)…(\.k){100}$/);
    const name = "n".repeat(1_000_000);
    const duplicate = parseError(() => parse(`{"${name}":1,"${name}":2}`));
    expect(duplicate.message.length).toBeLessThan(800);
    expect(duplicate.message).toContain('duplicate property name "nnnn');
    expect(duplicate.message).toContain("(999800 characters left out)");
    let value: unknown = Number.NaN;
    for (let level = 0; level < 100_000; level++) value = { "a b": value };
    const refusal = canonicalizeError(() => canonicalize(value));
    expect(refusal.path).toBe(`$${'["a b"]'.repeat(100_000)}`);
    expect(refusal.path.length).toBe(700_001);
    expect(refusal.message).toMatch(/^\$(\["a b"\]){14}\[…\(699701 characters left out\)… b"\](\["a b"\]){28}: NaN is not a JSON number$/);
    expect(refusal.message.length).toBeLessThan(400);
  });

  it("locates syntax errors by line and column across \\n, \\r\\n and \\r", () => {
    expectParseError('{\n  "a": [1, 2,, 3]\n}', { reason: "unexpected-character", position: 15, line: 2, column: 14, path: "$.a[2]" });
    expectParseError('{\r\n  "a": tru\r\n}', { reason: "unexpected-character", position: 10, line: 2, column: 8, path: "$.a" });
    expectParseError("[1,\r2,\rx]", { reason: "unexpected-character", position: 7, line: 3, column: 1, path: "$[2]" });
  });

  it.each([
    ["", "unexpected-end", 0],
    ["   ", "unexpected-end", 3],
    ["[1,2", "unexpected-end", 4],
    ['{"a":1,}', "unexpected-character", 7],
    ["[1,]", "unexpected-character", 3],
    ["{a:1}", "unexpected-character", 1],
    ['{"a" 1}', "unexpected-character", 5],
    ["[1 2]", "unexpected-character", 3],
    ["1 2", "unexpected-character", 2],
    ["\ufeff1", "unexpected-character", 0],
    ["01", "invalid-number", 1],
    ["-01", "invalid-number", 2],
    ["1.", "unexpected-end", 2],
    ["1.x", "invalid-number", 2],
    [".5", "unexpected-character", 0],
    ["+1", "unexpected-character", 0],
    ["-", "unexpected-end", 1],
    ["1e", "unexpected-end", 2],
    ["1e+", "unexpected-end", 3],
    ['"abc', "unexpected-end", 4],
    ['"a\\x"', "invalid-string", 2],
    ['"a\\u12G4"', "invalid-string", 6],
    ['"a\nb"', "invalid-string", 2],
    ['"\\ud800"', "lone-surrogate", 1],
    ['"\\udc00"', "lone-surrogate", 1],
    ['"\\ud800\\u0041"', "lone-surrogate", 1],
    ['"x\ud800y"', "lone-surrogate", 2],
    ['"\\ud83d\\ude00\\ude00"', "lone-surrogate", 13],
    ["NaN", "unexpected-character", 0],
    ["[Infinity]", "unexpected-character", 1],
  ] as const)("%j → %s at %i", (text, reason, position) => {
    expectParseError(text, { reason, position });
  });

  it("accepts what JSON accepts around those", () => {
    expect(parse(' \t\r\n{"a" : [ 1 , -0.5e-3 , "x" , true , false , null ] } \n')).toEqual({
      a: [1, -0.0005, "x", true, false, null],
    });
    expect(parse('"\\ud83d\\ude00 \\u00e9\\/\\b\\f\\n\\r\\t\\"\\\\"')).toBe('😀 é/\b\f\n\r\t"\\');
    expect(parse('"😀"')).toBe("😀");
  });

  it("refuses a non-string text and an unknown number mode", () => {
    // Reflect.apply, to pass what the types forbid, as untyped JavaScript callers can.
    expect(() => Reflect.apply(parse, undefined, [Buffer.from("1")])).toThrow(TypeError);
    expect(() => Reflect.apply(parse, undefined, ["1", { numbers: "float" }])).toThrow(RangeError);
  });
});

describe("parse: numbers, losslessly", () => {
  it('"number" (the default) gives numbers when exact and refuses the rest with the path', () => {
    expect(parse("[0.1, 1e+23, 56.0, 9007199254740991, -0, 1152921504606847000, 5e-324]")).toEqual([
      0.1, 1e23, 56, 9007199254740991, -0, 2 ** 60, 5e-324,
    ]);
    const inexact = ["9007199254740993", "1152921504606846976", "0.1000000000000000000001", "1e400", "1e-400", "333333333.33333329"];
    for (const text of inexact) {
      const error = parseError(() => parse(`{"order": {"price": ${text}}}`));
      expect({ reason: error.reason, path: error.path, position: error.position }).toEqual({
        reason: "inexact-number",
        path: "$.order.price",
        position: 20,
      });
      expect(error.message).toContain('numbers: "decimal"');
    }
  });

  it('"decimal" gives Decimals for non-integers, numbers for safe integers and bigints beyond', () => {
    const parsed = parse('{"price": 12.50, "qty": 3, "id": 123456789012345678901, "rate": 1e-3, "whole": 2.0, "n": -0}', {
      numbers: "decimal",
    });
    if (!isRecord(parsed)) throw new Error("expected an object");
    const { price, qty, id, rate, whole, n } = parsed;
    expect({ qty, id }).toEqual({ qty: 3, id: 123456789012345678901n });
    for (const decimal of [price, rate, whole]) expect(decimal).toBeInstanceOf(Decimal);
    expect([String(price), String(rate), String(whole)]).toEqual(["12.5", "0.001", "2"]);
    expect(Object.is(n, -0)).toBe(true);
    const precise = parse("0.1000000000000000000000000000000000000000001", { numbers: "decimal" });
    expect(String(precise)).toBe("0.1000000000000000000000000000000000000000001");
  });

  it('"decimal" refuses exponents beyond Decimal\'s range', () => {
    const error = parseError(() => parse("[1.5e99999999999999999]", { numbers: "decimal" }));
    expect({ reason: error.reason, position: error.position, path: error.path }).toEqual({
      reason: "number-out-of-range",
      position: 1,
      path: "$[0]",
    });
    expect(parseError(() => parse("1e-99999999999999999", { numbers: "decimal" })).reason).toBe("number-out-of-range");
    expect(String(parse("0e-99999999999999999", { numbers: "decimal" }))).toBe("0");
  });

  it('"bigint" gives bigints for every integer literal and exact numbers otherwise', () => {
    expect(parse("[1, 0, 12345678901234567890, 2.5, 1e2]", { numbers: "bigint" })).toEqual([1n, 0n, 12345678901234567890n, 2.5, 100]);
    // No bigint is negative zero: -0 stays the number -0 rather than losing its sign.
    const zeros = parse("[-0, 0, -0.0]", { numbers: "bigint" });
    expect(Array.isArray(zeros) && zeros.map((zero) => (typeof zero === "number" ? Object.is(zero, -0) : zero))).toEqual([true, 0n, true]);
    expect(parseError(() => parse("[0.1000000000000000000001]", { numbers: "bigint" })).reason).toBe("inexact-number");
  });

  it('"decimal" builds exactly the Decimal that decimal.js parses from the same text', () => {
    const digits = fc.oneof(fc.stringMatching(/^[0-9]{1,4}$/), fc.stringMatching(/^[0-9]{1,30}$/), fc.constantFrom("0", "00", "000000000"));
    const literal = fc
      .tuple(
        fc.boolean(),
        fc.oneof(fc.constant("0"), digits.map((text) => `1${text}`)),
        fc.option(digits, { nil: undefined }),
        fc.option(fc.tuple(fc.constantFrom("e", "E", "e+", "e-", "E-"), fc.integer({ min: 0, max: 400 })), { nil: undefined }),
      )
      .map(([negative, integer, fraction, exponent]) => {
        const mantissa = `${negative ? "-" : ""}${integer}${fraction === undefined ? "" : `.${fraction}`}`;
        return exponent === undefined ? mantissa : `${mantissa}${exponent[0]}${exponent[1]}`;
      })
      .filter((text) => /[.eE]/.test(text));
    fc.assert(
      fc.property(literal, (text) => {
        const parsed = parse(`[${text}]`, { numbers: "decimal" });
        const reference = new Decimal(text);
        if (!Array.isArray(parsed)) throw new Error("expected an array");
        const [decimal] = parsed;
        if (!Decimal.isDecimal(decimal)) throw new Error("expected a Decimal");
        expect({ s: decimal.s, e: decimal.e, d: decimal.d }).toEqual({ s: reference.s, e: reference.e, d: reference.d });
        expect(decimal).toBeInstanceOf(Decimal);
        expect(decimal.toString()).toBe(reference.toString());
      }),
      { numRuns: 3000 },
    );
    for (const text of ["0.0", "-0.000", "0e5", "1.0000000", "100.0", "0.00000012", "123456789012345.0", "9.99999999999999"]) {
      const parsed = parse(`[${text}]`, { numbers: "decimal" });
      const reference = new Decimal(text);
      expect(parsed).toEqual([reference]);
      if (Array.isArray(parsed) && Decimal.isDecimal(parsed[0])) expect(parsed[0].d).toEqual(reference.d);
    }
  });
});

describe("parse: structure", () => {
  it("survives 100,000 levels of nesting, arrays and objects", () => {
    const depth = 100_000;
    let value = parse(nested(depth, "[", "]", "7"));
    let levels = 0;
    while (Array.isArray(value)) {
      value = value[0];
      levels++;
    }
    expect({ levels, value }).toEqual({ levels: depth, value: 7 });
    let object = parse(nested(depth, '{"k":', "}", "null"));
    levels = 0;
    while (isRecord(object)) {
      object = object.k;
      levels++;
    }
    expect(levels).toBe(depth);
  });

  it("makes a __proto__ member an own property without touching the prototype", () => {
    const parsed = parse('{"__proto__": {"polluted": true}, "a": 1}');
    if (!isRecord(parsed)) throw new Error("expected an object");
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(["__proto__", "a"]);
    expect(Object.getOwnPropertyDescriptor(parsed, "__proto__")?.value).toEqual({ polluted: true });
    expect(Reflect.get({}, "polluted")).toBeUndefined();
  });

  it("agrees with JSON.parse on JSON text", () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: "grapheme" }), fc.boolean(), (value, pretty) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined);
        expect(parse(text)).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });
});

describe("round trips", () => {
  const jsonValues = fc.jsonValue({ stringUnit: "grapheme" });

  it("canonicalize ∘ parse is idempotent", () => {
    fc.assert(
      fc.property(jsonValues, (value) => {
        const canonical = canonicalize(value);
        expect(canonicalize(parse(canonical))).toBe(canonical);
        expect(canonicalize(parse(canonical, { numbers: "decimal" }), { bigint: "number" })).toBe(canonical);
        expect(canonicalize(parse(canonical, { numbers: "bigint" }), { bigint: "number" })).toBe(canonical);
      }),
      { numRuns: 300 },
    );
  });

  it("parse(canonicalize(x)) equals x for JSON-safe values", () => {
    fc.assert(
      fc.property(jsonValues, (value) => {
        // JSON cannot tell -0 from 0; JSON.stringify(-0) is "0" as well.
        expect(parse(canonicalize(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 300 },
    );
  });
});
