/**
 * The lossless JSON parser behind `parse` in `detkit/json`: a hand-written scanner with an explicit stack (no
 * recursion, so nesting depth is limited by memory only). The hot paths avoid allocation: strings without escapes
 * are one `slice`, and numbers of up to 15 significant digits are computed while scanning, never converted from
 * text.
 */
import { lostToExponentRange, roundTripsThroughDouble } from "./decimal-text.js";
import { decimalFromLiteral, decimalFromScaled } from "./decimal-words.js";
import { abridgeDigits, abridgePath, describeCharacter as describeCodePointAt, quoteText } from "./error-text.js";
import { pathSegment } from "./json-path.js";

/**
 * How `parse` represents JSON numbers. Every mode is lossless: a number is either represented exactly or refused.
 * - `"number"`: every number as a JS number, when the double nearest to the text prints back as the same decimal
 *   value (`0.1`, `1e+23`, `56.0`); otherwise (`9007199254740993`, `0.1000000000000000000001`, `1e400`) a
 *   {@link JsonParseError} with reason `"inexact-number"`.
 * - `"decimal"`: integer literals (no fraction, no exponent) as numbers when safe (|n| ≤ 2^53 − 1) and as bigints
 *   otherwise; every other number (with a fraction or exponent: `1.5`, `56.0`, `1e3`) as a `Decimal` from
 *   `detkit/decimal`, so a field such as a price always has one type.
 * - `"bigint"`: integer literals as bigints (all of them, so an id field always has one type, except `-0`, which no
 *   bigint can hold: it stays the number `-0`); other numbers as in `"number"`.
 */
export type JsonNumberMode = "number" | "decimal" | "bigint";

/** Why `parse` refused a text. */
export type JsonParseErrorReason =
  /** A character that cannot start or continue a value here, including text after the top-level value. */
  | "unexpected-character"
  /** The text ends inside a value. */
  | "unexpected-end"
  /** A number that breaks the JSON grammar (`01`, `1.`, `.5`, `+1`, `1e`). */
  | "invalid-number"
  /** A bad escape sequence or a raw control character inside a string. */
  | "invalid-string"
  /** An unpaired UTF-16 surrogate in a string, raw or escaped (I-JSON, RFC 7493 §2.1). */
  | "lone-surrogate"
  /** A property name that already appeared in the same object (I-JSON, RFC 7493 §2.3). */
  | "duplicate-key"
  /** A number that the chosen {@link JsonNumberMode} cannot hold exactly. */
  | "inexact-number"
  /** A number whose exponent is beyond Decimal's range (±9e15). */
  | "number-out-of-range";

/**
 * Thrown by `parse`. The message ends with `at line L, column C (offset P)` and, below the root, `in <path>` (a
 * path longer than 300 characters is shortened in the middle there; `path` has it whole).
 */
export class JsonParseError extends SyntaxError {
  /** Offset of the offending character in UTF-16 code units, from 0. */
  readonly position: number;
  /** Line of the offending character, from 1 (`\n`, `\r\n` and `\r` end a line). */
  readonly line: number;
  /** Column of the offending character in UTF-16 code units, from 1 (as most editors count). */
  readonly column: number;
  /** What is wrong. */
  readonly reason: JsonParseErrorReason;
  /** Path of the value being read when the error was found (`$.items[3].price`); `$` at the top level. */
  readonly path: string;

  constructor(text: string, position: number, reason: JsonParseErrorReason, detail: string, path: string) {
    const { line, column } = lineAndColumn(text, position);
    super(`${detail} at line ${line}, column ${column} (offset ${position})${path === "$" ? "" : ` in ${abridgePath(path)}`}`);
    this.name = "JsonParseError";
    this.position = position;
    this.line = line;
    this.column = column;
    this.reason = reason;
    this.path = path;
  }
}

function lineAndColumn(text: string, position: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = 0; index < position && index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === LINE_FEED || (code === CARRIAGE_RETURN && text.charCodeAt(index + 1) !== LINE_FEED)) {
      line++;
      lineStart = index + 1;
    }
  }
  return { line, column: position - lineStart + 1 };
}

// UTF-16 code units the scanner compares against (a const enum would not be inlined under isolatedModules).
const TAB = 0x09;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const SPACE = 0x20;
const QUOTE = 0x22;
const PLUS = 0x2b;
const COMMA = 0x2c;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const ONE = 0x31;
const NINE = 0x39;
const COLON = 0x3a;
const UPPER_E = 0x45;
const OPEN_BRACKET = 0x5b;
const BACKSLASH = 0x5c;
const CLOSE_BRACKET = 0x5d;
const LOWER_E = 0x65;
const LOWER_F = 0x66;
const LOWER_N = 0x6e;
const LOWER_T = 0x74;
const LOWER_U = 0x75;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

const ESCAPES: Readonly<Record<number, string>> = {
  [QUOTE]: '"',
  [BACKSLASH]: "\\",
  0x2f: "/",
  0x62: "\b",
  [LOWER_F]: "\f",
  [LOWER_N]: "\n",
  0x72: "\r",
  [LOWER_T]: "\t",
};

// Powers of ten that are exact doubles (10^22 is the largest), for the correctly rounded fast path below.
const EXACT_POWERS_OF_TEN = Array.from({ length: 23 }, (_, exponent) => 10 ** exponent);
// A significand below 10^15 has at most 15 significant digits; every such decimal survives the trip through a
// double and back (DBL_DIG = 15), so it needs no exactness check.
const SHORT_SIGNIFICAND_LIMIT = 1e15;

type Container = unknown[] | Record<string, unknown>;

/** Parser state shared with the helpers: what error paths need, caches, and where the last read ended. */
interface ParseState {
  readonly text: string;
  readonly mode: JsonNumberMode;
  readonly containers: Container[];
  /** The property name awaiting its value, per open container (undefined for arrays and while a name is read). */
  readonly pendingKeys: (string | undefined)[];
  /** Where the last string or property-name read by a helper ended. */
  end: number;
  /** Property names seen recently, by {@link stringSlot}. */
  readonly keyCache: (string | undefined)[];
  /** String values seen recently, by {@link stringSlot}: enumerations and codes repeat too. */
  readonly valueCache: (string | undefined)[];
}

const STRING_CACHE_SLOTS = 512;

/**
 * The cache slot of the string that starts at `start` (after its quote), from its first three code units (a short
 * string's closing quote counts as one of them); strings that share a slot evict each other.
 */
function stringSlot(text: string, start: number): number {
  const hash = text.charCodeAt(start) * 961 + text.charCodeAt(start + 1) * 31 + text.charCodeAt(start + 2);
  return hash & (STRING_CACHE_SLOTS - 1);
}

/**
 * Whether the text holds the cached string `candidate` at `start`: every character equal and a closing quote right
 * after. Cached strings hold no quote, backslash, control or surrogate, so the text's string is exactly this.
 */
function cachedStringAt(text: string, start: number, candidate: string): boolean {
  if (text.charCodeAt(start + candidate.length) !== QUOTE) return false;
  for (let index = 0; index < candidate.length; index++) {
    if (candidate.charCodeAt(index) !== text.charCodeAt(start + index)) return false;
  }
  return true;
}

function currentPath(state: ParseState, extra?: string): string {
  let path = "$";
  const { containers, pendingKeys } = state;
  for (let depth = 0; depth < containers.length; depth++) {
    const container = containers[depth];
    if (Array.isArray(container)) {
      path += `[${container.length}]`;
    } else {
      const key = pendingKeys[depth];
      if (key !== undefined) path += pathSegment(key);
    }
  }
  return extra === undefined ? path : path + extra;
}

function failure(
  state: ParseState,
  position: number,
  reason: JsonParseErrorReason,
  detail: string,
  extra?: string,
): JsonParseError {
  return new JsonParseError(state.text, position, reason, detail, currentPath(state, extra));
}

function describeCharacter(text: string, position: number): string {
  if (position >= text.length) return "end of input";
  return describeCodePointAt(String.fromCodePoint(text.codePointAt(position) ?? 0));
}

function unexpected(state: ParseState, position: number, expected: string): JsonParseError {
  if (position >= state.text.length) {
    return failure(state, position, "unexpected-end", `unexpected end of input, expected ${expected}`);
  }
  const found = describeCharacter(state.text, position);
  return failure(state, position, "unexpected-character", `unexpected ${found}, expected ${expected}`);
}

function skipWhitespace(text: string, at: number): number {
  let code = text.charCodeAt(at);
  while (code <= SPACE && (code === SPACE || code === LINE_FEED || code === CARRIAGE_RETURN || code === TAB)) {
    code = text.charCodeAt(++at);
  }
  return at;
}

/**
 * The index of the closing quote of a string that starts at `start` (after its opening quote) and holds nothing
 * but characters that stand for themselves; -1 when it holds an escape, a control character or a surrogate (or
 * has no end), which the careful reader handles.
 */
function plainStringEnd(text: string, start: number): number {
  const length = text.length;
  for (let index = start; index < length; index++) {
    const code = text.charCodeAt(index);
    if (code === QUOTE) return index;
    if (code === BACKSLASH || code < SPACE || (code & 0xf800) === 0xd800) return -1;
  }
  return -1;
}

function hexValue(code: number): number {
  if (code >= ZERO && code <= NINE) return code - ZERO;
  const lower = code | 0x20;
  if (lower >= 0x61 && lower <= LOWER_F) return lower - 0x61 + 10;
  return -1;
}

function isDigit(code: number): boolean {
  return code >= ZERO && code <= NINE;
}

/**
 * Reads the string whose opening quote is at `quote`, one code unit at a time where needed: escapes, surrogate
 * pairs (raw or escaped; a lone half is an error), control characters. Sets `state.end` after the closing quote.
 */
function readCarefully(state: ParseState, quote: number): string {
  const { text } = state;
  const length = text.length;
  let result = "";
  let index = quote + 1;
  // Source position of a high surrogate still waiting for its low half, or -1.
  let pendingHigh = -1;
  const accept = (unit: number, position: number): void => {
    const isLow = unit >= 0xdc00 && unit <= 0xdfff;
    if (pendingHigh !== -1 && !isLow) {
      throw failure(state, pendingHigh, "lone-surrogate", "lone high surrogate (no low surrogate follows) in a string");
    }
    if (isLow && pendingHigh === -1) {
      throw failure(state, position, "lone-surrogate", "lone low surrogate (no high surrogate before) in a string");
    }
    pendingHigh = unit >= 0xd800 && unit <= 0xdbff ? position : -1;
  };
  for (;;) {
    if (index >= length) throw failure(state, length, "unexpected-end", "unexpected end of input inside a string");
    const code = text.charCodeAt(index);
    if (code === QUOTE) {
      if (pendingHigh !== -1) accept(code, index);
      state.end = index + 1;
      return result;
    }
    if (code === BACKSLASH) {
      const escape = text.charCodeAt(index + 1);
      if (escape === LOWER_U) {
        let unit = 0;
        for (let digit = index + 2; digit < index + 6; digit++) {
          const value = hexValue(text.charCodeAt(digit));
          if (value === -1) {
            if (digit >= length) throw failure(state, length, "unexpected-end", "unexpected end of input inside a string");
            const found = describeCharacter(text, digit);
            throw failure(state, digit, "invalid-string", `invalid \\u escape: ${found} is not a hex digit`);
          }
          unit = unit * 16 + value;
        }
        accept(unit, index);
        result += String.fromCharCode(unit);
        index += 6;
        continue;
      }
      const replacement = ESCAPES[escape];
      if (replacement === undefined) {
        if (index + 1 >= length) throw failure(state, length, "unexpected-end", "unexpected end of input inside a string");
        throw failure(state, index, "invalid-string", `invalid escape \\${text.charAt(index + 1)}`);
      }
      accept(escape, index);
      result += replacement;
      index += 2;
      continue;
    }
    if (code < SPACE) {
      const found = describeCharacter(text, index);
      throw failure(state, index, "invalid-string", `raw control character ${found} in a string (escape it)`);
    }
    accept(code, index);
    let end = index + 1;
    // Copy the run of ordinary characters that follows in one slice, unless a high surrogate waits for its low
    // half: then the next character must be checked on its own.
    if (pendingHigh === -1) {
      while (end < length) {
        const next = text.charCodeAt(end);
        if (next === QUOTE || next === BACKSLASH || next < SPACE || (next & 0xf800) === 0xd800) break;
        end++;
      }
    }
    result += text.slice(index, end);
    index = end;
  }
}

function readString(state: ParseState, quote: number): string {
  const { text } = state;
  const slot = stringSlot(text, quote + 1);
  const candidate = state.valueCache[slot];
  if (candidate !== undefined && cachedStringAt(text, quote + 1, candidate)) {
    state.end = quote + candidate.length + 2;
    return candidate;
  }
  const end = plainStringEnd(text, quote + 1);
  if (end === -1) return readCarefully(state, quote);
  state.end = end + 1;
  const value = text.slice(quote + 1, end);
  state.valueCache[slot] = value;
  return value;
}

/**
 * Reads a property name, checks it is new in `object`, and reads the colon. Returns the name; `state.end` is the
 * start of the member's value.
 */
function readKey(state: ParseState, object: Record<string, unknown>, at: number): string {
  const { text } = state;
  if (text.charCodeAt(at) !== QUOTE) throw unexpected(state, at, "a property name in double quotes");
  // Names repeat from object to object: a hit in the cache reads the name in one pass and allocates nothing.
  const slot = stringSlot(text, at + 1);
  const candidate = state.keyCache[slot];
  let key: string;
  if (candidate !== undefined && cachedStringAt(text, at + 1, candidate)) {
    key = candidate;
    state.end = at + candidate.length + 2;
  } else {
    const plainEnd = plainStringEnd(text, at + 1);
    if (plainEnd === -1) {
      key = readCarefully(state, at);
    } else {
      key = text.slice(at + 1, plainEnd);
      state.keyCache[slot] = key;
      state.end = plainEnd + 1;
    }
  }
  // Parsed values are never undefined, so only an inherited name ("toString") needs the own-property check.
  if (object[key] !== undefined && Object.hasOwn(object, key)) {
    throw failure(state, at, "duplicate-key", `duplicate property name ${quoteText(key)}`, pathSegment(key));
  }
  let next = skipWhitespace(text, state.end);
  if (text.charCodeAt(next) !== COLON) throw unexpected(state, next, "':' after the property name");
  next = skipWhitespace(text, next + 1);
  state.end = next;
  return key;
}

function setMember(object: Record<string, unknown>, key: string, member: unknown): void {
  if (key === "__proto__") {
    // An own property, as JSON.parse makes it, not a change of prototype.
    Object.defineProperty(object, key, { value: member, writable: true, enumerable: true, configurable: true });
  } else {
    object[key] = member;
  }
}

function inexact(state: ParseState, start: number, literal: string): JsonParseError {
  return failure(
    state,
    start,
    "inexact-number",
    `number ${abridgeDigits(literal)} cannot be represented exactly as a double; parse with { numbers: "decimal" } to keep every digit`,
  );
}

/**
 * The value of a number literal that the fast paths in {@link parseJson} did not cover, from its start, the end of
 * its integer digits, the end of its fraction (the exponent marker, if any) and its end.
 */
function numberFromLiteral(state: ParseState, start: number, integerEnd: number, mantissaEnd: number, end: number): unknown {
  const literal = state.text.slice(start, end);
  const { mode } = state;
  if (integerEnd === end) {
    if (mode === "bigint") return BigInt(literal);
    // Number() rounds monotonically, so a literal above 2^53 − 1 never lands on a safe integer.
    const number = Number(literal);
    if (Number.isSafeInteger(number)) return number;
    if (mode === "decimal") return BigInt(literal);
    if (roundTripsThroughDouble(literal)) return number;
    throw inexact(state, start, literal);
  }
  if (mode === "decimal") {
    const decimal = decimalFromLiteral(state.text, start, integerEnd, mantissaEnd, end);
    if (lostToExponentRange(decimal, literal)) {
      const shown = abridgeDigits(literal);
      throw failure(state, start, "number-out-of-range", `number ${shown} is beyond the exponent range of Decimal (±9e15)`);
    }
    return decimal;
  }
  const number = Number(literal);
  if (String(number) === literal || roundTripsThroughDouble(literal)) return number;
  throw inexact(state, start, literal);
}

function invalidNumber(state: ParseState, at: number, expected: string): JsonParseError {
  if (at >= state.text.length) return failure(state, at, "unexpected-end", "unexpected end of input inside a number");
  const found = describeCharacter(state.text, at);
  return failure(state, at, "invalid-number", `invalid number: expected ${expected}, got ${found}`);
}

/**
 * Parses JSON text (RFC 8259) as described for `parse` in `detkit/json`. The caller has checked the arguments.
 */
export function parseJson(text: string, mode: JsonNumberMode): unknown {
  const length = text.length;
  const state: ParseState = {
    text,
    mode,
    containers: [],
    pendingKeys: [],
    end: 0,
    keyCache: new Array<string | undefined>(STRING_CACHE_SLOTS).fill(undefined),
    valueCache: new Array<string | undefined>(STRING_CACHE_SLOTS).fill(undefined),
  };
  const { containers, pendingKeys } = state;
  // The innermost open container and its kind, kept in locals; `containers` holds it too, for error paths.
  let array: unknown[] | undefined;
  let object: Record<string, unknown> | undefined;
  let key = "";
  let at = skipWhitespace(text, 0);
  let value: unknown;
  for (;;) {
    // Read one value at `at`. A container is opened here and completed by the loop below.
    let code = text.charCodeAt(at);
    if (code === QUOTE) {
      value = readString(state, at);
      at = state.end;
    } else if (code === MINUS || (code >= ZERO && code <= NINE)) {
      const start = at;
      if (code === MINUS) code = text.charCodeAt(++at);
      // The digits read so far as an integer: exact while below 2^53, and once at or above 10^15 (more than 15
      // significant digits) it is only compared against that limit.
      let significand = 0;
      if (code === ZERO) {
        code = text.charCodeAt(++at);
      } else if (code >= ONE && code <= NINE) {
        do {
          significand = significand * 10 + (code - ZERO);
          code = text.charCodeAt(++at);
        } while (code >= ZERO && code <= NINE);
      } else {
        throw invalidNumber(state, at, "a digit");
      }
      const integerEnd = at;
      let fractionDigits = 0;
      if (code === DOT) {
        code = text.charCodeAt(++at);
        if (!isDigit(code)) throw invalidNumber(state, at, "a digit after the decimal point");
        do {
          significand = significand * 10 + (code - ZERO);
          fractionDigits++;
          code = text.charCodeAt(++at);
        } while (code >= ZERO && code <= NINE);
      }
      const mantissaEnd = at;
      if (code === LOWER_E || code === UPPER_E) {
        code = text.charCodeAt(++at);
        if (code === PLUS || code === MINUS) code = text.charCodeAt(++at);
        if (!isDigit(code)) throw invalidNumber(state, at, "a digit in the exponent");
        do code = text.charCodeAt(++at);
        while (code >= ZERO && code <= NINE);
      }
      if (integerEnd === at && isDigit(code)) throw invalidNumber(state, at, "no digit after a leading zero");
      const negative = text.charCodeAt(start) === MINUS;
      if (mantissaEnd < at || significand >= SHORT_SIGNIFICAND_LIMIT || fractionDigits > 22) {
        value = numberFromLiteral(state, start, integerEnd, mantissaEnd, at);
      } else if (fractionDigits === 0) {
        // -0 stays a number in every mode: a bigint has no negative zero.
        const negativeZero = negative && significand === 0;
        value = mode === "bigint" && !negativeZero ? BigInt(negative ? -significand : significand) : negative ? -significand : significand;
      } else if (mode === "decimal") {
        value = decimalFromScaled(significand, fractionDigits, negative);
      } else {
        // Both operands are exact doubles, so the quotient is the correctly rounded value of the literal, the
        // same double Number(literal) gives (Clinger's fast path).
        const magnitude = significand / (EXACT_POWERS_OF_TEN[fractionDigits] ?? 1);
        value = negative ? -magnitude : magnitude;
      }
    } else if (code === OPEN_BRACE) {
      at = skipWhitespace(text, at + 1);
      const opened: Record<string, unknown> = {};
      if (text.charCodeAt(at) === CLOSE_BRACE) {
        at++;
        value = opened;
      } else {
        if (object !== undefined) pendingKeys[pendingKeys.length - 1] = key;
        containers.push(opened);
        pendingKeys.push(undefined);
        array = undefined;
        object = opened;
        key = readKey(state, opened, at);
        pendingKeys[pendingKeys.length - 1] = key;
        at = state.end;
        continue;
      }
    } else if (code === OPEN_BRACKET) {
      at = skipWhitespace(text, at + 1);
      const opened: unknown[] = [];
      if (text.charCodeAt(at) === CLOSE_BRACKET) {
        at++;
        value = opened;
      } else {
        containers.push(opened);
        pendingKeys.push(undefined);
        array = opened;
        object = undefined;
        continue;
      }
    } else if (code === LOWER_T && text.startsWith("true", at)) {
      at += 4;
      value = true;
    } else if (code === LOWER_F && text.startsWith("false", at)) {
      at += 5;
      value = false;
    } else if (code === LOWER_N && text.startsWith("null", at)) {
      at += 4;
      value = null;
    } else {
      throw unexpected(state, at, "a JSON value");
    }

    // Attach the finished value to its container, and close every container that this completes.
    for (;;) {
      at = skipWhitespace(text, at);
      code = text.charCodeAt(at);
      if (array !== undefined) {
        array.push(value);
        if (code === COMMA) {
          at = skipWhitespace(text, at + 1);
          break;
        }
        if (code !== CLOSE_BRACKET) throw unexpected(state, at, "',' or ']' in an array");
        value = array;
      } else if (object !== undefined) {
        setMember(object, key, value);
        if (code === COMMA) {
          pendingKeys[pendingKeys.length - 1] = undefined;
          key = readKey(state, object, skipWhitespace(text, at + 1));
          pendingKeys[pendingKeys.length - 1] = key;
          at = state.end;
          break;
        }
        if (code !== CLOSE_BRACE) throw unexpected(state, at, "',' or '}' in an object");
        value = object;
      } else {
        if (at < length) {
          const found = describeCharacter(text, at);
          throw failure(state, at, "unexpected-character", `unexpected ${found} after the JSON value`);
        }
        return value;
      }
      at++;
      containers.pop();
      pendingKeys.pop();
      const parent = containers[containers.length - 1];
      if (Array.isArray(parent)) {
        array = parent;
        object = undefined;
      } else {
        array = undefined;
        object = parent;
        key = pendingKeys[pendingKeys.length - 1] ?? "";
      }
    }
  }
}
