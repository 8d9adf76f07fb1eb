import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { REPO_ROOT } from "../helpers/fixtures.js";
import { schemaErrors } from "../helpers/schema.js";

const example = join(REPO_ROOT, "examples", "hazardous-service");

/** Runs an ES module in a child process from the repository root, so `import "detkit"` resolves to the package itself. */
function runModule(source: string): string {
  return execFileSync(process.execPath, ["--input-type=module", "-e", source], { cwd: REPO_ROOT, encoding: "utf8" });
}

describe('import { audit, deps } from "detkit"', () => {
  it("returns the report the CLI prints, through the built package entry", async () => {
    const printed = JSON.parse(
      runModule(
        `import { audit } from "detkit";\n` +
          `const report = await audit({ cwd: ${JSON.stringify(example)}, clock: { now: () => 0, date: () => new Date(0) } });\n` +
          `process.stdout.write(JSON.stringify(report));\n`,
      ),
    );
    const cli = await runCli(["audit", "--format", "json"], { cwd: example });
    expect(printed).toEqual(JSON.parse(cli.stdout));
    expect(schemaErrors("report", printed)).toEqual([]);
    expect(printed.findings.length).toBeGreaterThan(0);
  });

  it("takes deps: false as --no-deps, and a configuration object", () => {
    const printed = JSON.parse(
      runModule(
        `import { audit } from "detkit";\n` +
          `const report = await audit({ cwd: ${JSON.stringify(example)}, deps: false, config: { rules: { random: "off" } } });\n` +
          `process.stdout.write(JSON.stringify(report.findings.map((f) => f.category)));\n`,
      ),
    );
    expect(printed.length).toBeGreaterThan(0);
    expect(new Set(printed)).toEqual(new Set(["clock", "environment", "locale"]));
  });

  it("deps() audits the dependencies alone", () => {
    const printed = JSON.parse(
      runModule(
        `import { deps } from "detkit";\n` +
          `const report = await deps({ cwd: ${JSON.stringify(example)} });\n` +
          `process.stdout.write(JSON.stringify(report.findings.map((f) => f.ruleId)));\n`,
      ),
    );
    expect(printed).toContain("no-unpinned-range");
    expect(printed.every((id: string) => !id.startsWith("no-wall"))).toBe(true);
  });

  it("rejects, never exits, on bad input", () => {
    const printed = runModule(
      `import { audit } from "detkit";\n` +
        `try { await audit({ cwd: ${JSON.stringify(example)}, paths: ["no-such-dir"] }); console.log("resolved"); }\n` +
        `catch (error) { console.log("rejected: " + error.message); }\n`,
    );
    expect(printed.trim()).toBe("rejected: path not found: no-such-dir");
  });
});
