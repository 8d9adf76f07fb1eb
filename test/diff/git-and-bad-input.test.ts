import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectOneLineUsageError, runCli } from "../helpers/cli.js";
import { copyFixture, fixturePath, temporaryDirectory } from "../helpers/fixtures.js";
import { changeRows, diffJson, emptyCacheEnv, git } from "./helpers.js";

const UPGRADE = fixturePath("diff", "upgrade");

/**
 * A git repository whose `main` holds the upgrade fixture's base files in `subdirectory` (or at the root), with
 * the head files written over them in the working tree, uncommitted: the situation of a pull request's branch.
 */
function repositoryWithUpgrade(subdirectory = ""): { root: string; project: string } {
  const root = temporaryDirectory("detkit-diff-git-");
  const project = join(root, subdirectory);
  mkdirSync(project, { recursive: true });
  git(root, "init", "--quiet", "--initial-branch=main");
  cpSync(join(UPGRADE, "base"), project, { recursive: true });
  git(root, "add", ".");
  git(root, "commit", "--quiet", "-m", "base");
  cpSync(join(UPGRADE, "head"), project, { recursive: true });
  return { root, project };
}

async function expectUsageError(cwd: string, args: readonly string[], message: string | RegExp): Promise<void> {
  expectOneLineUsageError(await runCli(["diff", ...args], { cwd, env: emptyCacheEnv() }), message);
}

describe("--base <git ref>", () => {
  it("reads the base lockfile and package.json from the ref, without checking anything out", async () => {
    const { root, project } = repositoryWithUpgrade();
    const fromPaths = await diffJson(join(UPGRADE, "head"), ["--base", "../base", "--no-scan"]);
    const fromGit = await diffJson(project, ["--base", "main", "--no-scan"]);
    expect(changeRows(fromGit.result)).toEqual(changeRows(fromPaths.result));
    expect(fromGit.result.base).toEqual({ label: "main", lockfile: "main:package-lock.json" });
    // The working tree is untouched: still head's files, nothing staged.
    expect(readFileSync(join(project, "package-lock.json"), "utf8")).toBe(readFileSync(join(UPGRADE, "head", "package-lock.json"), "utf8"));
    expect(git(root, "status", "--porcelain")).toBe(" M package-lock.json\n M package.json\n");
  });

  it("a project in a subdirectory of the repository, and a ref spelled as a commit expression", async () => {
    const { root, project } = repositoryWithUpgrade("packages/app");
    const { result } = await diffJson(root, ["packages/app", "--base", "HEAD~0", "--no-scan"]);
    expect(result.base.lockfile).toBe("HEAD~0:packages/app/package-lock.json");
    expect(result.summary).toMatchObject({ added: 1, removed: 5, updated: 8, changed: 2 });
    // Errors in head's files name them from where the user stands.
    writeFileSync(join(project, "package-lock.json"), "{ \"lockfileVersion\": 3, ");
    await expectUsageError(root, ["packages/app", "--base", "main"], /^detkit: packages\/app\/package-lock\.json:1:\d+: not valid JSON/);
  });

  it("head's findings point into the working tree's files", async () => {
    const { project } = repositoryWithUpgrade();
    const { result } = await diffJson(project, ["--base", "main", "--no-scan"]);
    expect(result.findings.map((finding) => finding.file)).toEqual(["package-lock.json", "package-lock.json", "package.json"]);
  });

  it("the same commit on both sides: no dependency changes", async () => {
    const { root, project } = repositoryWithUpgrade();
    git(root, "stash", "--quiet");
    const result = await runCli(["diff", "--base", "main"], { cwd: project, env: emptyCacheEnv() });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("no dependency changes");
  });
});

describe("bad input: exit 2 with one line", () => {
  it("an unknown git ref", async () => {
    const { project } = repositoryWithUpgrade();
    await expectUsageError(project, ["--base", "origin/no-such-branch"], "detkit: --base origin/no-such-branch: unknown git ref (and no file of that name)");
  });

  it("a ref whose tree has no lockfile there", async () => {
    const { root } = repositoryWithUpgrade("packages/app");
    mkdirSync(join(root, "packages", "other"));
    writeFileSync(join(root, "packages", "other", "package.json"), '{ "name": "other" }\n');
    await expectUsageError(join(root, "packages", "other"), ["--base", "main"], "detkit: --base main: main has no package-lock.json or npm-shrinkwrap.json in packages/other");
  });

  it("not a git repository when a ref is given", async () => {
    const project = copyFixture("diff", "upgrade");
    await expectUsageError(join(project, "head"), ["--base", "main"], "detkit: --base main: no such lockfile, and . is not in a git repository to read a ref from");
  });

  it("an option-like ref is refused, never handed to git", async () => {
    const { project } = repositoryWithUpgrade();
    await expectUsageError(project, ["--base=--output=/tmp/x"], "detkit: --base --output=/tmp/x: not a git ref or a lockfile path");
  });

  it("a malformed lockfile at the ref", async () => {
    const { root, project } = repositoryWithUpgrade();
    writeFileSync(join(project, "package-lock.json"), readFileSync(join(UPGRADE, "base", "package-lock.json"), "utf8").slice(0, 400));
    git(root, "commit", "--quiet", "-am", "truncated lockfile");
    cpSync(join(UPGRADE, "head"), project, { recursive: true });
    await expectUsageError(project, ["--base", "main"], /^detkit: main:package-lock\.json:\d+:\d+: not valid JSON: .*truncated/);
  });

  it("a malformed base lockfile given by path", async () => {
    const project = copyFixture("diff", "upgrade");
    writeFileSync(join(project, "base", "package-lock.json"), '{ "lockfileVersion": 7, "packages": {} }\n');
    await expectUsageError(join(project, "head"), ["--base", "../base"], /^detkit: \.\.\/base\/package-lock\.json:1:\d+: lockfileVersion 7 is not supported/);
  });

  it("a malformed head lockfile", async () => {
    const project = copyFixture("diff", "upgrade");
    writeFileSync(join(project, "head", "package-lock.json"), '{ "lockfileVersion": 3, "packages": { "node_modules/ms": { "version": 2 } } }\n');
    await expectUsageError(join(project, "head"), ["--base", "../base"], /^detkit: package-lock\.json:1:\d+: packages\["?node_modules\/ms"?\]\.version must be a string/);
  });

  it("a malformed package.json on the base side", async () => {
    const project = copyFixture("diff", "upgrade");
    writeFileSync(join(project, "base", "package.json"), '{ "dependencies": ["chalk"] }\n');
    await expectUsageError(join(project, "head"), ["--base", "../base"], /^detkit: \.\.\/base\/package\.json:1:\d+: dependencies must be an object/);
  });

  it("no lockfile in the head directory", async () => {
    const project = copyFixture("diff", "upgrade");
    rmSync(join(project, "head", "package-lock.json"));
    await expectUsageError(join(project, "head"), ["--base", "../base"], "detkit: .: no package-lock.json or npm-shrinkwrap.json (generate one with `npm install --package-lock-only`)");
  });

  it("no --base at all, and an unknown format", async () => {
    const project = copyFixture("diff", "upgrade");
    await expectUsageError(join(project, "head"), [], "detkit: diff needs --base: a git ref (e.g. origin/main) or a lockfile to compare against");
    await expectUsageError(join(project, "head"), ["--base", "../base", "--format", "sarif"], 'detkit: unknown format "sarif"; expected one of stylish, json, markdown');
  });
});
