import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { copyFixture, fixturePath, temporaryDirectory } from "../helpers/fixtures.js";
import { diffJson, emptyCacheEnv } from "./helpers.js";

const VENDOR = fixturePath("diff", "nondeterminism", "vendor");

/** An npm cache holding the tiny-clock 1.0.0 tarball, filled by npm itself (`npm cache add`, offline). */
let cacheWithBase: string;
beforeAll(() => {
  cacheWithBase = temporaryDirectory("detkit-npm-cache-");
  const added = spawnSync("npm", ["cache", "add", join(VENDOR, "tiny-clock-1.0.0.tgz"), "--cache", cacheWithBase, "--offline"], {
    encoding: "utf8",
  });
  if (added.status !== 0) throw new Error(`npm cache add failed: ${added.stderr}`);
});

/** The nondeterminism case with head's version installed into head/node_modules, as npm ci would leave it. */
function installedProject(options: { vendor: boolean }): string {
  const project = copyFixture("diff", "nondeterminism");
  const target = join(project, "head", "node_modules", "tiny-clock");
  mkdirSync(target, { recursive: true });
  const unpacked = spawnSync("tar", ["-xzf", join(VENDOR, "tiny-clock-1.1.0.tgz"), "-C", target, "--strip-components=1"], { encoding: "utf8" });
  if (unpacked.status !== 0) throw new Error(`tar failed: ${unpacked.stderr}`);
  if (!options.vendor) rmSync(join(project, "vendor"), { recursive: true });
  return project;
}

const NEW_RANDOM = {
  ruleId: "no-unseeded-random",
  category: "random",
  severity: "error",
  file: "node_modules/tiny-clock/dist/id.js",
  line: 3,
  column: 20,
  endLine: 3,
  endColumn: 33,
  message: "tiny-clock 1.1.0: Math.random() is unseeded randomness (not in 1.0.0)",
  package: { name: "tiny-clock", path: "node_modules/tiny-clock", from: "1.0.0", to: "1.1.0" },
};

describe("new-nondeterminism", () => {
  it("head from node_modules, base from the npm cache: only the new use is reported, not the moved one", async () => {
    const project = installedProject({ vendor: false });
    const { exitCode, result } = await diffJson(join(project, "head"), ["--base", "../base"], { npm_config_cache: cacheWithBase });
    expect(result.changes).toEqual([
      { name: "tiny-clock", path: "node_modules/tiny-clock", kind: "updated", from: "1.0.0", to: "1.1.0", bump: "minor", flags: ["new-nondeterminism"] },
    ]);
    expect(result.findings).toEqual([NEW_RANDOM]);
    expect(result.summary).toMatchObject({ flagged: 1, errorCount: 1, warningCount: 0, notChecked: 0 });
    expect(exitCode).toBe(1);
  });

  it("both versions from the file: tarballs the lockfiles name, checked against their integrity", async () => {
    const project = copyFixture("diff", "nondeterminism");
    const { result } = await diffJson(join(project, "head"), ["--base", "../base"]);
    expect(result.findings).toEqual([NEW_RANDOM]);
  });

  it("a package new in the change: every use in it is new", async () => {
    const project = copyFixture("diff", "nondeterminism");
    const { result } = await diffJson(join(project, "head"), ["--base", "../empty"]);
    expect(result.changes.map((change) => [change.kind, change.flags])).toEqual([["added", ["new-nondeterminism"]]]);
    expect(result.findings.map((finding) => [finding.ruleId, `${finding.file}:${finding.line}`, finding.message])).toEqual([
      ["no-unseeded-random", "node_modules/tiny-clock/dist/id.js:3", "tiny-clock 1.1.0: Math.random() is unseeded randomness (a package new in this change)"],
      ["no-wall-clock", "node_modules/tiny-clock/index.js:12", "tiny-clock 1.1.0: Date.now() reads the wall clock (a package new in this change)"],
    ]);
  });

  it("the other way round nothing is new: 1.0.0 only has the Date.now() that 1.1.0 has too", async () => {
    const project = copyFixture("diff", "nondeterminism");
    const { exitCode, result } = await diffJson(join(project, "base"), ["--base", "../head"]);
    expect(result.changes.map((change) => [change.bump, change.flags])).toEqual([["downgrade", []]]);
    expect(result.findings).toEqual([]);
    expect(exitCode).toBe(0);
  });

  it("a second use of the same call is new: counted, matched in the same file first, never by line", async () => {
    const project = installedProject({ vendor: false });
    const installed = join(project, "head", "node_modules", "tiny-clock");
    writeFileSync(join(installed, "dist", "id.js"), '"use strict";\n\nexports.id = () => String(Date.now());\n');
    const { result } = await diffJson(join(project, "head"), ["--base", "../base"], { npm_config_cache: cacheWithBase });
    expect(result.findings.map((finding) => [`${finding.file}:${finding.line}`, finding.message])).toEqual([
      ["node_modules/tiny-clock/dist/id.js:3", "tiny-clock 1.1.0: Date.now() reads the wall clock (2 uses, 1 in 1.0.0)"],
    ]);
  });

  it("says so per package when the contents are not available", async () => {
    const project = copyFixture("diff", "nondeterminism");
    rmSync(join(project, "vendor"), { recursive: true });
    const { exitCode, result } = await diffJson(join(project, "head"), ["--base", "../base"], emptyCacheEnv());
    expect(result.changes[0]?.notChecked).toBe("contents not available (not in node_modules or the npm cache; run npm ci or pass --fetch)");
    expect(result.changes[0]?.flags).toEqual([]);
    expect(result.summary.notChecked).toBe(1);
    expect(exitCode).toBe(0);
  });

  it("says so when only the old version is missing", async () => {
    const project = installedProject({ vendor: false });
    const { result } = await diffJson(join(project, "head"), ["--base", "../base"], emptyCacheEnv());
    expect(result.changes[0]?.notChecked).toBe("the old version's contents not available (not in node_modules or the npm cache; pass --fetch)");
  });

  it("is a warning when diff.failOn leaves it out", async () => {
    const project = copyFixture("diff", "nondeterminism");
    writeFileSync(join(project, "head", "detkit.config.json"), JSON.stringify({ diff: { failOn: ["integrity-changed"] } }));
    const { exitCode, result } = await diffJson(join(project, "head"), ["--base", "../base"]);
    expect(result.findings.map((finding) => finding.severity)).toEqual(["warning"]);
    expect(exitCode).toBe(0);
  });

  it("source rules turned off in the configuration are not run over packages", async () => {
    const project = copyFixture("diff", "nondeterminism");
    writeFileSync(join(project, "head", "detkit.config.json"), JSON.stringify({ rules: { random: "off" } }));
    const { result } = await diffJson(join(project, "head"), ["--base", "../base"]);
    expect(result.findings).toEqual([]);
  });
});
