/**
 * The constructor behind `Decimal` in detkit/decimal, unlocked: detkit's own modules construct through it, since a
 * Proxy in front of a constructor makes every `new` several times slower (the lossless parser makes one Decimal per
 * number). Not exported from the package.
 */
import { Decimal as DecimalJs } from "decimal.js";

/**
 * The configuration of detkit's `Decimal`, fixed at creation from decimal.js defaults (`defaults: true`), so a
 * `Decimal.set(...)` made on the decimal.js export before or after this module loads cannot reach it.
 * 34 significant digits is IEEE-754 decimal128; half-even ("banker's rounding") has no upward drift over sums.
 */
export const CONFIG = {
  defaults: true,
  precision: 34,
  rounding: DecimalJs.ROUND_HALF_EVEN,
  // Same switch-over points as Number.prototype.toString, so a Decimal equal to a double prints as it does.
  toExpNeg: -7,
  toExpPos: 21,
  modulo: DecimalJs.ROUND_DOWN,
  crypto: false,
} as const;

function refuseReconfiguration(): never {
  throw new Error(
    "detkit/decimal: Decimal's configuration is fixed (precision 34, rounding half-even) so that every importer " +
      "computes the same results; use Decimal.clone({ ... }) for a differently configured constructor",
  );
}

function refuseRandom(): never {
  throw new Error("detkit/decimal: Decimal.random is not seeded; use seeded(seed) from detkit/random instead");
}

function createDecimal(): DecimalJs.Constructor {
  const constructor = DecimalJs.clone(CONFIG);
  constructor.set = refuseReconfiguration;
  constructor.config = refuseReconfiguration;
  constructor.random = refuseRandom;
  return constructor;
}

/**
 * The constructor as importers see it: every write, definition or deletion of a property (`Decimal.precision = 5`,
 * `Decimal.set = …`) throws. decimal.js keeps configuration in plain properties of the constructor and writes them
 * itself while it computes (`sqrt`, `exp` and `ln` raise `precision` and put it back), so the constructor itself
 * cannot be frozen; its instances keep pointing at it, and only this view is handed out.
 */
export function lockConfiguration(constructor: DecimalJs.Constructor): DecimalJs.Constructor {
  const refuse = (_target: DecimalJs.Constructor, property: string | symbol): never => {
    throw new TypeError(
      `detkit/decimal: Decimal.${String(property)} cannot be changed: the configuration is fixed (precision 34, ` +
        "rounding half-even) so that every importer computes the same results; use Decimal.clone({ ... }) for a " +
        "differently configured constructor",
    );
  };
  return new Proxy(constructor, { set: refuse, defineProperty: refuse, deleteProperty: refuse });
}

export const DecimalImpl: DecimalJs.Constructor = createDecimal();
