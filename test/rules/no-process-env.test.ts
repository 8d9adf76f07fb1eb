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
    // A copy handed to child processes only (lerna's exec command), through a field or a const.
    "class Exec {\n  env: NodeJS.ProcessEnv;\n  constructor() { this.env = Object.assign({}, process.env); }\n  run() { return spawn(cmd, [], { env: Object.assign({}, this.env, { LERNA_PACKAGE_NAME: name }) }); }\n}",
    "const childEnv = { ...process.env };\nspawn(a, [], { env: childEnv });\nspawn(b, [], { env: { ...childEnv, CI: '1' } });",
    "const env = { ...process.env, FORCE_COLOR: '0' };\nspawn(cmd, [], { env });",
    "class Runner {\n  env = { ...process.env };\n  run() { return spawn(cmd, [], { env: this.env }); }\n}",
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
    // A copy that is also read for data is the environment read.
    {
      code: "class Exec {\n  env: NodeJS.ProcessEnv;\n  constructor() { this.env = Object.assign({}, process.env); }\n  home() { return this.env.HOME; }\n}",
      errors: [{ messageId: "wholeEnv", line: 3, column: 48, endLine: 3, endColumn: 59 }],
    },
    { code: "const port = process.env.PORT;", errors: [{ messageId: "readsEnv", line: 1, column: 14, endLine: 1, endColumn: 30 }] },
    { code: "const banner = process.env.NODE_ENV === 'production' ? '' : '[dev]';", errors: [{ messageId: "nodeEnv", line: 1, column: 16, endLine: 1, endColumn: 36 }] },
    { code: "const port = Number(process.env.PORT || 3000);", errors: [{ messageId: "readsEnv", line: 1, column: 21, endLine: 1, endColumn: 37 }] },
    { code: "const level = process.env.DEBUG ? 'debug' : 'info';", errors: [{ messageId: "readsEnv", line: 1, column: 15, endLine: 1, endColumn: 32 }] },
    // insomnia's Playwright timeout: the answer picks a number.
    { code: "export default { timeout: process.env.CI ? 25 * 1000 : 10 * 1000 };", errors: [{ messageId: "readsEnv", line: 1, column: 27, endLine: 1, endColumn: 41 }] },
    // Tests that only pick which code runs: reported as `switch`, which the analyzer keeps inside zones only.
    { code: "if (process.env.NODE_ENV === 'production') {}", errors: [{ messageId: "switch", line: 1, column: 5, endLine: 1, endColumn: 25 }] },
    // undici: an override of the WASM SIMD default, another parser, Jest's module loader.
    {
      code: "let simd = true;\nif (process.env.UNDICI_NO_WASM_SIMD === '1') {\n  simd = false;\n} else if (process.env.UNDICI_NO_WASM_SIMD === '0') {\n  simd = true;\n}",
      errors: [{ messageId: "switch", line: 2, column: 5, endLine: 2, endColumn: 36 }, { messageId: "switch", line: 4, column: 12, endLine: 4, endColumn: 43 }],
    },
    { code: "let milo = process.env.USE_MILO === '1' || process.env.USE_MILO === 'true';", errors: [{ messageId: "switch", line: 1, column: 12, endLine: 1, endColumn: 32 }, { messageId: "switch", line: 1, column: 44, endLine: 1, endColumn: 64 }] },
    { code: "const wasm = process.env.JEST_WORKER_ID ? require('./llhttp-wasm.js') : undefined;", filename: "a.cjs", errors: [{ messageId: "switch", line: 1, column: 14, endLine: 1, endColumn: 40 }] },
    // pino: which TypeScript loader to register.
    { code: "if (process.env && process.env.TS_NODE_DEV) {\n  require('ts-node-dev');\n}", filename: "a.cjs", errors: [{ messageId: "switch", line: 1, column: 20, endLine: 1, endColumn: 43 }] },
    { code: "if (process.env[HOST_VARIABLE]) useEmulator();", errors: [{ messageId: "switch", line: 1, column: 5, endLine: 1, endColumn: 31 }] },
    { code: "const { DEBUG } = process.env;\nif (!DEBUG) quiet();", errors: [{ messageId: "switch", line: 1, column: 9, endLine: 1, endColumn: 14 }] },
    { code: "function token() {\n  return process.env.GITHUB_TOKEN;\n}", errors: [{ messageId: "readsEnv", line: 2, column: 10, endLine: 2, endColumn: 34 }] },
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
