import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { REPO_ROOT } from "../helpers/fixtures.js";

interface Report {
  findings: { ruleId: string; file: string; line: number }[];
  suppressed: { reason: string }[];
}

describe("the bundled example", () => {
  it("finds the hazards of the hazardous service", async () => {
    const result = await runCli(["audit", "examples/hazardous-service", "--format", "json"], { cwd: REPO_ROOT });
    expect(result.exitCode).toBe(1);
    const report: Report = JSON.parse(result.stdout);
    const byRule = new Map<string, number>();
    for (const finding of report.findings) byRule.set(finding.ruleId, (byRule.get(finding.ruleId) ?? 0) + 1);
    expect(Object.fromEntries(byRule)).toEqual({
      "no-wall-clock": 10,
      "no-unseeded-random": 5,
      "no-random-sort": 1,
      "no-process-env": 1,
      // auditBatchName() names the batch by the host's calendar day (the fixed twin uses the UTC one).
      "no-local-time-date": 3,
      "no-npm-install-in-ci": 1,
      "no-unpinned-range": 1,
      "unpinned-node-runtime": 1,
    });
    expect(report.suppressed.map((finding) => finding.reason)).toEqual([
      "the access log is for humans; its timestamps never feed a result",
    ]);
  });

  it("audits the fixed twin clean", async () => {
    const result = await runCli(["audit", "examples/fixed-service", "--format", "json"], { cwd: REPO_ROOT });
    expect(result.exitCode).toBe(0);
    const report: Report = JSON.parse(result.stdout);
    expect(report.findings).toEqual([]);
  });
});
