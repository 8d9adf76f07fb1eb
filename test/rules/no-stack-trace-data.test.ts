import rule from "../../rules/no-stack-trace-data.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    // A stack kept as a stack trace: copied to a stack property, returned by a stack getter, logged.
    "function MyError(this: { stack?: string }) { this.stack = new Error().stack; }",
    "const creation = new Error();\nObject.defineProperty(tag, 'stack', { get() { return creation.stack; } });",
    "class Tagged { creation = new Error(); get stack() { return this.creation.stack; } }",
    "console.trace(new Error().stack);",
    "console.log(new Error('here').stack);",
    // Frames trimmed for display and written back.
    "const error = new Error('not found');\nif (error.stack) {\n  const lines = error.stack.split('\\n');\n  lines.splice(1, 2);\n  error.stack = lines.join('\\n');\n}",
    // The stack of an error that was thrown is a report, not data.
    "try { run(); } catch (error) { report(error.stack); }",
    // Restoring a saved prepareStackTrace; captureStackTrace in a custom error.
    "const saved = Error.prepareStackTrace;\nError.prepareStackTrace = saved;",
    "Error.captureStackTrace(this, MyError);",
    // pino's getCallers: call sites passed through only for the frames' files, the code's location.
    [
      "function noOp(_: Error, stack: unknown) { return stack; }",
      "export function getCallers() {",
      "  const original = Error.prepareStackTrace;",
      "  Error.prepareStackTrace = noOp;",
      "  const stack = new Error().stack as unknown as NodeJS.CallSite[];",
      "  Error.prepareStackTrace = original;",
      "  if (!Array.isArray(stack)) return undefined;",
      "  const entries = stack.slice(2);",
      "  const fileNames: (string | null)[] = [];",
      "  for (const entry of entries) {",
      "    if (!entry) continue;",
      "    fileNames.push(entry.getFileName());",
      "  }",
      "  return fileNames;",
      "}",
    ].join("\n"),
    "export function callerFiles() {\n  Error.prepareStackTrace = (_, sites) => sites;\n  const sites = new Error().stack as unknown as NodeJS.CallSite[];\n  return sites.slice(1).map((site) => site.getFileName());\n}",
    // pino on Node >= 22.9: util.getCallSites() read for the frames' files only.
    'import util from "node:util";\nexport const callers = () => util.getCallSites().slice(2).map((callSite) => callSite.scriptName);',
    // The same with a literal fallback, or destructured.
    'import util from "node:util";\nexport const files = () => util.getCallSites().map((site) => site.scriptName ?? "");',
    'import util from "node:util";\nexport const files = () => util.getCallSites().map(({ scriptName }) => scriptName);',
    // A local Error class.
    "class Error { stack = 'fixed'; }\nconst s = new Error().stack.split('\\n');",
    // The member is filled with a fresh error at one call only, or by a caller this file does not show.
    "function apply(options: { error: Error }) {\n  return options.error.stack!.split('\\n')[2];\n}\nexport function a(caught: Error) {\n  return apply({ error: caught });\n}\nexport const b = () => apply({ error: new Error() });",
    "export function apply(options: { error: Error }) {\n  return options.error.stack!.split('\\n')[2];\n}\nexport const b = () => apply({ error: new Error() });",
  ],
  invalid: [
    {
      code: 'import { getCallSites } from "node:util";\nexport const where = () => { const [, caller] = getCallSites(); return `${caller.scriptName}:${caller.lineNumber}`; };',
      errors: [{ messageId: "callSites", line: 2, column: 49, endLine: 2, endColumn: 63 }],
    },
    {
      code: 'import util from "node:util";\nexport const names = () => util.getCallSites().map(({ functionName }) => functionName ?? "");',
      errors: [{ messageId: "callSites", line: 2, column: 28, endLine: 2, endColumn: 47 }],
    },
    {
      code: 'import util from "node:util";\nexport const names = () => util.getCallSites().map((site) => site.functionName);',
      errors: [{ messageId: "callSites", line: 2, column: 28, endLine: 2, endColumn: 47 }],
    },
    { code: "const caller = new Error().stack?.split('\\n')[2];", errors: [{ messageId: "freshStack", line: 1, column: 16, endLine: 1, endColumn: 33 }] },
    // Tested to pick which code runs: reported as `switch`, which the analyzer keeps inside zones only.
    { code: "const optimized = run(() => new Error().stack)?.includes('marker');", errors: [{ messageId: "switch", line: 1, column: 29, endLine: 1, endColumn: 46 }] },
    // effect: does this build keep function names? It picks between two wrappers.
    {
      code: "const kept = standard.internal(() => new Error().stack)?.includes('internal') === true;\nexport const internalCall = kept ? standard.internal : forced.internal;",
      errors: [{ messageId: "switch", line: 1, column: 38, endLine: 1, endColumn: 55 }],
    },
    { code: "if (new Error().stack?.includes('jasmine')) useJasmineClock();", errors: [{ messageId: "switch", line: 1, column: 5, endLine: 1, endColumn: 22 }] },
    // A callback's stack carried on by the call is data.
    { code: "const where = run(() => new Error().stack)?.split('\n')[2];", errors: [{ messageId: "freshStack", line: 1, column: 25, endLine: 1, endColumn: 42 }] },
    { code: "const probe = new Error();\nconst file = probe.stack.match(/\\((.*):\\d+:\\d+\\)/)?.[1];", errors: [{ messageId: "freshStack", line: 2, column: 14, endLine: 2, endColumn: 25 }] },
    { code: "const stack = (new TypeError()).stack;\nif (!stack) return;\nconst lines = stack.split('\\n');", errors: [{ messageId: "freshStack", line: 1, column: 15, endLine: 1, endColumn: 38 }] },
    { code: "const key = hash(Error().stack);", errors: [{ messageId: "freshStack", line: 1, column: 18, endLine: 1, endColumn: 31 }] },
    // A fresh error handed to a module function in an options object, at every call (effect's Effect.fn).
    {
      code: "function apply(options: { errorCall: Error; name: string }) {\n  const lines = options.errorCall.stack!.trim().split('\\n');\n  return lines.slice(2).join('\\n');\n}\nexport function traced(name: string) {\n  const errorCall = new Error();\n  return apply({ name, errorCall });\n}\nexport const other = () => apply({ name: 'x', errorCall: new Error() });",
      errors: [{ messageId: "freshStack", line: 2, column: 17, endLine: 2, endColumn: 40 }],
    },
    { code: "Error.prepareStackTrace = (_, callSites) => callSites;", errors: [{ messageId: "prepareStackTrace", line: 1, column: 1, endLine: 1, endColumn: 54 }] },
    { code: "function noop(_: Error, stack: unknown) { return stack; }\nError.prepareStackTrace = noop;", errors: [{ messageId: "prepareStackTrace", line: 2, column: 1, endLine: 2, endColumn: 31 }] },
    { code: "globalThis.Error.prepareStackTrace = (e, s) => s;", errors: [{ messageId: "prepareStackTrace", line: 1, column: 1, endLine: 1, endColumn: 49 }] },
    // pino's getCallers: the function installs prepareStackTrace and reads the call sites; one hazard, one finding.
    {
      code: [
        "function noOp(_: Error, stack: unknown) { return stack; }",
        "export function getCallers() {",
        "  const original = Error.prepareStackTrace;",
        "  Error.prepareStackTrace = noOp;",
        "  const stack = new Error().stack;",
        "  Error.prepareStackTrace = original;",
        "  return stack;",
        "}",
      ].join("\n"),
      errors: [{ messageId: "prepareStackTrace", line: 4, column: 3, endLine: 4, endColumn: 33 }],
    },
    // Lines and function names of the frames are data: reported.
    {
      code: "export function callerLine() {\n  Error.prepareStackTrace = (_, sites) => sites;\n  const sites = new Error().stack as unknown as NodeJS.CallSite[];\n  return sites.slice(1).map((site) => site.getLineNumber());\n}",
      errors: [{ messageId: "prepareStackTrace", line: 2, column: 3, endLine: 2, endColumn: 48 }],
    },
    {
      code: "export function callers() {\n  Error.prepareStackTrace = (_, sites) => sites;\n  const sites = new Error().stack as unknown as NodeJS.CallSite[];\n  for (const site of sites) if (site.getFunctionName() === 'run') return site.getFileName();\n}",
      errors: [{ messageId: "prepareStackTrace", line: 2, column: 3, endLine: 2, endColumn: 48 }],
    },
    // A fresh stack read in another function than the one that installs is still its own finding.
    {
      code: "function install() { Error.prepareStackTrace = (_, s) => s; }\nexport function where() { return new Error().stack; }",
      errors: [
        { messageId: "prepareStackTrace", line: 1, column: 22, endLine: 1, endColumn: 59 },
        { messageId: "freshStack", line: 2, column: 34, endLine: 2, endColumn: 51 },
      ],
    },
  ],
});
