import rule from "../../rules/no-unchecked-date-parse.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    // Numbers and Dates are instants, not strings.
    "export const f = (ms: number) => new Date(ms);",
    "export const f = (d: Date) => new Date(d);",
    "export const f = (d: Date | number) => new Date(d);",
    "export const f = (y: number, m: number) => new Date(Date.UTC(y, m));",
    // Literals are checked exactly by no-local-time-parse.
    'export const a = new Date("2020-01-01 00:00");',
    "export const a = new Date(`${day}T00:00:00Z`);",
    // Strings typed to carry an offset, and literal types of a safe shape.
    "export const f = (iso: `${string}Z`) => new Date(iso);",
    'export const f = (local: string) => new Date(local + "Z");',
    'export const f = (day: string) => new Date(`${day}T00:00:00+02:00`);',
    'export const f = (day: "2020-01-01" | "2021-01-01") => Date.parse(day);',
    // Untyped values are not guessed at.
    "export function f(x: any) { return new Date(x); }",
    // A branded string says it was checked.
    "type Iso = string & { readonly iso: true };\nexport const f = (s: Iso) => new Date(s);",
    "class Date { constructor(s: string) {} }\nexport const f = (s: string) => new Date(s);",
  ],
  invalid: [
    {
      code: "export function dueDate(row: { due: string }) {\n  return new Date(row.due);\n}",
      errors: [{ messageId: "unknownShape", line: 2, column: 10, endLine: 2, endColumn: 27 }],
    },
    { code: "export const f = (a: string, b: string) => new Date(a + b);", errors: [{ messageId: "unknownShape", line: 1, column: 44, endLine: 1, endColumn: 59 }] },
    { code: "export const f = (s: string) => Date.parse(s);", errors: [{ messageId: "unknownShape", line: 1, column: 33, endLine: 1, endColumn: 46 }] },
    { code: "export const f = (s?: string) => new Date(s!);", errors: [{ messageId: "unknownShape", line: 1, column: 34, endLine: 1, endColumn: 46 }] },
    { code: 'export const f = (s: "2020-01-01 00:00" | "2020-01-01") => new Date(s);', errors: [{ messageId: "unknownShape", line: 1, column: 60, endLine: 1, endColumn: 71 }] },
    { code: "export const f = (y: number, m: number, d: number) => new Date(`${y}-${m}-${d}`);", errors: [{ messageId: "unknownShape", line: 1, column: 55, endLine: 1, endColumn: 81 }] },
    { code: "declare const row: { at: string };\nexport const t = new globalThis.Date(row.at);", errors: [{ messageId: "unknownShape", line: 2, column: 18, endLine: 2, endColumn: 45 }] },
  ],
});
