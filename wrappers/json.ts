import { createHash } from "node:crypto";
import { types } from "node:util";
import { compareStrings } from "./collections.js";
import { Decimal } from "./decimal.js";
import { roundTripsThroughDouble } from "./internal/decimal-text.js";
import { parseJson } from "./internal/json-parse.js";
import type { JsonNumberMode } from "./internal/json-parse.js";
import { abridgeDigits, abridgePath } from "./internal/error-text.js";
import { pathSegment } from "./internal/json-path.js";

/** Options of {@link canonicalize}, {@link hash} and {@link equal}. */
export interface CanonicalizeOptions {
  /**
   * How to write a bigint, which JSON numbers (IEEE-754 doubles under RFC 8785) cannot hold in general:
   * - `"error"`: refuse it;
   * - `"string"`: as a JSON string of its decimal digits (`12n` → `"12"`), as I-JSON (RFC 7493 §2.2) recommends
   *   for numbers beyond double precision;
   * - `"number"`: as a JSON number when the double nearest to it prints back as the same integer
   *   (`2n ** 50n` → `1125899906842624`, `10n ** 21n` → `1e+21`), and refuse it otherwise (`2n ** 53n + 1n` is no
   *   double; `2n ** 60n` is one, but prints as `1152921504606847000`).
   * @default "error"
   */
  bigint?: "error" | "string" | "number";
  /**
   * How to write a Decimal (an instance of any decimal.js constructor, including `detkit/decimal`'s):
   * - `"number"`: as a JSON number when the double nearest to it prints back as the same decimal value (true of
   *   every decimal with at most 15 significant digits inside the double range, e.g. `dec("10.10")` → `10.1`),
   *   and refuse it otherwise, since writing the double would silently drop digits;
   * - `"string"`: always as a JSON string of its value (`dec("0.10")` → `"0.1"`; exponent from 1e21 and below
   *   1e-7, like numbers).
   * @default "number"
   */
  decimal?: "number" | "string";
}

/** Why {@link canonicalize} refused a value. */
export type CanonicalizeErrorReason =
  /** `NaN` (a number or a Decimal). */
  | "nan"
  /** `Infinity` or `-Infinity` (a number or a Decimal). */
  | "infinity"
  /** A string or property name with an unpaired UTF-16 surrogate (RFC 8785 §3.2.2.2 requires an error). */
  | "lone-surrogate"
  /** An object or array that contains itself, also through what `toJSON` returns. */
  | "cycle"
  /** A bigint while the `bigint` option is `"error"`. */
  | "bigint"
  /** A bigint or Decimal that a JSON number cannot carry without losing digits. */
  | "inexact-number"
  /** A function as an array element, a property value or the whole value. */
  | "function"
  /** A symbol as an array element, a property value or the whole value. */
  | "symbol"
  /** `undefined` as an array element or as the whole value (undefined properties are omitted instead). */
  | "undefined"
  /** A Date whose time is NaN (`JSON.stringify` would write `null`). */
  | "invalid-date"
  /** An object that is not JSON data: Map, Set, WeakMap, WeakSet, typed array, ArrayBuffer, RegExp, Promise. */
  | "not-json-data";

/**
 * Thrown by {@link canonicalize}, {@link hash} and {@link equal} for a value that is not JSON data.
 * The message starts with the path, e.g. `$.items[3].price: NaN is not a JSON number` (a path longer than 300
 * characters is shortened in the middle there; `path` has it whole).
 */
export class CanonicalizeError extends Error {
  /**
   * Where the value sits, from the root `$`: `.name` for property names that are identifiers, `["name"]` (a JSON
   * string) for others, `[3]` for array indexes. For a refused property name, the path of that property.
   */
  readonly path: string;
  /** What is wrong with the value. */
  readonly reason: CanonicalizeErrorReason;

  constructor(path: string, reason: CanonicalizeErrorReason, detail: string) {
    super(`${abridgePath(path)}: ${detail}`);
    this.name = "CanonicalizeError";
    this.path = path;
    this.reason = reason;
  }
}

// Strings made only of characters that RFC 8785 §3.2.2.2 writes as themselves need no escaping; everything else
// (quote, backslash, controls, surrogates) takes the careful path.
const NEEDS_ESCAPE_OR_CHECK = /["\\\u0000-\u001f\ud800-\udfff]/;

// A high surrogate not followed by a low one, or a low one not preceded by a high one (code units: no `u` flag).
// String.prototype.isWellFormed would do, but is not in the ES2023 library this project compiles against.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The RFC 8785 form of a string, or undefined when it holds a lone surrogate. */
function quote(text: string): string | undefined {
  if (!NEEDS_ESCAPE_OR_CHECK.test(text)) return `"${text}"`;
  if (LONE_SURROGATE.test(text)) return undefined;
  // ES2019 JSON.stringify escapes exactly as RFC 8785 §3.2.2.2: \b \t \n \f \r \" \\, other controls as \u00xx
  // with lowercase hex, everything else literal.
  return JSON.stringify(text);
}

interface ArrayFrame {
  readonly array: readonly unknown[];
  /** The object whose `toJSON` returned this container, if any: on the path too, for cycle detection. */
  readonly source: object | undefined;
  readonly keys: undefined;
  index: number;
  wroteMember: boolean;
}

interface ObjectFrame {
  readonly object: Readonly<Record<string, unknown>>;
  readonly source: object | undefined;
  readonly keys: readonly string[];
  index: number;
  wroteMember: boolean;
}

type Frame = ArrayFrame | ObjectFrame;

function isArrayFrame(frame: Frame): frame is ArrayFrame {
  return frame.keys === undefined;
}

function framePath(stack: readonly Frame[]): string {
  let path = "$";
  for (const frame of stack) {
    path += isArrayFrame(frame) ? `[${frame.index}]` : pathSegment(frame.keys[frame.index] ?? "");
  }
  return path;
}

function describeNotJsonData(value: object): string | undefined {
  if (types.isMap(value)) {
    return "a Map is not JSON data; convert it, e.g. Object.fromEntries(map) for string keys or [...map] for pairs";
  }
  if (types.isSet(value)) {
    return "a Set is not JSON data; convert it to a sorted array, e.g. [...set].sort(compareStrings)";
  }
  // Weak collections cannot be listed at all, so there is nothing to convert them to.
  if (types.isWeakMap(value)) {
    return "a WeakMap is not JSON data and cannot be listed; keep the data in a Map or a plain object instead";
  }
  if (types.isWeakSet(value)) {
    return "a WeakSet is not JSON data and cannot be listed; keep the data in a Set or an array instead";
  }
  if (types.isArrayBufferView(value) || types.isAnyArrayBuffer(value)) {
    return "binary data is not JSON data; convert it, e.g. Array.from(bytes) or a base64 string";
  }
  if (types.isRegExp(value)) return "a RegExp is not JSON data; write its source as a string";
  if (types.isPromise(value)) return "a Promise is not JSON data; await it first";
  return undefined;
}

/** Every non-null object can be read by property name; this tells the compiler so without a cast. */
function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null;
}

function isPlainPrototype(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Serializes a value to its RFC 8785 (JSON Canonicalization Scheme) form: object members sorted by the UTF-16 code
 * units of their names (§3.2.3), no whitespace, numbers as ECMAScript prints doubles (§3.2.2.3), strings with the
 * minimal escapes of §3.2.2.2. Equal data gives byte-identical text on every machine.
 *
 * What is JSON data here, following `JSON.stringify` where it is unambiguous:
 * - `toJSON(key)` is called like `JSON.stringify` does (Dates become ISO strings); its result is serialized;
 * - boxed primitives (`new Number(1)`) are unwrapped;
 * - a property whose value is `undefined` (after `toJSON`) is omitted, as an absent optional field;
 * - own enumerable string-keyed properties are written, symbol keys ignored, getters read once;
 * - Decimals are written according to {@link CanonicalizeOptions.decimal}, bigints to
 *   {@link CanonicalizeOptions.bigint}.
 *
 * Refused with a {@link CanonicalizeError} naming the path and reason, where `JSON.stringify` would silently
 * write something else or throw without a path: NaN, ±Infinity, lone surrogates, cycles, bigints (by default),
 * functions and symbols anywhere, `undefined` in arrays or as the whole value, invalid Dates, Map, Set, typed
 * arrays, RegExp, Promise. Nesting depth is limited by memory only (no recursion).
 */
export function canonicalize(value: unknown, options: CanonicalizeOptions = {}): string {
  // The `canonicalize` package is not called here: it recurses (a RangeError long before 100,000 levels), writes
  // functions as invalid JSON (`[1,]`, `{"a":undefined}`), turns undefined array elements into null, Maps into
  // `{}`, and its errors carry no path. It serves as the differential-test oracle and the benchmark baseline.
  const bigintMode = options.bigint ?? "error";
  const decimalMode = options.decimal ?? "number";
  if (bigintMode !== "error" && bigintMode !== "string" && bigintMode !== "number") {
    throw new RangeError(`canonicalize: bigint must be "error", "string" or "number", got ${JSON.stringify(bigintMode)}`);
  }
  if (decimalMode !== "number" && decimalMode !== "string") {
    throw new RangeError(`canonicalize: decimal must be "number" or "string", got ${JSON.stringify(decimalMode)}`);
  }
  const stack: Frame[] = [];
  // Only the containers on the current path: the same object may appear twice side by side (a DAG), not inside
  // itself.
  const ancestors = new Set<object>();
  let out = "";
  // `"name":` for each property name met so far: names repeat from object to object.
  const memberPrefixes = new Map<string, string>();

  const fail = (reason: CanonicalizeErrorReason, detail: string): never => {
    throw new CanonicalizeError(framePath(stack), reason, detail);
  };

  // The object whose toJSON made the value `resolve` returned last. A container made so keeps that object on the
  // path while it is written, so a toJSON result holding the original (`{ self: this }`) is a cycle, not an
  // expansion without end.
  let resolvedFrom: object | undefined;

  /** Applies `toJSON` and unwraps boxed primitives, as JSON.stringify's SerializeJSONProperty does. */
  const resolve = (input: unknown, key: string | number): unknown => {
    resolvedFrom = undefined;
    if (typeof input !== "object" || input === null) return input;
    const record: { toJSON?: unknown } = input;
    const toJSON = record.toJSON;
    if (typeof toJSON !== "function") return unwrap(input);
    // A Decimal keeps its numeric identity: its own toJSON would make it a string.
    if (Decimal.isDecimal(input)) return input;
    if (ancestors.has(input)) fail("cycle", "the value contains itself (a cycle through what toJSON returns)");
    if (types.isDate(input) && Number.isNaN(input.getTime())) {
      fail("invalid-date", "an invalid Date is not JSON data (JSON.stringify would write null)");
    }
    // JSON.stringify passes array indexes to toJSON as strings.
    const resolved: unknown = toJSON.call(input, typeof key === "number" ? String(key) : key);
    if (typeof resolved !== "object" || resolved === null) return resolved;
    resolvedFrom = input;
    return unwrap(resolved);
  };

  /** Unwraps boxed primitives and refuses containers that are not JSON data. */
  const unwrap = (resolved: object): unknown => {
    if (isPlainPrototype(resolved) || Array.isArray(resolved)) return resolved;
    if (types.isNumberObject(resolved)) return Number(resolved);
    if (types.isStringObject(resolved)) return String(resolved);
    if (types.isBooleanObject(resolved)) return resolved.valueOf();
    if (types.isBigIntObject(resolved)) return resolved.valueOf();
    if (types.isSymbolObject(resolved)) return resolved.valueOf();
    const notJsonData = describeNotJsonData(resolved);
    if (notJsonData !== undefined) fail("not-json-data", notJsonData);
    return resolved;
  };

  const writeNumber = (number: number): void => {
    if (Number.isFinite(number)) {
      out += String(number);
    } else if (Number.isNaN(number)) {
      fail("nan", "NaN is not a JSON number");
    } else {
      fail("infinity", `${number} is not a JSON number`);
    }
  };

  const writeExactNumber = (digits: string, what: string, option: string): void => {
    if (roundTripsThroughDouble(digits)) {
      out += String(Number(digits));
    } else {
      fail(
        "inexact-number",
        `${what} ${abridgeDigits(digits)} has more precision than a JSON number (an IEEE-754 double) carries; ` +
          `pass { ${option}: "string" } to write it as a string`,
      );
    }
  };

  const writeDecimal = (decimal: Decimal): void => {
    if (decimal.isNaN()) fail("nan", "a NaN Decimal is not a JSON number");
    if (!decimal.isFinite()) fail("infinity", `an infinite Decimal (${decimal.toString()}) is not a JSON number`);
    // Re-home into detkit's constructor so the notation does not depend on another clone's toExpNeg/toExpPos.
    const text = decimal.isZero() ? "0" : new Decimal(decimal).toString();
    if (decimalMode === "string") {
      out += `"${text}"`;
    } else {
      writeExactNumber(text, "the Decimal", "decimal");
    }
  };

  const writeBigint = (integer: bigint): void => {
    if (bigintMode === "string") {
      out += `"${integer}"`;
    } else if (bigintMode === "number") {
      writeExactNumber(integer.toString(), "the bigint", "bigint");
    } else {
      fail("bigint", `a bigint (${abridgeDigits(integer.toString())}n) is not JSON data; pass { bigint: "string" } to write it as a string`);
    }
  };

  /** Puts a container about to be written, and the object whose toJSON made it, on the path. */
  const enterContainer = (container: object): object | undefined => {
    const source = resolvedFrom;
    ancestors.add(container);
    if (source !== undefined) ancestors.add(source);
    return source;
  };

  const leaveContainer = (container: object, source: object | undefined): void => {
    ancestors.delete(container);
    if (source !== undefined) ancestors.delete(source);
  };

  /** Writes a scalar, or opens a container and pushes its frame. */
  const write = (item: unknown): void => {
    switch (typeof item) {
      case "string": {
        const quoted = quote(item);
        if (quoted === undefined) fail("lone-surrogate", "the string contains a lone surrogate (RFC 8785 §3.2.2.2)");
        out += quoted;
        return;
      }
      case "number":
        writeNumber(item);
        return;
      case "boolean":
        out += item ? "true" : "false";
        return;
      case "bigint":
        writeBigint(item);
        return;
      case "undefined":
        fail(
          "undefined",
          stack.length === 0
            ? "undefined is not JSON data"
            : "undefined is not JSON data (JSON.stringify would write null in an array)",
        );
        return;
      case "function":
        fail("function", "a function is not JSON data");
        return;
      case "symbol":
        fail("symbol", "a symbol is not JSON data");
        return;
      case "object":
        break;
    }
    if (item === null) {
      out += "null";
      return;
    }
    if (Decimal.isDecimal(item)) {
      writeDecimal(item);
      return;
    }
    if (ancestors.has(item)) fail("cycle", "the value contains itself (a cycle)");
    if (Array.isArray(item)) {
      const array: readonly unknown[] = item;
      if (array.length === 0) {
        out += "[]";
        return;
      }
      const source = enterContainer(array);
      stack.push({ array, source, keys: undefined, index: -1, wroteMember: false });
      out += "[";
      return;
    }
    if (!isRecord(item)) return;
    const object = item;
    const keys = Object.keys(object);
    if (keys.length === 0) {
      out += "{}";
      return;
    }
    // RFC 8785 §3.2.3: sort by UTF-16 code units, independent of locale.
    keys.sort(compareStrings);
    const source = enterContainer(object);
    stack.push({ object, source, keys, index: -1, wroteMember: false });
    out += "{";
  };

  write(resolve(value, ""));
  for (;;) {
    const frame = stack[stack.length - 1];
    if (frame === undefined) return out;
    frame.index++;
    if (isArrayFrame(frame)) {
      const { array } = frame;
      if (frame.index < array.length) {
        if (frame.index > 0) out += ",";
        write(resolve(array[frame.index], frame.index));
        continue;
      }
      out += "]";
      leaveContainer(array, frame.source);
      stack.pop();
      continue;
    }
    const { object, keys } = frame;
    const key = keys[frame.index];
    if (key !== undefined) {
      const member = resolve(object[key], key);
      // Omitted like JSON.stringify does: an undefined property is an absent optional field.
      if (member === undefined) continue;
      let memberPrefix = memberPrefixes.get(key);
      if (memberPrefix === undefined) {
        const quotedKey = quote(key);
        if (quotedKey === undefined) {
          fail("lone-surrogate", "the property name contains a lone surrogate (RFC 8785 §3.2.2.2)");
        }
        memberPrefix = `${quotedKey}:`;
        memberPrefixes.set(key, memberPrefix);
      }
      if (frame.wroteMember) out += ",";
      out += memberPrefix;
      frame.wroteMember = true;
      write(member);
      continue;
    }
    out += "}";
    leaveContainer(object, frame.source);
    stack.pop();
  }
}

/**
 * SHA-256 of the UTF-8 bytes of {@link canonicalize}'s output, as 64 lowercase hex digits: the same value hashes
 * the same everywhere, whatever the property order.
 *
 * @throws CanonicalizeError for values that are not JSON data
 */
export function hash(value: unknown, options?: CanonicalizeOptions): string {
  return createHash("sha256").update(canonicalize(value, options), "utf8").digest("hex");
}

/**
 * Whether two values have the same canonical JSON form: property order does not matter, `-0` equals `0`,
 * a Date equals its ISO string, a Decimal equals the number it prints as (`dec("0.10")` equals `0.1`).
 *
 * @throws CanonicalizeError when either value is not JSON data
 */
export function equal(a: unknown, b: unknown, options?: CanonicalizeOptions): boolean {
  return canonicalize(a, options) === canonicalize(b, options);
}


export { JsonParseError } from "./internal/json-parse.js";
export type { JsonNumberMode, JsonParseErrorReason } from "./internal/json-parse.js";

/** Options of {@link parse}. */
export interface ParseOptions {
  /**
   * How numbers are represented; see {@link JsonNumberMode}.
   * @default "number"
   */
  numbers?: JsonNumberMode;
}

/**
 * Parses JSON text (RFC 8259) without losing information:
 * - numbers are represented as {@link ParseOptions.numbers} says, or refused when that cannot be exact;
 * - duplicate property names and lone surrogates are refused (I-JSON, RFC 7493), where `JSON.parse` keeps the
 *   last duplicate and passes broken strings on;
 * - every error is a {@link JsonParseError} with the offset, line and column, and the path of the value;
 * - nesting depth is limited by memory only (an explicit stack, no recursion);
 * - a `"__proto__"` member becomes an own property, as with `JSON.parse`.
 *
 * @throws JsonParseError for text that is not JSON, or a number the chosen mode cannot hold exactly
 * @throws TypeError when `text` is not a string; RangeError for an unknown `numbers` mode
 */
export function parse(text: string, options: ParseOptions = {}): unknown {
  if (typeof text !== "string") throw new TypeError(`parse: expected a string, got ${typeof text}`);
  const mode = options.numbers ?? "number";
  if (mode !== "number" && mode !== "decimal" && mode !== "bigint") {
    throw new RangeError(`parse: numbers must be "number", "decimal" or "bigint", got ${JSON.stringify(mode)}`);
  }
  return parseJson(text, mode);
}
