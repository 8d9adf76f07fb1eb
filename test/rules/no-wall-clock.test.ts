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
  ],
  invalid: [
    { code: "const t = Date.now();", errors: [{ line: 1, column: 11, messageIncludes: "Date.now()" }] },
    { code: "const d = new Date();", errors: [{ line: 1, column: 11, messageIncludes: "new Date()" }] },
    { code: "const d = new Date;", errors: [{ line: 1, column: 11 }] },
    { code: "const s = Date();", errors: [{ line: 1, column: 11, messageIncludes: "Date() called as a function" }] },
    { code: "const p = performance.now();", errors: [{ line: 1, column: 11 }] },
    { code: "const o = performance.timeOrigin;", errors: [{ line: 1, column: 11, messageIncludes: "timeOrigin" }] },
    { code: 'const o = performance["timeOrigin"];', errors: [{ line: 1, column: 11 }] },
    { code: "const { timeOrigin } = performance;", errors: [{ line: 1, column: 9 }] },
    { code: "const h = process.hrtime();", errors: [{ line: 1, column: 11 }] },
    { code: "const h = process.hrtime.bigint();", errors: [{ line: 1, column: 11, messageIncludes: "hrtime.bigint()" }] },
    { code: "const u = process.uptime();", errors: [{ line: 1, column: 11 }] },
    { code: "const i = Temporal.Now.instant();", errors: [{ line: 1, column: 11, messageIncludes: "Temporal.Now.instant()" }] },
    { code: "const z = Temporal.Now.plainDateISO();", errors: [{ line: 1, column: 11 }] },
    // The global object, reached by any of its names.
    { code: "globalThis.Date.now();", errors: [{ line: 1, column: 1 }] },
    { code: "window.performance.now();", errors: [{ line: 1, column: 1 }] },
    { code: "self.Date.now();", errors: [{ line: 1, column: 1 }] },
    { code: "global.process.uptime();", errors: [{ line: 1, column: 1 }] },
    { code: "new globalThis.Date();", errors: [{ line: 1, column: 1 }] },
    { code: 'globalThis["Date"]["now"]();', errors: [{ line: 1, column: 1 }] },
    // Aliases and destructuring.
    { code: "const D = Date;\nconst d = new D();", errors: [{ line: 2, column: 11 }] },
    { code: "const D = Date;\nD.now();", errors: [{ line: 2, column: 1 }] },
    { code: "const now = Date.now;\nnow();", errors: [{ line: 2, column: 1, messageIncludes: "Date.now()" }] },
    { code: "const { now } = Date;\nnow();", errors: [{ line: 2, column: 1 }] },
    { code: "const { now: read } = performance;\nread();", errors: [{ line: 2, column: 1 }] },
    { code: "const { performance: { now } } = globalThis;\nnow();", errors: [{ line: 2, column: 1 }] },
    { code: "const p = globalThis.performance;\np.now();", errors: [{ line: 2, column: 1 }] },
    { code: "const N = Temporal.Now;\nN.zonedDateTimeISO();", errors: [{ line: 2, column: 1 }] },
    { code: "let now = Date.now;\nnow();", errors: [{ line: 2, column: 1 }] },
    { code: "var D = Date;\nfunction f() { return new D(); }", errors: [{ line: 2, column: 23 }] },
    { code: "const now = (Date.now as () => number);\nnow();", errors: [{ line: 2, column: 1 }] },
    // Imports: named, renamed, default, namespace, require, destructured require, with and without node:.
    { code: 'import { performance } from "node:perf_hooks";\nperformance.now();', errors: [{ line: 2, column: 1 }] },
    { code: 'import { performance as p } from "perf_hooks";\np.now();', errors: [{ line: 2, column: 1 }] },
    { code: 'import * as hooks from "perf_hooks";\nhooks.performance.timeOrigin;', errors: [{ line: 2, column: 1 }] },
    { code: 'import process from "node:process";\nprocess.hrtime();', errors: [{ line: 2, column: 1 }] },
    { code: 'import { hrtime } from "process";\nhrtime.bigint();', errors: [{ line: 2, column: 1 }] },
    { code: 'import { uptime } from "node:process";\nuptime();', errors: [{ line: 2, column: 1 }] },
    { code: 'import os from "os";\nos.uptime();', errors: [{ line: 2, column: 1 }] },
    { code: 'const { performance } = require("perf_hooks");\nperformance.now();', errors: [{ line: 2, column: 1 }], filename: "a.cjs" },
    { code: 'const hooks = require("node:perf_hooks");\nhooks.performance.now();', errors: [{ line: 2, column: 1 }], filename: "a.js" },
    { code: 'require("perf_hooks").performance.now();', errors: [{ line: 1, column: 1 }], filename: "a.js" },
    { code: 'import hooks = require("perf_hooks");\nhooks.performance.now();', errors: [{ line: 2, column: 1 }] },
    { code: 'const { performance } = await import("node:perf_hooks");\nperformance.now();', errors: [{ line: 2, column: 1 }], filename: "a.mjs" },
    // Handing the clock over to be called later.
    { code: "const [t] = useState(Date.now);", errors: [{ line: 1, column: 22, messageIncludes: "passed as a callback" }], filename: "a.tsx" },
    // Shadowing is per scope: the inner shadow does not hide the outer global.
    {
      code: "function a(Date: unknown) { return Date; }\nfunction b() { return Date.now(); }",
      errors: [{ line: 2, column: 23 }],
    },
    // JSX files parse and resolve the same way.
    { code: "export const C = () => <span>{Date.now()}</span>;", errors: [{ line: 1, column: 31 }], filename: "c.tsx" },
    { code: "export const C = () => <span>{new Date().toString()}</span>;", errors: [{ line: 1, column: 31 }], filename: "c.jsx" },
  ],
});
