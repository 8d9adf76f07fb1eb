import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Report } from "../../src/report/types.js";
import { runCli } from "../helpers/cli.js";
import { copyFixture, temporaryDirectory } from "../helpers/fixtures.js";

async function audit(cwd: string, ...args: string[]) {
  const result = await runCli(["audit", "--format", "json", ...args], { cwd });
  return { ...result, report: JSON.parse(result.stdout) as Report };
}

const cacheFile = (project: string) => join(project, "node_modules", ".cache", "detkit", "analysis.json");

/** Changes the cached message of one file's first finding: if a run shows it, the run used the cache. */
function tamper(project: string, file: string): void {
  const document = JSON.parse(readFileSync(cacheFile(project), "utf8"));
  document.files[file].outcome.findings[0].message = "from the cache";
  writeFileSync(cacheFile(project), JSON.stringify(document));
}

describe("--cache", () => {
  it("gives the same report as a run without it, cold and warm", async () => {
    const project = copyFixture("audit", "ts-project");
    const plain = await audit(project);
    const cold = await audit(project, "--cache");
    const warm = await audit(project, "--cache");
    expect(cold.stdout).toBe(plain.stdout);
    expect(warm.stdout).toBe(plain.stdout);
    expect(warm.exitCode).toBe(plain.exitCode);
  });

  it("reuses a file's results until its content changes", async () => {
    const project = copyFixture("audit", "ts-project");
    await audit(project, "--cache");
    tamper(project, "src/util/ids.ts");
    const reused = await audit(project, "--cache");
    expect(reused.report.findings.some((finding) => finding.message === "from the cache")).toBe(true);
    writeFileSync(join(project, "src/util/ids.ts"), `${readFileSync(join(project, "src/util/ids.ts"), "utf8")}\n// edited\n`);
    const rechecked = await audit(project, "--cache");
    expect(rechecked.report.findings.some((finding) => finding.message === "from the cache")).toBe(false);
  });

  it("rechecks a file when a file whose exports it follows changes, and keeps the others", async () => {
    const project = temporaryDirectory();
    const write = (file: string, text: string) => writeFileSync(join(project, file), text);
    write("package.json", '{ "name": "p", "private": true }');
    write("time.ts", "export const now = Date.now;\n");
    write("bill.ts", 'import { now } from "./time";\nexport const billedAt = () => now();\n');
    write("other.ts", "export const seed = Math.random();\n");
    // Rules that need no type checker: with one, every file's result is keyed on every file of the program.
    const syntaxOnly = ["--cache", "--no-deps", "--category", "clock", "--category", "random"];
    const first = await audit(project, ...syntaxOnly);
    expect(first.report.findings.map((finding) => `${finding.file}:${finding.line}`)).toEqual(["bill.ts:2", "other.ts:1"]);
    tamper(project, "other.ts");
    write("time.ts", "export const now = () => 0;\n");
    const second = await audit(project, ...syntaxOnly);
    // bill.ts did not change, but what it imports did: its finding is gone. other.ts imports nothing that changed.
    expect(second.report.findings.map((finding) => `${finding.file}:${finding.line}`)).toEqual(["other.ts:1"]);
    expect(second.report.findings[0]?.message).toBe("from the cache");
    const stored = JSON.parse(readFileSync(cacheFile(project), "utf8"));
    expect(stored.files["bill.ts"].dependencies.map((index: number) => stored.paths[index])).toEqual(["time.ts"]);
  });

  it("with type-aware rules, rechecks the files that import a changed file and keeps the rest", async () => {
    const project = temporaryDirectory();
    const write = (file: string, text: string) => writeFileSync(join(project, file), text);
    write("package.json", '{ "name": "p", "private": true }');
    write("tsconfig.json", '{ "compilerOptions": { "strict": true, "module": "esnext", "moduleResolution": "bundler" } }');
    write("when.ts", "export function when(): Date {\n  return new Date(0);\n}\n");
    write("shift.ts", 'import { when } from "./when";\nexport const shift = () => when().getHours();\n');
    write("other.ts", "export const seed = Math.random();\n");
    const typeAware = ["--cache", "--no-deps", "--rule", "no-local-time-date", "--rule", "no-unseeded-random"];
    const first = await audit(project, ...typeAware);
    expect(first.report.findings.map((finding) => `${finding.file}:${finding.line} ${finding.ruleId}`)).toEqual([
      "other.ts:1 no-unseeded-random",
      "shift.ts:2 no-local-time-date",
    ]);
    tamper(project, "other.ts");
    // shift.ts is unchanged, but the type it calls getHours() on is no longer a Date.
    write("when.ts", "export function when(): { getHours(): number } {\n  return { getHours: () => 0 };\n}\n");
    const second = await audit(project, ...typeAware);
    expect(second.report.findings.map((finding) => `${finding.file}:${finding.line} ${finding.ruleId}`)).toEqual(["other.ts:1 no-unseeded-random"]);
    expect(second.report.findings[0]?.message).toBe("from the cache");
  });

  it("rechecks a file that becomes test code when a package.json appears around it", async () => {
    const project = temporaryDirectory();
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "workspace", private: true }));
    mkdirSync(join(project, "packages", "api", "test"), { recursive: true });
    writeFileSync(join(project, "packages", "api", "test", "clock.ts"), "export const at = Date.now();\n");
    const before = await audit(project, "--no-deps", "--cache");
    expect(before.report.findings.map(({ severity, test }) => ({ severity, test }))).toEqual([{ severity: "error", test: undefined }]);
    // packages/api becomes a workspace package: its test/ folder is test code now, whatever the cache holds.
    writeFileSync(join(project, "packages", "api", "package.json"), JSON.stringify({ name: "api" }));
    const after = await audit(project, "--no-deps", "--cache");
    expect(after.stdout).toBe((await audit(project, "--no-deps")).stdout);
    expect(after.report.findings.map(({ severity, test }) => ({ severity, test }))).toEqual([{ severity: "warning", test: true }]);
  });

  it("is not used when the configuration or the rule set changes", async () => {
    const project = copyFixture("audit", "ts-project");
    await audit(project, "--cache");
    tamper(project, "src/util/ids.ts");
    const filtered = await audit(project, "--cache", "--rule", "no-unseeded-random");
    expect(filtered.report.findings.some((finding) => finding.message === "from the cache")).toBe(false);
  });

  it.each([["not JSON", "{ half"], ["the wrong shape", '{ "format": 1, "runKey": "x", "files": { "a.ts": { "hash": 1 } } }'], ["empty", ""]])(
    "ignores and rebuilds a corrupt cache (%s)",
    async (_, text) => {
      const project = copyFixture("audit", "ts-project");
      const plain = await audit(project);
      await audit(project, "--cache");
      writeFileSync(cacheFile(project), text);
      const again = await audit(project, "--cache");
      expect(again.stdout).toBe(plain.stdout);
      expect(JSON.parse(readFileSync(cacheFile(project), "utf8")).format).toBe(2);
    },
  );

  it("ignores cached entries whose shape does not check out, even under the right key", async () => {
    const project = copyFixture("audit", "ts-project");
    const plain = await audit(project);
    await audit(project, "--cache");
    const document = JSON.parse(readFileSync(cacheFile(project), "utf8"));
    document.files["src/util/ids.ts"].outcome.fixes = [{ finding: 99, fix: { edits: [] } }];
    writeFileSync(cacheFile(project), JSON.stringify(document));
    expect((await audit(project, "--cache")).stdout).toBe(plain.stdout);
  });

  it("keeps its results where --cache-location says", async () => {
    const project = copyFixture("audit", "ts-project");
    await audit(project, "--cache-location", ".detkit-cache");
    expect(JSON.parse(readFileSync(join(project, ".detkit-cache", "analysis.json"), "utf8")).format).toBe(2);
  });
});
