import rule from "../../rules/no-wall-clock.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    // Fixed instants are deterministic.
    "const epoch = new Date(0);",
    'const launch = new Date("2020-01-01T00:00:00Z");',
    "const utc = Date.UTC(2020, 0, 1);",
    "const parsed = Date.parse('2020-01-01');",
    "const copy = new Date(existing.getTime());",
    // Shadowing: a local, parameter, class or import of the same name is not the global.
    "function stamp(Date: { now(): number }) { return Date.now(); }",
    "class Date { static now() { return 0; } }\nDate.now();",
    "const performance = { now: () => 1 };\nperformance.now();",
    'import { Date } from "./my-date";\nDate.now();\nnew Date();',
    'import { performance } from "./fake-perf";\nperformance.now();',
    "function f(process: { hrtime(): number }) { return process.hrtime(); }",
    "{ const Date = makeFake(); Date.now(); }",
    "for (const Date of fakes) Date.now();",
    "try {} catch (Date) { Date.now(); }",
    "const fn = function Date() { return Date.now(); };",
    "var Temporal = { Now: { instant: () => 0 } };\nTemporal.Now.instant();",
    "function g() { var Date = fake; if (x) { Date.now(); } }",
    // An alias that is reassigned no longer says what it holds.
    "let now = Date.now;\nnow = clock.now;",
    // Property names, not reads of the clock.
    "const o = { now: 1 };\no.now;",
    "obj.Date.now();",
    "type T = typeof Date.now;",
    // A type-only import does not shadow the value.
    'import type { Clock } from "detkit/clock";\nexport function f(clock: Clock) { return clock.now(); }',
    // Unrelated members of the same globals.
    "Date.prototype.toISOString.call(d);",
    "performance.mark('x');",
    "process.cwd();",
    "performance.timeOrigin = 5;",
    // An alias alone reads nothing; the call through it is what is reported.
    "const now = Date.now;",
    "const name = Date.now.name;",
    "const kind = typeof Date.now;",
    "export const clock = { now: injected.now };",
    "const fns = [Math.max, JSON.stringify];",
    "function f(now: () => number) { return { now }; }",
    // Look-alikes of the followed values: shadowing defaults, injected defaults, reassignment in a nested scope.
    "function f(Date = FakeDate) {\n  return Date.now();\n}",
    "class C {\n  now = clock.now;\n}",
    "function f(now = clock.now) {\n  return now();\n}",
    "const { now = fake } = options;\nnow();",
    "(delegate || fake).now();",
    "let now = Date.now;\nfunction reset() {\n  now = fake;\n}\nnow();",
    "let D = Date;\nD = FakeDate;\nnew D();",
    "let now = Date.now;\n[now] = [fake];\nnow();",
    "let now = Date.now;\nfor (now of clocks) now();",
    // A CommonJS export is an alias, as `export const now = Date.now` is: the calls through it are reported, in
    // this file or in the files that require it (test/analyzer/module-graph.test.ts).
    { code: "exports.now = Date.now;", filename: "a.cjs" },
    { code: "module.exports = { now: Date.now, label: \"clock\" };", filename: "a.cjs" },
    // A function tested for existence is not called.
    "if (performance.now) start();",
    'const hasNow = typeof performance.now === "function";',
    "const supported = Boolean(Date.now);",
    'if (!Date.now) throw new Error("no clock");',
    'const kind = Date.now ? "native" : "shim";',
    'if (typeof performance !== "undefined" && performance.now) start();',
    "const timer = process.hrtime && process.hrtime.bigint;",
    // The save/restore idiom of mocking, and test doubles.
    "const realNow = Date.now;\nDate.now = () => 0;\nDate.now = realNow;",
    "expect(Date.now).toHaveBeenCalled();",
    'vi.spyOn(Date, "now").mockReturnValue(0);',
    "let saved;\nbeforeEach(() => {\n  saved = Date.now;\n  Date.now = () => 0;\n});\nafterEach(() => {\n  Date.now = saved;\n});",
    "vi.mocked(Date.now).mockReturnValue(1);",
    't.mock.method(Date, "now", () => 0);',
    "const original = performance.now;\nafterEach(() => {\n  performance.now = original;\n});",
    "const hrtime = process.hrtime;\nafter(() => {\n  process.hrtime = hrtime;\n});",
  ],
  invalid: [
    { code: "const t = Date.now();", errors: [{ messageId: "readsClock", line: 1, column: 11, endLine: 1, endColumn: 21 }] },
    { code: "const d = new Date();", errors: [{ messageId: "readsClock", line: 1, column: 11, endLine: 1, endColumn: 21 }] },
    { code: "const d = new Date;", errors: [{ messageId: "readsClock", line: 1, column: 11, endLine: 1, endColumn: 19 }] },
    { code: "const s = Date();", errors: [{ messageId: "readsClock", line: 1, column: 11, endLine: 1, endColumn: 17 }] },
    { code: "const p = performance.now();", errors: [{ messageId: "measuresElapsed", line: 1, column: 11, endLine: 1, endColumn: 28 }] },
    { code: "const o = performance.timeOrigin;", errors: [{ messageId: "readsClock", line: 1, column: 11, endLine: 1, endColumn: 33 }] },
    { code: 'const o = performance["timeOrigin"];', errors: [{ messageId: "readsClock", line: 1, column: 11, endLine: 1, endColumn: 36 }] },
    { code: "const { timeOrigin } = performance;", errors: [{ messageId: "readsClock", line: 1, column: 9, endLine: 1, endColumn: 19 }] },
    { code: "const h = process.hrtime();", errors: [{ messageId: "measuresElapsed", line: 1, column: 11, endLine: 1, endColumn: 27 }] },
    { code: "const h = process.hrtime.bigint();", errors: [{ messageId: "measuresElapsed", line: 1, column: 11, endLine: 1, endColumn: 34 }] },
    { code: "const u = process.uptime();", errors: [{ messageId: "measuresElapsed", line: 1, column: 11, endLine: 1, endColumn: 27 }] },
    { code: "const i = Temporal.Now.instant();", errors: [{ messageId: "readsClock", line: 1, column: 11, endLine: 1, endColumn: 33 }] },
    { code: "const z = Temporal.Now.plainDateISO();", errors: [{ messageId: "readsClock", line: 1, column: 11, endLine: 1, endColumn: 38 }] },
    // The global object, reached by any of its names.
    { code: "globalThis.Date.now();", errors: [{ messageId: "readsClock", line: 1, column: 1, endLine: 1, endColumn: 22 }] },
    { code: "window.performance.now();", errors: [{ messageId: "measuresElapsed", line: 1, column: 1, endLine: 1, endColumn: 25 }] },
    { code: "self.Date.now();", errors: [{ messageId: "readsClock", line: 1, column: 1, endLine: 1, endColumn: 16 }] },
    { code: "global.process.uptime();", errors: [{ messageId: "measuresElapsed", line: 1, column: 1, endLine: 1, endColumn: 24 }] },
    { code: "new globalThis.Date();", errors: [{ messageId: "readsClock", line: 1, column: 1, endLine: 1, endColumn: 22 }] },
    { code: 'globalThis["Date"]["now"]();', errors: [{ messageId: "readsClock", line: 1, column: 1, endLine: 1, endColumn: 28 }] },
    // Aliases and destructuring.
    { code: "const D = Date;\nconst d = new D();", errors: [{ messageId: "readsClock", line: 2, column: 11, endLine: 2, endColumn: 18 }] },
    { code: "const D = Date;\nD.now();", errors: [{ messageId: "readsClock", line: 2, column: 1, endLine: 2, endColumn: 8 }] },
    { code: "const now = Date.now;\nnow();", errors: [{ messageId: "readsClock", line: 2, column: 1, endLine: 2, endColumn: 6 }] },
    { code: "const { now } = Date;\nnow();", errors: [{ messageId: "readsClock", line: 2, column: 1, endLine: 2, endColumn: 6 }] },
    { code: "const { now: read } = performance;\nread();", errors: [{ messageId: "measuresElapsed", line: 2, column: 1, endLine: 2, endColumn: 7 }] },
    { code: "const { performance: { now } } = globalThis;\nnow();", errors: [{ messageId: "measuresElapsed", line: 2, column: 1, endLine: 2, endColumn: 6 }] },
    { code: "const p = globalThis.performance;\np.now();", errors: [{ messageId: "measuresElapsed", line: 2, column: 1, endLine: 2, endColumn: 8 }] },
    { code: "const N = Temporal.Now;\nN.zonedDateTimeISO();", errors: [{ messageId: "readsClock", line: 2, column: 1, endLine: 2, endColumn: 21 }] },
    { code: "let now = Date.now;\nnow();", errors: [{ messageId: "readsClock", line: 2, column: 1, endLine: 2, endColumn: 6 }] },
    { code: "var D = Date;\nfunction f() { return new D(); }", errors: [{ messageId: "readsClock", line: 2, column: 23, endLine: 2, endColumn: 30 }] },
    { code: "const now = (Date.now as () => number);\nnow();", errors: [{ messageId: "readsClock", line: 2, column: 1, endLine: 2, endColumn: 6 }] },
    // Imports: named, renamed, default, namespace, require, destructured require, with and without node:.
    { code: 'import { performance } from "node:perf_hooks";\nperformance.now();', errors: [{ messageId: "measuresElapsed", line: 2, column: 1, endLine: 2, endColumn: 18 }] },
    { code: 'import { performance as p } from "perf_hooks";\np.now();', errors: [{ messageId: "measuresElapsed", line: 2, column: 1, endLine: 2, endColumn: 8 }] },
    { code: 'import * as hooks from "perf_hooks";\nhooks.performance.timeOrigin;', errors: [{ messageId: "readsClock", line: 2, column: 1, endLine: 2, endColumn: 29 }] },
    { code: 'import process from "node:process";\nprocess.hrtime();', errors: [{ messageId: "measuresElapsed", line: 2, column: 1, endLine: 2, endColumn: 17 }] },
    { code: 'import { hrtime } from "process";\nhrtime.bigint();', errors: [{ messageId: "measuresElapsed", line: 2, column: 1, endLine: 2, endColumn: 16 }] },
    { code: 'import { uptime } from "node:process";\nuptime();', errors: [{ messageId: "measuresElapsed", line: 2, column: 1, endLine: 2, endColumn: 9 }] },
    { code: 'import os from "os";\nos.uptime();', errors: [{ messageId: "measuresElapsed", line: 2, column: 1, endLine: 2, endColumn: 12 }] },
    { code: 'const { performance } = require("perf_hooks");\nperformance.now();', errors: [{ messageId: "measuresElapsed", line: 2, column: 1, endLine: 2, endColumn: 18 }], filename: "a.cjs" },
    { code: 'const hooks = require("node:perf_hooks");\nhooks.performance.now();', errors: [{ messageId: "measuresElapsed", line: 2, column: 1, endLine: 2, endColumn: 24 }], filename: "a.js" },
    { code: 'require("perf_hooks").performance.now();', errors: [{ messageId: "measuresElapsed", line: 1, column: 1, endLine: 1, endColumn: 40 }], filename: "a.js" },
    { code: 'import hooks = require("perf_hooks");\nhooks.performance.now();', errors: [{ messageId: "measuresElapsed", line: 2, column: 1, endLine: 2, endColumn: 24 }] },
    { code: 'const { performance } = await import("node:perf_hooks");\nperformance.now();', errors: [{ messageId: "measuresElapsed", line: 2, column: 1, endLine: 2, endColumn: 18 }], filename: "a.mjs" },
    // Handing the clock over to be called later.
    { code: "const [t] = useState(Date.now);", errors: [{ messageId: "clockValue", line: 1, column: 22, endLine: 1, endColumn: 30 }], filename: "a.tsx" },
    { code: "export const systemClock = { now: Date.now };", errors: [{ messageId: "clockValue", line: 1, column: 35, endLine: 1, endColumn: 43 }] },
    { code: "this.now = options.now ?? Date.now;", errors: [{ messageId: "clockValue", line: 1, column: 27, endLine: 1, endColumn: 35 }] },
    { code: "const clock = {};\nclock.now = Date.now;", errors: [{ messageId: "clockValue", line: 2, column: 13, endLine: 2, endColumn: 21 }] },
    { code: "module.exports = { clock: { now: Date.now } };", errors: [{ messageId: "clockValue", line: 1, column: 34, endLine: 1, endColumn: 42 }], filename: "a.cjs" },
    { code: "options.now ??= Date.now;", errors: [{ messageId: "clockValue", line: 1, column: 17, endLine: 1, endColumn: 25 }] },
    { code: "const now = Date.now ?? fallback;\nsetTimeout(tick, 0, now);", errors: [{ messageId: "clockValue", line: 2, column: 21, endLine: 2, endColumn: 24 }] },
    // Class fields and static properties store the function to be called later.
    { code: "class Scheduler {\n  now = Date.now;\n}", errors: [{ messageId: "clockValue", line: 2, column: 9, endLine: 2, endColumn: 17 }] },
    { code: "class Scheduler {\n  static now: () => number = Date.now;\n}", errors: [{ messageId: "clockValue", line: 2, column: 30, endLine: 2, endColumn: 38 }] },
    // A value assigned where the variable may also hold something else is reported where it is handed over.
    { code: "let now = fake;\nif (x) now = Date.now;\nnow();", errors: [{ messageId: "clockValue", line: 2, column: 14, endLine: 2, endColumn: 22 }] },
    // A default in a destructuring assignment is stored like any assigned value; the variable is no longer followed.
    { code: "let now = Date.now;\n[now = Date.now] = injected;\nnow();", errors: [{ messageId: "clockValue", line: 2, column: 8, endLine: 2, endColumn: 16 }] },
    { code: "const read = Date.now.bind(Date);", errors: [{ messageId: "clockValue", line: 1, column: 14, endLine: 1, endColumn: 22 }] },
    { code: "const readers = [performance.now, Date.now];", errors: [{ messageId: "elapsedValue", line: 1, column: 18, endLine: 1, endColumn: 33 }, { messageId: "clockValue", line: 1, column: 35, endLine: 1, endColumn: 43 }] },
    { code: "function clock() { return Date.now; }", errors: [{ messageId: "clockValue", line: 1, column: 27, endLine: 1, endColumn: 35 }] },
    { code: "const { now } = Date;\nexport const clock = { now };", errors: [{ messageId: "clockValue", line: 2, column: 24, endLine: 2, endColumn: 27 }] },
    { code: "const now = Date.now;\nsetInterval(tick, 1000, now);", errors: [{ messageId: "clockValue", line: 2, column: 25, endLine: 2, endColumn: 28 }] },
    { code: 'import { performance } from "node:perf_hooks";\nexport const clock = { now: performance.now.bind(performance) };', errors: [{ messageId: "elapsedValue", line: 2, column: 29, endLine: 2, endColumn: 44 }] },
    // The receiver chosen with ||, ?? or ?: is the global whenever nothing was injected (rxjs' timestamp providers).
    {
      code: "export const provider = {\n  delegate: undefined as { now(): number } | undefined,\n  now() {\n    return (provider.delegate || Date).now();\n  },\n};",
      errors: [{ messageId: "readsClock", line: 4, column: 12, endLine: 4, endColumn: 45 }],
    },
    { code: "export function elapsed(clock?: { now(): number }) {\n  return (clock ?? performance).now();\n}", errors: [{ messageId: "measuresElapsed", line: 2, column: 10, endLine: 2, endColumn: 38 }] },
    { code: "const source = useFake ? fake : Date;\nsource.now();", errors: [{ messageId: "readsClock", line: 2, column: 1, endLine: 2, endColumn: 13 }] },
    { code: "const now = options.now ?? Date.now;\nnow();", errors: [{ messageId: "readsClock", line: 2, column: 1, endLine: 2, endColumn: 6 }] },
    { code: 'const D = typeof Date === "function" && Date;\nD.now();', errors: [{ messageId: "readsClock", line: 2, column: 1, endLine: 2, endColumn: 8 }] },
    // The global object reached through a variable (lodash's root).
    {
      code:
        'var freeGlobal = typeof global == "object" && global && global.Object === Object && global;\n' +
        'var freeSelf = typeof self == "object" && self && self.Object === Object && self;\n' +
        'var root = freeGlobal || freeSelf || Function("return this")();\n' +
        "export const now = () => root.Date.now();",
      errors: [{ messageId: "readsClock", line: 4, column: 26, endLine: 4, endColumn: 41 }],
    },
    // Parameter and destructuring defaults: the default is what the name holds when nothing is passed.
    { code: "function schedule(now = Date.now) {\n  return now();\n}", errors: [{ messageId: "readsClock", line: 2, column: 10, endLine: 2, endColumn: 15 }] },
    { code: "export function time({ now = performance.now } = {}) {\n  return now();\n}", errors: [{ messageId: "measuresElapsed", line: 2, column: 10, endLine: 2, endColumn: 15 }] },
    // A let alias is followed when the only other assignment to its name belongs to another variable.
    {
      code: "function a() {\n  let now = Date.now;\n  return now();\n}\nfunction b() {\n  let now;\n  now = 5;\n  return now;\n}",
      errors: [{ messageId: "readsClock", line: 3, column: 10, endLine: 3, endColumn: 15 }],
    },
    { code: "let now;\nnow ??= Date.now;\nnow();", errors: [{ messageId: "readsClock", line: 3, column: 1, endLine: 3, endColumn: 6 }] },
    // An ambient declaration describes the global; it does not shadow it.
    { code: "declare const performance: { now(): number };\nperformance.now();", errors: [{ messageId: "measuresElapsed", line: 2, column: 1, endLine: 2, endColumn: 18 }] },
    { code: "declare global {\n  interface Window { x: number }\n}\nglobal.process.uptime();", errors: [{ messageId: "measuresElapsed", line: 4, column: 1, endLine: 4, endColumn: 24 }] },
    // createRequire and dynamic import().then.
    {
      code: 'import { createRequire } from "node:module";\nconst require = createRequire(import.meta.url);\nconst { performance } = require("perf_hooks");\nperformance.now();',
      errors: [{ messageId: "measuresElapsed", line: 4, column: 1, endLine: 4, endColumn: 18 }],
    },
    {
      code: 'import { createRequire } from "node:module";\ncreateRequire(import.meta.url)("perf_hooks").performance.now();',
      errors: [{ messageId: "measuresElapsed", line: 2, column: 1, endLine: 2, endColumn: 63 }],
    },
    { code: 'import("node:perf_hooks").then(({ performance }) => performance.now());', errors: [{ messageId: "measuresElapsed", line: 1, column: 53, endLine: 1, endColumn: 70 }] },
    // Shadowing is per scope: the inner shadow does not hide the outer global.
    {
      code: "function a(Date: unknown) { return Date; }\nfunction b() { return Date.now(); }",
      errors: [{ messageId: "readsClock", line: 2, column: 23, endLine: 2, endColumn: 33 }],
    },
    // JSX files parse and resolve the same way.
    { code: "export const C = () => <span>{Date.now()}</span>;", errors: [{ messageId: "readsClock", line: 1, column: 31, endLine: 1, endColumn: 41 }], filename: "c.tsx" },
    { code: "export const C = () => <span>{new Date().toString()}</span>;", errors: [{ messageId: "readsClock", line: 1, column: 31, endLine: 1, endColumn: 41 }], filename: "c.jsx" },
  ],
});
