import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { copyFixture, fixturePath, temporaryDirectory } from "../helpers/fixtures.js";
import { schemaErrors } from "../helpers/schema.js";

interface JsonReport {
  findings: { ruleId: string; file: string; line: number; severity: string; test?: boolean }[];
  suppressed: { ruleId: string; file: string }[];
  errors: { file: string; message: string }[];
  skipped?: { file: string; reason: string }[];
  summary: { filesScanned: number; errorCount: number; warningCount: number };
}

async function audit(cwd: string, ...argv: string[]) {
  const result = await runCli(["audit", "--format", "json", ...argv], { cwd });
  if (result.exitCode === 2) return { ...result, report: undefined };
  const report: unknown = JSON.parse(result.stdout);
  expect(schemaErrors("report", report)).toEqual([]);
  return { ...result, report: report as JsonReport };
}

async function reportOf(cwd: string, ...argv: string[]): Promise<JsonReport> {
  const { report, stderr } = await audit(cwd, ...argv);
  if (!report) throw new Error(`exit 2: ${stderr}`);
  return report;
}

const brief = (report: JsonReport) =>
  report.findings.map((finding) => `${finding.file} ${finding.ruleId}:${finding.severity}${finding.test ? " (test)" : ""}`);

/** A project in a fresh temporary directory (no repository above it): `files` maps paths to contents. */
function project(files: Record<string, string>): string {
  const directory = temporaryDirectory();
  for (const [name, text] of Object.entries({ "package.json": '{ "engines": { "node": ">=20" } }\n', ...files })) {
    mkdirSync(dirname(join(directory, name)), { recursive: true });
    writeFileSync(join(directory, name), text);
  }
  return directory;
}

const CLOCK = "export const t = Date.now();\n";

describe("overrides, tests and the per-file severity", () => {
  const fixture = fixturePath("audit", "overrides");

  it("applies overrides in order, test globs, exclude and per-file dependency severities", async () => {
    const report = await reportOf(fixture);
    expect(brief(report)).toEqual([
      // An override makes this dependency finding (a warning by default) an error, by the file it points at.
      "package.json unpinned-node-runtime:error",
      "src/__tests__/helpers.ts no-wall-clock:warning (test)",
      "src/app.ts no-wall-clock:error",
      "src/app.ts no-unseeded-random:warning",
      // src/infra/logger.ts: no-wall-clock is off there. src/infra/critical: a later override makes it an error again.
      "src/infra/critical/lease.ts no-wall-clock:error",
      "src/order.test.ts no-wall-clock:warning (test)",
      // Test code, where an override can still ask for errors.
      "test/integration/flow.ts no-wall-clock:error (test)",
    ]);
  });

  it("does not run the rules about lost digits (no-lossy-json-parse, no-parse-float) on test code, unless an override asks", async () => {
    const files = {
      "src/read.ts": "export const read = (text: string) => JSON.parse(text);\nexport const price = (text: string) => parseFloat(text) * 3;\n",
      "src/read.test.ts": "const printed = JSON.parse(out);\nexport const at = Date.now();\nconsole.log(printed.total, parseFloat(printed.ms) * 2);\n",
    };
    expect(brief(await reportOf(project(files), "--no-deps"))).toEqual([
      "src/read.test.ts no-wall-clock:warning (test)",
      "src/read.ts no-lossy-json-parse:error",
      "src/read.ts no-parse-float:warning",
    ]);
    const overridden = project({
      ...files,
      "detkit.config.json": JSON.stringify({ overrides: [{ files: ["**/*.test.ts"], rules: { "no-lossy-json-parse": "warn" } }] }),
    });
    expect(brief(await reportOf(overridden, "--no-deps"))).toEqual([
      "src/read.test.ts no-lossy-json-parse:warning (test)",
      "src/read.test.ts no-wall-clock:warning (test)",
      "src/read.ts no-lossy-json-parse:error",
      "src/read.ts no-parse-float:warning",
    ]);
  });

  it("does not run the rules about machine values on test code, but still the literal local date-time", async () => {
    const files = {
      "src/host.ts": 'import { hostname } from "node:os";\nexport const name = () => hostname();\nexport const day = (d: Date) => d.getDay();\n',
      "src/host.test.ts": [
        'import { hostname } from "node:os";',
        "const expected = { pid: process.pid, host: hostname(), token: process.env.TOKEN };",
        "const local = new Date(2022, 10, 4).toString();",
        'export const instant = new Date("2020-01-01 00:00").getTime();',
        "console.log(expected, local);",
        "",
      ].join("\n"),
    };
    expect(brief(await reportOf(project(files), "--no-deps"))).toEqual([
      "src/host.test.ts no-local-time-parse:warning (test)",
      "src/host.ts no-host-info:warning",
      "src/host.ts no-local-time-date:error",
    ]);
  });

  it("resolves every glob against the configuration's folder whatever paths are given", async () => {
    // src/generated is excluded, src/infra overridden, src/*.test.ts a test: also when scanning src, or from inside it.
    const fromRoot = await reportOf(fixture, "src", "--no-deps");
    const fromInside = await reportOf(join(fixture, "src"), ".", "--no-deps");
    const expected = [
      "src/__tests__/helpers.ts no-wall-clock:warning (test)",
      "src/app.ts no-wall-clock:error",
      "src/app.ts no-unseeded-random:warning",
      "src/infra/critical/lease.ts no-wall-clock:error",
      "src/order.test.ts no-wall-clock:warning (test)",
    ];
    expect(brief(fromRoot)).toEqual(expected);
    expect(brief(fromInside)).toEqual(expected.map((line) => line.replace(/^src\//, "")));
    const generated = await audit(fixture, "src/generated", "--no-deps");
    expect(generated.exitCode).toBe(2);
    expect(generated.stderr).toBe(
      "detkit: no JavaScript or TypeScript files matched src/generated (--no-error-on-unmatched-pattern allows it)\n",
    );
  });

  it("treats the usual test locations as tests without a configuration, relative to the package", async () => {
    const cwd = project({
      "src/a.ts": CLOCK,
      "src/a.spec.js": CLOCK,
      "test/helpers.ts": CLOCK,
      "tests/e2e.ts": CLOCK,
      "e2e/login.ts": CLOCK,
      "benchmarks/run.mjs": CLOCK,
      "src/test/not-a-test-folder.ts": CLOCK,
    });
    expect(brief(await reportOf(cwd))).toEqual([
      "benchmarks/run.mjs no-wall-clock:warning (test)",
      "e2e/login.ts no-wall-clock:warning (test)",
      "src/a.spec.js no-wall-clock:warning (test)",
      "src/a.ts no-wall-clock:error",
      "src/test/not-a-test-folder.ts no-wall-clock:error",
      "test/helpers.ts no-wall-clock:warning (test)",
      "tests/e2e.ts no-wall-clock:warning (test)",
    ]);
    // Scanning one folder does not move what counts as a test: the globs stay relative to the package.
    expect(brief(await reportOf(join(cwd, "src"), ".", "--no-deps"))).toEqual([
      "a.spec.js no-wall-clock:warning (test)",
      "a.ts no-wall-clock:error",
      "test/not-a-test-folder.ts no-wall-clock:error",
    ]);
  });

  it("applies the default test locations to each package of a workspace too", async () => {
    const cwd = project({
      "packages/api/package.json": JSON.stringify({ name: "api" }),
      "packages/api/src/a.ts": CLOCK,
      "packages/api/src/test/not-a-test-folder.ts": CLOCK,
      "packages/api/test/helpers.ts": CLOCK,
      "packages/api/benchmarks/run.mjs": CLOCK,
      "packages/api/e2e/flow.ts": CLOCK,
      // Not a package: its test folder is not at a package's top.
      "tools/test/check.ts": CLOCK,
    });
    expect(brief(await reportOf(cwd))).toEqual([
      "packages/api/benchmarks/run.mjs no-wall-clock:warning (test)",
      "packages/api/e2e/flow.ts no-wall-clock:warning (test)",
      "packages/api/src/a.ts no-wall-clock:error",
      "packages/api/src/test/not-a-test-folder.ts no-wall-clock:error",
      "packages/api/test/helpers.ts no-wall-clock:warning (test)",
      "tools/test/check.ts no-wall-clock:error",
    ]);
    // A configuration's own `tests` are relative to its folder only.
    writeFileSync(join(cwd, "detkit.config.json"), JSON.stringify({ tests: ["test/**"] }));
    expect(brief(await reportOf(cwd))).toContain("packages/api/test/helpers.ts no-wall-clock:error");
  });

  it("takes `tests` from the configuration instead of the defaults", async () => {
    const cwd = project({
      "detkit.config.json": JSON.stringify({ tests: ["spec/**"] }),
      "spec/a.ts": CLOCK,
      "test/b.ts": CLOCK,
    });
    expect(brief(await reportOf(cwd))).toEqual(["spec/a.ts no-wall-clock:warning (test)", "test/b.ts no-wall-clock:error"]);
  });

  it("lets an override turn a rule on for some files that the configuration turns off", async () => {
    const cwd = project({
      "detkit.config.json": JSON.stringify({
        rules: { clock: "off", "suppression-missing-reason": "error" },
        overrides: [{ files: ["src/core/**"], rules: { "no-wall-clock": "warn" } }],
      }),
      "src/core/a.ts": CLOCK,
      "src/b.ts": CLOCK,
    });
    expect(brief(await reportOf(cwd))).toEqual(["src/core/a.ts no-wall-clock:warning"]);
  });

  it("gives the directive rules their per-file severity too", async () => {
    const cwd = project({
      "detkit.config.json": JSON.stringify({ overrides: [{ files: ["legacy/**"], rules: { suppression: "off" } }] }),
      "src/a.ts": "// detkit-disable-next-line no-wall-clock\nexport const t = Date.now();\n",
      "legacy/b.ts": "// detkit-disable-next-line no-wall-clock\nexport const t = Date.now();\n",
    });
    expect(brief(await reportOf(cwd))).toEqual(["src/a.ts suppression-missing-reason:warning"]);
  });
});

describe("what is scanned", () => {
  it("skips dist, build and coverage beside a package.json only, and node_modules and .git everywhere", async () => {
    const cwd = project({
      "dist/a.js": CLOCK,
      "build/a.js": CLOCK,
      "coverage/a.js": CLOCK,
      "node_modules/x/a.js": CLOCK,
      "src/build/tasks.ts": CLOCK,
      "src/dist/format.ts": CLOCK,
      "src/lib/coverage/measure.ts": CLOCK,
      "src/vendor/node_modules/x.js": CLOCK,
      "packages/a/package.json": "{}\n",
      "packages/a/dist/index.js": CLOCK,
      "packages/a/src/index.ts": CLOCK,
    });
    const report = await reportOf(cwd, "--no-deps");
    expect(report.findings.map((finding) => finding.file)).toEqual([
      "packages/a/src/index.ts",
      "src/build/tasks.ts",
      "src/dist/format.ts",
      "src/lib/coverage/measure.ts",
    ]);
  });

  it("respects .gitignore files (nested ones, negations) and lets a named path or include bring a folder back", async () => {
    const cwd = project({
      ".gitignore": "generated/\n*.gen.ts\n!keep.gen.ts\n/out\n",
      "src/a.ts": CLOCK,
      "src/generated/schema.ts": CLOCK,
      "src/types.gen.ts": CLOCK,
      "src/keep.gen.ts": CLOCK,
      "out/x.js": CLOCK,
      "lib/out/y.js": CLOCK,
      "lib/.gitignore": "local.ts\n",
      "lib/local.ts": CLOCK,
    });
    const files = async (...argv: string[]) => (await reportOf(cwd, "--no-deps", ...argv)).findings.map((finding) => finding.file);
    expect(await files()).toEqual(["lib/out/y.js", "src/a.ts", "src/keep.gen.ts"]);
    expect(await files("src/generated")).toEqual(["src/generated/schema.ts"]);
    writeFileSync(join(cwd, "detkit.config.json"), JSON.stringify({ include: ["src/**", "out/**"] }));
    // include still filters, and names out/ literally, which brings it back; src/generated is only inside src/**.
    expect(await files()).toEqual(["out/x.js", "src/a.ts", "src/keep.gen.ts"]);
  });

  it("brings dist back when include names it", async () => {
    const cwd = project({ "dist/a.js": CLOCK, "src/b.ts": CLOCK, "detkit.config.json": JSON.stringify({ include: ["dist/**", "src/**"] }) });
    expect((await reportOf(cwd, "--no-deps")).findings.map((finding) => finding.file)).toEqual(["dist/a.js", "src/b.ts"]);
  });

  it("skips minified bundles, says so in the report and the summary, and scans one named on the command line", async () => {
    const cwd = project({ "src/a.ts": CLOCK, "public/vendor/chart.min.js": CLOCK, "public/app.min.mjs": CLOCK });
    const report = await reportOf(cwd, "--no-deps");
    expect(report.findings.map((finding) => finding.file)).toEqual(["src/a.ts"]);
    expect(report.skipped).toEqual([
      { file: "public/app.min.mjs", reason: "minified" },
      { file: "public/vendor/chart.min.js", reason: "minified" },
    ]);
    const stylish = await runCli(["audit", "--no-deps"], { cwd });
    expect(stylish.stdout.trimEnd().split("\n").at(-1)).toBe(
      "✖ 1 problem (1 error, 0 warnings), 2 minified files (*.min.js) skipped, 1 file checked",
    );
    const named = await reportOf(cwd, "--no-deps", "public/vendor/chart.min.js");
    expect(named.findings.map((finding) => finding.file)).toEqual(["public/vendor/chart.min.js"]);
    expect(named.skipped).toBeUndefined();
    writeFileSync(join(cwd, "detkit.config.json"), JSON.stringify({ include: ["src/**", "public/**/*.min.js"] }));
    const included = await reportOf(cwd, "--no-deps");
    expect(included.findings.map((finding) => finding.file)).toEqual(["public/vendor/chart.min.js", "src/a.ts"]);
    expect(included.skipped).toBeUndefined();
  });

  it("scans a symbolic link to a directory named on the command line as that directory", async () => {
    const cwd = project({ "real/src/a.ts": CLOCK });
    symlinkSync("real/src", join(cwd, "linked"));
    const report = await reportOf(cwd, "linked", "--no-deps");
    expect(report.findings.map((finding) => finding.file)).toEqual(["linked/a.ts"]);
  });

  it("takes globs on the command line", async () => {
    const cwd = project({ "src/a.ts": CLOCK, "src/deep/b.tsx": CLOCK, "src/c.js": CLOCK, "src/node_modules/d.ts": CLOCK });
    const files = async (...argv: string[]) => (await reportOf(cwd, "--no-deps", ...argv)).findings.map((finding) => finding.file);
    expect(await files("src/**/*.ts*")).toEqual(["src/a.ts", "src/deep/b.tsx"]);
    expect(await files("./src/*.js")).toEqual(["src/c.js"]);
    expect(await files(join(cwd, "src", "**", "*.tsx"))).toEqual(["src/deep/b.tsx"]);
  });
});

describe("no silent passes", () => {
  it("fails with exit 2 naming every path or glob that matched nothing", async () => {
    const cwd = project({ "src/a.ts": CLOCK, "docs/readme.md": "# docs\n" });
    const result = await audit(cwd, "src", "docs", "src/**/*.vue", "missing/dir");
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      "detkit: path not found: missing/dir; no JavaScript or TypeScript files matched docs, src/**/*.vue (--no-error-on-unmatched-pattern allows it)\n",
    );
    const allowed = await audit(cwd, "src", "docs", "src/**/*.vue", "missing/dir", "--no-error-on-unmatched-pattern");
    expect(allowed.exitCode).toBe(1);
    expect(allowed.report?.findings.map((finding) => finding.file)).toEqual(["src/a.ts"]);
  });

  it("reports a dependency folder it cannot list (.github/workflows) in errors", async () => {
    const cwd = project({ "src/a.ts": "export const a = 1;\n" });
    mkdirSync(join(cwd, ".github"));
    symlinkSync("workflows", join(cwd, ".github", "workflows"));
    const report = await reportOf(cwd);
    expect(report.errors).toEqual([{ file: ".github/workflows", message: "cannot list the directory (ELOOP)" }]);
  });

  it.runIf(process.getuid?.() !== 0)("reports a source folder it cannot list in errors", async () => {
    const cwd = project({ "src/a.ts": CLOCK, "src/private/b.ts": CLOCK });
    chmodSync(join(cwd, "src", "private"), 0o000);
    try {
      const report = await reportOf(cwd, "--no-deps");
      expect(report.errors).toEqual([{ file: "src/private", message: "cannot list directory: permission denied" }]);
    } finally {
      chmodSync(join(cwd, "src", "private"), 0o755);
    }
  });

  it("keeps scanning a copy of the fixture the same way (fixtures are not special)", async () => {
    const copy = copyFixture("audit", "overrides");
    expect(brief(await reportOf(copy))).toEqual(brief(await reportOf(fixturePath("audit", "overrides"))));
  });
});
