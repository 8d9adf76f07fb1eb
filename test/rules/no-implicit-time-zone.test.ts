import rule from "../../rules/no-implicit-time-zone.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    'const f = new Intl.DateTimeFormat("en-US", { timeZone: "UTC" });',
    "const f = new Intl.DateTimeFormat(locale, { ...style, timeZone: zone });",
    'const opts = { timeZone: "Europe/Paris" } as const;\nconst f = Intl.DateTimeFormat("fr", opts);',
    // Options the syntax cannot see are not guessed at.
    "export const f = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en', options);",
    "const f = new Intl.DateTimeFormat('en', { ...defaults });",
    'const s = when.toLocaleDateString("en-GB", { timeZone: "UTC" });',
    // toLocaleString of something that is not visibly a Date: numbers do not have zones.
    'const s = amount.toLocaleString("en-US");',
    "const s = new Intl.NumberFormat('en').format(1);",
    // Reading the zone of a formatter that was given one.
    "const z = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Tokyo' }).resolvedOptions().timeZone;",
    "function f(Intl: any) { return new Intl.DateTimeFormat('en'); }",
    // Reading the locale asks nothing of the zone (no-implicit-locale reports it).
    "const locale = new Intl.DateTimeFormat().resolvedOptions().locale;",
  ],
  invalid: [
    { code: 'const f = new Intl.DateTimeFormat("en-US", { dateStyle: "long" });', errors: [{ messageId: "formatterZone", line: 1, column: 11, endLine: 1, endColumn: 66 }] },
    { code: "const f = Intl.DateTimeFormat('en');", errors: [{ messageId: "formatterZone", line: 1, column: 11, endLine: 1, endColumn: 36 }] },
    { code: "const f = new Intl.DateTimeFormat('en', { timeZone: undefined });", errors: [{ messageId: "formatterZone", line: 1, column: 11, endLine: 1, endColumn: 65 }] },
    { code: "const s = when.toLocaleDateString('en-US');", errors: [{ messageId: "dateFormatZone", line: 1, column: 11, endLine: 1, endColumn: 43 }] },
    { code: "const s = when.toLocaleTimeString();", errors: [{ messageId: "dateFormatZone", line: 1, column: 11, endLine: 1, endColumn: 36 }] },
    { code: "const s = new Date(ms).toLocaleString('en-US', { hour12: false });", errors: [{ messageId: "dateFormatZone", line: 1, column: 11, endLine: 1, endColumn: 66 }] },
    { code: "const zone = new Intl.DateTimeFormat().resolvedOptions().timeZone;", errors: [{ messageId: "hostTimeZone", line: 1, column: 14, endLine: 1, endColumn: 66 }] },
    { code: "const { timeZone } = Intl.DateTimeFormat().resolvedOptions();", errors: [{ messageId: "hostTimeZone", line: 1, column: 22, endLine: 1, endColumn: 61 }] },
    {
      name: "a formatter held in a const",
      code: "const dtf = new Intl.DateTimeFormat('en');\nexport const zone = dtf.resolvedOptions().timeZone;",
      errors: [
        { messageId: "formatterZone", line: 1, column: 13, endLine: 1, endColumn: 42 },
        { messageId: "hostTimeZone", line: 2, column: 21, endLine: 2, endColumn: 51 },
      ],
    },
  ],
});
