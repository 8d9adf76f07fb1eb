import { spawnSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { npmCiRefusals } from "../../src/deps/verify.js";
import { runCli } from "../helpers/cli.js";
import { copyFixture, temporaryDirectory } from "../helpers/fixtures.js";
import { depsJson } from "./helpers.js";

const read = (path: string) => readFileSync(path, "utf8");

/** Every file under a directory, by relative path, with its bytes: to show that nothing at all changed. */
function snapshot(directory: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.set(relative(directory, path), readFileSync(path, "latin1"));
    }
  };
  walk(directory);
  return files;
}

/**
 * Runs the real npm, offline with an empty cache and no user configuration, so that nothing can reach the
 * network: `npm ci --dry-run` to see whether npm accepts the project, `npm install --package-lock-only` to see
 * whether npm would change any file. The fixtures' lockfiles were written with omit-lockfile-registry-resolved.
 */
function npm(directory: string, args: readonly string[]): { status: number | null; output: string } {
  const empty = temporaryDirectory("detkit-npmrc-");
  writeFileSync(join(empty, "npmrc"), "");
  const result = spawnSync(
    "npm",
    [
      ...args,
      "--offline",
      "--ignore-scripts",
      "--no-audit",
      "--no-fund",
      "--omit-lockfile-registry-resolved=true",
      `--cache=${join(empty, "cache")}`,
      `--userconfig=${join(empty, "npmrc")}`,
      `--globalconfig=${join(empty, "npmrc")}`,
    ],
    { cwd: directory, encoding: "utf8", env: { ...process.env, npm_config_update_notifier: "false" } },
  );
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function expectNpmCiAccepts(directory: string): void {
  const ci = npm(directory, ["ci", "--dry-run"]);
  expect(ci.output).not.toMatch(/npm error/);
  expect(ci.status).toBe(0);
}

function expectNpmInstallChangesNothing(directory: string): void {
  const before = snapshot(directory);
  const install = npm(directory, ["install", "--package-lock-only"]);
  expect(install.status).toBe(0);
  expect(snapshot(directory)).toEqual(before);
}

describe("detkit deps --fix", () => {
  it("pins every flagged spec, in package.json and in the lockfile's copy of it, and nothing else", async () => {
    const directory = copyFixture("deps", "ranges");
    const manifest = join(directory, "package.json");
    const lockfile = join(directory, "package-lock.json");
    const before = read(manifest);
    const lockBefore = read(lockfile);
    const inodeBefore = statSync(manifest).ino;

    const { exitCode, report, stderr } = await depsJson(directory, ["--fix"]);

    const pins: readonly (readonly [string, string])[] = [
      ['"^4.3.4"', '"4.4.3"'],
      ['"~4.1.5"', '"4.1.5"'],
      ['">=2.1.0"', '"2.1.3"'],
      ['"6.0.0 || 7.0.0"', '"7.0.0"'],
      ['"npm:kleur@^4.0.0"', '"npm:kleur@4.1.5"'],
      ["tiny-lib.git#main", "tiny-lib.git#bb277e37c8827fc5afd0c77ed97f24d7ac6cf34e"],
      ['"*"', '"1.1.1"'],
      ['"latest"', '"5.0.0"'],
      ['"x"', '"5.0.1"'],
      ['"nanoid": ""', '"nanoid": "5.1.16"'],
    ];
    const pin = (text: string) => pins.reduce((result, [from, to]) => result.replace(from, to), text);
    // The peer range "^7.2.0" stays: it is a promise to consumers, not an install.
    expect(read(manifest)).toBe(pin(before));
    expect(read(manifest)).toContain('"supports-color": "^7.2.0"');
    // The lockfile's root entry holds the same specs now, and only they changed.
    expect(read(lockfile)).toBe(pin(lockBefore));
    expect(stderr).toBe(
      'detkit: audited package.json as an application (declares none of main, exports, bin, files)\n' +
        "detkit: pinned 10 specs in package.json, package-lock.json; npm ci accepts the result\n",
    );
    expect(report.findings).toEqual([]);
    expect(exitCode).toBe(0);
    // Written by rename (a new inode), leaving no temporary file behind.
    expect(statSync(manifest).ino).not.toBe(inodeBefore);
    expect(readdirSync(directory).sort()).toEqual(["local-lib", "package-lock.json", "package.json"]);
  });

  it("leaves a project that npm ci accepts and that a following npm install does not change", async () => {
    const directory = copyFixture("deps", "workspaces");
    await depsJson(directory, ["--fix"]);
    expect(await npmCiRefusals(directory, { legacyPeerDeps: false })).toEqual([]);
    expectNpmCiAccepts(directory);
    expectNpmInstallChangesNothing(directory);
  });

  it("says which command records the pinned specs when the lockfile keeps no copy of them (lockfile v1)", async () => {
    const directory = copyFixture("deps", "lockfile-v1");
    const lockBefore = read(join(directory, "package-lock.json"));
    const { stderr } = await depsJson(directory, ["--fix"]);
    expect(read(join(directory, "package.json"))).toContain('"debug": "4.4.3"');
    expect(read(join(directory, "package-lock.json"))).toBe(lockBefore);
    expect(stderr).toContain(
      "detkit: pinned 1 spec in package.json; npm ci accepts the result\n" +
        "detkit: the lockfile keeps no copy of these specs; `npm install --package-lock-only --ignore-scripts` records them (npm 7 or later), after which npm install changes nothing\n",
    );
  });

  it("keeps indentation, key order, line endings and the absence of a final newline", async () => {
    const directory = copyFixture("deps", "lockfile-v2");
    const manifest = join(directory, "package.json");
    const original = [
      "{",
      '\t"version": "1.0.0",',
      '\t"name": "lockfile-v2-app",',
      '\t"devDependencies": {"is-number": "7.0.0"},',
      '\t"dependencies": {',
      '\t\t"kleur": "4.1.5", "debug": "^4.3.4"',
      "\t},",
      '\t"engines": { "node": ">=20.17.0" }',
      "}",
    ].join("\r\n");
    writeFileSync(manifest, original);
    const { report } = await depsJson(directory, ["--fix"]);
    expect(read(manifest)).toBe(original.replace('"^4.3.4"', '"4.4.3"'));
    expect(report.findings).toEqual([]);
  });

  it("pins each workspace's package.json and its entry in the lockfile, and leaves links to sibling workspaces alone", async () => {
    const directory = copyFixture("deps", "workspaces");
    const app = join(directory, "packages", "app", "package.json");
    const lib = join(directory, "packages", "lib", "package.json");
    const lockfile = join(directory, "package-lock.json");
    const [appBefore, libBefore, lockBefore] = [read(app), read(lib), read(lockfile)];
    const { stderr } = await depsJson(directory, ["--fix"]);
    expect(read(app)).toBe(appBefore.replace('"ms": "^2.1.3"', '"ms": "2.1.3"'));
    expect(read(lib)).toBe(libBefore.replace('"picocolors": "latest"', '"picocolors": "1.1.1"'));
    expect(read(lockfile)).toBe(lockBefore.replace('"ms": "^2.1.3"', '"ms": "2.1.3"').replace('"picocolors": "latest"', '"picocolors": "1.1.1"'));
    expect(read(app)).toContain('"@mono/lib": "*"');
    expect(stderr).toContain("detkit: pinned 2 specs in packages/app/package.json, packages/lib/package.json, package-lock.json; npm ci accepts the result\n");
  });

  it("pins a workspace audited on its own, in its package.json and its lockfile entry, and nothing of its siblings", async () => {
    const directory = copyFixture("deps", "workspaces");
    const lib = join(directory, "packages", "lib", "package.json");
    const libBefore = read(lib);
    const { report } = await depsJson(directory, ["packages/app", "--fix"]);
    expect(read(join(directory, "packages", "app", "package.json"))).toContain('"ms": "2.1.3"');
    expect(read(lib)).toBe(libBefore);
    expect(read(join(directory, "package-lock.json"))).toContain('"ms": "2.1.3"');
    expect(report.findings.map((finding) => finding.ruleId)).toEqual(["no-npm-install-in-ci"]);
  });

  it("does not pin a library's dependencies, only its devDependencies, and never a peer range", async () => {
    const directory = copyFixture("deps", "library");
    const manifest = join(directory, "package.json");
    const before = read(manifest);
    const { stderr } = await depsJson(directory, ["--fix"]);
    expect(read(manifest)).toBe(before.replace('"ms": "^2.1.0"', '"ms": "2.1.3"'));
    expect(stderr).toContain("detkit: pinned 1 spec in package.json, package-lock.json; npm ci accepts the result\n");
  });

  it("does not pin a dependency that the root overrides name with a spec of their own (npm would fail with EOVERRIDE)", async () => {
    const directory = copyFixture("deps", "overrides");
    const manifest = join(directory, "package.json");
    const before = read(manifest);
    const { report, exitCode } = await depsJson(directory, ["--fix"]);
    // kleur is "^4.1.0" in both dependencies and overrides: pinning one alone is what npm refuses. debug has no
    // override, and ms is overridden by a reference to itself ("$ms"), which follows the pinned spec.
    expect(read(manifest)).toBe(before.replace('"debug": "^4.3.4"', '"debug": "4.4.3"').replace('"ms": "^2.1.0"', '"ms": "2.1.3"'));
    expect(read(manifest)).toContain('"kleur": "^4.1.0"');
    expect(exitCode).toBe(0);
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]?.suggestion).toBe(
      '"overrides" sets "kleur" to "^4.1.0" as well, and npm requires the two to match: pin both to "4.1.5", then run `npm install --package-lock-only`',
    );
    expect(await npmCiRefusals(directory, { legacyPeerDeps: false })).toEqual([]);
    expectNpmCiAccepts(directory);
    expectNpmInstallChangesNothing(directory);
  });

  it("rolls back every file when npm ci would refuse the result", async () => {
    // "overrides": { "debug": { "ms": "$ms" } } makes debug's ms follow the root's spec: pinning ms to 2.1.3
    // pins debug's ms too, and the lockfile holds 2.0.0 there. npm ci would refuse; nothing may change.
    const directory = copyFixture("deps", "override-reference");
    const before = snapshot(directory);
    const result = await runCli(["deps", "--fix"], { cwd: directory });
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      'detkit: --fix was rolled back, every file is as it was: npm ci would refuse the pinned project (debug@2.6.9 requires ms@"2.1.3", and the lockfile holds 2.0.0)\n',
    );
    expect(snapshot(directory)).toEqual(before);
    expectNpmCiAccepts(directory);
  });

  it("writes all package.json files or none: one that cannot be written leaves every file as it was", async () => {
    const directory = copyFixture("deps", "workspaces");
    const locked = join(directory, "packages", "lib");
    const before = snapshot(directory);
    const unlock = lockDirectory(locked);
    if (!unlock) return; // neither chattr nor permissions can stop this user from writing: nothing to test here
    let result: Awaited<ReturnType<typeof runCli>>;
    try {
      result = await runCli(["deps", "--fix"], { cwd: directory });
    } finally {
      unlock();
    }
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^detkit: --fix changed nothing: cannot write packages\/lib\/package.json: /);
    expect(snapshot(directory)).toEqual(before);
  });

  it("writes through a symlinked package.json, keeping the link", async () => {
    const directory = copyFixture("deps", "lockfile-v2");
    mkdirSync(join(directory, "shared"));
    renameSync(join(directory, "package.json"), join(directory, "shared", "manifest.json"));
    symlinkSync(join("shared", "manifest.json"), join(directory, "package.json"));
    const before = read(join(directory, "shared", "manifest.json"));
    await depsJson(directory, ["--fix"]);
    expect(lstatSync(join(directory, "package.json")).isSymbolicLink()).toBe(true);
    expect(read(join(directory, "shared", "manifest.json"))).toBe(before.replace('"^4.3.4"', '"4.4.3"'));
  });

  it("keeps each file's mode, and its owner and group", async () => {
    const directory = copyFixture("deps", "lockfile-v2");
    const manifest = join(directory, "package.json");
    const lockfile = join(directory, "package-lock.json");
    chmodSync(manifest, 0o640);
    chmodSync(lockfile, 0o664);
    // Only root may give a file away; anyone else checks that their own ownership is kept.
    const root = process.getuid?.() === 0;
    if (root) chownSync(manifest, 4321, 4322);
    const owner = { uid: statSync(manifest).uid, gid: statSync(manifest).gid };
    await depsJson(directory, ["--fix"]);
    expect(read(manifest)).toContain('"debug": "4.4.3"');
    expect(statSync(manifest).mode & 0o7777).toBe(0o640);
    expect(statSync(lockfile).mode & 0o7777).toBe(0o664);
    expect({ uid: statSync(manifest).uid, gid: statSync(manifest).gid }).toEqual(owner);
    if (root) expect(owner).toEqual({ uid: 4321, gid: 4322 });
  });

  it("leaves an accepted range as it is", async () => {
    const directory = copyFixture("deps", "accepted");
    const manifest = join(directory, "package.json");
    const before = read(manifest);
    const { stderr } = await depsJson(directory, ["--fix"]);
    expect(read(manifest)).toBe(before);
    expect(stderr).toContain("detkit: nothing to pin\n");
  });

  it("leaves bounded ranges alone when rangeSeverity is off, and still pins what accepts anything", async () => {
    const directory = copyFixture("deps", "workspaces");
    writeFileSync(join(directory, "detkit.config.json"), '{ "deps": { "rangeSeverity": "off" } }\n');
    const { report } = await depsJson(directory, ["--fix"]);
    expect(read(join(directory, "packages", "app", "package.json"))).toContain('"ms": "^2.1.3"');
    expect(read(join(directory, "packages", "lib", "package.json"))).toContain('"picocolors": "1.1.1"');
    expect(report.findings.map((finding) => finding.ruleId)).toEqual(["no-npm-install-in-ci"]);
  });

  it("refuses, with exit 2 and nothing written, when the lockfile is out of sync", async () => {
    const directory = copyFixture("deps", "out-of-sync");
    const manifest = join(directory, "package.json");
    writeFileSync(manifest, read(manifest).replace('"debug": "4.3.4"', '"debug": "^4.3.4"'));
    const before = snapshot(directory);
    const result = await runCli(["deps", "--fix"], { cwd: directory });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(
      "detkit: package-lock.json is out of sync with package.json (kleur, ms); run `npm install` to update it, then `detkit deps --fix`\n",
    );
    expect(result.stdout).toBe("");
    expect(snapshot(directory)).toEqual(before);
  });

  it("refuses when a changed override makes npm ci refuse the lockfile already", async () => {
    const directory = copyFixture("deps", "override-workspaces");
    const manifest = join(directory, "package.json");
    writeFileSync(manifest, read(manifest).replace('"ms": "2.0.0"', '"ms": "2.1.3"'));
    const result = await runCli(["deps", "--fix"], { cwd: directory });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^detkit: package-lock.json is out of sync with package.json \(ms\)/);
  });

  it("refuses, with exit 2, when there is no lockfile to take versions from", async () => {
    const directory = copyFixture("deps", "lockfile-missing");
    const result = await runCli(["deps", "--fix"], { cwd: directory });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(
      "detkit: --fix takes exact versions from the lockfile, and there is none beside package.json; run `npm install --package-lock-only` first\n",
    );
  });
});

/**
 * Makes a directory impossible to create files in, for this process: `chattr +i` as root (whom permissions do
 * not stop), read-only permissions otherwise. Returns the undo, or undefined when neither works here.
 */
function lockDirectory(directory: string): (() => void) | undefined {
  const probe = join(directory, ".probe");
  const blocked = () => {
    try {
      writeFileSync(probe, "");
    } catch {
      return true;
    }
    spawnSync("rm", ["-f", probe]);
    return false;
  };
  if (process.getuid?.() === 0) {
    spawnSync("chattr", ["+i", directory]);
    if (blocked()) return () => void spawnSync("chattr", ["-i", directory]);
    spawnSync("chattr", ["-i", directory]);
    return undefined;
  }
  chmodSync(directory, 0o555);
  if (blocked()) return () => chmodSync(directory, 0o755);
  chmodSync(directory, 0o755);
  return undefined;
}
