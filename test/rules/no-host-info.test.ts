import rule from "../../rules/no-host-info.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    // Shadowing and look-alikes.
    "function f(os: { hostname(): string }) { return os.hostname(); }",
    "import { hostname } from \"./config\";\nhostname();",
    "const process = { pid: 1 };\nprocess.pid;",
    "const options = { platform: 'linux' };\noptions.platform;",
    "url.hostname;",
    // Feature checks for a browser, and writes.
    "const isBrowser = typeof navigator !== 'undefined';",
    // pdf.js installs a fixed navigator under Node: a write, not a read.
    "globalThis.navigator = { language: 'en-US', platform: '', userAgent: '' };",
    "process.title = 'worker';",
    "// Scratch directories are random wherever they are made; a process signalling itself.",
    'import { tmpdir } from "node:os";\nconst scratch = mkdtempSync(join(tmpdir(), "build-"));',
    'import os from "node:os";\nconst dir = await fs.mkdtemp(path.join(os.tmpdir(), "x-"));',
    "process.kill(process.pid, 'SIGTERM');",
    // A scratch path whose name is random (insomnia's smoke tests).
    'import os from "node:os";\nimport { v4 as uuidv4 } from "uuid";\nexport const dataPath = () => path.join(os.tmpdir(), "smoke", `${uuidv4()}`);',
    'import { tmpdir } from "node:os";\nimport { randomUUID } from "node:crypto";\nconst file = join(tmpdir(), `${randomUUID()}-test.ts`);',
    // Other members of os and process.
    "import os from \"node:os\";\nos.constants.signals;",
    "process.exitCode = 1;",
  ],
  invalid: [
    { code: "import os from \"node:os\";\nconst id = os.hostname();", errors: [{ messageId: "perMachine", line: 2, column: 12, endLine: 2, endColumn: 25 }] },
    { code: "import { cpus } from \"os\";\nconst size = cpus().length;", errors: [{ messageId: "perMachine", line: 2, column: 14, endLine: 2, endColumn: 20 }] },
    { code: "const os = require(\"os\");\nos.networkInterfaces();", filename: "a.cjs", errors: [{ messageId: "perMachine", line: 2, column: 1, endLine: 2, endColumn: 23 }] },
    { code: "import * as os from \"node:os\";\nconst dir = os.tmpdir();", errors: [{ messageId: "perMachine", line: 2, column: 13, endLine: 2, endColumn: 24 }] },
    { code: "const { userInfo } = require(\"node:os\");\nuserInfo().username;", filename: "a.cjs", errors: [{ messageId: "perMachine", line: 2, column: 1, endLine: 2, endColumn: 11 }] },
    { code: "const tag = `${process.pid}`;", errors: [{ messageId: "perRun", line: 1, column: 16, endLine: 1, endColumn: 27 }] },
    { code: "const root = process.cwd();", errors: [{ messageId: "perRun", line: 1, column: 14, endLine: 1, endColumn: 27 }] },
    // Tests that only pick which code runs: reported as `switch`, which the analyzer keeps inside zones only.
    { code: "if (process.platform === 'win32') {}", errors: [{ messageId: "switch", line: 1, column: 5, endLine: 1, endColumn: 21 }] },
    // undici: an implementation chosen by platform, and WASM SIMD by architecture and Node version.
    { code: "const setup = process.platform === 'win32' ? (s) => winTimeout(s) : (s) => timeout(s);", errors: [{ messageId: "switch", line: 1, column: 15, endLine: 1, endColumn: 31 }] },
    { code: "let simd = process.arch !== 'riscv64' && process.arch !== 'ppc64';\nif (simd) load();", errors: [{ messageId: "switch", line: 1, column: 12, endLine: 1, endColumn: 24 }, { messageId: "switch", line: 1, column: 42, endLine: 1, endColumn: 54 }] },
    {
      code: "const [major, minor] = process.versions.node.split('.').map((n) => parseInt(n, 10));\nif (major < 24 || (major === 24 && minor < 12)) simd = false;",
      errors: [{ messageId: "switch", line: 1, column: 24, endLine: 1, endColumn: 40 }],
    },
    { code: "if (typeof process.versions.icu === 'string') decoder = native;", errors: [{ messageId: "switch", line: 1, column: 12, endLine: 1, endColumn: 28 }] },
    // pino: the Node version picks the string escaper.
    { code: "const [nodeMajor] = process.versions.node.split('.').map(Number);\nconst asString = nodeMajor >= 25 ? (s) => JSON.stringify(s) : escape;", errors: [{ messageId: "switch", line: 1, column: 21, endLine: 1, endColumn: 37 }] },
    // zod: Cloudflare forbids eval.
    { code: "function allowsEval() {\n  if (typeof navigator !== 'undefined' && navigator?.userAgent?.includes('Cloudflare')) return false;\n  return true;\n}", errors: [{ messageId: "switch", line: 2, column: 43, endLine: 2, endColumn: 63 }] },
    { code: "import os from 'node:os';\nconst big = os.cpus().length > 4;\nif (big) start();", errors: [{ messageId: "switch", line: 2, column: 13, endLine: 2, endColumn: 22 }] },
    { code: "const { platform } = process;\nif (platform === 'darwin') require('fsevents');", errors: [{ messageId: "switch", line: 1, column: 9, endLine: 1, endColumn: 17 }] },
    // debug's colour check: a match whose result is only tested; pdf.js: a negated chain.
    {
      code: "if (typeof navigator !== 'undefined' && navigator.userAgent && navigator.userAgent.toLowerCase().match(/(edge|trident)\\/(\\d+)/)) {\n  return false;\n}",
      errors: [{ messageId: "switch", line: 1, column: 41, endLine: 1, endColumn: 60 }, { messageId: "switch", line: 1, column: 64, endLine: 1, endColumn: 83 }],
    },
    { code: "const isNode = typeof process === 'object' && !(process.versions.electron && process.type !== 'browser');", errors: [{ messageId: "switch", line: 1, column: 49, endLine: 1, endColumn: 65 }] },
    { code: "const isWindows = /^win/.test(process.platform);", errors: [{ messageId: "switch", line: 1, column: 31, endLine: 1, endColumn: 47 }] },
    // A test whose answer picks literal data is data; so is a value carried on, exported or never read here.
    { code: "const eol = process.platform === 'win32' ? '\\r\\n' : '\\n';", errors: [{ messageId: "platform", line: 1, column: 13, endLine: 1, endColumn: 29 }] },
    { code: "function devNull() {\n  if (process.platform === 'win32') return 'NUL';\n  return '/dev/null';\n}", errors: [{ messageId: "platform", line: 2, column: 7, endLine: 2, endColumn: 23 }] },
    // firebase-tools: the platform picks the download's key, one level down.
    {
      code: "let key = '';\nif (process.platform === 'darwin') {\n  if (process.arch === 'arm64') key = 'darwin_arm64';\n  else throw new Error('unsupported');\n}",
      errors: [{ messageId: "platform", line: 2, column: 5, endLine: 2, endColumn: 21 }, { messageId: "platform", line: 3, column: 7, endLine: 3, endColumn: 19 }],
    },
    { code: "import os from 'node:os';\nconst pool = os.cpus().length > 4 ? 8 : 2;", errors: [{ messageId: "perMachine", line: 2, column: 14, endLine: 2, endColumn: 23 }] },
    { code: "import os from 'node:os';\nconst workers = Math.max(1, os.cpus().length - 1);", errors: [{ messageId: "perMachine", line: 2, column: 29, endLine: 2, endColumn: 38 }] },
    { code: "export const platform = process.platform;\nif (platform === 'linux') start();", errors: [{ messageId: "platform", line: 1, column: 25, endLine: 1, endColumn: 41 }] },
    { code: "import os from 'node:os';\nconst scratch = join(os.tmpdir(), 'cache', name);", errors: [{ messageId: "perMachine", line: 2, column: 22, endLine: 2, endColumn: 33 }] },
    { code: "const name = process.platform || 'unknown';\nif (name) log(name);", errors: [{ messageId: "platform", line: 1, column: 14, endLine: 1, endColumn: 30 }] },
    { code: "const major = process.versions.node.split('.')[0];", errors: [{ messageId: "platform", line: 1, column: 15, endLine: 1, endColumn: 31 }] },
    { code: "const { pid, arch } = process;", errors: [{ messageId: "perRun", line: 1, column: 9, endLine: 1, endColumn: 12 }, { messageId: "platform", line: 1, column: 14, endLine: 1, endColumn: 18 }] },
    { code: "import { EOL } from \"node:os\";\nconst text = lines.join(EOL);", errors: [{ messageId: "platform", line: 2, column: 25, endLine: 2, endColumn: 28 }] },
    { code: "import { platform } from \"node:process\";\nif (platform === \"darwin\") {}", errors: [{ messageId: "switch", line: 2, column: 5, endLine: 2, endColumn: 13 }] },
    { code: "const agent = navigator.userAgent;", errors: [{ messageId: "navigator", line: 1, column: 15, endLine: 1, endColumn: 34 }] },
    { code: "const lang = window.navigator.language;", errors: [{ messageId: "navigator", line: 1, column: 14, endLine: 1, endColumn: 39 }] },
    { code: "const nav = globalThis.navigator;", errors: [{ messageId: "navigator", line: 1, column: 13, endLine: 1, endColumn: 33 }] },
  ],
});
