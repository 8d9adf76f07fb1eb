import { execFileSync, spawn } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { copyFixture, fixturePath, REPO_ROOT, temporaryDirectory } from "../helpers/fixtures.js";
import { schemaErrors } from "../helpers/schema.js";

interface JsonReport {
  findings: { ruleId: string; file: string; line: number; column: number; severity: string; category: string }[];
  suppressed: { ruleId: string; file: string; line: number; reason: string }[];
  errors: { file: string; line?: number; message: string }[];
  summary: { filesScanned: number; errorCount: number; warningCount: number; suppressedCount: number };
}

function parseReport(stdout: string): JsonReport {
  const report: unknown = JSON.parse(stdout);
  expect(schemaErrors("report", report)).toEqual([]);
  return report as JsonReport;
}

const brief = (report: JsonReport) => report.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`);

/** Usage errors: exit 2 and exactly one line on stderr, never a stack trace. */
function expectUsageError(result: { exitCode: number; stdout: string; stderr: string }, mentions: string): void {
  expect(result.exitCode).toBe(2);
  expect(result.stdout).toBe("");
  expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(result.stderr).toContain(mentions);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe("detkit audit on fixture projects", () => {
  it("reports a TypeScript project exactly as recorded", async () => {
    const result = await runCli(["audit", "--format", "json"], { cwd: fixturePath("audit", "ts-project") });
    expect(result.exitCode).toBe(1);
    parseReport(result.stdout);
    await expect(result.stdout).toMatchFileSnapshot("../fixtures/audit/ts-project/expected.json");
  });

  it("reports a JavaScript project without tsconfig (CJS, ESM, JSX) exactly as recorded", async () => {
    const result = await runCli(["audit", "--format", "json"], { cwd: fixturePath("audit", "js-project") });
    expect(result.exitCode).toBe(1);
    const report = parseReport(result.stdout);
    expect(brief(report)).toEqual([
      "lib/clock-widget.jsx:7:17 no-wall-clock",
      "lib/random-color.js:1:42 no-unseeded-random",
      "lib/server.cjs:5:17 no-wall-clock",
      "lib/server.cjs:6:43 no-wall-clock",
      "lib/session.mjs:4:25 no-unseeded-random",
      "lib/session.mjs:4:44 no-wall-clock",
      // The dependency half of the audit runs on the package the paths belong to.
      "package.json:1:1 unpinned-node-runtime",
    ]);
    await expect(result.stdout).toMatchFileSnapshot("../fixtures/audit/js-project/expected.json");
  });

  it("names files relative to the working directory, with / separators", async () => {
    const result = await runCli(["audit", "test/fixtures/audit/js-project/lib", "--format", "json"], { cwd: REPO_ROOT });
    const report = parseReport(result.stdout);
    expect(report.findings.map((finding) => finding.file)).toContain("test/fixtures/audit/js-project/lib/server.cjs");
  });

  it("scans explicit files and only those", async () => {
    const result = await runCli(["audit", "src/util/ids.ts", "--format", "json", "--no-deps"], { cwd: fixturePath("audit", "ts-project") });
    const report = parseReport(result.stdout);
    expect(report.summary.filesScanned).toBe(1);
    expect(new Set(report.findings.map((finding) => finding.file))).toEqual(new Set(["src/util/ids.ts"]));
  });

  it("skips node_modules, dist, build, coverage and .git", async () => {
    const project = copyFixture("audit", "ts-project");
    for (const skipped of ["node_modules/pkg", "dist", "build", "coverage", ".git", "src/nested/node_modules"]) {
      mkdirSync(join(project, skipped), { recursive: true });
      writeFileSync(join(project, skipped, "hazard.js"), "export const t = Date.now();\n");
    }
    const result = await runCli(["audit", "--format", "json", "--no-deps"], { cwd: project });
    const report = parseReport(result.stdout);
    expect(report.summary.filesScanned).toBe(3);
    expect(report.findings.some((finding) => finding.file.includes("hazard.js"))).toBe(false);
  });

  it("moves suppressed findings to `suppressed` with their reason and warns about a missing reason", async () => {
    const result = await runCli(["audit", "--format", "json"], { cwd: fixturePath("audit", "ts-project") });
    const report = parseReport(result.stdout);
    expect(report.suppressed.map((s) => [s.file, s.line, s.reason])).toEqual([
      ["src/util/ids.ts", 17, "the start time only feeds a log line"],
      ["src/util/ids.ts", 19, ""],
    ]);
    expect(report.findings.filter((f) => f.ruleId === "suppression-missing-reason")).toMatchObject([
      { file: "src/util/ids.ts", line: 19, severity: "warning", category: "suppression", messageId: "missingReason" },
    ]);
    expect(report.summary.suppressedCount).toBe(2);
  });

  it("reports unused suppressions only when asked", async () => {
    const project = temporaryDirectory();
    writeFileSync(join(project, "package.json"), "{}\n");
    writeFileSync(join(project, "a.ts"), "// detkit-disable-next-line no-wall-clock -- stale\nexport const a = 1;\n");
    const quiet = parseReport((await runCli(["audit", "--format", "json", "--no-deps"], { cwd: project })).stdout);
    expect(quiet.findings).toEqual([]);
    const asked = await runCli(["audit", "--format", "json", "--no-deps", "--report-unused-suppressions"], { cwd: project });
    expect(asked.exitCode).toBe(0);
    expect(parseReport(asked.stdout).findings).toMatchObject([
      { ruleId: "unused-suppression", messageId: "unused", severity: "warning", category: "suppression", line: 1 },
    ]);
  });

  it("reads block directives, warns about a misspelt directive, and reports an idle block with --report-unused-suppressions", async () => {
    const project = temporaryDirectory();
    writeFileSync(join(project, "package.json"), "{}\n");
    writeFileSync(
      join(project, "a.ts"),
      [
        "/* detkit-disable no-wall-clock -- replayed from a recording */",
        "export const a = Date.now();",
        "/* detkit-enable no-wall-clock */",
        "// detkit-disable-nextline no-unseeded-random -- misspelt",
        "export const b = Math.random();",
        "/* detkit-disable no-unseeded-random -- nothing left to hide */",
        "",
      ].join("\n"),
    );
    const result = await runCli(["audit", "--format", "json", "--no-deps", "--report-unused-suppressions"], { cwd: project });
    const report = parseReport(result.stdout);
    expect(report.suppressed.map((s) => [s.line, s.ruleId, s.reason])).toEqual([[2, "no-wall-clock", "replayed from a recording"]]);
    expect(report.findings.map((f) => `${f.line} ${f.ruleId}`)).toEqual([
      "4 unused-suppression",
      "5 no-unseeded-random",
      "6 unused-suppression",
    ]);
  });

  it("always warns about a suppression that names an unknown rule", async () => {
    const project = temporaryDirectory();
    writeFileSync(join(project, "package.json"), "{}\n");
    writeFileSync(join(project, "a.ts"), "// detkit-disable-next-line no-wallclock -- typo\nexport const a = Date.now();\n");
    const report = parseReport((await runCli(["audit", "--format", "json", "--no-deps"], { cwd: project })).stdout);
    expect(report.findings.map((f) => f.ruleId)).toEqual(["unused-suppression", "no-wall-clock"]);
  });
});

describe("bad input", () => {
  it("reports unparseable, binary, non-UTF-8 and unreadable files in `errors` and scans the rest", async () => {
    const project = copyFixture("audit", "broken");
    symlinkSync("does-not-exist.ts", join(project, "src", "dangling.ts"));
    const result = await runCli(["audit", "--format", "json", "--no-deps"], { cwd: project });
    expect(result.exitCode).toBe(1);
    const report = parseReport(result.stdout);
    expect(report.errors).toEqual([
      { file: "src/binary.ts", message: "binary file (contains NUL bytes), not JavaScript or TypeScript source" },
      { file: "src/dangling.ts", message: "cannot read file: broken symbolic link (its target does not exist)" },
      { file: "src/latin1.js", message: "not valid UTF-8 text" },
      { file: "src/syntax-error.ts", line: 2, message: "syntax error: ')' expected." },
    ]);
    expect(brief(report)).toEqual(["src/good.ts:1:28 no-wall-clock"]);
    expect(report.summary.filesScanned).toBe(1);
  });

  it("exits 1 for an unparseable file even without findings", async () => {
    const project = temporaryDirectory();
    writeFileSync(join(project, "package.json"), "{}\n");
    writeFileSync(join(project, "broken.ts"), "export const = ;\n");
    const result = await runCli(["audit"], { cwd: project });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain("broken.ts");
    expect(result.stdout).toContain("syntax error");
  });

  it.runIf(process.getuid?.() !== 0)("reports a file without read permission", async () => {
    const project = temporaryDirectory();
    writeFileSync(join(project, "package.json"), "{}\n");
    writeFileSync(join(project, "secret.ts"), "export const a = 1;\n", { mode: 0o000 });
    const report = parseReport((await runCli(["audit", "--format", "json", "--no-deps"], { cwd: project })).stdout);
    expect(report.errors).toEqual([{ file: "secret.ts", message: "cannot read file: permission denied" }]);
  });

  it("fails with exit 2 naming a malformed tsconfig.json and the problem", async () => {
    const result = await runCli(["audit"], { cwd: fixturePath("audit", "malformed-tsconfig") });
    expectUsageError(result, "malformed tsconfig.json: tsconfig.json:4:5: ',' expected.");
  });

  it("fails with exit 2 for a path that does not exist", async () => {
    expectUsageError(await runCli(["audit", "no/such/dir"], { cwd: fixturePath("audit", "ts-project") }), "path not found: no/such/dir");
  });

  it("fails with exit 2 for a file that is not JavaScript or TypeScript", async () => {
    expectUsageError(await runCli(["audit", "package.json"], { cwd: fixturePath("audit", "ts-project") }), "package.json");
  });

  it("fails with exit 2 for an unknown flag", async () => {
    expectUsageError(await runCli(["audit", "--frobnicate"], { cwd: fixturePath("audit", "ts-project") }), "--frobnicate");
  });

  it("fails with exit 2 for an unknown format", async () => {
    expectUsageError(await runCli(["audit", "--format", "xml"], { cwd: fixturePath("audit", "ts-project") }), '"xml"');
  });

  it("fails with exit 2 for an unknown command", async () => {
    expectUsageError(await runCli(["audti"], { cwd: REPO_ROOT }), "audti");
  });

  it("shows progress on a terminal's standard error only", async () => {
    const cwd = fixturePath("audit", "js-project");
    expect((await runCli(["audit", "--no-deps"], { cwd, tty: true })).stderr).toContain("detkit: scanning 4/4 (100%)");
    expect((await runCli(["audit", "--no-deps"], { cwd })).stderr).toBe("");
  });

  it("fails with exit 2 in a directory without source files, unless unmatched patterns are allowed", async () => {
    const cwd = temporaryDirectory();
    expectUsageError(await runCli(["audit"], { cwd }), "no JavaScript or TypeScript files matched .");
    const allowed = await runCli(["audit", "--no-error-on-unmatched-pattern"], { cwd });
    expect(allowed.exitCode).toBe(0);
    expect(allowed.stderr).toBe("detkit: no JavaScript or TypeScript files found under .\n");
  });

  it("fails with exit 2 when --output cannot be written", async () => {
    const result = await runCli(["audit", "--format", "json", "--output", "no/such/dir/report.json"], {
      cwd: fixturePath("audit", "js-project"),
    });
    expectUsageError(result, "cannot write no/such/dir/report.json");
  });
});

describe("output", () => {
  it("writes the report to --output and nothing to stdout", async () => {
    const directory = temporaryDirectory();
    const target = join(directory, "report.json");
    const result = await runCli(["audit", fixturePath("audit", "js-project"), "--format", "json", "-o", target], { cwd: directory });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe("");
    expect(parseReport(readFileSync(target, "utf8")).findings).toHaveLength(7);
  });

  it("writes --output through a symbolic link to its target, and the link stays a link", async () => {
    const directory = temporaryDirectory();
    mkdirSync(join(directory, "reports"));
    writeFileSync(join(directory, "reports", "old.json"), "old\n");
    symlinkSync("reports/old.json", join(directory, "existing.json"));
    symlinkSync("reports/new.json", join(directory, "dangling.json"));
    for (const link of ["existing.json", "dangling.json"]) {
      const result = await runCli(["audit", fixturePath("audit", "js-project"), "--format", "json", "-o", link], { cwd: directory });
      expect(result.exitCode).toBe(1);
      expect(lstatSync(join(directory, link)).isSymbolicLink()).toBe(true);
    }
    expect(parseReport(readFileSync(join(directory, "reports", "old.json"), "utf8")).findings).toHaveLength(7);
    expect(parseReport(readFileSync(join(directory, "reports", "new.json"), "utf8")).findings).toHaveLength(7);
  });

  it.runIf(process.platform !== "win32")("writes --output into a FIFO without replacing it by a file", async () => {
    const directory = temporaryDirectory();
    const fifo = join(directory, "report.pipe");
    execFileSync("mkfifo", [fifo]);
    const reader = spawn("cat", [fifo], { stdio: ["ignore", "pipe", "inherit"] });
    let received = "";
    reader.stdout.on("data", (chunk: Buffer) => (received += chunk.toString("utf8")));
    const closed = new Promise((done) => reader.on("close", done));
    const result = await runCli(["audit", fixturePath("audit", "js-project"), "--format", "json", "-o", fifo], { cwd: directory });
    // A writer that replaced the FIFO never opened it: the reader would wait for ever.
    if (!lstatSync(fifo).isFIFO()) reader.kill();
    await closed;
    expect(result.exitCode).toBe(1);
    expect(parseReport(received).findings).toHaveLength(7);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it.runIf(existsSync("/dev/full"))("writes --output to a character device directly: /dev/full fails with its own error", async () => {
    const result = await runCli(["audit", "--format", "json", "-o", "/dev/full"], { cwd: fixturePath("audit", "js-project") });
    expectUsageError(result, "cannot write /dev/full: ENOSPC");
    expect(lstatSync("/dev/full").isCharacterDevice()).toBe(true);
  });

  it("refuses --output that is a directory", async () => {
    const result = await runCli(["audit", "--format", "json", "-o", "lib"], { cwd: copyFixture("audit", "js-project") });
    expectUsageError(result, "cannot write lib: EISDIR");
  });

  it("groups stylish output by file and ends with a summary line, without colour when not a terminal", async () => {
    const result = await runCli(["audit"], { cwd: fixturePath("audit", "js-project") });
    expect(result.stdout).not.toContain("\u001b[");
    expect(result.stdout).toContain("lib/server.cjs\n  5:17     error   process.hrtime.bigint() measures elapsed time, which differs on every run  no-wall-clock\n");
    expect(result.stdout.trimEnd().split("\n").at(-1)).toBe("✖ 7 problems (6 errors, 1 warning), 5 files checked");
  });

  it("colours stylish output on a terminal unless NO_COLOR is set", async () => {
    const cwd = fixturePath("audit", "js-project");
    expect((await runCli(["audit"], { cwd, tty: true })).stdout).toContain("\u001b[");
    expect((await runCli(["audit"], { cwd, tty: true, env: { NO_COLOR: "1" } })).stdout).not.toContain("\u001b[");
  });

  it("writes GitHub annotations, one workflow command per finding", async () => {
    const result = await runCli(["audit", "--format", "github"], { cwd: fixturePath("audit", "js-project") });
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(7);
    expect(lines[2]).toMatch(
      /^::error file=lib\/server\.cjs,line=5,col=17,endLine=5,endColumn=\d+,title=detkit\(no-wall-clock\)::process\.hrtime\.bigint\(\) measures elapsed time, which differs on every run \(measure elapsed time with an injected Clock/,
    );
  });

  it("writes SARIF 2.1.0 with rule descriptors from meta and suppressions kept", async () => {
    const result = await runCli(["audit", "--format", "sarif"], { cwd: fixturePath("audit", "ts-project") });
    const sarif = JSON.parse(result.stdout);
    expect(sarif.version).toBe("2.1.0");
    const [run] = sarif.runs;
    const ruleIds = run.tool.driver.rules.map((rule: { id: string }) => rule.id);
    expect(ruleIds).toEqual(expect.arrayContaining(["no-random-sort", "no-unseeded-random", "no-wall-clock"]));
    for (const descriptor of run.tool.driver.rules) {
      expect(descriptor.shortDescription.text.length).toBeGreaterThan(0);
      expect(descriptor.help.markdown).toContain("Incorrect");
    }
    const results: { ruleId: string; ruleIndex?: number; suppressions?: { justification: string }[] }[] = run.results;
    // 10 source findings (one a suppression warning), 1 dependency finding, 2 suppressed.
    expect(results).toHaveLength(10 + 1 + 2);
    for (const entry of results) {
      if (entry.ruleIndex !== undefined) expect(ruleIds[entry.ruleIndex]).toBe(entry.ruleId);
    }
    expect(results.filter((entry) => entry.suppressions).map((entry) => entry.suppressions?.[0]?.justification)).toEqual([
      "the start time only feeds a log line",
      "",
    ]);
  });

  it("prints the help on standard error and exits 2 when no command is given", async () => {
    const result = await runCli([], { cwd: REPO_ROOT });
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("Usage: detkit [options] [command]");
  });

  it("names a configuration file outside the working directory by its absolute path", async () => {
    const project = temporaryDirectory();
    writeFileSync(join(project, "package.json"), "{}\n");
    writeFileSync(join(project, "a.ts"), "export const a = 1;\n");
    writeFileSync(join(project, "detkit.config.json"), '{ "rulez": {} }\n');
    const result = await runCli(["audit", project], { cwd: temporaryDirectory() });
    expectUsageError(result, `${project}/detkit.config.json: unknown key "rulez"`);
  });

  it("prints help for every command", async () => {
    for (const command of ["audit", "deps", "rules"]) {
      const result = await runCli([command, "--help"], { cwd: REPO_ROOT });
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toContain(`Usage: detkit ${command}`);
    }
    const top = await runCli(["--help"], { cwd: REPO_ROOT });
    expect(top.stdout).toMatch(/audit.*\n.*deps.*\n.*rules/s);
  });
});
