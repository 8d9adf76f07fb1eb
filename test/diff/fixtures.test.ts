import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { copyFixture, REPO_ROOT } from "../helpers/fixtures.js";
import { changeRows, diffJson, emptyCacheEnv, type ChangeRow } from "./helpers.js";

// test/fixtures/diff/upgrade: two real npm lockfiles of one app before and after an upgrade (see the README
// there for the one integrity edited by hand). The table is the whole expected list of changes.
const UPGRADE: readonly ChangeRow[] = [
  ["node_modules/ansi-styles", "removed", "4.3.0", "", ""],
  ["node_modules/chalk", "updated", "4.1.2 → 5.3.0", "major", ""],
  ["node_modules/color-convert", "removed", "2.0.1", "", ""],
  ["node_modules/color-name", "removed", "1.1.4", "", ""],
  ["node_modules/core-js", "updated", "2.5.7 → 2.6.12", "minor", "install-script-added"],
  ["node_modules/core-js-pure", "added", "3.38.1", "", "install-script-added"],
  ["node_modules/debug", "updated", "2.6.9 → 4.3.4", "major", ""],
  ["node_modules/debug/node_modules/ms", "updated", "2.0.0 → 2.1.2", "minor", ""],
  ["node_modules/has-flag", "removed", "4.0.0", "", ""],
  ["node_modules/kleur", "updated", "4.0.0 → 4.1.5", "minor", "range-widened"],
  ["node_modules/ms", "updated", "2.1.3 → 3.0.0-canary.1", "prerelease", ""],
  ["node_modules/picocolors", "updated", "1.1.0 → 1.1.1", "patch", ""],
  ["node_modules/picomatch", "changed", "4.0.2 → 4.0.2", "", "integrity-changed"],
  ["node_modules/semver", "updated", "7.6.0 → 7.5.4", "downgrade", ""],
  ["node_modules/supports-color", "removed", "7.2.0", "", ""],
  ["node_modules/tiny-lib", "changed", "1.0.0 → 1.0.0", "", "source-changed"],
];

describe("detkit diff on real lockfiles", () => {
  it("reports every package, path by path, with its bump and flags", async () => {
    const project = copyFixture("diff", "upgrade");
    const { exitCode, result } = await diffJson(join(project, "head"), ["--base", "../base/package-lock.json"]);
    expect(changeRows(result)).toEqual(UPGRADE);
    expect(result.summary).toEqual({
      added: 1,
      removed: 5,
      updated: 8,
      changed: 2,
      flagged: 5,
      // install-script-added ×2, integrity-changed, source-changed; range-widened and the findings warn.
      errorCount: 4,
      warningCount: 4,
      notChecked: 10,
    });
    expect(exitCode).toBe(1);
    expect(result.base).toEqual({ label: "../base/package-lock.json", lockfile: "../base/package-lock.json" });
    expect(result.head).toEqual({ label: "working tree", lockfile: "package-lock.json" });
  });

  it("says where a changed source came from and which spec was widened", async () => {
    const project = copyFixture("diff", "upgrade");
    const { result } = await diffJson(join(project, "head"), ["--base", "../base"]);
    const tinyLib = result.changes.find((change) => change.name === "tiny-lib");
    expect(tinyLib?.source).toEqual({
      from: "git+file:///tmp/detkit-git/tiny-lib.git#3a9bfc0d65bbaa5b49e40f93d8643d4f25bc0407",
      to: "git+file:///tmp/detkit-git/tiny-lib.git#a2ead4a3b4d545acb93eab07d97f54a83ec4394e",
    });
    // A git dependency is never unpacked, and a same-version source change is not a republished tarball.
    expect(tinyLib?.notChecked).toBeUndefined();
    const kleur = result.changes.find((change) => change.name === "kleur");
    expect(kleur?.range).toEqual({ file: "package.json", from: "4.0.0", to: "^4.1.5" });
  });

  it("reports the dependency findings head has and base did not, pointing into head's files", async () => {
    const project = copyFixture("diff", "upgrade");
    const { result } = await diffJson(join(project, "head"), ["--base", "../base"]);
    expect(result.findings.map((finding) => [finding.ruleId, finding.severity, `${finding.file}:${finding.line}`])).toEqual([
      ["install-script", "warning", "package-lock.json:38"], // core-js 2.6.12
      ["install-script", "warning", "package-lock.json:45"], // core-js-pure 3.38.1
      ["no-unpinned-range", "warning", "package.json:13"], // kleur ^4.1.5
    ]);
  });

  it("says per package why its contents were not checked", async () => {
    const project = copyFixture("diff", "upgrade");
    const { result } = await diffJson(join(project, "head"), ["--base", "../base"]);
    const notChecked = result.changes.filter((change) => change.notChecked !== undefined);
    expect(notChecked.map((change) => change.path)).toEqual([
      "node_modules/chalk",
      "node_modules/core-js",
      "node_modules/core-js-pure",
      "node_modules/debug",
      "node_modules/debug/node_modules/ms",
      "node_modules/kleur",
      "node_modules/ms",
      "node_modules/picocolors",
      "node_modules/picomatch",
      "node_modules/semver",
    ]);
    expect(notChecked[0]?.notChecked).toBe("contents not available (not in node_modules or the npm cache; run npm ci or pass --fetch)");
    // Removed packages bring nothing in: nothing to check.
    expect(result.changes.filter((change) => change.kind === "removed" && change.notChecked !== undefined)).toEqual([]);
  });

  it("--no-scan compares the lockfiles only", async () => {
    const project = copyFixture("diff", "upgrade");
    const { result } = await diffJson(join(project, "head"), ["--base", "../base", "--no-scan"]);
    expect(changeRows(result)).toEqual(UPGRADE);
    expect(result.summary.notChecked).toBe(0);
  });

  it("turned around, the upgrade is a set of downgrades and additions with nothing to flag but the republished tarball and the source", async () => {
    const project = copyFixture("diff", "upgrade");
    const { exitCode, result } = await diffJson(join(project, "base"), ["--base", "../head", "--no-scan"]);
    expect(result.changes.filter((change) => change.flags.includes("install-script-added"))).toEqual([]);
    expect(result.changes.filter((change) => change.flags.length > 0).map((change) => [change.path, change.flags])).toEqual([
      ["node_modules/picomatch", ["integrity-changed"]],
      ["node_modules/tiny-lib", ["source-changed"]],
    ]);
    expect(result.changes.find((change) => change.path === "node_modules/chalk")?.bump).toBe("downgrade");
    expect(exitCode).toBe(1);
  });

  it("diff.failOn in the configuration decides which flags fail the run", async () => {
    const project = copyFixture("diff", "upgrade");
    const head = join(project, "head");
    const manifest = JSON.parse(readFileSync(join(head, "package.json"), "utf8"));
    writeFileSync(join(head, "detkit.config.json"), JSON.stringify({ diff: { failOn: ["range-widened"] } }));
    const widened = await diffJson(head, ["--base", "../base", "--no-scan"]);
    expect(widened.result.failOn).toEqual(["range-widened"]);
    expect(widened.result.summary.errorCount).toBe(1);
    expect(widened.exitCode).toBe(1);

    writeFileSync(join(head, "detkit.config.json"), JSON.stringify({ diff: { failOn: [] } }));
    const lenient = await diffJson(head, ["--base", "../base", "--no-scan"]);
    expect(lenient.result.summary.errorCount).toBe(0);
    expect(lenient.result.summary.warningCount).toBe(8);
    expect(lenient.exitCode).toBe(0);
    expect(manifest.name).toBe("diff-upgrade-app");
  });

  it("an unknown flag in diff.failOn is a configuration error", async () => {
    const project = copyFixture("diff", "upgrade");
    const head = join(project, "head");
    writeFileSync(join(head, "detkit.config.json"), JSON.stringify({ diff: { failOn: ["install-scripts-added"] } }));
    const run = await runCli(["diff", "--base", "../base"], { cwd: head, env: emptyCacheEnv() });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe(
      'detkit: detkit.config.json: "diff.failOn[0]" must be one of install-script-added, integrity-changed, source-changed, new-nondeterminism, range-widened, not "install-scripts-added"\n',
    );
  });

  it("identical trees: exit 0 and no dependency changes", async () => {
    const project = copyFixture("diff", "upgrade");
    const stylish = await runCli(["diff", "--base", "../base/package-lock.json", "--head", "."], { cwd: join(project, "base"), env: emptyCacheEnv() });
    expect(stylish.exitCode).toBe(0);
    expect(stylish.stdout).toContain("✔ no dependency changes\n");
    const { result, exitCode } = await diffJson(join(project, "base"), ["--base", "package-lock.json"]);
    expect(exitCode).toBe(0);
    expect(result.changes).toEqual([]);
    expect(result.findings).toEqual([]);
    const markdown = await runCli(["diff", "--base", "package-lock.json", "--format", "markdown"], { cwd: join(project, "base"), env: emptyCacheEnv() });
    expect(markdown.stdout.split("\n")[0]).toBe("### detkit diff: no dependency changes");
  });
});

describe("reports", () => {
  it("stylish groups changes by kind, majors first", async () => {
    const project = copyFixture("diff", "upgrade");
    const run = await runCli(["diff", "--base", "../base"], { cwd: join(project, "head"), env: emptyCacheEnv() });
    expect(run.exitCode).toBe(1);
    const headings = run.stdout.split("\n").filter((line) => /^[A-Z]/.test(line));
    expect(headings).toEqual([
      "Major updates (2)",
      "Prerelease updates (1)",
      "Downgrades (1)",
      "Minor updates (3)",
      "Patch updates (1)",
      "Changed without a version change (2)",
      "Added (1)",
      "Removed (5)",
      "New findings (3)",
      "Not checked for new nondeterminism (10)",
    ]);
    await expect(run.stdout).toMatchFileSnapshot("../fixtures/diff/upgrade/expected.txt");
  });

  it("markdown reads as a pull-request comment: summary, flagged items, findings, then the table", async () => {
    const project = copyFixture("diff", "upgrade");
    const run = await runCli(["diff", "--base", "../base", "--format", "markdown"], { cwd: join(project, "head"), env: emptyCacheEnv() });
    expect(run.exitCode).toBe(1);
    const sections = run.stdout.split("\n").filter((line) => line.startsWith("#"));
    expect(sections).toEqual([
      "### ❌ detkit diff: 8 updated (2 major), 1 added, 5 removed, 2 changed",
      "#### Needs attention",
      "#### New findings",
      "#### Not checked for new nondeterminism",
      "#### All changes",
    ]);
    await expect(run.stdout).toMatchFileSnapshot("../fixtures/diff/upgrade/expected.md");
  });

  it("the same bytes from the built CLI under another time zone and locale", async () => {
    const project = copyFixture("diff", "upgrade");
    const run = spawnSync(process.execPath, [join(REPO_ROOT, "dist", "src", "cli", "main.js"), "diff", "--base", "../base"], {
      cwd: join(project, "head"),
      encoding: "utf8",
      env: { PATH: process.env.PATH, TZ: "Pacific/Chatham", LC_ALL: "sk_SK.UTF-8", LANG: "tr_TR.UTF-8", ...emptyCacheEnv() },
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe(readFileSync(join(REPO_ROOT, "test", "fixtures", "diff", "upgrade", "expected.txt"), "utf8"));
  });

  it("writes the report atomically with --output", async () => {
    const project = copyFixture("diff", "upgrade");
    const head = join(project, "head");
    const run = await runCli(["diff", "--base", "../base", "--format", "markdown", "-o", "diff.md"], { cwd: head, env: emptyCacheEnv() });
    expect(run.stdout).toBe("");
    expect(readFileSync(join(head, "diff.md"), "utf8")).toMatch(/^### ❌ detkit diff: /);
  });
});
