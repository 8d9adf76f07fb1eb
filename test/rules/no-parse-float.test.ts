import rule from "../../rules/no-parse-float.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    // Only compared or tested: rounding keeps the order of parsed decimals.
    "if (parseFloat(version) >= 18) {}",
    "const x = parseFloat(value);\nconst isInt = !isNaN(value) && (x | 0) === x;",
    "if (Number.isNaN(parseFloat(input))) throw new Error('not a number');",
    // Number syntax composed here from numbers (lodash's random): the double the literal would be.
    "const epsilon = parseFloat('1e-' + ((rand + '').length - 1));",
    "const scale = parseFloat(`1e${-digits * 2}`) * value;",
    // Integers and exact parsers.
    "const n = parseInt(text, 10);",
    "import { dec } from \"detkit/decimal\";\nconst price = dec(text);",
    // Shadowing.
    "function f(parseFloat: (s: string) => number) { return parseFloat('1') + 1; }",
    "import { parseFloat } from \"./strict-number\";\nconst total = parseFloat(a) + 1;",
    "const Number = { parseFloat: (s: string) => s.length };\nNumber.parseFloat(text) * 2;",
  ],
  invalid: [
    // Composed around text: the digits are data.
    { code: "const ms = parseFloat('0.' + fraction) * 1000;", errors: [{ messageId: "parseFloat", line: 1, column: 12, endLine: 1, endColumn: 39 }] },
    { code: "const v = parseFloat(`${whole}.${cents}`) + fee;", errors: [{ messageId: "parseFloat", line: 1, column: 11, endLine: 1, endColumn: 42 }] },
    { code: "const price = parseFloat(text) * quantity;", errors: [{ messageId: "parseFloat", line: 1, column: 15, endLine: 1, endColumn: 31 }] },
    { code: "function unit(value: string) {\n  return (value && parseFloat(value.replace(',', '.'))) || 0;\n}", errors: [{ messageId: "parseFloat", line: 2, column: 20, endLine: 2, endColumn: 55 }] },
    { code: "const q = parseFloat(match[1]);\nconst ms = q * 1000;", errors: [{ messageId: "parseFloat", line: 1, column: 11, endLine: 1, endColumn: 31 }] },
    { code: "order.total = Number.parseFloat(field);", errors: [{ messageId: "parseFloat", line: 1, column: 15, endLine: 1, endColumn: 39 }] },
    { code: "globalThis.parseFloat(s);", errors: [{ messageId: "parseFloat", line: 1, column: 1, endLine: 1, endColumn: 25 }] },
    { code: "const { parseFloat: toNumber } = Number;\ntoNumber(s) + 1;", errors: [{ messageId: "parseFloat", line: 2, column: 1, endLine: 2, endColumn: 12 }] },
    { code: "const amounts = fields.map(parseFloat);", errors: [{ messageId: "parseFloatValue", line: 1, column: 28, endLine: 1, endColumn: 38 }] },
    { code: "const amounts = fields.map(Number.parseFloat);", errors: [{ messageId: "parseFloatValue", line: 1, column: 28, endLine: 1, endColumn: 45 }] },
  ],
});
