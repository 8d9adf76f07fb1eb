import rule from "../../rules/no-approximate-math.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    // Exactly specified functions are the same on every engine.
    "Math.sqrt(x); Math.abs(x); Math.floor(x); Math.ceil(x); Math.trunc(x); Math.round(x);",
    "Math.min(a, b); Math.max(a, b); Math.sign(x); Math.fround(x); Math.clz32(x); Math.imul(a, b);",
    // Integer powers: exact when the result is below 2^53, and not flagged for unknown operands.
    "const size = 2 ** 10;",
    "const max = Math.pow(2, 53) - 1;",
    // Beyond 2^53 but a double exactly: lerna's byte-size table (1024 ** 6 is 2^60), 1e22.
    "const units = [Math.pow(1024, 6), Math.pow(1024, 8), 2 ** 64, 10 ** 22];",
    "const mask = 2 ** bits - 1;",
    "const square = x ** 2;",
    "const cube = Math.pow(n, 3);",
    "const scale = 10 ** digits;",
    "const backoff = base * factor ** attempt;",
    // Shadowing: a local Math, a parameter, an import.
    "function f(Math: { sin(x: number): number }) { return Math.sin(1); }",
    "const Math = { log: (x: number) => x };\nMath.log(3);",
    "import { exp } from \"./fixed-point\";\nexp(2);",
    // Members of other objects with the same names.
    "logger.log('x'); dec(x).exp(); series.cos(1);",
    "const decimal = dec('1.5').pow(2);",
  ],
  invalid: [
    { code: "const y = Math.sin(angle);", errors: [{ messageId: "approximated", line: 1, column: 11, endLine: 1, endColumn: 26 }] },
    { code: "const d = Math.floor(Math.log10(n)) + 1;", errors: [{ messageId: "approximated", line: 1, column: 22, endLine: 1, endColumn: 35 }] },
    { code: "const r = Math.hypot(dx, dy);", errors: [{ messageId: "approximated", line: 1, column: 11, endLine: 1, endColumn: 29 }] },
    // One finding per statement, at its first approximated operation (a haversine is one computation to fix).
    { code: "const c = Math.cbrt(v) + Math.exp(k);", errors: [{ messageId: "approximatedWithOthers", line: 1, column: 11, endLine: 1, endColumn: 23 }] },
    {
      code: "const a = Math.sin(dLat / 2) ** 2 +\n  Math.cos(lat1) * Math.cos(lat2) * Math.sin(dLon / 2) ** 2;\nconst c = 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));",
      errors: [
        { messageId: "approximatedWithOthers", line: 1, column: 11, endLine: 1, endColumn: 29 },
        { messageId: "approximated", line: 3, column: 15, endLine: 3, endColumn: 57 },
      ],
    },
    // Nested functions and statements are statements of their own.
    { code: "if (Math.log(x) > 1) {\n  y = Math.exp(x);\n}", errors: [{ messageId: "approximated", line: 1, column: 5, endLine: 1, endColumn: 16 }, { messageId: "approximated", line: 2, column: 7, endLine: 2, endColumn: 18 }] },
    { code: "const f = Math.log(2) + g((v) => Math.exp(v));", errors: [{ messageId: "approximated", line: 1, column: 11, endLine: 1, endColumn: 22 }, { messageId: "approximated", line: 1, column: 34, endLine: 1, endColumn: 45 }] },
    // The global object, aliases, destructuring.
    { code: "globalThis.Math.atan2(y, x);", errors: [{ messageId: "approximated", line: 1, column: 1, endLine: 1, endColumn: 28 }] },
    { code: "const M = Math;\nM.tanh(x);", errors: [{ messageId: "approximated", line: 2, column: 1, endLine: 2, endColumn: 10 }] },
    { code: "const { log: ln } = Math;\nln(x);", errors: [{ messageId: "approximated", line: 2, column: 1, endLine: 2, endColumn: 6 }] },
    // Handed over as a value.
    { code: "const logs = values.map(Math.log);", errors: [{ messageId: "approximatedValue", line: 1, column: 25, endLine: 1, endColumn: 33 }] },
    // Powers: fractional or negative exponents, fractional bases, results beyond 2^53.
    { code: "const root = x ** 0.5;", errors: [{ messageId: "power", line: 1, column: 14, endLine: 1, endColumn: 22 }] },
    { code: "const cent = 10 ** -2;", errors: [{ messageId: "power", line: 1, column: 14, endLine: 1, endColumn: 22 }] },
    { code: "const scaled = v * Math.pow(10, -digits);", errors: [{ messageId: "power", line: 1, column: 20, endLine: 1, endColumn: 41 }] },
    { code: "const f = Math.pow(10, -token.length + 3);", errors: [{ messageId: "power", line: 1, column: 11, endLine: 1, endColumn: 42 }] },
    { code: "const growth = 1.05 ** years;", errors: [{ messageId: "power", line: 1, column: 16, endLine: 1, endColumn: 29 }] },
    { code: "const big = 10 ** 23;", errors: [{ messageId: "power", line: 1, column: 13, endLine: 1, endColumn: 21 }] },
    { code: "let v = 2;\nv **= 0.5;", errors: [{ messageId: "power", line: 2, column: 1, endLine: 2, endColumn: 10 }] },
  ],
});
