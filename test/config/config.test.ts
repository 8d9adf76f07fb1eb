import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { temporaryDirectory } from "../helpers/fixtures.js";

const HAZARDS = "export const a = Date.now();\nexport const b = Math.random();\n";

function project(files: Record<string, string>): string {
  const directory = temporaryDirectory();
  for (const [name, text] of Object.entries({ "src.ts": HAZARDS, ...files })) writeFileSync(join(directory, name), text);
  return directory;
}

async function audit(cwd: string, ...extra: string[]) {
  const result = await runCli(["audit", "--format", "json", "--no-deps", ...extra], { cwd });
  return { ...result, report: result.exitCode === 2 ? undefined : JSON.parse(result.stdout) };
}

const ids = (report: { findings: { ruleId: string; severity: string }[] }) =>
  report.findings.map((finding) => `${finding.ruleId}:${finding.severity}`);

describe("configuration", () => {
  it("sets severity per rule id, and a rule's own setting wins over its category's", async () => {
    const cwd = project({
      "package.json": "{}",
      "detkit.config.json": JSON.stringify({ rules: { random: "off", "no-wall-clock": "warn", clock: "error" } }),
    });
    const { exitCode, report } = await audit(cwd);
    expect(ids(report)).toEqual(["no-wall-clock:warning"]);
    expect(exitCode).toBe(0);
  });

  it("reads the detkit key of package.json", async () => {
    const cwd = project({ "package.json": JSON.stringify({ name: "x", detkit: { rules: { clock: "off" } } }) });
    expect(ids((await audit(cwd)).report)).toEqual(["no-unseeded-random:error"]);
  });

  it("honours include and exclude globs", async () => {
    const cwd = project({
      "package.json": "{}",
      "generated.ts": HAZARDS,
      "detkit.config.json": JSON.stringify({ exclude: ["generated.ts"] }),
    });
    const { report } = await audit(cwd);
    expect(report.summary.filesScanned).toBe(1);
  });

  it("takes --config", async () => {
    const cwd = project({ "package.json": "{}", "strict.json": JSON.stringify({ rules: { random: "warn" } }) });
    expect(ids((await audit(cwd, "--config", "strict.json")).report)).toEqual(["no-wall-clock:error", "no-unseeded-random:warning"]);
  });

  it.each([
    [{ rulez: {} }, 'detkit.config.json: unknown key "rulez"'],
    [{ rules: { "no-wallclock": "off" } }, 'unknown rule or category "no-wallclock"'],
    [{ rules: { "no-wall-clock": "warning" } }, '"rules.no-wall-clock" must be "off", "warn" or "error"'],
    [{ include: "src" }, '"include" must be an array'],
    [[1, 2], "detkit.config.json:1:1: expected a JSON object at the top level, found an array"],
    [{ diff: { failon: [] } }, 'detkit.config.json: "diff" has unknown key "failon"; expected "failOn"'],
    [{ diff: { failOn: "source-changed" } }, '"diff.failOn" must be an array of flags'],
    [{ diff: { failOn: ["source-change"] } }, '"diff.failOn[0]" must be one of install-script-added, integrity-changed'],
  ])("rejects %j with exit 2 and a message naming the problem", async (config, message) => {
    const cwd = project({ "package.json": "{}", "detkit.config.json": JSON.stringify(config) });
    const result = await audit(cwd);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
  });

  it("rejects malformed JSON naming the file", async () => {
    const cwd = project({ "package.json": "{}", "detkit.config.json": '{ "rules": ' });
    const result = await audit(cwd);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(
      "detkit: detkit.config.json:1:12: not valid JSON: unexpected end of file, expected a value (the file looks truncated)\n",
    );
  });

  it("rejects a missing --config file", async () => {
    const result = await audit(project({ "package.json": "{}" }), "--config", "nope.json");
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe("detkit: config file not found: nope.json\n");
  });

  it("rejects --max-warnings that is not a count, and fails when warnings exceed it", async () => {
    const cwd = project({ "package.json": "{}", "detkit.config.json": JSON.stringify({ rules: { clock: "warn", random: "off" } }) });
    expect((await audit(cwd, "--max-warnings", "x")).exitCode).toBe(2);
    expect((await audit(cwd, "--max-warnings", "1")).exitCode).toBe(0);
    const over = await audit(cwd, "--max-warnings", "0");
    expect(over.exitCode).toBe(1);
    expect(over.stderr).toContain("more than --max-warnings 0");
  });
});
