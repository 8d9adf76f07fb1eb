import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Report } from "../../src/report/types.js";
import { runCli } from "../helpers/cli.js";
import { temporaryDirectory } from "../helpers/fixtures.js";

function project(files: Record<string, string>): string {
  const directory = temporaryDirectory();
  for (const [name, text] of Object.entries({ "package.json": '{ "name": "p", "private": true }\n', ...files })) {
    writeFileSync(join(directory, name), text);
  }
  return directory;
}

const LEGACY = "export function stamp() {\n  return Date.now();\n}\nexport const id = () => Math.random();\n";

async function audit(cwd: string, ...args: string[]) {
  const result = await runCli(["audit", "--format", "json", "--no-deps", ...args], { cwd });
  return { ...result, report: result.exitCode === 2 ? undefined : (JSON.parse(result.stdout) as Report) };
}

describe("--baseline and --update-baseline", () => {
  it("records every finding, then reports them as suppressed with the baseline as the reason", async () => {
    const cwd = project({ "legacy.ts": LEGACY });
    const written = await audit(cwd, "--baseline", "detkit-baseline.json", "--update-baseline");
    expect(written.exitCode).toBe(0);
    expect(written.stderr).toContain("recorded 2 findings in detkit-baseline.json");
    const baseline = JSON.parse(readFileSync(join(cwd, "detkit-baseline.json"), "utf8"));
    expect(baseline.findings.map((entry: { ruleId: string; file: string }) => `${entry.file} ${entry.ruleId}`)).toEqual([
      "legacy.ts no-unseeded-random",
      "legacy.ts no-wall-clock",
    ]);

    const { exitCode, report } = await audit(cwd, "--baseline", "detkit-baseline.json");
    expect(exitCode).toBe(0);
    expect(report?.findings).toEqual([]);
    expect(report?.suppressed.map((finding) => finding.reason)).toEqual([
      "recorded in the baseline detkit-baseline.json",
      "recorded in the baseline detkit-baseline.json",
    ]);
  });

  it("still matches after lines are added above, and reports only what is new", async () => {
    const cwd = project({ "legacy.ts": LEGACY });
    await audit(cwd, "--baseline", "b.json", "--update-baseline");
    writeFileSync(join(cwd, "legacy.ts"), `// a new header\nimport { x } from "./x";\n\n${LEGACY}export const later = () => Date.now();\n`);
    const { exitCode, report } = await audit(cwd, "--baseline", "b.json");
    expect(exitCode).toBe(1);
    expect(report?.findings.map((finding) => `${finding.line} ${finding.ruleId}`)).toEqual(["8 no-wall-clock"]);
    expect(report?.suppressed).toHaveLength(2);
  });

  it("works from another working directory: entries are relative to the baseline's folder", async () => {
    const cwd = project({ "legacy.ts": LEGACY });
    await audit(cwd, "--baseline", "b.json", "--update-baseline");
    const parent = join(cwd, "..");
    const name = cwd.slice(parent.length + 1);
    const { report } = await audit(parent, name, "--baseline", join(name, "b.json"));
    expect(report?.findings).toEqual([]);
  });

  it("says when entries no longer match", async () => {
    const cwd = project({ "legacy.ts": LEGACY });
    await audit(cwd, "--baseline", "b.json", "--update-baseline");
    writeFileSync(join(cwd, "legacy.ts"), "export const id = () => Math.random();\n");
    const { stderr, report } = await audit(cwd, "--baseline", "b.json");
    expect(report?.findings).toEqual([]);
    expect(stderr).toContain("1 baseline entry no longer match");
  });

  it.each([
    ["a missing file", undefined, "detkit: baseline file not found: b.json (create it with --update-baseline)\n"],
    ["malformed JSON", "{ not json", "detkit: b.json:1:3: not valid JSON"],
    ["the wrong shape", '{ "version": 1, "findings": [ { "file": "a.ts" } ] }', 'detkit: b.json:1:31: findings[0] lacks "ruleId"\n'],
    ["another format", '{ "findings": [] }', "detkit: b.json: not a detkit baseline of version 1"],
  ])("fails with exit 2 naming the file for %s", async (_, text, message) => {
    const cwd = project({ "legacy.ts": LEGACY });
    if (text !== undefined) writeFileSync(join(cwd, "b.json"), text);
    const result = await audit(cwd, "--baseline", "b.json");
    expect(result.exitCode).toBe(2);
    expect(result.stderr.startsWith(message)).toBe(true);
    expect(result.stdout).toBe("");
  });

  it("refuses --update-baseline without a file, or with a rule filter that would drop the other findings", async () => {
    const cwd = project({ "legacy.ts": LEGACY });
    expect((await audit(cwd, "--update-baseline")).stderr).toContain("--update-baseline needs --baseline <file>");
    const filtered = await audit(cwd, "--baseline", "b.json", "--update-baseline", "--rule", "no-wall-clock");
    expect(filtered.exitCode).toBe(2);
    expect(filtered.stderr).toContain("run it without --rule, --category or --fix");
  });
});

describe("--rule and --category", () => {
  it("run only the rules named, by id or category", async () => {
    const cwd = project({ "legacy.ts": LEGACY });
    expect((await audit(cwd, "--rule", "no-wall-clock")).report?.findings.map((f) => f.ruleId)).toEqual(["no-wall-clock"]);
    expect((await audit(cwd, "--category", "random")).report?.findings.map((f) => f.ruleId)).toEqual(["no-unseeded-random"]);
    expect((await audit(cwd, "--rule", "no-wall-clock,no-unseeded-random")).report?.findings).toHaveLength(2);
  });

  it("fail with exit 2 on an unknown rule or category", async () => {
    const cwd = project({ "legacy.ts": LEGACY });
    const rule = await audit(cwd, "--rule", "no-wallclock");
    expect([rule.exitCode, rule.stderr]).toEqual([2, 'detkit: unknown rule "no-wallclock"; run `detkit rules` for the list\n']);
    const category = await audit(cwd, "--category", "time");
    expect(category.exitCode).toBe(2);
    expect(category.stderr).toMatch(/^detkit: unknown category "time"; expected one of clock, random/);
  });
});
