import rule from "../../rules/no-local-time-parse.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    'const a = new Date("2020-01-01");',
    'const a = new Date("2020-01");',
    'const a = Date.parse("2020-01-01T00:00:00Z");',
    'const a = Date.parse("2020-01-01T00:00:00.000+05:30");',
    'const a = new Date("2020-01-01T10:00:00-0800");',
    'const a = new Date("Tue, 01 Jan 2020 00:00:00 GMT");',
    'const a = new Date("Wed Mar 25 2015 09:56:24 GMT+0100 (Central European Standard Time)");',
    "const a = new Date(`${day}T00:00:00Z`);",
    'const a = new Date(day + "T00:00:00Z");',
    "const a = new Date(day + time);",
    'const a = new Date("not a date");',
    "const a = new Date(0);",
    "const a = new Date(input);",
    // More than one argument is the local-time constructor, another rule's.
    'const a = new Date("2020", "1");',
    // A local Date or parse is not the global's.
    'class Date { constructor(s: string) {} }\nconst a = new Date("2020-01-01 00:00");',
    'const parse = (s: string) => s;\nparse("2020-01-01 00:00");',
    'moment.parse("2020-01-01 00:00");',
  ],
  invalid: [
    { code: 'const a = new Date("2020-01-01 00:00");', errors: [{ messageId: "localLiteral", line: 1, column: 11, endLine: 1, endColumn: 39 }] },
    { code: 'const a = new Date("2020-01-01T00:00");', errors: [{ messageId: "localLiteral", line: 1, column: 11, endLine: 1, endColumn: 39 }] },
    { code: "const a = Date.parse('March 7, 2020');", errors: [{ messageId: "localLiteral", line: 1, column: 11, endLine: 1, endColumn: 38 }] },
    { code: 'const a = new Date("2020/01/01");', errors: [{ messageId: "localLiteral", line: 1, column: 11, endLine: 1, endColumn: 33 }] },
    { code: 'const a = new Date("2020-1-5");', errors: [{ messageId: "localLiteral", line: 1, column: 11, endLine: 1, endColumn: 31 }] },
    { code: "const a = new Date(`2020-01-01T00:00:00`);", errors: [{ messageId: "localLiteral", line: 1, column: 11, endLine: 1, endColumn: 42 }] },
    { code: "const a = new Date(`${day}T00:00:00`);", errors: [{ messageId: "localBuilt", line: 1, column: 11, endLine: 1, endColumn: 38 }] },
    { code: 'const a = Date.parse(day + "T00:00:00");', errors: [{ messageId: "localBuilt", line: 1, column: 11, endLine: 1, endColumn: 40 }] },
    { code: "const a = new Date(`${date} 12:30`);", errors: [{ messageId: "localBuilt", line: 1, column: 11, endLine: 1, endColumn: 36 }] },
    { code: 'const D = globalThis.Date;\nconst a = D.parse("2020-01-01 00:00");', errors: [{ messageId: "localLiteral", line: 2, column: 11, endLine: 2, endColumn: 38 }] },
    { code: 'const { parse } = Date;\nconst a = parse("2020-01-01 00:00");', errors: [{ messageId: "localLiteral", line: 2, column: 11, endLine: 2, endColumn: 36 }] },
  ],
});
