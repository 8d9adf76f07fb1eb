import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { audit } from "../../src/api/audit.js";
import { npmCiRefusals } from "../../src/deps/verify.js";
import { runCli } from "../helpers/cli.js";
import { copyFixture, fixturePath, REPO_ROOT } from "../helpers/fixtures.js";
import { depsJson, rows } from "./helpers.js";

const read = (path: string) => readFileSync(path, "utf8");

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Each result of a SARIF log's first run: its detkit fingerprint and start line. */
function sarifResults(text: string): { fingerprint: unknown; line: unknown }[] {
  const log: unknown = JSON.parse(text);
  const run: unknown = isObject(log) && Array.isArray(log.runs) ? log.runs[0] : undefined;
  const results: unknown = isObject(run) ? run.results : undefined;
  if (!Array.isArray(results)) throw new Error("not a SARIF log with results");
  return results.filter(isObject).map((result) => {
    const fingerprints = isObject(result.partialFingerprints) ? result.partialFingerprints : {};
    const [location]: unknown[] = Array.isArray(result.locations) ? result.locations : [];
    const physical = isObject(location) && isObject(location.physicalLocation) ? location.physicalLocation : {};
    const region = isObject(physical.region) ? physical.region : {};
    return { fingerprint: fingerprints["detkitFinding/v1"], line: region.startLine };
  });
}

function editJson(path: string, change: (value: Record<string, unknown>) => void): void {
  const value: unknown = JSON.parse(read(path));
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error(`${path} is not an object`);
  const record: Record<string, unknown> = { ...value };
  change(record);
  writeFileSync(path, `${JSON.stringify(record, null, 2)}\n`);
}

describe("libraries and applications", () => {
  it("says once which kind applied and why", async () => {
    expect((await depsJson(fixturePath("deps", "library"))).stderr).toBe(
      'detkit: audited package.json as a library (not private, declares "main", "exports", "files"); a library\'s dependency ranges are its consumers\' to resolve and are not reported\n',
    );
    expect((await depsJson(fixturePath("deps", "workspaces"))).stderr).toBe(
      'detkit: audited package.json, packages/app/package.json, packages/lib/package.json as applications ("private": true or declares none of main, exports, bin, files)\n',
    );
  });

  it("deps.kind overrides the detection, and the report says so", async () => {
    const directory = copyFixture("deps", "library");
    writeFileSync(join(directory, "detkit.config.json"), '{ "deps": { "kind": "application" } }\n');
    const { report, stderr } = await depsJson(directory);
    // kleur (dependencies) and picocolors (optionalDependencies) are now reported; the peer range never is.
    expect(rows(report.findings)).toEqual([
      ["no-unpinned-range", "warning", "package.json:14:5"],
      ["no-unpinned-range", "warning", "package.json:17:5"],
      ["no-unpinned-range", "warning", "package.json:20:5"],
    ]);
    expect(stderr).toBe('detkit: audited package.json as an application (deps.kind is "application" in detkit.config.json)\n');
  });

  it("a private package is an application, whatever it declares", async () => {
    const directory = copyFixture("deps", "library");
    editJson(join(directory, "package.json"), (manifest) => {
      manifest.private = true;
    });
    const { report } = await depsJson(directory);
    expect(report.findings.map((finding) => finding.line)).toHaveLength(3);
  });

  it("a library without a lockfile gets a warning: the lockfile still pins its CI and dev tools", async () => {
    const directory = copyFixture("deps", "library");
    rmSync(join(directory, "package-lock.json"));
    const { report, exitCode } = await depsJson(directory);
    expect(rows(report.findings)).toEqual([
      ["lockfile-missing", "warning", "package.json:1:1"],
      ["no-unpinned-range", "warning", "package.json:20:5"],
    ]);
    expect(report.findings[0]?.messageId).toBe("missingLibrary");
    expect(exitCode).toBe(0);
  });
});

describe("overrides", () => {
  /** Whether the audit reports the lockfile out of sync, and whether npm ci (offline, arborist's check) refuses it. */
  async function verdicts(directory: string) {
    const { report } = await depsJson(directory);
    const outOfSync = report.findings.filter((finding) => finding.ruleId === "lockfile-out-of-sync");
    return { outOfSync, refused: (await npmCiRefusals(directory, { legacyPeerDeps: false })).length > 0 };
  }

  it("a workspace's range overridden at the root is in sync, as npm ci says", async () => {
    const { outOfSync, refused } = await verdicts(fixturePath("deps", "override-workspaces"));
    expect(outOfSync).toEqual([]);
    expect(refused).toBe(false);
  });

  it("a changed override value is out of sync, for the workspace's entry and for every locked dependent, as npm ci says", async () => {
    const directory = copyFixture("deps", "override-workspaces");
    editJson(join(directory, "package.json"), (manifest) => {
      manifest.overrides = { ms: "2.1.3" };
    });
    const { outOfSync, refused } = await verdicts(directory);
    expect(refused).toBe(true);
    expect(outOfSync.map((finding) => [finding.file, finding.line, finding.messageId])).toEqual([
      ["package-lock.json", 49, "lockedNotAccepted"],
      ["packages/app/package.json", 8, "notAcceptedOverride"],
    ]);
    expect(outOfSync.map((finding) => finding.message)).toEqual([
      'ms@2.0.0 at node_modules/ms does not satisfy "2.1.3", which debug@4.4.3 requires (set by "overrides" in package.json)',
      'dependencies: "ms": "^2.1.0", overridden to "2.1.3" by "overrides", does not accept the locked ms@2.0.0 (node_modules/ms)',
    ]);
  });

  it("a changed override that the locked version still satisfies is in sync, as npm ci says", async () => {
    const directory = copyFixture("deps", "override-workspaces");
    editJson(join(directory, "package.json"), (manifest) => {
      manifest.overrides = { ms: "~2.0.0" };
    });
    const { outOfSync, refused } = await verdicts(directory);
    expect(outOfSync).toEqual([]);
    expect(refused).toBe(false);
  });

  it("a new workspace without dependencies is out of sync, as npm ci says", async () => {
    const directory = copyFixture("deps", "override-workspaces");
    mkdirSync(join(directory, "packages", "new"));
    writeFileSync(join(directory, "packages", "new", "package.json"), '{\n  "name": "@mono/new",\n  "version": "1.0.0"\n}\n');
    const { outOfSync, refused } = await verdicts(directory);
    expect(refused).toBe(true);
    expect(rows(outOfSync)).toEqual([["lockfile-out-of-sync", "error", "packages/new/package.json:1:1"]]);
    expect(outOfSync[0]?.message).toBe("the workspace @mono/new (packages/new) is not in the lockfile");
  });

  it("a root dependency whose spec contradicts its override is the error npm gives (EOVERRIDE), not a crash", async () => {
    const directory = copyFixture("deps", "overrides");
    editJson(join(directory, "package.json"), (manifest) => {
      manifest.dependencies = { debug: "^4.3.4", kleur: "4.1.5", ms: "^2.1.0" };
    });
    const result = await runCli(["deps"], { cwd: directory });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(
      'detkit: package-lock.json: npm refuses this project (EOVERRIDE): Override for kleur@4.1.5 conflicts with direct dependency; a dependency of package.json that "overrides" also names must have the same spec in both\n',
    );
  });
});

describe("registry hosts", () => {
  it("names the host and the configured registry", async () => {
    const { report } = await depsJson(fixturePath("deps", "hosts"));
    expect(report.findings.map((finding) => finding.message)).toEqual([
      "kleur@4.1.5 at node_modules/kleur is locked to registry.yarnpkg.com, not the configured registry (npm.internal.example): `npm ci` downloads it from there",
    ]);
  });

  it("takes deps.allowedHosts as trusted", async () => {
    const directory = copyFixture("deps", "hosts");
    writeFileSync(join(directory, "detkit.config.json"), '{ "deps": { "allowedHosts": ["registry.yarnpkg.com"] } }\n');
    expect((await depsJson(directory)).report.findings).toEqual([]);
  });

  it("without a registry in .npmrc, only npm's default registry is", async () => {
    const directory = copyFixture("deps", "hosts");
    rmSync(join(directory, ".npmrc"));
    const { report } = await depsJson(directory);
    expect(report.findings.map((finding) => [finding.line, finding.message.split(" is locked to ")[1]?.split(",")[0]])).toEqual([
      [19, "registry.yarnpkg.com"],
      [34, "npm.internal.example"],
    ]);
  });

  it("cannot judge a registry set from the environment, and says nothing rather than guess", async () => {
    const directory = copyFixture("deps", "hosts");
    writeFileSync(join(directory, ".npmrc"), "registry=${NPM_REGISTRY}\n");
    expect((await depsJson(directory)).report.findings).toEqual([]);
  });
});

describe("mixed package managers", () => {
  it.each([["yarn.lock"], ["pnpm-lock.yaml"], ["bun.lock"]])("%s beside package-lock.json", async (other) => {
    const directory = copyFixture("deps", "clean");
    writeFileSync(join(directory, other), "\n");
    const { report, exitCode } = await depsJson(directory);
    expect(rows(report.findings)).toEqual([["mixed-package-managers", "error", "package-lock.json:1:1"]]);
    expect(report.findings[0]?.message).toBe(
      `package-lock.json sits beside ${other}: which tree an install gets depends on the package manager that runs it`,
    );
    expect(exitCode).toBe(1);
  });

  it("a packageManager field naming pnpm or yarn, and not npm", async () => {
    const directory = copyFixture("deps", "clean");
    const manifest = join(directory, "package.json");
    writeFileSync(manifest, read(manifest).replace('"private": true,', '"private": true,\n  "packageManager": "pnpm@9.12.0",'));
    const { report } = await depsJson(directory);
    expect(rows(report.findings)).toEqual([["mixed-package-managers", "error", "package.json:5:3"]]);
    writeFileSync(manifest, read(manifest).replace("pnpm@9.12.0", "npm@10.9.0"));
    expect((await depsJson(directory)).report.findings).toEqual([]);
  });
});

describe("install scripts", () => {
  it("name the platforms of a platform-restricted optional package, as a warning", async () => {
    const { report } = await depsJson(fixturePath("deps", "platform"));
    expect(report.findings.map((finding) => [finding.severity, finding.message])).toEqual([
      ["warning", "core-js@3.38.1 at node_modules/core-js runs an install script when installed"],
      ["warning", "fsevents@1.2.13 at node_modules/fsevents runs an install script when installed, only on the platforms it is restricted to (os: darwin)"],
    ]);
  });
});

describe("a workspace audited on its own", () => {
  it("uses the workspace root's lockfile and runtime pin, and says nothing about its siblings", async () => {
    const { report, exitCode } = await depsJson(fixturePath("deps", "workspaces"), ["packages/app"]);
    // No lockfile-missing, no unpinned runtime (the root's engines.node counts), no finding about packages/lib.
    expect(rows(report.findings)).toEqual([
      ["no-unpinned-range", "warning", "packages/app/package.json:6:5"],
      ["no-npm-install-in-ci", "warning", "packages/app/package.json:9:19"],
    ]);
    expect(report.findings[0]?.message).toBe('dependencies: "ms": "^2.1.3" is a range, not an exact version (locked at 2.1.3)');
    expect(exitCode).toBe(0);
  });

  it("reports only the lockfile packages it installs", async () => {
    const directory = copyFixture("deps", "workspaces");
    const lockfile = join(directory, "package-lock.json");
    // kleur is the root's devDependency, picocolors packages/lib's, is-number a dependency of packages/lib, which
    // packages/app depends on. Without integrity, each concerns exactly the packages that install it.
    writeFileSync(lockfile, read(lockfile).replace(/\n\s+"integrity": "[^"]+",?/g, ""));
    const missing = async (...args: string[]) =>
      (await depsJson(directory, args)).report.findings.filter((finding) => finding.ruleId === "locked-without-integrity").map((finding) => finding.message.split("@")[0]);
    expect(await missing()).toEqual(["is-number", "kleur", "ms", "picocolors"]);
    expect(await missing("packages/lib")).toEqual(["is-number", "picocolors"]);
    expect(await missing("packages/app")).toEqual(["is-number", "ms"]);
  });

  it("is audited the same way by the dependency part of detkit audit", async () => {
    // The workspace has no source files of its own: only its dependency half is under test here.
    const report = await audit({ cwd: fixturePath("deps", "workspaces"), paths: ["packages/app"], errorOnUnmatchedPattern: false });
    expect(report.findings.map((finding) => [finding.ruleId, `${finding.file}:${finding.line}`])).toEqual([
      ["no-unpinned-range", "packages/app/package.json:6"],
      ["no-npm-install-in-ci", "packages/app/package.json:9"],
    ]);
  });
});

describe("--report-unused-suppressions", () => {
  it("reports suppression comments in CI files that hide nothing, and unknown rule ids always", async () => {
    const directory = copyFixture("deps", "ci");
    const workflow = join(directory, ".github", "workflows", "ci.yml");
    writeFileSync(workflow, read(workflow).replace("      - run: npm test\n  lint:", "      # detkit-disable-next-line no-npm-instal-in-ci -- typo\n      - run: npm test\n  lint:"));
    const without = await depsJson(directory);
    expect(without.report.findings.filter((finding) => finding.ruleId === "unused-suppression").map((finding) => finding.messageId)).toEqual(["unknownRule"]);
    const withFlag = await depsJson(directory, ["--report-unused-suppressions"]);
    const unused = withFlag.report.findings.filter((finding) => finding.ruleId === "unused-suppression");
    expect(unused.map((finding) => [`${finding.file}:${finding.line}`, finding.message])).toEqual([
      [".github/workflows/ci.yml:13", "suppression of no-npm-instal-in-ci names unknown rule no-npm-instal-in-ci"],
      [".github/workflows/ci.yml:51", "suppression of no-npm-install-in-ci suppresses nothing on line 52"],
    ]);
  });

  it("reports accepted risks that match no finding, at their entry in the configuration", async () => {
    const { report } = await depsJson(fixturePath("deps", "accepted"), ["--report-unused-suppressions"]);
    expect(report.findings.filter((finding) => finding.ruleId === "unused-suppression").map((finding) => [`${finding.file}:${finding.line}`, finding.message])).toEqual([
      ['package.json:18', "the accepted risk core-js-pure@3.37.0 (install-script) matches no finding"],
    ]);
  });
});

describe("output", () => {
  it("groups a long run of one kind of finding in stylish output; JSON keeps each", async () => {
    const directory = copyFixture("deps", "ranges");
    const lockfile = join(directory, "package-lock.json");
    writeFileSync(lockfile, read(lockfile).replace(/\n\s+"integrity": "[^"]+",?/g, ""));
    const { report } = await depsJson(directory);
    const missing = report.findings.filter((finding) => finding.ruleId === "locked-without-integrity");
    expect(missing.length).toBeGreaterThan(6);
    const stylish = (await runCli(["deps"], { cwd: directory })).stdout;
    const lines = stylish.split("\n").filter((line) => line.includes("locked-without-integrity"));
    expect(lines).toHaveLength(4);
    expect(lines[3]).toContain(`… and ${missing.length - 3} more like this (lines ${missing.slice(3, 13).map((finding) => finding.line).join(", ")}`);
  });

  it("gives every SARIF result partial fingerprints that do not change when lines move", async () => {
    const directory = copyFixture("deps", "integrity");
    const fingerprinted = async () =>
      sarifResults((await runCli(["deps", "--format", "sarif"], { cwd: directory })).stdout).map((result) => ({
        fingerprint: result.fingerprint,
        line: result.line,
      }));
    const before = await fingerprinted();
    const lockfile = join(directory, "package-lock.json");
    // Blank lines inside the JSON move every entry down, as a lockfile change above it would.
    writeFileSync(lockfile, read(lockfile).replace('"packages": {', '"packages": {\n\n\n\n'));
    const after = await fingerprinted();
    expect(before).toHaveLength(1);
    expect(before[0]?.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(after[0]?.fingerprint).toBe(before[0]?.fingerprint);
    const line = before[0]?.line;
    expect(after[0]?.line).toBe(typeof line === "number" ? line + 4 : "a line number");
  });

  it("gives source findings in SARIF partial fingerprints too, one per finding", async () => {
    const result = await runCli(["audit", "--no-deps", "--format", "sarif"], { cwd: join(REPO_ROOT, "test", "fixtures", "audit", "ts-project") });
    const results = sarifResults(result.stdout);
    expect(results.length).toBeGreaterThan(0);
    for (const entry of results) expect(entry.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(results.map((entry) => entry.fingerprint)).size).toBe(results.length);
  });
});
