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
    "process.title = 'worker';",
    "// Scratch directories are random wherever they are made; a process signalling itself.",
    'import { tmpdir } from "node:os";\nconst scratch = mkdtempSync(join(tmpdir(), "build-"));',
    'import os from "node:os";\nconst dir = await fs.mkdtemp(path.join(os.tmpdir(), "x-"));',
    "process.kill(process.pid, 'SIGTERM');",
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
    { code: "if (process.platform === 'win32') {}", errors: [{ messageId: "platform", line: 1, column: 5, endLine: 1, endColumn: 21 }] },
    { code: "const major = process.versions.node.split('.')[0];", errors: [{ messageId: "platform", line: 1, column: 15, endLine: 1, endColumn: 31 }] },
    { code: "const { pid, arch } = process;", errors: [{ messageId: "perRun", line: 1, column: 9, endLine: 1, endColumn: 12 }, { messageId: "platform", line: 1, column: 14, endLine: 1, endColumn: 18 }] },
    { code: "import { EOL } from \"node:os\";\nconst text = lines.join(EOL);", errors: [{ messageId: "platform", line: 2, column: 25, endLine: 2, endColumn: 28 }] },
    { code: "import { platform } from \"node:process\";\nif (platform === \"darwin\") {}", errors: [{ messageId: "platform", line: 2, column: 5, endLine: 2, endColumn: 13 }] },
    { code: "const agent = navigator.userAgent;", errors: [{ messageId: "navigator", line: 1, column: 15, endLine: 1, endColumn: 34 }] },
    { code: "const lang = window.navigator.language;", errors: [{ messageId: "navigator", line: 1, column: 14, endLine: 1, endColumn: 39 }] },
    { code: "const nav = globalThis.navigator;", errors: [{ messageId: "navigator", line: 1, column: 13, endLine: 1, endColumn: 33 }] },
  ],
});
