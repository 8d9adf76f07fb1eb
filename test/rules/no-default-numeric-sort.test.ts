import rule from "../../rules/no-default-numeric-sort.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    "export const f = (xs: number[]) => xs.sort((a, b) => a - b);",
    "export const f = (xs: string[]) => xs.sort();",
    "export const s = ['b', 'a'].sort();",
    "export const f = (xs: Float64Array) => xs.sort();",
    "export const f = (xs: (number | string)[]) => xs.sort();",
    "export const f = (xs: any) => xs.sort();",
    "export const f = (xs: any[]) => xs.sort();",
    "class Table { sort() { return this; } }\nexport const t = new Table().sort();",
    "export const f = (xs: Date[]) => xs.sort();",
    // Every possible value spelled out, and text order is numeric order (firebase-tools' FrameworkType).
    "enum Kind { Static, Framework, Node }\nexport const f = (xs: Kind[]) => xs.sort();",
    "export const f = (xs: Array<1 | 2 | 3>) => [...xs].sort();",
    "export const s = [3, 1, 2].sort();",
  ],
  invalid: [
    { code: "export const f = (xs: number[]) => xs.sort();", errors: [{ messageId: "stringOrder", line: 1, column: 36, endLine: 1, endColumn: 45 }] },
    { code: "enum Big { A = 2, B = 10 }\nexport const f = (xs: Big[]) => xs.sort();", errors: [{ messageId: "stringOrder", line: 2, column: 33, endLine: 2, endColumn: 42 }] },
    { code: "export const s = [200, 1_000].sort();", errors: [{ messageId: "stringOrder", line: 1, column: 18, endLine: 1, endColumn: 37 }] },
    { code: "export const s = [10, 9, -1].sort();", errors: [{ messageId: "stringOrder", line: 1, column: 18, endLine: 1, endColumn: 36 }] },
    { code: "export const f = (xs: readonly bigint[]) => xs.toSorted();", errors: [{ messageId: "stringOrder", line: 1, column: 45, endLine: 1, endColumn: 58 }] },
    { code: "export const f = (xs: Array<1 | 2 | 10>) => [...xs].sort();", errors: [{ messageId: "stringOrder", line: 1, column: 45, endLine: 1, endColumn: 59 }] },
    { code: "export const f = (m: Map<string, number>) => [...m.values()].sort();", errors: [{ messageId: "stringOrder", line: 1, column: 46, endLine: 1, endColumn: 68 }] },
    { code: "export const f = (xs?: number[]) => xs?.sort();", errors: [{ messageId: "stringOrder", line: 1, column: 37, endLine: 1, endColumn: 47 }] },
  ],
});
