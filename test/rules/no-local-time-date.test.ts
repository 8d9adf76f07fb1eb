import rule from "../../rules/no-local-time-date.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    // UTC methods and instants.
    "export const day = (d: Date) => d.getUTCDay();",
    "export const stamp = (d: Date) => d.toISOString();",
    "export const copy = (d: Date) => new Date(d.getTime());",
    "export const start = new Date(Date.UTC(2020, 0, 1));",
    "export const epoch = new Date(0);",
    "export const ms = (d: Date) => d.getMilliseconds();",
    // Offsets since 1972 are whole minutes: the local second is the UTC second.
    "export const s = (d: Date) => d.getSeconds();",
    // Receivers that are not Dates, by syntax or by type.
    "export const n = (12).toString();",
    "export const s = [1, 2].toString();",
    "interface Calendar { getDate(): number; getHours(): number }\nexport const h = (c: Calendar) => c.getHours() + c.getDate();",
    "class Day { getDay() { return 1; } }\nexport const d = new Day().getDay();",
    "export const text = (x: { toString(): string }) => x.toString();",
    // Untyped values are not guessed at by generic names.
    "export function f(d: any) { return d.getDate() + d.getDay() + d.getMonth() + d.toString(); }",
    "// @ts-nocheck\nexport function f(d) { return d.setDate(1); }",
    // A typed receiver that is not a Date is believed, whatever its method names.
    "interface Clock { getHours(): number }\nexport const h = (c: Clock) => c.getHours();",
    "const fns = { setHours: (date: Date, hours: number) => date };\nexport const d = fns.setHours(new Date(0), 1);",
    // A local Date class shadows the global.
    "class Date { constructor(...parts: number[]) {} }\nexport const d = new Date(2020, 1, 1);",
    // A setter call without arguments or a getter with one is some other API.
    "export const v = (m: Map<string, number>) => m.set;",
  ],
  invalid: [
    {
      code: "export function isWeekend(when: Date) {\n  const day = when.getDay();\n  return day === 0 || day === 6;\n}",
      errors: [{ messageId: "localGetter", line: 2, column: 15, endLine: 2, endColumn: 28 }],
    },
    {
      name: "syntax decides: a const made by new Date",
      code: "const d = new Date(input);\nd.setHours(0, 0, 0, 0);\nexport const label = `${d.getFullYear()}-${d.getMonth() + 1}`;",
      errors: [
        { messageId: "localSetter", line: 2, column: 1, endLine: 2, endColumn: 23 },
        { messageId: "localGetter", line: 3, column: 25, endLine: 3, endColumn: 40 },
        { messageId: "localGetter", line: 3, column: 44, endLine: 3, endColumn: 56 },
      ],
    },
    {
      name: "a subclass, a type parameter, a union with null",
      code: [
        "class Stamp extends Date {}",
        "export const a = (s: Stamp) => s.getHours();",
        "export const b = <T extends Date>(t: T) => t.getMinutes();",
        "export const c = (d: Date | null) => d?.getDate();",
      ].join("\n"),
      errors: [
        { messageId: "localGetter", line: 2, column: 32, endLine: 2, endColumn: 44 },
        { messageId: "localGetter", line: 3, column: 44, endLine: 3, endColumn: 58 },
        { messageId: "localGetter", line: 4, column: 38, endLine: 4, endColumn: 50 },
      ],
    },
    {
      name: "offset and local strings",
      code: "export const info = (d: Date) => [d.getTimezoneOffset(), d.toString(), d.toDateString(), d.toTimeString()];",
      errors: [
        { messageId: "timezoneOffset", line: 1, column: 35, endLine: 1, endColumn: 56 },
        { messageId: "localString", line: 1, column: 58, endLine: 1, endColumn: 70 },
        { messageId: "localString", line: 1, column: 72, endLine: 1, endColumn: 88 },
        { messageId: "localString", line: 1, column: 90, endLine: 1, endColumn: 106 },
      ],
    },
    {
      name: "the multi-argument constructor, directly and through an alias",
      code: "export const a = new Date(2020, 0, 1);\nconst D = globalThis.Date;\nexport const b = new D(y, m);",
      errors: [
        { messageId: "localConstructor", line: 1, column: 18, endLine: 1, endColumn: 38 },
        { messageId: "localConstructor", line: 3, column: 18, endLine: 3, endColumn: 29 },
      ],
    },
    {
      name: "untyped receivers: names only Date has",
      code: "export function f(d) {\n  return d.getHours() + d.getTimezoneOffset();\n}",
      filename: "example.js",
      errors: [
        { messageId: "localGetter", line: 2, column: 10, endLine: 2, endColumn: 22 },
        { messageId: "timezoneOffset", line: 2, column: 25, endLine: 2, endColumn: 46 },
      ],
    },
    {
      name: "a Date from a function's declared return type",
      code: "declare function parse(text: string): Date;\nexport const year = parse('x').getFullYear();",
      errors: [{ messageId: "localGetter", line: 2, column: 21, endLine: 2, endColumn: 45 }],
    },
  ],
});
