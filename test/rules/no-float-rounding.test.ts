import rule from "../../rules/no-float-rounding.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    // Formatting for display is what toFixed is for.
    "const label = `${amount.toFixed(2)} EUR`;",
    "const text = 'Total: ' + total.toFixed(2);",
    "console.log(ratio.toPrecision(3));",
    "return value.toFixed(2);",
    "const shown = x.toFixed(2);\nrender(shown);",
    // Through a number and straight back to text: trailing zeros dropped for display.
    "const figure = String(Number(value.toPrecision(3)));",
    "const label = `${+ratio.toFixed(2)} x`;",
    // Edited text that stays text.
    "const shown = amount.toFixed(2).replace('.', ',');\nrender(shown);",
    "const label = `${amount.toFixed(2).padStart(8)} EUR`;",
    // Scales that are powers of two are exact; other shapes are not decimal rounding.
    "const half = Math.round(x * 2) / 2;",
    "const eighth = Math.floor(x * 0.125) / 0.125;",
    "const seconds = Math.floor(ms / 1000);",
    "const avg = Math.round(total * 100) / count;",
    // A local Math is not the global.
    "function f(Math: { round(x: number): number }) { return Math.round(x * 100) / 100; }",
  ],
  invalid: [
    { code: "const cents = Number(price.toFixed(2));", errors: [{ messageId: "textRoundTrip", line: 1, column: 22, endLine: 1, endColumn: 38 }] },
    { code: "const r = +ratio.toPrecision(3);", errors: [{ messageId: "textRoundTrip", line: 1, column: 12, endLine: 1, endColumn: 32 }] },
    { code: "const t = parseFloat(sum.toFixed(2)) + fee;", errors: [{ messageId: "textRoundTrip", line: 1, column: 22, endLine: 1, endColumn: 36 }] },
    { code: "if (balance.toFixed(2) > limit) {}", errors: [{ messageId: "textRoundTrip", line: 1, column: 5, endLine: 1, endColumn: 23 }] },
    { code: "const rounded = (a / b).toFixed(2);\nconst total = rounded * qty;", errors: [{ messageId: "textRoundTrip", line: 1, column: 17, endLine: 1, endColumn: 35 }] },
    { code: "const v = Math.max(0, x.toFixed(1));", errors: [{ messageId: "textRoundTrip", line: 1, column: 23, endLine: 1, endColumn: 35 }] },
    { code: "const r = Math.round(x * 100) / 100;", errors: [{ messageId: "scaledRound", line: 1, column: 11, endLine: 1, endColumn: 36 }] },
    // The to-cents idiom (effect's Number.remainder, zod's floatSafeRemainder): text edited, then read back.
    { code: "const cents = parseInt(price.toFixed(2).replace('.', ''));", errors: [{ messageId: "textRoundTrip", line: 1, column: 24, endLine: 1, endColumn: 40 }] },
    { code: "const digits = x.toFixed(n).replace('.', '');\nconst whole = Number.parseInt(digits);", errors: [{ messageId: "textRoundTrip", line: 1, column: 16, endLine: 1, endColumn: 28 }] },
    { code: "const r = Math.round(100 * x) / 100;", errors: [{ messageId: "scaledRound", line: 1, column: 11, endLine: 1, endColumn: 36 }] },
    { code: "const r = Math.floor(x * 1e3) / 1000;", errors: [{ messageId: "scaledRound", line: 1, column: 11, endLine: 1, endColumn: 37 }] },
    { code: "const factor = 10 ** digits;\nconst r = Math.trunc(n * factor) / factor;", errors: [{ messageId: "scaledRound", line: 2, column: 11, endLine: 2, endColumn: 42 }] },
    { code: "const { round } = Math;\nconst r = round(net * 1.2 * 100) / 100;", errors: [{ messageId: "scaledRound", line: 2, column: 11, endLine: 2, endColumn: 39 }] },
  ],
});
