import rule from "../../rules/no-process-env.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    // Writes, and handing the environment to a child process.
    "process.env.TZ = 'UTC';",
    "delete process.env.DEBUG;",
    "Object.assign(process.env, overrides);",
    "spawn(cmd, args, { env: process.env });",
    "spawn(cmd, args, { env: { ...process.env, FORCE_COLOR: '0' } });",
    // Checks that there is an environment at all.
    "const hasEnv = typeof process.env === 'object';",
    "if (process.env) {}",
    // Shadowing and look-alikes.
    "function f(process: { env: Record<string, string> }) { return process.env.HOME; }",
    "const env = loadEnv();\nenv.PORT;",
    "const config = { env: 'test' };\nconfig.env;",
    "import { env } from \"./config\";\nenv.PORT;",
    "import.meta.url;",
  ],
  invalid: [
    { code: "const port = process.env.PORT;", errors: [{ messageId: "readsEnv", line: 1, column: 14, endLine: 1, endColumn: 30 }] },
    { code: "if (process.env.NODE_ENV === 'production') {}", errors: [{ messageId: "nodeEnv", line: 1, column: 5, endLine: 1, endColumn: 25 }] },
    { code: "const key = process.env['API_KEY'];", errors: [{ messageId: "readsEnv", line: 1, column: 13, endLine: 1, endColumn: 35 }] },
    { code: "const value = process.env[name];", errors: [{ messageId: "readsEnv", line: 1, column: 15, endLine: 1, endColumn: 32 }] },
    { code: "const { HOME, NODE_ENV: mode } = process.env;", errors: [{ messageId: "readsEnv", line: 1, column: 9, endLine: 1, endColumn: 13 }, { messageId: "nodeEnv", line: 1, column: 15, endLine: 1, endColumn: 29 }] },
    { code: "const debug = process.env && process.env.DEBUG;", errors: [{ messageId: "readsEnv", line: 1, column: 30, endLine: 1, endColumn: 47 }] },
    // The whole environment, kept or passed on.
    { code: "const env = process.env;\nconst port = env.PORT;", errors: [{ messageId: "wholeEnv", line: 1, column: 13, endLine: 1, endColumn: 24 }] },
    { code: "const { env } = process;", errors: [{ messageId: "wholeEnv", line: 1, column: 9, endLine: 1, endColumn: 12 }] },
    { code: "const config = loadConfig(process.env);", errors: [{ messageId: "wholeEnv", line: 1, column: 27, endLine: 1, endColumn: 38 }] },
    { code: "for (const [k, v] of Object.entries(process.env)) {}", errors: [{ messageId: "wholeEnv", line: 1, column: 37, endLine: 1, endColumn: 48 }] },
    // Imports, require, the global object.
    { code: "import { env } from \"node:process\";\nconst port = env.PORT;", errors: [{ messageId: "readsEnv", line: 2, column: 14, endLine: 2, endColumn: 22 }] },
    { code: "import process from \"process\";\nprocess.env.HOST;", errors: [{ messageId: "readsEnv", line: 2, column: 1, endLine: 2, endColumn: 17 }] },
    { code: "const p = require(\"process\");\np.env.HOST;", filename: "a.cjs", errors: [{ messageId: "readsEnv", line: 2, column: 1, endLine: 2, endColumn: 11 }] },
    { code: "globalThis.process.env.CI;", errors: [{ messageId: "readsEnv", line: 1, column: 1, endLine: 1, endColumn: 26 }] },
  ],
});
