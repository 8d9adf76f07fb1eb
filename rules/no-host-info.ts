import type { ts } from "@ts-morph/common";
import { createRule } from "./util/create-rule.js";
import { calleeName, isValueRead, isWriteTarget, valueSite } from "./util/expressions.js";
import { lastMemberNames } from "./util/function-values.js";
import { localDeclarationOf } from "./util/local-bindings.js";
import { MACHINE_VALUES_IN_TESTS } from "./util/in-tests.js";
import { onlyPicksCode, SWITCHES_ONLY_IN_ZONES } from "./util/machine-switch.js";
import { RANDOM_SOURCES } from "./util/random-sources.js";

type Kind = "perRun" | "perMachine" | "platform";

/** Calls that describe the host or the process, by resolved name, and how their value varies. */
const HOST_CALLS: ReadonlyMap<string, Kind> = new Map([
  ["os#hostname", "perMachine"],
  ["os#cpus", "perMachine"],
  ["os#networkInterfaces", "perMachine"],
  ["os#userInfo", "perMachine"],
  ["os#homedir", "perMachine"],
  ["os#tmpdir", "perMachine"],
  ["os#totalmem", "perMachine"],
  ["os#availableParallelism", "perMachine"],
  ["os#loadavg", "perRun"],
  ["os#freemem", "perRun"],
  ["os#platform", "platform"],
  ["os#arch", "platform"],
  ["os#release", "platform"],
  ["os#type", "platform"],
  ["os#version", "platform"],
  ["os#machine", "platform"],
  ["process.cwd", "perRun"],
  ["process.memoryUsage", "perRun"],
  ["process.getuid", "perMachine"],
  ["process.geteuid", "perMachine"],
]);

/** Properties that describe the host or the process, by resolved name. */
const HOST_PROPERTIES: ReadonlyMap<string, Kind> = new Map([
  ["process.pid", "perRun"],
  ["process.ppid", "perRun"],
  ["process.title", "perRun"],
  ["process.execPath", "perMachine"],
  ["process.platform", "platform"],
  ["process.arch", "platform"],
  ["process.version", "platform"],
  ["process.versions", "platform"],
  ["os#EOL", "platform"],
]);

const CALL_NAMES = lastMemberNames(HOST_CALLS.keys());
const PROPERTY_NAMES = lastMemberNames(HOST_PROPERTIES.keys());
const NAVIGATOR = "navigator";

function shown(name: string): string {
  return name.replace("#", ".");
}

export default createRule({
  meta: {
    id: "no-host-info",
    category: "environment",
    severity: "warning",
    description:
      "Reading facts about the host or the process: os.hostname(), os.cpus(), os.networkInterfaces(), os.userInfo(), os.homedir(), os.tmpdir(), process.pid, process.cwd(), process.platform, process.version, navigator.*.",
    rationale:
      "The process ID differs on every run; the host name, CPUs, user, home and temporary directories differ from " +
      "machine to machine; the platform, architecture and Node version differ between a laptop, CI and production " +
      "and change with upgrades; navigator describes the user's browser. A result computed from them (an ID, a " +
      "path written into output, a pool size that decides scheduling, a branch on the platform) cannot be " +
      "reproduced on another machine. A warning: logging and diagnostics are fine; pass what the computation " +
      "needs in explicitly. Not flagged: os.tmpdir() as the parent of an mkdtemp scratch directory (its name is " +
      "random anyway), nor joined with a random name (`join(tmpdir(), \"app\", randomUUID())`), and process.kill(process.pid, …)." + SWITCHES_ONLY_IN_ZONES + MACHINE_VALUES_IN_TESTS,
    examples: {
      incorrect: [
        'import os from "node:os";',
        "",
        "export function workerId(sequence: number) {",
        "  return `${os.hostname()}-${process.pid}-${sequence}`;",
        "}",
        "",
      ].join("\n"),
      correct: [
        "export interface WorkerIdentity {",
        "  readonly node: string;",
        "}",
        "",
        "export function workerId(identity: WorkerIdentity, sequence: number) {",
        "  return `${identity.node}-${sequence}`;",
        "}",
        "",
      ].join("\n"),
    },
    replacement:
      "pass host facts in as explicit configuration read once at the entry point (node name, paths, pool size), and record/replay them in tests with @detkit/runtime/testing",
    requiresTypes: false,
    inTests: "off",
    onlyInZones: ["switch"],
    messages: {
      perRun: "{{what}} differs from run to run",
      perMachine: "{{what}} differs from machine to machine",
      platform: "{{what}} differs between platforms and Node versions: behaviour that depends on it is not reproduced elsewhere",
      navigator: "{{what}} describes the user's browser and machine",
      switch: "{{what}} decides which code runs: another machine takes another branch",
    },
  },
  create(context) {
    const { ts } = context;
    // Every way to these values names process, os or navigator somewhere in the file: a cheap test per file.
    if (!/\b(?:process|os|navigator)\b/.test(context.sourceFile.text)) return {};

    const report = (node: ts.Node, kind: Kind | "navigator", what: string) =>
      context.report({ node, messageId: onlyPicksCode(ts, node) ? "switch" : kind, data: { what } });

    const checkProperty = (node: ts.Expression) => {
      const name = context.resolveName(node);
      const kind = name === undefined ? undefined : HOST_PROPERTIES.get(name);
      if (kind && name && !isWriteTarget(ts, node) && !isSignalToSelf(node)) report(node, kind, shown(name));
    };

    /** `process.kill(process.pid, signal)`: the process acting on itself, not a value that reaches a result. */
    const isSignalToSelf = (node: ts.Node): boolean => {
      const parent = valueSite(ts, node).parent;
      return ts.isCallExpression(parent) && parent.arguments[0] === valueSite(ts, node) && context.resolveName(parent.expression) === "process.kill";
    };

    /** Whether an expression draws a random value: `uuidv4()`, `` `${crypto.randomUUID()}.json` ``. */
    const drawsRandom = (node: ts.Node): boolean => {
      if (ts.isCallExpression(node) && RANDOM_SOURCES.has(context.resolveName(node.expression) ?? "")) return true;
      return ts.forEachChild(node, (child) => (drawsRandom(child) ? true : undefined)) === true;
    };

    /**
     * `mkdtempSync(join(tmpdir(), "prefix-"))`, `join(tmpdir(), "app", uuidv4())`: scratch space whose name is
     * random wherever it is made. Climbs through path joins to the call that receives the directory.
     */
    const isScratchDirectory = (call: ts.CallExpression): boolean => {
      let site = valueSite(ts, call);
      for (let depth = 0; depth < 4; depth++) {
        const parent = site.parent;
        if (!ts.isCallExpression(parent) || parent.arguments[0] !== site) return false;
        const name = calleeName(ts, parent);
        if (name === "mkdtemp" || name === "mkdtempSync") return true;
        if (name !== "join" && name !== "resolve") return false;
        if (parent.arguments.slice(1).some(drawsRandom)) return true;
        site = valueSite(ts, parent);
      }
      return false;
    };

    /** `navigator` (the global, by any path): report the member read from it, or the object where it is passed on. */
    const checkNavigator = (node: ts.Expression) => {
      if (context.resolveName(node) !== NAVIGATOR) return;
      const site = valueSite(ts, node);
      const parent = site.parent;
      // typeof navigator: a check for a browser, not a read of it; `globalThis.navigator = {…}` installs one.
      if (ts.isTypeOfExpression(parent) || isWriteTarget(ts, site)) return;
      const member =
        (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === site ? parent : site;
      report(member, "navigator", member.getText(context.sourceFile));
    };

    return {
      CallExpression(node) {
        const name = context.resolveName(node.expression);
        const kind = name === undefined ? undefined : HOST_CALLS.get(name);
        if (kind && name && !(name === "os#tmpdir" && isScratchDirectory(node))) report(node, kind, `${shown(name)}()`);
      },
      PropertyAccessExpression(node) {
        const member = node.name.text;
        if (PROPERTY_NAMES.has(member)) checkProperty(node);
        else if (member === NAVIGATOR) checkNavigator(node);
      },
      ElementAccessExpression(node) {
        const key = node.argumentExpression;
        if (ts.isStringLiteralLike(key) && PROPERTY_NAMES.has(key.text)) checkProperty(node);
      },
      Identifier(node) {
        if (node.text === NAVIGATOR) {
          if (isValueRead(ts, node)) checkNavigator(node);
          return;
        }
        // `import { EOL } from "node:os"`; a destructured variable is reported where it is declared.
        if (!PROPERTY_NAMES.has(node.text) || !isValueRead(ts, node)) return;
        const name = context.resolveName(node);
        if (name !== undefined && HOST_PROPERTIES.has(name) && localDeclarationOf(ts, node) === undefined) checkProperty(node);
      },
      BindingElement(node) {
        const name = context.resolveName(node);
        const kind = name === undefined ? undefined : HOST_PROPERTIES.get(name);
        if (kind && name) report(node, kind, shown(name));
      },
    };
  },
});
