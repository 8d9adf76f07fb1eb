import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { copyFixture, fixturePath, REPO_ROOT } from "../helpers/fixtures.js";
import type { Report } from "../../src/report/types.js";
import { depsJson, rows, type FindingRow } from "./helpers.js";

// Each fixture is a small real project whose lockfile npm generated (see test/fixtures/deps/README.md for the few
// entries edited by hand to produce states npm will not write). The table is the whole expected report.
const CASES: readonly { name: string; exitCode: number; filesScanned: number; findings: FindingRow[] }[] = [
  { name: "clean", exitCode: 0, filesScanned: 4, findings: [] },
  {
    name: "ranges",
    exitCode: 1,
    filesScanned: 2,
    findings: [
      ["no-unpinned-range", "warning", "package.json:8:5"], // ^4.3.4
      ["no-unpinned-range", "warning", "package.json:9:5"], // ~4.1.5
      ["no-unpinned-range", "warning", "package.json:10:5"], // >=2.1.0
      ["no-unpinned-range", "warning", "package.json:11:5"], // 6.0.0 || 7.0.0
      ["no-unpinned-range", "warning", "package.json:14:5"], // npm:kleur@^4.0.0
      ["no-unpinned-range", "error", "package.json:15:5"], // git #main
      ["no-unpinned-range", "error", "package.json:19:5"], // *
      ["no-unpinned-range", "error", "package.json:20:5"], // latest
      ["no-unpinned-range", "error", "package.json:21:5"], // x
      ["no-unpinned-range", "error", "package.json:22:5"], // ""
      ["no-unpinned-range", "warning", "package.json:28:5"], // peer ^7.2.0
    ],
  },
  { name: "lockfile-missing", exitCode: 1, filesScanned: 1, findings: [["lockfile-missing", "error", "package.json:1:1"]] },
  {
    name: "out-of-sync",
    exitCode: 1,
    filesScanned: 2,
    findings: [
      ["lockfile-out-of-sync", "error", "package.json:9:5"],
      ["lockfile-out-of-sync", "error", "package.json:10:5"],
    ],
  },
  { name: "integrity", exitCode: 1, filesScanned: 2, findings: [["locked-without-integrity", "error", "package-lock.json:34:5"]] },
  {
    name: "sources",
    exitCode: 1,
    filesScanned: 2,
    findings: [
      ["non-registry-source", "error", "package-lock.json:20:5"], // http:
      ["non-registry-source", "warning", "package-lock.json:52:5"], // tarball URL
    ],
  },
  {
    name: "install-scripts",
    exitCode: 0,
    filesScanned: 2,
    findings: [
      ["install-script", "warning", "package-lock.json:19:5"],
      ["install-script", "warning", "package-lock.json:29:5"],
    ],
  },
  { name: "runtime-unpinned", exitCode: 0, filesScanned: 2, findings: [["unpinned-node-runtime", "warning", "package.json:1:1"]] },
  {
    name: "ci",
    exitCode: 1,
    filesScanned: 7,
    findings: [
      ["no-npm-install-in-ci", "error", ".github/workflows/ci.yml:12:14"],
      ["no-npm-install-in-ci", "error", ".github/workflows/ci.yml:20:11"],
      ["no-npm-install-in-ci", "error", ".gitlab-ci.yml:5:7"],
      ["no-npm-install-in-ci", "error", "Dockerfile:4:5"],
      ["no-npm-install-in-ci", "warning", "package.json:8:15"],
      ["no-npm-install-in-ci", "warning", "package.json:10:17"],
    ],
  },
  {
    name: "workspaces",
    exitCode: 1,
    filesScanned: 4,
    findings: [
      ["no-unpinned-range", "warning", "packages/app/package.json:6:5"],
      ["no-npm-install-in-ci", "warning", "packages/app/package.json:9:19"],
      ["no-unpinned-range", "error", "packages/lib/package.json:8:5"],
    ],
  },
  { name: "lockfile-v1", exitCode: 0, filesScanned: 2, findings: [["no-unpinned-range", "warning", "package.json:8:5"]] },
  { name: "lockfile-v2", exitCode: 0, filesScanned: 2, findings: [["no-unpinned-range", "warning", "package.json:8:5"]] },
];

describe("detkit deps on fixture projects", () => {
  it.each(CASES)("$name", async ({ name, exitCode, filesScanned, findings }) => {
    const { report, exitCode: actual, stderr } = await depsJson(fixturePath("deps", name));
    expect(rows(report.findings)).toEqual(findings);
    expect(report.suppressed).toEqual([]);
    expect(report.errors).toEqual([]);
    expect(report.summary).toEqual({
      filesScanned,
      errorCount: findings.filter(([, severity]) => severity === "error").length,
      warningCount: findings.filter(([, severity]) => severity === "warning").length,
      suppressedCount: 0,
      durationMs: 0,
    });
    expect(actual).toBe(exitCode);
    expect(stderr).toBe("");
    for (const finding of report.findings) expect(finding.category).toBe("dependency");
  });

  it("reports paths relative to the working directory", async () => {
    const { report } = await depsJson(REPO_ROOT, ["test/fixtures/deps/workspaces"]);
    expect(report.findings.map((finding) => finding.file)).toEqual([
      "test/fixtures/deps/workspaces/packages/app/package.json",
      "test/fixtures/deps/workspaces/packages/app/package.json",
      "test/fixtures/deps/workspaces/packages/lib/package.json",
    ]);
  });

  it("passes on detkit's own repository, without picking up the fixtures' package.json files", async () => {
    const { report, exitCode } = await depsJson(REPO_ROOT);
    expect(report.findings).toEqual([]);
    expect(report.errors).toEqual([]);
    expect(exitCode).toBe(0);
  });

  it("gives the whole report for a range: message, suggestion and the span of the entry", async () => {
    const { report } = await depsJson(fixturePath("deps", "lockfile-v2"));
    expect(report.findings).toEqual([
      {
        ruleId: "no-unpinned-range",
        category: "dependency",
        severity: "warning",
        file: "package.json",
        line: 8,
        column: 5,
        endLine: 8,
        endColumn: 22,
        messageId: "unpinnedLocked",
        message: 'dependencies: "debug": "^4.3.4" is a range, not an exact version (locked at 4.4.3)',
        suggestion: 'pin it to what the lockfile holds: "debug": "4.4.3" (detkit deps --fix)',
        fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      },
    ]);
  });

  it("names what is wrong in each kind of finding", async () => {
    const messages = async (name: string) => (await depsJson(fixturePath("deps", name))).report.findings.map((finding) => finding.message);
    expect(await messages("out-of-sync")).toEqual([
      'dependencies: "kleur": "4.1.5" is not in the lockfile',
      'dependencies: "ms": "2.0.0" does not accept the locked ms@2.1.3 (node_modules/ms)',
    ]);
    expect(await messages("sources")).toEqual([
      "debug@4.3.4 at node_modules/debug is downloaded over plain http (http://registry.npmjs.org/debug/-/debug-4.3.4.tgz): anyone on the network path can change it",
      "ms@2.1.3 at node_modules/ms comes from a tarball URL, not the registry (https://registry.npmjs.org/ms/-/ms-2.1.3.tgz): its content is whatever the URL serves",
    ]);
    expect(await messages("install-scripts")).toEqual([
      "core-js@3.38.1 at node_modules/core-js runs an install script when installed",
      "core-js-pure@3.38.1 at node_modules/core-js-pure runs an install script when installed",
    ]);
    expect(await messages("integrity")).toEqual([
      "kleur@4.1.5 at node_modules/kleur has no integrity hash: nothing checks that the tarball installed is the one that was locked",
    ]);
  });

  it("gives the same findings for the three lockfile versions of one project", async () => {
    // v1 (npm 6) and v2 describe the same tree as v3 would; only positions inside the lockfile differ.
    const v1 = await depsJson(fixturePath("deps", "lockfile-v1"));
    const v2 = await depsJson(fixturePath("deps", "lockfile-v2"));
    expect(v1.report.findings.map((finding) => finding.message)).toEqual(v2.report.findings.map((finding) => finding.message));
  });

  it("points lockfile findings into a v1 lockfile's nested dependencies tree", async () => {
    const directory = copyFixture("deps", "lockfile-v1");
    // npm 6 records no install scripts; with node_modules present, the installed package.json tells.
    mkdirSync(join(directory, "node_modules", "debug"), { recursive: true });
    writeFileSync(join(directory, "node_modules", "debug", "package.json"), '{ "name": "debug", "version": "4.4.3", "scripts": { "postinstall": "node x.js" } }\n');
    const { report } = await depsJson(directory);
    expect(rows(report.findings)).toEqual([
      ["install-script", "warning", "package-lock.json:7:5"],
      ["no-unpinned-range", "warning", "package.json:8:5"],
    ]);
  });

  it("reads npm-shrinkwrap.json like package-lock.json", async () => {
    const directory = copyFixture("deps", "integrity");
    renameSync(join(directory, "package-lock.json"), join(directory, "npm-shrinkwrap.json"));
    const { report } = await depsJson(directory);
    expect(rows(report.findings)).toEqual([["locked-without-integrity", "error", "npm-shrinkwrap.json:34:5"]]);
  });

  it("shows a status line on a terminal's stderr only, erased before the report", async () => {
    const onTerminal = await runCli(["deps", "--format", "json"], { cwd: fixturePath("deps", "clean"), tty: true });
    expect(onTerminal.stderr).toBe("detkit: reading the dependency tree...\r\u001b[2K");
    expect(JSON.parse(onTerminal.stdout)).toMatchObject({ findings: [] });
  });

  it("gives byte-identical reports run after run", async () => {
    const first = await depsJson(fixturePath("deps", "ranges"));
    const second = await depsJson(fixturePath("deps", "ranges"));
    expect(second.stdout).toBe(first.stdout);
  });
});

describe("workspaces", () => {
  it("checks each workspace package against the shared lockfile", async () => {
    const directory = copyFixture("deps", "workspaces");
    const manifest = join(directory, "packages", "lib", "package.json");
    writeFileSync(manifest, ['{', '  "name": "@mono/lib",', '  "version": "1.0.0",', '  "dependencies": {', '    "is-number": "6.0.0"', "  }", "}", ""].join("\n"));
    const { report } = await depsJson(directory);
    expect(rows(report.findings)).toEqual([
      ["no-unpinned-range", "warning", "packages/app/package.json:6:5"],
      ["no-npm-install-in-ci", "warning", "packages/app/package.json:9:19"],
      ["lockfile-out-of-sync", "error", "packages/lib/package.json:5:5"],
    ]);
    expect(report.findings[2]?.message).toBe(
      'dependencies: "is-number": "6.0.0" does not accept the locked is-number@7.0.0 (node_modules/is-number)',
    );
  });

  it("audit of a workspace folder alone checks it against the workspace root's lockfile", async () => {
    const directory = copyFixture("deps", "workspaces");
    mkdirSync(join(directory, "packages", "lib", "src"));
    writeFileSync(join(directory, "packages", "lib", "src", "index.ts"), "export const answer = 42;\n");
    const result = await runCli(["audit", "packages/lib", "--format", "json"], { cwd: directory });
    const report: Report = JSON.parse(result.stdout);
    // The same findings as `detkit deps` on the root: the shared lockfile covers the workspace (no lockfile-missing).
    expect(rows(report.findings)).toEqual(rows((await depsJson(directory)).report.findings));
    expect(report.findings.map((finding) => finding.ruleId)).not.toContain("lockfile-missing");
  });

  it("does not flag a range on a sibling workspace: npm links it", async () => {
    const { report } = await depsJson(fixturePath("deps", "workspaces"));
    expect(report.findings.some((finding) => finding.message.includes("@mono/lib"))).toBe(false);
  });
});

describe("runtime pins", () => {
  const pins: readonly (readonly [string, (directory: string) => void])[] = [
    [".nvmrc", (directory) => writeFileSync(join(directory, ".nvmrc"), "20.17.0\n")],
    [".node-version", (directory) => writeFileSync(join(directory, ".node-version"), "20.17.0\n")],
    [".tool-versions", (directory) => writeFileSync(join(directory, ".tool-versions"), "python 3.12.0\nnodejs 20.17.0\n")],
    ["volta.node", (directory) => rewriteManifest(directory, { volta: { node: "20.17.0" } })],
    ["packageManager", (directory) => rewriteManifest(directory, { packageManager: "npm@10.8.2" })],
    ["engines.node", (directory) => rewriteManifest(directory, { engines: { node: ">=20" } })],
  ];

  it.each(pins)("%s pins the runtime", async (_name, pin) => {
    const directory = copyFixture("deps", "runtime-unpinned");
    pin(directory);
    const { report } = await depsJson(directory);
    expect(report.findings).toEqual([]);
  });

  it.each([
    ["engines.node \"*\"", (directory: string) => rewriteManifest(directory, { engines: { node: "*" } })],
    ["an empty .nvmrc", (directory: string) => writeFileSync(join(directory, ".nvmrc"), "\n")],
    ["a .tool-versions without nodejs", (directory: string) => writeFileSync(join(directory, ".tool-versions"), "python 3.12.0\n")],
  ])("%s does not", async (_name, pin) => {
    const directory = copyFixture("deps", "runtime-unpinned");
    pin(directory);
    const { report } = await depsJson(directory);
    expect(rows(report.findings)).toEqual([["unpinned-node-runtime", "warning", "package.json:1:1"]]);
  });
});

function rewriteManifest(directory: string, extra: Record<string, unknown>): void {
  writeFileSync(
    join(directory, "package.json"),
    `${JSON.stringify({ name: "runtime-app", version: "1.0.0", ...extra, dependencies: { ms: "2.1.3" } }, null, 2)}\n`,
  );
}
