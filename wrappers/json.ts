import { createHash } from "node:crypto";
import { types } from "node:util";
import type { Decimal } from "./decimal.js";
import { DecimalImpl } from "./internal/decimal-constructor.js";
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

/*
 * How canonicalize works. The value is read once, checked and copied into plain data: strings, finite numbers,
 * booleans, null, arrays, and plain objects whose properties are inserted in RFC 8785 order (UTF-16 code units,
 * §3.2.3). Everything a caller's value can do (toJSON, getters, boxed primitives, Decimals, bigints, proxies) happens
 * in that one read. The copy is then written by the engine's own JSON.stringify, whose number formatting is
 * ECMAScript's (§3.2.2.3) and whose string escaping is RFC 8785's (§3.2.2.2, ES2019 well-formed JSON.stringify), at
 * native speed: formatting numbers in JavaScript alone took longer than JSON.stringify takes for the whole document.
 *
 * Two details keep the copy's own order equal to the canonical one. JavaScript enumerates array-index keys ("0",
 * "7", "10") first and in numeric order, whatever the insertion order; an object whose sorted names would come out
 * in another order gets each name prefixed with a lone surrogate in its copy, which makes no name an index, and the
 * escaped prefix (`\ud800` right after the opening quote, which no validated string can produce) is removed from the
 * text. And JSON.stringify recurses: for nesting deeper than it can take, an iterative writer walks the copy.
 */

/** The prefix of the names of a copied object whose order JavaScript would change (see above). */
const NAME_PREFIX = "\ud800";
const ESCAPED_NAME_PREFIX = '"\\ud800';

// JSON.stringify recurses natively and runs out of stack some thousands of levels deep; below this it is safe.
const NATIVE_DEPTH_LIMIT = 1000;

/** Whether a property name is one JavaScript might enumerate as an array index: digits, no leading zero. */
function isIndexLike(name: string): boolean {
  return /^(?:0|[1-9]\d{0,9})$/.test(name);
}

/**
 * Whether an object given these names in this (sorted) order enumerates them in it: true unless an index-like name
 * follows another name, or the index-like names are not in ascending numeric order ("10" before "9"). Names that
 * start with a digit sort before every name that starts with a letter, so the scan stops at the first name that
 * starts above "9".
 */
function keepsInsertionOrder(sortedNames: readonly string[]): boolean {
  let sawOtherName = false;
  let lastIndex = -1;
  for (const name of sortedNames) {
    if (name.charCodeAt(0) > 0x39) return true;
    if (!isIndexLike(name)) {
      sawOtherName = true;
      continue;
    }
    const index = Number(name);
    if (sawOtherName || index <= lastIndex) return false;
    lastIndex = index;
  }
  return true;
}

/**
 * How deep the copy goes before it starts tracking the containers on the path: every cycle makes the path grow
 * without end, so it is found past this depth all the same, and most values never get there (see startTracking).
 */
const TRACK_CYCLES_FROM_DEPTH = 64;

const CYCLE = "the value contains itself (a cycle)";
const CYCLE_THROUGH_TO_JSON = "the value contains itself (a cycle through what toJSON returns)";

/** Sets an own data property, also for `"__proto__"`, which plain assignment would take as a prototype change. */
function setMember(target: Record<string, unknown>, name: string, member: unknown): void {
  if (name === "__proto__") {
    Object.defineProperty(target, name, { value: member, writable: true, enumerable: true, configurable: true });
  } else {
    target[name] = member;
  }
}

interface ArrayFrame {
  readonly array: readonly unknown[];
  readonly copy: unknown[];
  /** The object whose `toJSON` returned this container, if any: on the path too, for cycle detection. */
  readonly source: object | undefined;
  readonly keys: undefined;
  readonly prefix: "";
  index: number;
}

interface ObjectFrame {
  readonly object: Readonly<Record<string, unknown>>;
  readonly copy: Record<string, unknown>;
  readonly source: object | undefined;
  readonly keys: readonly string[];
  /** Put before each name in the copy: {@link NAME_PREFIX} when JavaScript would reorder the names, else "". */
  readonly prefix: string;
  index: number;
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

const isDecimal = (value: unknown): value is Decimal => DecimalImpl.isDecimal(value);

/** The checked copy of a value (see "How canonicalize works"), and what writing it needs to know. */
interface CanonicalCopy {
  readonly copy: unknown;
  /** The deepest nesting of containers. */
  readonly depth: number;
  /** The copied objects whose names carry {@link NAME_PREFIX}. */
  readonly prefixed: ReadonlySet<object>;
}

/**
 * Reads `value` once, as {@link canonicalize} documents, and returns its checked copy in plain data, with Decimals and
 * bigints already turned into the number or string they are written as.
 */
function canonicalCopy(value: unknown, bigintMode: "error" | "string" | "number", decimalMode: "number" | "string"): CanonicalCopy {
  const stack: Frame[] = [];
  // The containers on the current path, and the objects whose toJSON made them: the same object may appear twice
  // side by side (a DAG), not inside itself. Kept only while `tracking`.
  const ancestors = new Set<object>();
  let tracking = false;
  const prefixed = new Set<object>();
  let depth = 0;

  const fail = (reason: CanonicalizeErrorReason, detail: string): never => {
    throw new CanonicalizeError(framePath(stack), reason, detail);
  };

  /**
   * Starts tracking the path, deep enough that cycles are the likely reason. Reports the first object on the path
   * that repeats, with the path and message it would have had if the path had been tracked from the start: the
   * traversal up to there was the same.
   */
  const startTracking = (): void => {
    tracking = true;
    for (let level = 0; level < stack.length; level++) {
      const frame = stack[level];
      if (frame === undefined) continue;
      const path = (): string => framePath(stack.slice(0, level));
      if (frame.source !== undefined && ancestors.has(frame.source)) throw new CanonicalizeError(path(), "cycle", CYCLE_THROUGH_TO_JSON);
      const container = isArrayFrame(frame) ? frame.array : frame.object;
      if (ancestors.has(container)) throw new CanonicalizeError(path(), "cycle", CYCLE);
      ancestors.add(container);
      if (frame.source !== undefined) ancestors.add(frame.source);
    }
  };

  // The object whose toJSON made the value `resolve` returned last. A container made so keeps that object on the
  // path while it is copied, so a toJSON result holding the original (`{ self: this }`) is a cycle, not an
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
    if (isDecimal(input)) return input;
    if (tracking && ancestors.has(input)) fail("cycle", CYCLE_THROUGH_TO_JSON);
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
    if (Array.isArray(resolved) || isPlainPrototype(resolved)) return resolved;
    if (types.isNumberObject(resolved)) return Number(resolved);
    if (types.isStringObject(resolved)) return String(resolved);
    if (types.isBooleanObject(resolved)) return resolved.valueOf();
    if (types.isBigIntObject(resolved)) return resolved.valueOf();
    if (types.isSymbolObject(resolved)) return resolved.valueOf();
    const notJsonData = describeNotJsonData(resolved);
    if (notJsonData !== undefined) fail("not-json-data", notJsonData);
    return resolved;
  };

  /** The double a number text is written as, when that keeps every digit (see CanonicalizeOptions). */
  const exactNumber = (digits: string, what: string, option: string): number => {
    if (!roundTripsThroughDouble(digits)) {
      fail(
        "inexact-number",
        `${what} ${abridgeDigits(digits)} has more precision than a JSON number (an IEEE-754 double) carries; ` +
          `pass { ${option}: "string" } to write it as a string`,
      );
    }
    return Number(digits);
  };

  const copyDecimal = (decimal: Decimal): string | number => {
    if (decimal.isNaN()) fail("nan", "a NaN Decimal is not a JSON number");
    if (!decimal.isFinite()) fail("infinity", `an infinite Decimal (${decimal.toString()}) is not a JSON number`);
    // Re-home into detkit's constructor so the notation does not depend on another clone's toExpNeg/toExpPos.
    const text = decimal.isZero() ? "0" : new DecimalImpl(decimal).toString();
    return decimalMode === "string" ? text : exactNumber(text, "the Decimal", "decimal");
  };

  const copyBigint = (integer: bigint): string | number => {
    if (bigintMode === "string") return integer.toString();
    if (bigintMode === "number") return exactNumber(integer.toString(), "the bigint", "bigint");
    return fail("bigint", `a bigint (${abridgeDigits(integer.toString())}n) is not JSON data; pass { bigint: "string" } to write it as a string`);
  };

  /** Puts a container about to be copied, and the object whose toJSON made it, on the path; pushes its frame. */
  const enter = (frame: Frame): void => {
    if (tracking) {
      ancestors.add(isArrayFrame(frame) ? frame.array : frame.object);
      if (frame.source !== undefined) ancestors.add(frame.source);
    }
    stack.push(frame);
    if (stack.length > depth) depth = stack.length;
  };

  const leave = (frame: Frame): void => {
    if (tracking) {
      ancestors.delete(isArrayFrame(frame) ? frame.array : frame.object);
      if (frame.source !== undefined) ancestors.delete(frame.source);
    }
    stack.pop();
  };

  /** The copy of a resolved value: a scalar, or a new container whose frame is pushed to be filled in. */
  const copyOf = (item: unknown): unknown => {
    switch (typeof item) {
      case "string":
        if (!item.isWellFormed()) fail("lone-surrogate", "the string contains a lone surrogate (RFC 8785 §3.2.2.2)");
        return item;
      case "number":
        if (Number.isFinite(item)) return item;
        if (Number.isNaN(item)) return fail("nan", "NaN is not a JSON number");
        return fail("infinity", `${item} is not a JSON number`);
      case "boolean":
        return item;
      case "bigint":
        return copyBigint(item);
      case "undefined":
        return fail(
          "undefined",
          stack.length === 0
            ? "undefined is not JSON data"
            : "undefined is not JSON data (JSON.stringify would write null in an array)",
        );
      case "function":
        return fail("function", "a function is not JSON data");
      case "symbol":
        return fail("symbol", "a symbol is not JSON data");
      case "object":
        break;
    }
    if (item === null) return null;
    const source = resolvedFrom;
    if (!tracking && stack.length >= TRACK_CYCLES_FROM_DEPTH) startTracking();
    if (tracking) {
      // What resolve would have caught, had the path been tracked when it ran.
      if (source !== undefined && ancestors.has(source)) fail("cycle", CYCLE_THROUGH_TO_JSON);
      if (ancestors.has(item)) fail("cycle", CYCLE);
    }
    if (Array.isArray(item)) {
      const copy: unknown[] = [];
      if (item.length > 0) enter({ array: item, copy, source, keys: undefined, prefix: "", index: -1 });
      return copy;
    }
    // A plain object is no Decimal; asking only of the others saves the check where most objects are plain.
    if (!isPlainPrototype(item) && isDecimal(item)) return copyDecimal(item);
    const copy: Record<string, unknown> = {};
    if (!isRecord(item)) return copy;
    const keys = Object.keys(item);
    if (keys.length === 0) return copy;
    // RFC 8785 §3.2.3: by UTF-16 code units, independent of locale: sort() with no comparator, the order of
    // compareStrings in detkit/collections.
    keys.sort();
    const prefix = keepsInsertionOrder(keys) ? "" : NAME_PREFIX;
    if (prefix !== "") prefixed.add(copy);
    enter({ object: item, copy, source, keys, prefix, index: -1 });
    return copy;
  };

  const root = copyOf(resolve(value, ""));
  for (;;) {
    const frame = stack[stack.length - 1];
    if (frame === undefined) return { copy: root, depth, prefixed };
    const index = ++frame.index;
    if (isArrayFrame(frame)) {
      const { array } = frame;
      if (index < array.length) {
        const element = array[index];
        // Only objects have a toJSON to call or a box to unwrap.
        frame.copy.push(copyOf(typeof element === "object" && element !== null ? resolve(element, index) : element));
      } else {
        leave(frame);
      }
      continue;
    }
    const key = frame.keys[index];
    if (key === undefined) {
      leave(frame);
      continue;
    }
    const raw = frame.object[key];
    const member = typeof raw === "object" && raw !== null ? resolve(raw, key) : raw;
    // Omitted like JSON.stringify does: an undefined property is an absent optional field.
    if (member === undefined) continue;
    if (!key.isWellFormed()) fail("lone-surrogate", "the property name contains a lone surrogate (RFC 8785 §3.2.2.2)");
    setMember(frame.copy, frame.prefix === "" ? key : frame.prefix + key, copyOf(member));
  }
}

interface WriteFrame {
  readonly items: readonly unknown[];
  /** The object's property names in canonical order (undefined for an array). */
  readonly names: readonly string[] | undefined;
  readonly object: Readonly<Record<string, unknown>> | undefined;
  readonly prefixed: boolean;
  index: number;
}

/**
 * Writes a checked copy without recursion, for nesting deeper than JSON.stringify takes: the same text, since every
 * string is written by JSON.stringify and every number by `String` (which JSON.stringify uses too).
 */
function writeCopy({ copy, prefixed }: CanonicalCopy): string {
  let out = "";
  const stack: WriteFrame[] = [];
  const write = (item: unknown): void => {
    if (Array.isArray(item)) {
      out += "[";
      stack.push({ items: item, names: undefined, object: undefined, prefixed: false, index: -1 });
    } else if (isRecord(item)) {
      out += "{";
      // The copy holds its names in canonical order (see keepsInsertionOrder).
      stack.push({ items: [], names: Object.keys(item), object: item, prefixed: prefixed.has(item), index: -1 });
    } else {
      out += typeof item === "string" ? JSON.stringify(item) : String(item);
    }
  };
  write(copy);
  for (;;) {
    const frame = stack[stack.length - 1];
    if (frame === undefined) return out;
    frame.index++;
    const { names, object } = frame;
    if (names === undefined || object === undefined) {
      if (frame.index < frame.items.length) {
        if (frame.index > 0) out += ",";
        write(frame.items[frame.index]);
        continue;
      }
      out += "]";
    } else {
      const name = names[frame.index];
      if (name !== undefined) {
        if (frame.index > 0) out += ",";
        out += `${JSON.stringify(frame.prefixed ? name.slice(NAME_PREFIX.length) : name)}:`;
        write(object[name]);
        continue;
      }
      out += "}";
    }
    stack.pop();
  }
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
  const checked = canonicalCopy(value, bigintMode, decimalMode);
  if (checked.depth > NATIVE_DEPTH_LIMIT) return writeCopy(checked);
  let text: string;
  try {
    text = JSON.stringify(checked.copy);
  } catch (error) {
    // The plain copy has nothing JSON.stringify refuses; only the stack can run out, when called from deep code.
    if (error instanceof RangeError) return writeCopy(checked);
    throw error;
  }
  return checked.prefixed.size > 0 ? text.replaceAll(ESCAPED_NAME_PREFIX, '"') : text;
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
