import { Decimal as DecimalJs } from "decimal.js";
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Decimal, ROUNDING_MODES, allocate, dec, round, sum } from "../../wrappers/decimal.js";
import type { RoundingMode } from "../../wrappers/decimal.js";
import { exactDoubleText } from "../../wrappers/internal/decimal-text.js";

/** For checking results: enough precision that the checks themselves never round. */
const Exact = DecimalJs.clone({ defaults: true, precision: 1000 });
const ONE_THIRD_34_DIGITS = "0.3333333333333333333333333333333333";

afterEach(() => {
  // Tests below reconfigure the shared decimal.js export on purpose; put it back for everyone else.
  DecimalJs.set({ defaults: true });
});

describe("Decimal: isolated configuration", () => {
  it("has 34 significant digits and half-even rounding", () => {
    expect(Decimal.precision).toBe(34);
    expect(Decimal.rounding).toBe(DecimalJs.ROUND_HALF_EVEN);
    expect(new Decimal(1).div(3).toString()).toBe(ONE_THIRD_34_DIGITS);
    expect(new Decimal("2.5").toDecimalPlaces(0).toString()).toBe("2");
    expect(new Decimal("3.5").toDecimalPlaces(0).toString()).toBe("4");
  });

  it("is not changed by set() on the decimal.js export or on another clone", () => {
    DecimalJs.set({ precision: 5, rounding: DecimalJs.ROUND_UP, toExpPos: 2 });
    const other = DecimalJs.clone();
    other.set({ precision: 3, rounding: DecimalJs.ROUND_FLOOR });
    expect(new DecimalJs(1).div(3).toString()).toBe("0.33334");
    expect(new other(1).div(3).toString()).toBe("0.333");
    expect(new Decimal(1).div(3).toString()).toBe(ONE_THIRD_34_DIGITS);
    expect(new Decimal(12345).toString()).toBe("12345");
    expect([Decimal.precision, Decimal.rounding, Decimal.toExpPos]).toEqual([34, DecimalJs.ROUND_HALF_EVEN, 21]);
  });

  it("does not inherit a configuration set on decimal.js before it loads", async () => {
    DecimalJs.set({ precision: 4, rounding: DecimalJs.ROUND_DOWN });
    vi.resetModules();
    const fresh = await import("../../wrappers/decimal.js");
    expect(fresh.Decimal).not.toBe(Decimal);
    expect(new fresh.Decimal(2).div(3).toString()).toBe("0.6666666666666666666666666666666667");
  });

  it("refuses set() and config() on itself, and unseeded random()", () => {
    expect(() => Decimal.set({ precision: 5 })).toThrow(/configuration is fixed/);
    expect(() => Decimal.config({ rounding: DecimalJs.ROUND_UP })).toThrow(/Decimal\.clone/);
    expect(() => Decimal.random()).toThrow(/detkit\/random/);
    expect(Decimal.precision).toBe(34);
  });

  it.each(["precision", "rounding", "toExpNeg", "toExpPos", "minE", "maxE", "modulo", "crypto", "set", "random"])(
    "refuses a property write, definition or deletion of %s, and computes as before",
    (property) => {
      const before = [dec(1).div(3).toString(), dec(2).sqrt().toString(), dec(1).exp().toString(), dec(10).ln().toString()];
      expect(() => Reflect.set(Decimal, property, 5)).toThrow(new RegExp(`^detkit/decimal: Decimal\\.${property} cannot be changed`));
      expect(() => Object.defineProperty(Decimal, property, { value: 5 })).toThrow(TypeError);
      expect(() => Reflect.deleteProperty(Decimal, property)).toThrow(TypeError);
      expect([Decimal.precision, Decimal.rounding, Decimal.toExpNeg, Decimal.toExpPos]).toEqual([34, DecimalJs.ROUND_HALF_EVEN, -7, 21]);
      // sqrt, exp and ln raise the precision on the constructor while they compute: they still work.
      expect([dec(1).div(3).toString(), dec(2).sqrt().toString(), dec(1).exp().toString(), dec(10).ln().toString()]).toEqual(before);
      expect(before[1]).toBe("1.414213562373095048801688724209698");
    },
  );

  it("refuses the assignment a user would write, with a TypeError naming the property", () => {
    const assign = (): void => {
      const target: { precision: number } = Decimal;
      target.precision = 5;
    };
    expect(assign).toThrow(TypeError);
    expect(assign).toThrow("Decimal.precision cannot be changed: the configuration is fixed (precision 34");
    expect(new Decimal(1).div(3).toString()).toBe(ONE_THIRD_34_DIGITS);
  });

  it("clones into an independent constructor", () => {
    const coarse = Decimal.clone({ precision: 5 });
    expect(new coarse(1).div(3).toString()).toBe("0.33333");
    expect(new Decimal(1).div(3).toString()).toBe(ONE_THIRD_34_DIGITS);
  });
});

describe("dec", () => {
  it("accepts decimal strings, bigints, safe integers and Decimals", () => {
    expect(dec("-12.50").toString()).toBe("-12.5");
    expect(dec("1e-7").toString()).toBe("1e-7");
    expect(dec(".5").toString()).toBe("0.5");
    expect(dec("+3").toString()).toBe("3");
    expect(dec(12345678901234567890123n).toFixed()).toBe("12345678901234567890123");
    expect(dec(Number.MAX_SAFE_INTEGER).toString()).toBe("9007199254740991");
    expect(dec(-42).toString()).toBe("-42");
    const foreign = new DecimalJs("1.000000000000000000000000000000000000000001");
    const copy = dec(foreign);
    expect(copy).toBeInstanceOf(Decimal);
    expect(copy.toString()).toBe("1.000000000000000000000000000000000000000001");
  });

  it("accepts a non-integer number only when it is exactly the decimal it prints as", () => {
    expect([0.5, 0.25, 0.375, 2.75, -0.5, 1.125].map((value) => dec(value).toString())).toEqual([
      "0.5", "0.25", "0.375", "2.75", "-0.5", "1.125",
    ]);
    expect(() => dec(0.1)).toThrow('pass the decimal as a string: dec("0.1")');
    expect(() => dec(0.1)).toThrow("0.1000000000000000055511151231257827021181583404541015625");
    expect(() => dec(0.1 + 0.2)).toThrow('dec("0.30000000000000004")');
    expect(() => dec(1 / 3)).toThrow(RangeError);
    // A dyadic fraction whose printed form is shorter than its exact value: ambiguous, so refused.
    expect(() => dec(2 ** -30)).toThrow(RangeError);
  });

  it("accepts exactly the doubles whose binary value equals their printed decimal", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        const exact = new Decimal(exactDoubleText(value));
        const printedIsExact = exact.eq(new Decimal(String(value)));
        let accepted: Decimal | undefined;
        try {
          accepted = dec(value);
        } catch (error) {
          expect(error).toBeInstanceOf(RangeError);
        }
        if (Number.isSafeInteger(value)) {
          expect(accepted?.eq(exact)).toBe(true);
        } else if (Number.isInteger(value)) {
          expect(accepted).toBeUndefined();
        } else {
          expect(accepted !== undefined).toBe(printedIsExact);
          if (accepted !== undefined) expect(accepted.eq(exact)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ["unsafe integer", 1e20, /bigint or a string/],
    ["NaN", Number.NaN, /finite/],
    ["Infinity", Number.POSITIVE_INFINITY, /finite/],
    ["hex string", "0x10", /decimal literal/],
    ["NaN string", "NaN", /decimal literal/],
    ["Infinity string", "Infinity", /decimal literal/],
    ["padded string", " 1", /decimal literal/],
    ["comma decimal", "1,5", /decimal literal/],
    ["empty string", "", /decimal literal/],
  ])("refuses %s", (_, value, message) => {
    expect(() => dec(value)).toThrow(RangeError);
    expect(() => dec(value)).toThrow(message);
  });

  it.each([
    ["1e99999999999999999", "Infinity"],
    ["-1e99999999999999999", "Infinity"],
    ["1e-99999999999999999", "0"],
    ["0.5e-9000000000000001", "0"],
  ])("refuses %s, whose exponent is beyond Decimal's range, instead of making it %s", (text, becomes) => {
    expect(() => dec(text)).toThrow(RangeError);
    expect(() => dec(text)).toThrow(`dec("${text}"): the exponent is beyond the range of Decimal (±9e15), which would make it ${becomes}`);
  });

  it("accepts exponents up to the edge of the range, and zero with any exponent", () => {
    expect(dec("1e9000000000000000").toString()).toBe("1e+9000000000000000");
    expect(dec("1e-9000000000000000").toString()).toBe("1e-9000000000000000");
    expect(dec("0e-99999999999999999").isZero()).toBe(true);
    expect(dec("-0.000e99999999999999999").isZero()).toBe(true);
  });

  it("quotes a refused string readably and briefly", () => {
    expect(() => dec("\ufeff12")).toThrow('dec("\\ufeff12"): not a finite decimal literal');
    const long = "9".repeat(1_000_000) + "x";
    let message = "";
    try {
      dec(long);
    } catch (error) {
      message = error instanceof Error ? error.message : "";
    }
    expect(message).toMatch(/^dec\("9{160}"…\(999801 characters left out\)…"9{39}x"\): not a finite decimal literal/);
    expect(message.length).toBeLessThan(400);
  });

  it("refuses other types and non-finite Decimals", () => {
    expect(() => Reflect.apply(dec, undefined, [null])).toThrow(TypeError);
    expect(() => Reflect.apply(dec, undefined, [[1]])).toThrow(/an array/);
    expect(() => dec(new Decimal(Number.NaN))).toThrow(RangeError);
  });
});

describe("sum", () => {
  it("adds exactly, beyond 34 significant digits", () => {
    expect(sum(["1e40", "1"]).toFixed()).toBe("10000000000000000000000000000000000000001");
    expect(new Decimal("1e40").plus(1).toFixed()).toBe("10000000000000000000000000000000000000000");
    expect(sum(["0.1", "0.2", 3n, 4, dec("0.5")]).toString()).toBe("7.8");
    expect(sum([]).toString()).toBe("0");
    expect(sum(new Set(["1.5", "2.5"])).toString()).toBe("4");
  });

  it("refuses what dec refuses", () => {
    expect(() => sum([0.1])).toThrow(/dec\("0\.1"\)/);
  });
});

describe("round", () => {
  const cases: readonly [RoundingMode, readonly string[]][] = [
    // inputs:          2.5   -2.5   2.4   -2.6   3.5   1.25
    ["half-even", ["2", "-2", "2", "-3", "4", "1.2"]],
    ["half-up", ["3", "-3", "2", "-3", "4", "1.3"]],
    ["half-down", ["2", "-2", "2", "-3", "3", "1.2"]],
    ["half-ceil", ["3", "-2", "2", "-3", "4", "1.3"]],
    ["half-floor", ["2", "-3", "2", "-3", "3", "1.2"]],
    ["up", ["3", "-3", "3", "-3", "4", "1.3"]],
    ["down", ["2", "-2", "2", "-2", "3", "1.2"]],
    ["ceil", ["3", "-2", "3", "-2", "4", "1.3"]],
    ["floor", ["2", "-3", "2", "-3", "3", "1.2"]],
  ];

  it.each(cases)("%s", (mode, expected) => {
    const inputs = ["2.5", "-2.5", "2.4", "-2.6", "3.5", "1.25"];
    const places = [0, 0, 0, 0, 0, 1];
    expect(inputs.map((input, index) => round(input, places[index] ?? 0, mode).toString())).toEqual(expected);
  });

  it("covers every exported mode and defaults to half-even", () => {
    expect([...ROUNDING_MODES].sort()).toEqual(cases.map(([mode]) => mode).sort());
    expect(round("0.125", 2).toString()).toBe("0.12");
    expect(round("0.135", 2).toString()).toBe("0.14");
  });

  it("is exact beyond 34 significant digits", () => {
    expect(round("12345678901234567890123456789012345.678", 2).toFixed()).toBe("12345678901234567890123456789012345.68");
  });

  it("refuses bad places and unknown modes", () => {
    expect(() => round("1", -1)).toThrow(RangeError);
    expect(() => round("1", 1.5)).toThrow(/integer/);
    expect(() => Reflect.apply(round, undefined, ["1", 2, "bankers"])).toThrow(/half-even/);
  });
});

describe("allocate", () => {
  it("splits by largest remainder, ties to the lower index", () => {
    expect(allocate("100.00", [1, 1, 1], 2).map(String)).toEqual(["33.34", "33.33", "33.33"]);
    expect(allocate("0.05", [1, 1, 1, 1], 2).map(String)).toEqual(["0.02", "0.01", "0.01", "0.01"]);
    expect(allocate("10", ["0.5", "0.3", "0.2"], 0).map(String)).toEqual(["5", "3", "2"]);
    // Exact shares 3.5, 3.5, 3 (in cents ×100): remainders tie between the first two; the first wins.
    expect(allocate("0.10", [35, 35, 30], 2).map(String)).toEqual(["0.04", "0.03", "0.03"]);
    expect(allocate("1", [1, 2], 2).map(String)).toEqual(["0.33", "0.67"]);
  });

  it("gives zero weights nothing and splits negative totals as the negation", () => {
    expect(allocate("0.05", [1, 0, 1], 2).map(String)).toEqual(["0.03", "0", "0.02"]);
    expect(allocate("-100", [1, 1, 1], 2).map(String)).toEqual(["-33.34", "-33.33", "-33.33"]);
    expect(allocate("0", [1, 2], 2).map(String)).toEqual(["0", "0"]);
  });

  it("refuses what cannot be split exactly or fairly", () => {
    expect(() => allocate("10.005", [1, 1], 2)).toThrow(/more than 2 decimal place/);
    expect(() => allocate("10", [], 2)).toThrow(/empty/);
    expect(() => allocate("10", [1, -1, 2], 2)).toThrow(/weights\[1\] is negative/);
    expect(() => allocate("10", [0, "0.00"], 2)).toThrow(/sum to zero/);
    expect(() => allocate("10", [1], -1)).toThrow(RangeError);
    expect(() => allocate("10", [0.1], 2)).toThrow(/dec\("0\.1"\)/);
  });

  const weight = fc.oneof(
    fc.nat({ max: 1000 }).map(String),
    fc.tuple(fc.nat({ max: 100_000 }), fc.integer({ min: 0, max: 6 })).map(([units, scale]) => `${units}e-${scale}`),
  );
  const input = fc
    .record({
      units: fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
      places: fc.integer({ min: 0, max: 6 }),
      weights: fc.array(weight, { minLength: 1, maxLength: 12 }),
    })
    .filter(({ weights }) => weights.some((text) => !new Decimal(text).isZero()));

  it("always adds up to the total exactly, each share within one unit of its exact share, deterministically", () => {
    fc.assert(
      fc.property(input, ({ units, places, weights }) => {
        const total = new Decimal(`${units}e-${places}`);
        const shares = allocate(total, weights, places);
        expect(shares).toHaveLength(weights.length);
        expect(sum(shares).eq(total)).toBe(true);
        expect(allocate(total, weights, places).map(String)).toEqual(shares.map(String));
        const weightTotal = new Exact(sum(weights));
        const unit = new Exact(`1e-${places}`);
        shares.forEach((share, index) => {
          expect(share.decimalPlaces()).toBeLessThanOrEqual(places);
          // |share − total × w / W| < unit, checked without division: |share × W − total × w| < unit × W.
          const gap = new Exact(share).times(weightTotal).minus(new Exact(total).times(weights[index] ?? "0")).abs();
          expect(gap.lt(unit.times(weightTotal))).toBe(true);
        });
      }),
      { numRuns: 500 },
    );
  });
});
