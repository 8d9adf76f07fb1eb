import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { inShard } from "../../src/analyzer/shard.js";
import type { Report } from "../../src/report/types.js";
import { runCli } from "../helpers/cli.js";
import { copyFixture, temporaryDirectory } from "../helpers/fixtures.js";

function stripDuration(report: Report): Report {
  return { ...report, summary: { ...report.summary, durationMs: 0 } };
}

describe("--shard and merge-reports", () => {
  it("splits the files so that every file is in exactly one shard", () => {
    const paths = Array.from({ length: 400 }, (_, index) => `src/module-${index}.ts`);
    for (const count of [1, 2, 3, 7]) {
      const owners = paths.map((path) => Array.from({ length: count }, (_, index) => index + 1).filter((index) => inShard(path, { index, count })));
      expect(owners.every((found) => found.length === 1)).toBe(true);
      if (count > 1) {
        const sizes = Array.from({ length: count }, (_, index) => owners.filter(([owner]) => owner === index + 1).length);
        expect(Math.min(...sizes)).toBeGreaterThan(400 / count / 2);
      }
    }
  });

  it("moves few files when a shard is added", () => {
    const paths = Array.from({ length: 1000 }, (_, index) => `lib/file-${index}.js`);
    const shardOf = (path: string, count: number) => Array.from({ length: count }, (_, index) => index + 1).find((index) => inShard(path, { index, count }));
    const moved = paths.filter((path) => shardOf(path, 4) !== shardOf(path, 5)).length;
    // Jump consistent hashing moves about 1/5 of the keys from 4 to 5 buckets; modulo hashing would move 4/5.
    expect(moved).toBeLessThan(300);
  });

  it("gives, merged, the report of one whole run, dependency findings once", async () => {
    const project = copyFixture("audit", "ts-project");
    const whole = await runCli(["audit", "--format", "json"], { cwd: project });
    const shards = [];
    for (const index of [1, 2, 3]) {
      const output = join(project, `shard-${index}.json`);
      const run = await runCli(["audit", "--format", "json", "--shard", `${index}/3`, "--output", output], { cwd: project });
      expect(run.exitCode).toBeLessThan(2);
      shards.push(output);
    }
    const merged = await runCli(["merge-reports", ...shards, "--format", "json"], { cwd: project });
    expect(merged.exitCode).toBe(whole.exitCode);
    expect(stripDuration(JSON.parse(merged.stdout))).toEqual(stripDuration(JSON.parse(whole.stdout)));
  });

  it.each([["0/2"], ["3/2"], ["1/0"], ["a/b"], ["2"]])("refuses --shard %s with exit 2", async (value) => {
    const project = copyFixture("audit", "ts-project");
    const result = await runCli(["audit", "--shard", value], { cwd: project });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(`detkit: --shard takes index/count with 1 <= index <= count, e.g. 2/4; not "${value}"\n`);
  });

  it.each([
    ["a missing file", null, "detkit: cannot read missing.json"],
    ["malformed JSON", "{", "detkit: missing.json:1:2: not valid JSON"],
    ["another tool's JSON", '{ "tool": { "name": "eslint", "version": "9" } }', 'detkit: missing.json: not a detkit JSON report: "tool" must be'],
  ])("merge-reports fails with exit 2 on %s", async (_, text, message) => {
    const directory = temporaryDirectory();
    if (text !== null) writeFileSync(join(directory, "missing.json"), text);
    const result = await runCli(["merge-reports", "missing.json"], { cwd: directory });
    expect(result.exitCode).toBe(2);
    expect(result.stderr.startsWith(message)).toBe(true);
  });

  it("merge-reports refuses reports of two detkit versions", async () => {
    const directory = temporaryDirectory();
    const report = (version: string) =>
      JSON.stringify({ tool: { name: "detkit", version }, findings: [], suppressed: [], errors: [], summary: { filesScanned: 1, errorCount: 0, warningCount: 0, suppressedCount: 0, durationMs: 1 } });
    writeFileSync(join(directory, "a.json"), report("0.1.0"));
    writeFileSync(join(directory, "b.json"), report("0.2.0"));
    const result = await runCli(["merge-reports", "a.json", "b.json"], { cwd: directory });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe("detkit: b.json was written by detkit 0.2.0 and a.json by 0.1.0: merge reports of one version\n");
  });
});
