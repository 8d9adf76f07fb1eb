import { Decimal as DecimalJs } from "decimal.js";
import { CONFIG, DecimalImpl, lockConfiguration } from "./internal/decimal-constructor.js";
import { exactDoubleText, isExactlyItsPrintedDecimal, lostToExponentRange } from "./internal/decimal-text.js";
import { abridgeDigits, quoteText } from "./internal/error-text.js";


/**
 * decimal.js's arbitrary-precision decimal, as a constructor of its own: 34 significant digits (IEEE-754
 * decimal128) for operations that must round (`div`, `sqrt`, `pow`, …), rounding `ROUND_HALF_EVEN`, exponential
 * notation in `toString` below 1e-7 and from 1e21 (like `Number.prototype.toString`).
 *
 * Isolated from global configuration: it is a `clone` built from decimal.js defaults, so `Decimal.set` on the
 * decimal.js export or on any other clone does not change it. Its own `set`/`config` throw, and so does writing
 * any of its properties (`Decimal.precision = 5`): configuration is part of the result, and a module-wide switch
 * would make results depend on who imported what first. Use `Decimal.clone({ ... })` for another configuration.
 * `Decimal.random` throws: use `detkit/random`.
 *
 * `new Decimal(0.1)` still accepts any number the way decimal.js does; construct through {@link dec} to have
 * inexact numbers refused.
 */
export const Decimal: DecimalJs.Constructor = lockConfiguration(DecimalImpl);
/** An instance of {@link Decimal} (any decimal.js instance has this type). */
export type Decimal = DecimalJs;

/** What {@link dec} and the money helpers accept. */
export type DecimalInput = Decimal | string | bigint | number;

/**
 * Precision for sums: decimal.js addition rounds to the constructor's precision, and a sum of money must not
 * round at all. Addition never needs more digits than its operands span, so this costs nothing extra.
 */
const ExactDecimal = DecimalJs.clone({ ...CONFIG, precision: 1e9 });

// A plain decimal literal: no hex/binary/octal prefixes, no "Infinity"/"NaN", no whitespace (decimal.js accepts
// the first two, and money amounts are never written that way).
// Each digit can be matched one way only: `\d+\.?\d*` would let a long run of digits split between `\d+` and
// `\d*` in n ways, and a failing match try them all (a million digits then took minutes).
const DECIMAL_LITERAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

function describeNumber(value: number): string {
  return Object.is(value, -0) ? "-0" : String(value);
}

/**
 * Makes a {@link Decimal} from a value whose decimal meaning is certain:
 *
 * - a string in decimal notation (`"0.1"`, `"-12.50"`, `"1e-7"`); hex/binary/octal forms, `"NaN"`, `"Infinity"`
 *   and surrounding spaces are refused;
 * - a bigint;
 * - a number that is a safe integer (|n| ≤ 2^53 − 1), or a non-integer that is *exactly* the decimal it prints as:
 *   its binary value, written out in full, has the same digits as `String(n)`. `0.5`, `0.25`, `2.75` pass;
 *   `0.1` (really 0.1000000000000000055…) is refused with a message to pass `"0.1"`. Unsafe integers (`1e20`),
 *   NaN and ±Infinity are refused;
 * - a Decimal (from any decimal.js constructor), copied digit for digit into this one without rounding.
 *
 * @throws TypeError for other types; RangeError for refused values. Both messages say what to pass instead.
 */
export function dec(value: DecimalInput): Decimal {
  if (typeof value === "string") {
    if (!DECIMAL_LITERAL.test(value)) {
      throw new RangeError(
        `dec(${quoteText(value)}): not a finite decimal literal (expected digits with an optional sign, ` +
          `point and exponent, e.g. "-12.50" or "1e-7")`,
      );
    }
    const decimal = new DecimalImpl(value);
    if (lostToExponentRange(decimal, value)) {
      throw new RangeError(
        `dec(${quoteText(value)}): the exponent is beyond the range of Decimal (±9e15), which would make it ` +
          `${decimal.isZero() ? "0" : "Infinity"}`,
      );
    }
    return decimal;
  }
  if (typeof value === "bigint") return new DecimalImpl(value);
  if (typeof value === "number") {
    if (Number.isSafeInteger(value)) return new DecimalImpl(value);
    if (!Number.isFinite(value)) {
      throw new RangeError(`dec(${value}): not a finite number`);
    }
    if (Number.isInteger(value)) {
      throw new RangeError(
        `dec(${describeNumber(value)}): integers beyond ±(2^53 − 1) are not exact in a double; ` +
          `pass a bigint or a string instead`,
      );
    }
    if (!isExactlyItsPrintedDecimal(value)) {
      const printed = String(value);
      throw new RangeError(
        `dec(${printed}): this double is not exactly ${printed} (its binary value is ` +
          `${new DecimalImpl(exactDoubleText(value)).toFixed()}); pass the decimal as a string: dec("${printed}")`,
      );
    }
    return new DecimalImpl(String(value));
  }
  if (DecimalImpl.isDecimal(value)) {
    if (!value.isFinite()) throw new RangeError(`dec(${value.toString()}): not a finite number`);
    return new DecimalImpl(value);
  }
  throw new TypeError(`dec: expected a string, bigint, number or Decimal, got ${describeType(value)}`);
}

function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a value of type ${typeof value}`;
}

/**
 * The exact sum of the values (each converted with {@link dec}); `0` for none. Unlike chained `plus`, which
 * rounds to 34 significant digits, the sum never rounds.
 */
export function sum(values: Iterable<DecimalInput>): Decimal {
  let total = new ExactDecimal(0);
  for (const value of values) total = total.plus(dec(value));
  return new DecimalImpl(total);
}

/**
 * How {@link round} breaks ties and which way it rounds (names as in Java's `RoundingMode` and decimal.js):
 * - `"half-even"`: to nearest, ties to the even neighbour (banker's rounding; 2.5 → 2, 3.5 → 4);
 * - `"half-up"`: to nearest, ties away from zero (2.5 → 3, −2.5 → −3);
 * - `"half-down"`: to nearest, ties toward zero (2.5 → 2, −2.5 → −2);
 * - `"half-ceil"`, `"half-floor"`: to nearest, ties toward +∞ / −∞;
 * - `"up"`: away from zero; `"down"`: toward zero (truncation); `"ceil"`: toward +∞; `"floor"`: toward −∞.
 */
export type RoundingMode =
  | "half-even"
  | "half-up"
  | "half-down"
  | "half-ceil"
  | "half-floor"
  | "up"
  | "down"
  | "ceil"
  | "floor";

const ROUNDING: Readonly<Record<RoundingMode, DecimalJs.Rounding>> = {
  "half-even": DecimalJs.ROUND_HALF_EVEN,
  "half-up": DecimalJs.ROUND_HALF_UP,
  "half-down": DecimalJs.ROUND_HALF_DOWN,
  "half-ceil": DecimalJs.ROUND_HALF_CEIL,
  "half-floor": DecimalJs.ROUND_HALF_FLOOR,
  up: DecimalJs.ROUND_UP,
  down: DecimalJs.ROUND_DOWN,
  ceil: DecimalJs.ROUND_CEIL,
  floor: DecimalJs.ROUND_FLOOR,
};

/** Every {@link RoundingMode}, in the order documented there. */
export const ROUNDING_MODES: readonly RoundingMode[] = Object.freeze([
  "half-even",
  "half-up",
  "half-down",
  "half-ceil",
  "half-floor",
  "up",
  "down",
  "ceil",
  "floor",
]);

function isRoundingMode(name: unknown): name is RoundingMode {
  return typeof name === "string" && Object.hasOwn(ROUNDING, name);
}

// decimal.js's own bound on decimal places (MAX_DIGITS).
const MAX_PLACES = 1e9;

function requirePlaces(places: unknown, caller: string): number {
  if (typeof places !== "number" || !Number.isInteger(places) || places < 0 || places > MAX_PLACES) {
    throw new RangeError(
      `${caller}: places must be an integer from 0 to ${MAX_PLACES}, got ${typeof places === "number" ? places : typeof places}`,
    );
  }
  return places;
}

/**
 * Rounds to `places` digits after the decimal point. Exact apart from that one rounding: the result is not
 * limited to 34 significant digits.
 *
 * @param mode how to round (see {@link RoundingMode}); `"half-even"` when omitted
 * @throws RangeError for places that are not an integer in 0…1e9 or an unknown mode
 */
export function round(x: DecimalInput, places: number, mode: RoundingMode = "half-even"): Decimal {
  requirePlaces(places, "round");
  if (!isRoundingMode(mode)) {
    throw new RangeError(`round: unknown rounding mode ${quoteText(String(mode))}; expected one of ${ROUNDING_MODES.join(", ")}`);
  }
  return dec(x).toDecimalPlaces(places, ROUNDING[mode]);
}

/** The integer number of `10^-places` units in a Decimal that has at most `places` decimal places. */
function toUnits(value: Decimal, places: number): bigint {
  return BigInt(value.toFixed(places).replace(".", ""));
}

/**
 * Splits `total` into shares proportional to `weights`, each a multiple of 10^-places, that add up to exactly
 * `total`.
 *
 * The rule (largest remainder, also called Hamilton's method), computed exactly in integers of 10^-places units:
 * every share first gets the floor of its exact proportional share `|total| × weight / Σweights`; the units left
 * over (fewer than the number of weights) go one each to the shares with the largest fractional remainders, ties to
 * the lower index. A negative total is split as its absolute value and every share negated, so
 * `allocate(-t, w, p)` is the negation of `allocate(t, w, p)`. Consequently each share differs from its exact
 * proportional share by less than one unit, a zero weight gets exactly zero, and the same input always gives the
 * same output.
 *
 * @param total the amount to split; must have at most `places` decimal places
 * @param weights non-negative, at least one positive
 * @param places decimal places of every share (2 for cents)
 * @throws RangeError for a total with more decimal places than `places`, no weights, a negative weight or weights
 *   that sum to zero
 */
export function allocate(total: DecimalInput, weights: readonly DecimalInput[], places: number): Decimal[] {
  requirePlaces(places, "allocate");
  const amount = dec(total);
  if (amount.decimalPlaces() > places) {
    throw new RangeError(
      `allocate: total ${abridgeDigits(amount.toString())} has more than ${places} decimal place(s), so no shares of that ` +
        `precision can add up to it; round it first`,
    );
  }
  if (weights.length === 0) throw new RangeError("allocate: weights must not be empty");
  const decimalWeights = weights.map((weight, index) => {
    const value = dec(weight);
    if (value.isNegative() && !value.isZero()) {
      throw new RangeError(`allocate: weights[${index}] is negative (${abridgeDigits(value.toString())}); weights must be ≥ 0`);
    }
    return value;
  });
  // Scaling every weight by the same power of ten turns them into integers without changing the proportions.
  const weightPlaces = Math.max(...decimalWeights.map((weight) => weight.decimalPlaces()));
  const integerWeights = decimalWeights.map((weight) => toUnits(weight, weightPlaces));
  let weightTotal = 0n;
  for (const weight of integerWeights) weightTotal += weight;
  if (weightTotal === 0n) throw new RangeError("allocate: weights sum to zero; at least one weight must be positive");

  const signedUnits = toUnits(amount, places);
  const units = signedUnits < 0n ? -signedUnits : signedUnits;
  const shares = integerWeights.map((weight) => (units * weight) / weightTotal);
  const remainders = integerWeights.map((weight, index) => units * weight - (shares[index] ?? 0n) * weightTotal);
  let leftover = units;
  for (const share of shares) leftover -= share;
  const byRemainder = remainders
    .map((remainder, index) => ({ remainder, index }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (let rank = 0; rank < Number(leftover); rank++) {
    const entry = byRemainder[rank];
    if (entry !== undefined) shares[entry.index] = (shares[entry.index] ?? 0n) + 1n;
  }
  const sign = signedUnits < 0n ? "-" : "";
  return shares.map((share) => new DecimalImpl(`${share === 0n ? "" : sign}${share}e-${places}`));
}

