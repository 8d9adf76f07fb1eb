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
    // Only tested for validity: the zone moves an instant, it never makes a string a date (firebase-tools).
    "export const invalid = (value: string) => Number.isNaN(Date.parse(value));",
    "export const valid = (value: string) => !isNaN(new Date(value).getTime());",
    "export const valid = (value: string) => Number.isFinite(+new Date(value));",
    "export function check(value: string) {\n  const parsed = Date.parse(value);\n  if (Number.isNaN(parsed)) return `not a timestamp: ${value}`;\n  return null;\n}",
  ],
  invalid: [
    {
      code: "export function dueDate(row: { due: string }) {\n  return new Date(row.due);\n}",
      errors: [{ messageId: "unknownShape", line: 2, column: 10, endLine: 2, endColumn: 27 }],
    },
    // The parsed time used as a number is still an instant read in the host's zone.
    { code: "export const f = (value: string) => Math.max(0, new Date(value).getTime());", errors: [{ messageId: "unknownShape", line: 1, column: 49, endLine: 1, endColumn: 64 }] },
    {
      code: "export function f(value: string) {\n  const parsed = Date.parse(value);\n  if (Number.isNaN(parsed)) return 0;\n  return parsed;\n}",
      errors: [{ messageId: "unknownShape", line: 2, column: 18, endLine: 2, endColumn: 35 }],
    },
    { code: "export const f = (value: string) => isNaN(Date.parse(value)) ? 0 : Date.parse(value);", errors: [{ messageId: "unknownShape", line: 1, column: 68, endLine: 1, endColumn: 85 }] },
    { code: "export const f = (a: string, b: string) => new Date(a + b);", errors: [{ messageId: "unknownShape", line: 1, column: 44, endLine: 1, endColumn: 59 }] },
    { code: "export const f = (s: string) => Date.parse(s);", errors: [{ messageId: "unknownShape", line: 1, column: 33, endLine: 1, endColumn: 46 }] },
    { code: "export const f = (s?: string) => new Date(s!);", errors: [{ messageId: "unknownShape", line: 1, column: 34, endLine: 1, endColumn: 46 }] },
    { code: 'export const f = (s: "2020-01-01 00:00" | "2020-01-01") => new Date(s);', errors: [{ messageId: "unknownShape", line: 1, column: 60, endLine: 1, endColumn: 71 }] },
    { code: "export const f = (y: number, m: number, d: number) => new Date(`${y}-${m}-${d}`);", errors: [{ messageId: "unknownShape", line: 1, column: 55, endLine: 1, endColumn: 81 }] },
    { code: "declare const row: { at: string };\nexport const t = new globalThis.Date(row.at);", errors: [{ messageId: "unknownShape", line: 2, column: 18, endLine: 2, endColumn: 45 }] },
  ],
});
