/**
 * A fast way to make a Decimal from a JSON number literal inside a larger text, for the lossless JSON parser,
 * which makes one per non-integer number.
 *
 * `new DecimalImpl(text.slice(start, end))` allocates the slice and then parses it again with regular expressions,
 * `replace` and more slices. Here the digits are read once, straight from the text, into decimal.js's documented
 * representation (instance fields `s` sign, `e` exponent of the leading digit, `d` digits in base 10^7 words
 * aligned on exponents that are multiples of 7, no trailing zero word), which the Decimal constructor copies from
 * any object that `Decimal.isDecimal` recognises. If a future decimal.js stops recognising such a plain object,
 * `isDecimal` says so when this module loads and the text path is used instead; tests compare both paths field by
 * field.
 */
import type { Decimal } from "../decimal.js";
import { DecimalImpl } from "./decimal-constructor.js";

const WORD_DIGITS = 7;
const ZERO = 0x30;
const MINUS = 0x2d;
const PLUS = 0x2b;
// Beyond this many exponent digits the exponent could exceed decimal.js's range (±9e15) or lose precision as a
// double; the text path handles those (and yields ±Infinity or zero, which the parser reports).
const MAX_EXPONENT_DIGITS = 15;
const PADDING = Array.from({ length: WORD_DIGITS }, (_, exponent) => 10 ** exponent);

interface DecimalFields {
  s: number;
  e: number;
  readonly d: number[];
  readonly toStringTag: "[object Decimal]";
}

/** One object seen two ways: fields to fill in, and the same object as the constructor argument it passed for. */
interface ReusableFields {
  readonly fields: DecimalFields;
  readonly argument: Decimal;
}

function reusableFields(wordCount: number): ReusableFields | undefined {
  const fields: DecimalFields = {
    s: 1,
    e: 0,
    d: new Array<number>(wordCount).fill(0),
    toStringTag: "[object Decimal]",
  };
  return DecimalImpl.isDecimal(fields) ? { fields, argument: fields } : undefined;
}

// Reused for every call (the Decimal constructor copies `d`), one per word count so that `d` never changes
// length: up to 7 words, which hold any literal of up to 43 significant digits.
const REUSED = Array.from({ length: 8 }, (_, wordCount) => reusableFields(wordCount));

function floorDiv7(exponent: number): number {
  return Math.floor(exponent / WORD_DIGITS);
}

/**
 * The Decimal that the JSON number literal `text.slice(start, end)` denotes, exactly. The literal must already be
 * valid JSON number syntax (`-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`); the parser passes what it found while
 * checking that: where the integer digits end (at the point, if any) and where the exponent marker is (or `end`).
 */
export function decimalFromLiteral(
  text: string,
  start: number,
  integerEnd: number,
  mantissaEnd: number,
  end: number,
): Decimal {
  const negative = text.charCodeAt(start) === MINUS;
  const mantissaStart = negative ? start + 1 : start;
  const point = integerEnd < mantissaEnd ? integerEnd : -1;
  let exponent = 0;
  if (mantissaEnd < end) {
    let exponentStart = mantissaEnd + 1;
    const sign = text.charCodeAt(exponentStart);
    if (sign === PLUS || sign === MINUS) exponentStart++;
    if (end - exponentStart > MAX_EXPONENT_DIGITS) return new DecimalImpl(text.slice(start, end));
    for (let index = exponentStart; index < end; index++) exponent = exponent * 10 + (text.charCodeAt(index) - ZERO);
    if (sign === MINUS) exponent = -exponent;
  }
  let first = mantissaStart;
  while (first < mantissaEnd && (text.charCodeAt(first) === ZERO || first === point)) first++;
  if (first === mantissaEnd) {
    const zero = REUSED[1];
    if (zero === undefined) return new DecimalImpl(text.slice(start, end));
    zero.fields.s = negative ? -1 : 1;
    zero.fields.e = 0;
    zero.fields.d[0] = 0;
    return new DecimalImpl(zero.argument);
  }
  let last = mantissaEnd - 1;
  while (text.charCodeAt(last) === ZERO || last === point) last--;
  // Digits left of the point have exponents integerEnd − 1 − index, digits right of it integerEnd − index.
  const leadingExponent = exponent + (first < integerEnd ? integerEnd - 1 - first : integerEnd - first);
  const lowestExponent = exponent + (last < integerEnd ? integerEnd - 1 - last : integerEnd - last);
  const wordCount = floorDiv7(leadingExponent) - floorDiv7(lowestExponent) + 1;
  const reused = wordCount < REUSED.length ? REUSED[wordCount] : reusableFields(wordCount);
  if (reused === undefined) return new DecimalImpl(text.slice(start, end));
  const { fields } = reused;
  fields.s = negative ? -1 : 1;
  fields.e = leadingExponent;
  const { d } = fields;
  let word = 0;
  let wordIndex = 0;
  let digitExponent = leadingExponent;
  for (let index = first; index <= last; index++) {
    if (index === point) continue;
    word = word * 10 + (text.charCodeAt(index) - ZERO);
    // A word ends at each exponent that is a multiple of 7.
    if (digitExponent % WORD_DIGITS === 0) {
      d[wordIndex++] = word;
      word = 0;
    }
    digitExponent--;
  }
  const padding = ((lowestExponent % WORD_DIGITS) + WORD_DIGITS) % WORD_DIGITS;
  if (padding !== 0) d[wordIndex] = word * (PADDING[padding] ?? 1);
  return new DecimalImpl(reused.argument);
}

const POWERS_OF_TEN = Array.from({ length: 16 }, (_, exponent) => 10 ** exponent);

/**
 * The Decimal `±significand × 10^-fractionDigits`, for literals the parser has already read as a number: an
 * integer significand below 10^15 (so every step below is exact in a double) and at most 22 fraction digits.
 * Same result as {@link decimalFromLiteral}, without reading the digits again.
 */
export function decimalFromScaled(significand: number, fractionDigits: number, negative: boolean): Decimal {
  let digits = significand;
  let lowestExponent = -fractionDigits;
  if (digits === 0) {
    const zero = REUSED[1];
    if (zero === undefined) return new DecimalImpl(negative ? "-0" : "0");
    zero.fields.s = negative ? -1 : 1;
    zero.fields.e = 0;
    zero.fields.d[0] = 0;
    return new DecimalImpl(zero.argument);
  }
  while (digits % 10 === 0) {
    digits /= 10;
    lowestExponent++;
  }
  let digitCount = 1;
  while (digitCount < 16 && digits >= (POWERS_OF_TEN[digitCount] ?? Infinity)) digitCount++;
  const leadingExponent = lowestExponent + digitCount - 1;
  const wordCount = floorDiv7(leadingExponent) - floorDiv7(lowestExponent) + 1;
  const reused = REUSED[wordCount];
  if (reused === undefined) return new DecimalImpl(`${negative ? "-" : ""}${significand}e-${fractionDigits}`);
  const { fields } = reused;
  fields.s = negative ? -1 : 1;
  fields.e = leadingExponent;
  // The lowest digit goes to the bottom of a word: shift it up by the distance to the word boundary below it.
  const padding = ((lowestExponent % WORD_DIGITS) + WORD_DIGITS) % WORD_DIGITS;
  const lowDigits = WORD_DIGITS - padding;
  const lowUnit = POWERS_OF_TEN[lowDigits] ?? 1e7;
  const { d } = fields;
  d[wordCount - 1] = (digits % lowUnit) * (PADDING[padding] ?? 1);
  let high = Math.floor(digits / lowUnit);
  for (let index = wordCount - 2; index >= 0; index--) {
    d[index] = high % 1e7;
    high = Math.floor(high / 1e7);
  }
  return new DecimalImpl(reused.argument);
}
