import rule from "../../rules/no-implicit-locale.js";
import { ruleTester } from "../helpers/rule-tester.js";

const COLLECTIONS = [{ module: "@detkit/runtime/collections", name: "compareStrings" }];

ruleTester(rule, {
  valid: [
    'const s = (1234.5).toLocaleString("en-US");',
    'const d = when.toLocaleDateString("de-DE", { timeZone: "UTC" });',
    'const u = name.toLocaleUpperCase("en");',
    "const u = name.toUpperCase();",
    'const c = a.localeCompare(b, "en");',
    'const c = a.localeCompare(b, "sv", { sensitivity: "base" });',
    'const f = new Intl.NumberFormat("de-DE");',
    'const f = Intl.DateTimeFormat("en-US", { timeZone: "UTC" });',
    'const f = new Intl.Collator(["en", "de"]);',
    "const l = new Intl.Locale('en-US');",
    // A caller's locale passed through is the caller's choice.
    "export const fmt = (locale: string | undefined) => new Intl.NumberFormat(locale).format(1);",
    "export const cmp = (opts: { locale?: string }) => (a: string, b: string) => a.localeCompare(b, opts.locale);",
    // The resolvedOptions().timeZone idiom reads the zone (no-implicit-time-zone says so), not the locale.
    "const zone = new Intl.DateTimeFormat().resolvedOptions().timeZone;",
    // A shadowing Intl is not the global.
    "function f(Intl: any) { return new Intl.NumberFormat(); }",
    'import { Intl } from "./polyfill";\nconst f = new Intl.NumberFormat();',
  ],
  invalid: [
    { code: "const s = total.toLocaleString();", errors: [{ messageId: "defaultLocale", line: 1, column: 11, endLine: 1, endColumn: 33 }] },
    { code: "const s = when.toLocaleDateString(undefined, { timeZone: 'UTC' });", errors: [{ messageId: "defaultLocale", line: 1, column: 11, endLine: 1, endColumn: 66 }] },
    { code: "const s = when.toLocaleTimeString([]);", errors: [{ messageId: "defaultLocale", line: 1, column: 11, endLine: 1, endColumn: 38 }] },
    { code: "const key = name.toLocaleLowerCase();", errors: [{ messageId: "defaultLocale", line: 1, column: 13, endLine: 1, endColumn: 37 }] },
    { code: "const f = new Intl.NumberFormat();", errors: [{ messageId: "intlDefaultLocale", line: 1, column: 11, endLine: 1, endColumn: 34 }] },
    { code: "const f = Intl.DateTimeFormat(undefined, { timeZone: 'UTC' });", errors: [{ messageId: "intlDefaultLocale", line: 1, column: 11, endLine: 1, endColumn: 62 }] },
    { code: "const c = new globalThis.Intl.Collator(void 0, { numeric: true });", errors: [{ messageId: "intlDefaultLocale", line: 1, column: 11, endLine: 1, endColumn: 66 }] },
    {
      name: "the host locale read from resolvedOptions (luxon's systemLocale)",
      code: "const sysLocale = new Intl.DateTimeFormat().resolvedOptions().locale;",
      errors: [{ messageId: "hostLocale", line: 1, column: 19, endLine: 1, endColumn: 62 }],
    },
    { code: "const { PluralRules } = Intl;\nconst p = new PluralRules();", errors: [{ messageId: "intlDefaultLocale", line: 2, column: 11, endLine: 2, endColumn: 28 }] },
    {
      name: "a comparator's localeCompare gets the compareStrings fix",
      code: "names.sort((a, b) => a.localeCompare(b));",
      errors: [{ messageId: "localeCompare", line: 1, column: 22, endLine: 1, endColumn: 40 }],
      output: "names.sort((a, b) => compareStrings(a, b));",
      imports: COLLECTIONS,
    },
    {
      name: "in a tie-break chain, in a named comparator",
      code: "function byName(x: Row, y: Row) {\n  return x.rank - y.rank || (x.name ?? '').localeCompare(y.name);\n}",
      errors: [{ messageId: "localeCompare", line: 2, column: 29, endLine: 2, endColumn: 65 }],
      output: "function byName(x: Row, y: Row) {\n  return x.rank - y.rank || compareStrings((x.name ?? ''), y.name);\n}",
      imports: COLLECTIONS,
    },
    {
      name: "outside a comparator: reported, not rewritten",
      code: "if (a.localeCompare(b) === 0) same();",
      errors: [{ messageId: "localeCompare", line: 1, column: 5, endLine: 1, endColumn: 23 }],
    },
    {
      name: "options without a locale have no code-unit equivalent",
      code: "rows.sort((a, b) => a.id.localeCompare(b.id, undefined, { numeric: true }));",
      errors: [{ messageId: "localeCompare", line: 1, column: 21, endLine: 1, endColumn: 75 }],
    },
    {
      name: "optional chaining is not rewritten",
      code: "rows.sort((a, b) => a.label?.localeCompare(b.label));",
      errors: [{ messageId: "localeCompare", line: 1, column: 21, endLine: 1, endColumn: 52 }],
    },
  ],
});
