/**
 * Comparisons between decimal number texts and IEEE-754 doubles, shared by `detkit/json` (is a JSON number or a
 * Decimal exactly a double?) and `detkit/decimal` (is a JS number exactly the decimal it prints as?), so that both
 * modules draw the line between "exact" and "lossy" in the same place.
 */

/**
 * A key that is equal for two number texts exactly when they denote the same decimal value: `"4.50"`, `"45e-1"`
 * and `"4.5"` share one key. Accepts JSON number syntax and everything `Number.prototype.toString` and decimal.js
 * `toString` print for finite values (`"1e+21"`, `"-5e-324"`). Zero has one key whatever its sign, since `-0` and
 * `0` are the same decimal value.
 */
export function decimalValueKey(text: string): string {
  let start = 0;
  let negative = false;
  const first = text.charCodeAt(0);
  if (first === 0x2d /* - */) {
    negative = true;
    start = 1;
  } else if (first === 0x2b /* + */) {
    start = 1;
  }
  let exponentAt = text.indexOf("e", start);
  if (exponentAt === -1) exponentAt = text.indexOf("E", start);
  const mantissaEnd = exponentAt === -1 ? text.length : exponentAt;
  const exponentPart = exponentAt === -1 ? 0 : Number(text.slice(exponentAt + 1));
  const point = text.indexOf(".", start);
  let digits: string;
  let exponent = exponentPart;
  if (point === -1 || point > mantissaEnd) {
    digits = text.slice(start, mantissaEnd);
  } else {
    const fraction = text.slice(point + 1, mantissaEnd);
    digits = text.slice(start, point) + fraction;
    exponent -= fraction.length;
  }
  let lead = 0;
  while (lead < digits.length && digits.charCodeAt(lead) === 0x30) lead++;
  let trail = digits.length;
  while (trail > lead && digits.charCodeAt(trail - 1) === 0x30) trail--;
  if (lead === trail) return "0";
  exponent += digits.length - trail;
  return `${negative ? "-" : ""}${digits.slice(lead, trail)}e${exponent}`;
}

/**
 * Whether the double nearest to this decimal text prints back (ECMAScript shortest round-trip form, the form
 * RFC 8785 §3.2.2.3 writes) as the same decimal value. Then the text can travel as a JSON number without losing a
 * digit for any reader: a double reader gets the same double, a decimal reader gets the same decimal.
 * `"0.1"` and `"1e+23"` qualify; `"9007199254740993"`, `"333333333.33333329"`, `"1e400"` and `"1e-400"` do not.
 */
export function roundTripsThroughDouble(text: string): boolean {
  const nearest = Number(text);
  if (!Number.isFinite(nearest)) return false;
  return decimalValueKey(String(nearest)) === decimalValueKey(text);
}

const scratch = new DataView(new ArrayBuffer(8));

/**
 * The exact decimal value of a finite double, in `<digits>e<exponent>` form: `0.1` gives
 * `"1000000000000000055511151231257827021181583404541015625e-55"`. Every double is a dyadic rational
 * m × 2^-k, which equals m × 5^k × 10^-k, so its decimal expansion is finite.
 */
export function exactDoubleText(value: number): string {
  scratch.setFloat64(0, value);
  const bits = scratch.getBigUint64(0);
  const negative = bits >> 63n === 1n;
  const biasedExponent = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & 0xfffffffffffffn;
  // Subnormals have no implicit leading 1 and the exponent of the smallest normal (IEEE-754 §3.4).
  const significand = biasedExponent === 0 ? fraction : fraction | 0x10000000000000n;
  const binaryExponent = (biasedExponent === 0 ? 1 : biasedExponent) - 1075;
  const sign = negative ? "-" : "";
  if (binaryExponent >= 0) return `${sign}${significand << BigInt(binaryExponent)}e0`;
  const k = -binaryExponent;
  return `${sign}${significand * 5n ** BigInt(k)}e-${k}`;
}

/**
 * Whether a finite double is exactly the decimal it prints as: `0.5`, `0.375` and `2.75` are; `0.1` is not (its
 * binary value is 0.1000000000000000055…), nor is 2^-30 (it prints as `9.313225746154785e-10`, but its exact value
 * has 21 significant digits).
 */
export function isExactlyItsPrintedDecimal(value: number): boolean {
  return Number.isFinite(value) && decimalValueKey(exactDoubleText(value)) === decimalValueKey(String(value));
}

/**
 * Whether decimal.js turned a decimal literal into ±Infinity or zero because its exponent is beyond the range of a
 * Decimal (±9e15): `1e99999999999999999` becomes Infinity and `1e-99999999999999999` becomes 0 without an error.
 */
export function lostToExponentRange(decimal: { isFinite(): boolean; isZero(): boolean }, literal: string): boolean {
  if (!decimal.isFinite()) return true;
  if (!decimal.isZero()) return false;
  const mantissaEnd = literal.search(/[eE]/);
  return /[1-9]/.test(mantissaEnd === -1 ? literal : literal.slice(0, mantissaEnd));
}
