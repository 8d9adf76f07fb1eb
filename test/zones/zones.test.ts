import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Report } from "../../src/report/types.js";
import { runCli } from "../helpers/cli.js";
import { copyFixture, temporaryDirectory } from "../helpers/fixtures.js";
import { schemaErrors } from "../helpers/schema.js";

async function audit(cwd: string, ...args: string[]) {
  const result = await runCli(["audit", "--no-deps", "--format", "json", ...args], { cwd });
  return { ...result, report: JSON.parse(result.stdout) as Report };
}

function summary(report: Report) {
  return report.findings.map(({ file, line, ruleId, severity, trace }) => ({ at: `${file}:${line}`, ruleId, severity, ...(trace ? { trace } : {}) }));
}

function configure(project: string, config: Record<string, unknown>): void {
  writeFileSync(join(project, "detkit.config.json"), JSON.stringify(config));
}

const ZONE_CONFIG = { zones: ["src/workflows/**"], outsideZones: "warn", deterministicWrappers: ["src/infra/clock.ts#SystemClock.now"] };

/**
 * The fixture: a zone file (src/workflows/order.ts) whose exported functions are entry points, a
 * `@deterministic` reducer elsewhere, and hazards reached through a callback passed by name, a re-export, a
 * method called on `this`, an object-literal method, a recursive function and an import cycle between files.
 */
const EXPECTED = [
  // The project's own clock abstraction is listed as a wrapper: not followed, so only advisory here.
  { at: "src/infra/clock.ts:3", ruleId: "no-wall-clock", severity: "warning" },
  {
    at: "src/ledger.ts:12",
    ruleId: "no-wall-clock",
    severity: "error",
    trace: ["src/workflows/order.ts:8 placeOrder()", "src/ledger.ts:8 Ledger.record()", "src/ledger.ts:12 Ledger.flush()"],
  },
  {
    at: "src/pricing/table.ts:5",
    ruleId: "no-unseeded-random",
    severity: "error",
    trace: ["src/workflows/order.ts:7 placeOrder()", "src/workflows/order.ts:13 priceLine()", "src/pricing/table.ts:5 priceOf()"],
  },
  { at: "src/util.ts:3", ruleId: "no-wall-clock", severity: "error", trace: ["src/reducers.ts:4 reduce()", "src/util.ts:3 helpers.normalize()"] },
  // Not reached from any zone: advisory under "outsideZones": "warn".
  { at: "src/util.ts:8", ruleId: "no-unseeded-random", severity: "warning" },
  // Inside a zone file: an error, with no trace to show.
  { at: "src/workflows/order.ts:17", ruleId: "no-wall-clock", severity: "error" },
];

describe("deterministic zones", () => {
  it("follows calls from zone files and @deterministic functions across files, with the shortest chain as the trace", async () => {
    const project = copyFixture("audit", "zones");
    const { report, exitCode } = await audit(project);
    expect(summary(report)).toEqual(EXPECTED);
    expect(exitCode).toBe(1);
    expect(schemaErrors("report", report)).toEqual([]);
  });

  it("shows the chain in stylish output and explains the calls it could not follow", async () => {
    const project = copyFixture("audit", "zones");
    const { stdout, stderr } = await runCli(["audit", "--no-deps", "--explain", "--format", "stylish"], { cwd: project });
    expect(stdout).toContain("reached from src/workflows/order.ts:8 placeOrder() → src/ledger.ts:8 Ledger.record() → src/ledger.ts:12 Ledger.flush()");
    expect(stderr).toContain("detkit: zones: 3 entry points");
    expect(stderr).toContain("src/workflows/order.ts:16 notify() — 1 call not followed:");
    expect(stderr).toContain("src/workflows/order.ts:17 sink.send(): a call through an interface, a parameter or a declared type");
  });

  it('reports only what zones reach with "outsideZones": "off", and keeps rule severities without the switch', async () => {
    const project = copyFixture("audit", "zones");
    configure(project, { ...ZONE_CONFIG, outsideZones: "off" });
    const off = await audit(project);
    expect(summary(off.report).map((finding) => finding.at)).toEqual(["src/ledger.ts:12", "src/pricing/table.ts:5", "src/util.ts:3", "src/workflows/order.ts:17"]);
    configure(project, { zones: ["src/workflows/**"] });
    const strict = await audit(project);
    // Without the wrapper entry the clock class is followed too (see below); the rest keeps each rule's severity.
    expect(summary(strict.report).filter((finding) => !finding.trace).map((finding) => `${finding.at} ${finding.severity}`)).toEqual([
      "src/util.ts:8 error",
      "src/workflows/order.ts:17 error",
    ]);
  });

  it("follows a call into a function it would stop at when that function is not listed as a wrapper", async () => {
    const project = copyFixture("audit", "zones");
    configure(project, { zones: ["src/workflows/**"], outsideZones: "off" });
    const { report } = await audit(project);
    expect(summary(report).find((finding) => finding.at === "src/infra/clock.ts:3")?.trace).toEqual([
      "src/workflows/order.ts:9 placeOrder()",
      "src/infra/clock.ts:10 stampNow()",
      "src/infra/clock.ts:3 SystemClock.now()",
    ]);
  });

  it("reports a hazard once per entry point that reaches it, each with its own fingerprint", async () => {
    const project = copyFixture("audit", "zones");
    const order = join(project, "src/workflows/order.ts");
    writeFileSync(order, `${readFileSync(order, "utf8")}\nexport function quote(sku: string) {\n  return priceOf(sku);\n}\n`);
    const { report } = await audit(project);
    const random = report.findings.filter((finding) => finding.file === "src/pricing/table.ts");
    expect(random.map((finding) => finding.trace?.[0])).toEqual(["src/workflows/order.ts:7 placeOrder()", "src/workflows/order.ts:21 quote()"]);
    expect(new Set(random.map((finding) => finding.fingerprint)).size).toBe(2);
  });

  it("gives the same report from the cache, and follows an edit to a file on a chain", async () => {
    const project = copyFixture("audit", "zones");
    const cold = await audit(project);
    const first = await audit(project, "--cache");
    const warm = await audit(project, "--cache");
    expect(first.stdout).toBe(cold.stdout);
    expect(warm.stdout).toBe(cold.stdout);
    // src/util.ts is on the reducer's chain: making normalize deterministic removes the traced finding.
    writeFileSync(join(project, "src/util.ts"), readFileSync(join(project, "src/util.ts"), "utf8").replace("value + performance.now()", "value + 1"));
    const edited = await audit(project, "--cache");
    expect(summary(edited.report).map((finding) => finding.at)).not.toContain("src/util.ts:3");
    expect(edited.stdout).toBe((await audit(project)).stdout);
  });

  it("reads @deterministic from documentation comments only, in TypeScript and JavaScript", async () => {
    const project = temporaryDirectory();
    mkdirSync(join(project, "src"));
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "marks", type: "module" }));
    const stamp = "function stamp() {\n  return Date.now();\n}\n";
    writeFileSync(
      join(project, "src", "marks.ts"),
      [
        stamp,
        "/**\n * Folds events.\n * @deterministic\n */\nexport function documented() {\n  return stamp();\n}",
        "/** @deterministic */\nexport const arrow = () => stamp();",
        "export class Reducer {\n  /** @deterministic */\n  apply() {\n    return stamp();\n  }\n}",
        "// @deterministic\nexport function lineComment() {\n  return stamp();\n}",
        "/* @deterministic */\nexport function blockComment() {\n  return stamp();\n}",
        "/** @deterministic-ish */\nexport function otherTag() {\n  return stamp();\n}",
        "",
      ].join("\n"),
    );
    writeFileSync(join(project, "src", "marks.js"), `${stamp}\n/** @deterministic */\nexport function inJs() {\n  return stamp();\n}\n`);
    const { report } = await audit(project, "--explain");
    const entries = report.findings.filter((finding) => finding.trace).map((finding) => `${finding.file} ${finding.trace?.[0]}`);
    expect(entries.sort()).toEqual([
      "src/marks.js src/marks.js:7 inJs()",
      "src/marks.ts src/marks.ts:10 documented()",
      "src/marks.ts src/marks.ts:13 arrow()",
      "src/marks.ts src/marks.ts:17 Reducer.apply()",
    ]);
  });

  it("reports a test of the machine that only picks code inside zones, and nowhere without them", async () => {
    const project = temporaryDirectory();
    mkdirSync(join(project, "src"));
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "switches", type: "module" }));
    writeFileSync(
      join(project, "src", "switches.ts"),
      [
        "function encode(text: string) {",
        '  if (process.platform === "win32") return text.normalize("NFC");',
        "  return text;",
        "}",
        "/** @deterministic */",
        "export function reduce(text: string) {",
        '  const fast = process.env.FAST_PATH === "1";',
        "  return fast ? encode(text) : text;",
        "}",
        "export function load() {",
        '  if (process.arch === "ppc64") return import("./portable.js");',
        '  // detkit-disable-next-line no-host-info -- the SIMD build is broken on riscv64',
        '  if (process.arch === "riscv64") return import("./portable.js");',
        '  return import("./simd.js");',
        "}",
        'export const newline = process.platform === "win32" ? "\\r\\n" : "\\n";',
        "",
      ].join("\n"),
    );
    const lines = (report: Report) => report.findings.map((finding) => `${finding.line} ${finding.messageId} ${finding.severity}${finding.trace ? " traced" : ""}`);

    const zoned = await audit(project);
    expect(lines(zoned.report)).toEqual(["2 switch error traced", "7 switch error", "16 platform warning"]);
    expect(zoned.report.suppressed.map((finding) => `${finding.line} ${finding.messageId}`)).toEqual(["13 switch"]);
    expect(zoned.stdout).not.toContain("onlyInZones");
    expect(schemaErrors("report", zoned.report)).toEqual([]);
    const cached = [await audit(project, "--cache"), await audit(project, "--cache")];
    expect(cached.map((run) => run.stdout.replace(/"durationMs": \d+/, ""))).toEqual(Array(2).fill(zoned.stdout.replace(/"durationMs": \d+/, "")));

    // Without an entry point the switches have nowhere to be reported; the literal choice is data everywhere.
    writeFileSync(join(project, "src", "switches.ts"), readFileSync(join(project, "src", "switches.ts"), "utf8").replace("/** @deterministic */\n", ""));
    const plain = await audit(project);
    expect(lines(plain.report)).toEqual(["15 platform warning"]);
    expect(plain.report.suppressed).toEqual([]);
    expect(plain.stdout).not.toContain("onlyInZones");
  });

  it("rejects a malformed zone setting with exit 2 and a message", async () => {
    const project = copyFixture("audit", "zones");
    configure(project, { zones: ["src/**"], outsideZones: "warning" });
    const result = await runCli(["audit", "--no-deps"], { cwd: project });
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim()).toBe('detkit: detkit.config.json: "outsideZones" must be "error", "warn" or "off"');
  });
});
