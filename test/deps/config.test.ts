import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import { DEFAULT_DEPS_OPTIONS, parseDepsOptions } from "../../src/config/deps-options.js";
import { loadConfig } from "../../src/config/index.js";
import { UsageError } from "../../src/errors.js";
import { runCli } from "../helpers/cli.js";
import { copyFixture, fixturePath } from "../helpers/fixtures.js";
import { depsJson, rows } from "./helpers.js";

describe("accepted risks", () => {
  it("move matching findings to suppressed with their reason; an acceptance for an older version does not cover a newer one", async () => {
    const { report, exitCode } = await depsJson(fixturePath("deps", "accepted"));
    // core-js-pure is accepted for 3.37.0 only, and 3.38.1 is locked.
    expect(rows(report.findings)).toEqual([["install-script", "warning", "package-lock.json:26:5"]]);
    expect(report.suppressed.map((finding) => [finding.ruleId, finding.file, finding.line, finding.reason])).toEqual([
      ["install-script", "package-lock.json", 16, "postinstall only prints a funding message; reviewed 2024-09"],
      ["unpinned-node-runtime", "package.json", 1, "the runtime is pinned by the deployment image"],
      ["no-unpinned-range", "package.json", 7, "colour output only"],
    ]);
    expect(report.summary.suppressedCount).toBe(3);
    expect(exitCode).toBe(0);
  });

  it.each([
    ["without a version, every version", { package: "core-js", rule: "install-script", reason: "reviewed" }, 1],
    ["with the locked version", { package: "core-js", version: "3.38.1", rule: "install-script", reason: "reviewed" }, 1],
    ["with an older version, not the locked one", { package: "core-js", version: "3.38.0", rule: "install-script", reason: "reviewed" }, 0],
    ["for another rule, nothing", { package: "core-js", rule: "non-registry-source", reason: "reviewed" }, 0],
    ["for another package, nothing", { package: "core-js-compat", rule: "install-script", reason: "reviewed" }, 0],
  ])("an acceptance %s (detkit.config.json)", async (_name, acceptance, suppressedCount) => {
    const directory = copyFixture("deps", "install-scripts");
    writeFileSync(join(directory, "detkit.config.json"), JSON.stringify({ deps: { accept: [acceptance] } }));
    const { report } = await depsJson(directory);
    expect(report.suppressed).toHaveLength(suppressedCount);
    expect(report.findings).toHaveLength(2 - suppressedCount);
  });

  it("accepts a finding about the project itself by the project's package name", async () => {
    const directory = copyFixture("deps", "ci");
    writeFileSync(
      join(directory, "detkit.config.json"),
      JSON.stringify({ deps: { accept: [{ package: "ci-app", rule: "no-npm-install-in-ci", reason: "legacy pipeline, being replaced" }] } }),
    );
    const { report } = await depsJson(directory);
    expect(report.findings).toEqual([]);
    expect(report.suppressed).toHaveLength(16);
  });
});

describe("rangeSeverity", () => {
  it.each([
    ["warn", ["warning", "error"]],
    ["error", ["error", "error"]],
    ["off", ["error"]],
  ])("%s", async (setting, severities) => {
    const directory = copyFixture("deps", "workspaces");
    writeFileSync(join(directory, "detkit.config.json"), JSON.stringify({ deps: { rangeSeverity: setting } }));
    const { report } = await depsJson(directory);
    const ranges = report.findings.filter((finding) => finding.ruleId === "no-unpinned-range");
    expect(ranges.map((finding) => finding.severity)).toEqual(severities);
  });
});

describe("parseDepsOptions", () => {
  const FILE = "detkit.config.json";
  const parse = (value: unknown) => parseDepsOptions(value, FILE);

  it("fills in the defaults", () => {
    expect(parse(undefined)).toEqual(DEFAULT_DEPS_OPTIONS);
    expect(parse({})).toEqual({ rangeSeverity: "warn", accept: [], allowedHosts: [] });
  });

  it("keeps what is valid", () => {
    expect(
      parse({
        rangeSeverity: "error",
        kind: "library",
        allowedHosts: ["npm.example.com", "mirror.example.com:8443"],
        accept: [
          { package: "core-js", version: "3.38.1", rule: "install-script", reason: "reviewed" },
          { package: "kleur", rule: "no-unpinned-range", reason: "peer range" },
        ],
      }),
    ).toEqual({
      rangeSeverity: "error",
      kind: "library",
      allowedHosts: ["npm.example.com", "mirror.example.com:8443"],
      accept: [
        { package: "core-js", version: "3.38.1", rule: "install-script", reason: "reviewed" },
        { package: "kleur", rule: "no-unpinned-range", reason: "peer range" },
      ],
    });
  });

  it.each([
    ["not an object", [], 'detkit.config.json: "deps" must be an object'],
    ["an unknown key", { ranges: "warn" }, 'detkit.config.json: "deps" has unknown key "ranges"; expected "rangeSeverity", "accept", "kind", "allowedHosts"'],
    ["an unknown kind", { kind: "app" }, 'detkit.config.json: "deps.kind" must be "library" or "application", not "app"'],
    ["a URL as a host", { allowedHosts: ["https://npm.example.com/"] }, /"deps\.allowedHosts" must be an array of host names/],
    ["hosts not in an array", { allowedHosts: "npm.example.com" }, /"deps\.allowedHosts" must be an array of host names/],
    ["a bad severity", { rangeSeverity: "warning" }, 'detkit.config.json: "deps.rangeSeverity" must be "off", "warn" or "error", not "warning"'],
    ["accept not an array", { accept: {} }, 'detkit.config.json: "deps.accept" must be an array of accepted risks'],
    ["an entry that is not an object", { accept: ["core-js"] }, 'detkit.config.json: "deps.accept[0]" must be an object { "package", "version"?, "rule", "reason" }'],
    [
      "an unknown key in an entry",
      { accept: [{ package: "a", rule: "install-script", reason: "r", until: "2025" }] },
      'detkit.config.json: "deps.accept[0]" has unknown key "until"; expected "package", "version", "rule", "reason"',
    ],
    ["no package", { accept: [{ rule: "install-script", reason: "r" }] }, 'detkit.config.json: "deps.accept[0].package" must be a package name'],
    [
      "a range as version",
      { accept: [{ package: "a", version: "^1.0.0", rule: "install-script", reason: "r" }] },
      'detkit.config.json: "deps.accept[0].version" must be one exact version such as "1.2.3", not "^1.0.0" (leave it out to accept every version)',
    ],
    [
      "an unknown rule",
      { accept: [{ package: "a", rule: "install-scripts", reason: "r" }] },
      'detkit.config.json: "deps.accept[0].rule" must be a dependency rule id, not "install-scripts"; expected one of install-script, locked-without-integrity, lockfile-missing, lockfile-out-of-sync, mixed-package-managers, no-npm-install-in-ci, no-unpinned-range, non-registry-source, unpinned-node-runtime',
    ],
    [
      "a source rule",
      { accept: [{ package: "a", rule: "no-wall-clock", reason: "r" }] },
      /"deps\.accept\[0\]\.rule" must be a dependency rule id, not "no-wall-clock"/,
    ],
    ["no reason", { accept: [{ package: "a", rule: "install-script" }] }, 'detkit.config.json: "deps.accept[0].reason" is required: say why the risk is accepted'],
    ["a blank reason", { accept: [{ package: "a", rule: "install-script", reason: "  " }] }, /"deps\.accept\[0\]\.reason" is required/],
  ])("rejects %s", (_name, value, message) => {
    expect(() => parse(value)).toThrow(UsageError);
    expect(() => parse(value)).toThrow(message);
  });
});

const loadDepsOptions = (start: string, cwd: string) => {
  const config = loadConfig({ cwd, start, rules: RULES });
  return { options: config.deps, ...(config.file === undefined ? {} : { file: config.file }) };
};

describe("the deps section of the configuration", () => {
  it("reads the detkit key of package.json", () => {
    const loaded = loadDepsOptions(fixturePath("deps", "accepted"), fixturePath("deps", "accepted"));
    expect(loaded.file).toBe('package.json ("detkit" key)');
    expect(loaded.options.accept).toHaveLength(4);
  });

  it("prefers detkit.config.json", () => {
    const directory = copyFixture("deps", "accepted");
    writeFileSync(join(directory, "detkit.config.json"), '{ "deps": { "rangeSeverity": "error" } }\n');
    expect(loadDepsOptions(".", directory)).toEqual({
      file: "detkit.config.json",
      options: { rangeSeverity: "error", accept: [], allowedHosts: [] },
    });
  });

  it("gives the defaults without configuration", () => {
    expect(loadDepsOptions(fixturePath("deps", "clean"), fixturePath("deps", "clean")).options).toEqual(DEFAULT_DEPS_OPTIONS);
  });

  it("makes the CLI exit 2 with a message naming the file and key", async () => {
    const directory = copyFixture("deps", "clean");
    writeFileSync(join(directory, "detkit.config.json"), '{ "deps": { "accept": [ { "package": "debug", "rule": "install-script" } ] } }\n');
    const result = await runCli(["deps"], { cwd: directory });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe('detkit: detkit.config.json: "deps.accept[0].reason" is required: say why the risk is accepted\n');
  });

  it("reports a malformed configuration file with its position", async () => {
    const directory = copyFixture("deps", "clean");
    writeFileSync(join(directory, "detkit.config.json"), '{ "deps": { "rangeSeverity": "error", } }\n');
    const result = await runCli(["deps"], { cwd: directory });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe("detkit: detkit.config.json:1:39: not valid JSON: unexpected '}', expected a property name\n");
  });
});
