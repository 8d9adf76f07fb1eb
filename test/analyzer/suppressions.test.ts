import { ts } from "@ts-morph/common";
import { describe, expect, it } from "vitest";
import noUnseededRandom from "../../rules/no-unseeded-random.js";
import noWallClock from "../../rules/no-wall-clock.js";
import { checkFile, type SuppressionPolicy } from "../../src/analyzer/check-file.js";
import { findSuppressions } from "../../src/analyzer/suppressions.js";
import { compareFindings } from "../../src/report/build.js";
import { DEFAULT_SUPPRESSION_POLICY } from "../helpers/rule-tester.js";

function check(code: string, policy: Partial<SuppressionPolicy> = {}) {
  const filename = "example.tsx";
  const sourceFile = ts.createSourceFile(filename, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const rules = [noUnseededRandom, noWallClock].map((rule) => ({ rule, severity: rule.meta.severity }));
  const result = checkFile(sourceFile, filename, rules, { ...DEFAULT_SUPPRESSION_POLICY, ...policy }, () => {
    throw new Error("no types");
  });
  return { ...result, findings: result.findings.sort(compareFindings) };
}

const brief = (findings: readonly { ruleId: string; line: number }[]) => findings.map((f) => `${f.ruleId}@${f.line}`);

describe("suppression comments", () => {
  it("disable-next-line moves the finding to suppressed with its reason", () => {
    const result = check("// detkit-disable-next-line no-wall-clock -- only feeds a log line\nconst t = Date.now();");
    expect(result.findings).toEqual([]);
    expect(result.suppressed).toHaveLength(1);
    expect(result.suppressed[0]).toMatchObject({ ruleId: "no-wall-clock", line: 2, column: 11, reason: "only feeds a log line" });
  });

  it("disable-line applies to its own line", () => {
    const result = check("const t = Date.now(); // detkit-disable-line no-wall-clock -- log only\nconst u = Date.now();");
    expect(brief(result.suppressed)).toEqual(["no-wall-clock@1"]);
    expect(brief(result.findings)).toEqual(["no-wall-clock@2"]);
  });

  it("only suppresses the rules it names", () => {
    const result = check("// detkit-disable-next-line no-wall-clock -- clock only\nconst t = Date.now() + Math.random();");
    expect(brief(result.suppressed)).toEqual(["no-wall-clock@2"]);
    expect(brief(result.findings)).toEqual(["no-unseeded-random@2"]);
  });

  it("accepts several ids separated by commas or spaces, and no ids for every rule", () => {
    const listed = check("// detkit-disable-next-line no-wall-clock, no-unseeded-random -- demo\nDate.now() + Math.random();");
    expect(listed.findings).toEqual([]);
    expect(listed.suppressed).toHaveLength(2);
    const bare = check("// detkit-disable-next-line -- demo data\nDate.now() + Math.random();");
    expect(bare.findings).toEqual([]);
    expect(bare.suppressed.map((finding) => finding.reason)).toEqual(["demo data", "demo data"]);
  });

  it("works in block comments, including JSX expression comments", () => {
    const block = check("/* detkit-disable-next-line no-wall-clock -- seeded elsewhere */\nDate.now();");
    expect(block.findings).toEqual([]);
    const jsx = check(
      "export const C = () => (\n  <div>\n    {/* detkit-disable-next-line no-wall-clock -- display only */}\n    <span>{Date.now()}</span>\n  </div>\n);",
    );
    expect(jsx.findings).toEqual([]);
    expect(jsx.suppressed[0]?.reason).toBe("display only");
  });

  it("warns about a suppression that hides a finding without a reason, in the suppression category", () => {
    const result = check("// detkit-disable-next-line no-wall-clock\nDate.now();");
    expect(result.suppressed[0]?.reason).toBe("");
    expect(result.findings).toEqual([
      expect.objectContaining({
        ruleId: "suppression-missing-reason",
        messageId: "missingReason",
        category: "suppression",
        severity: "warning",
        line: 1,
        column: 1,
      }),
    ]);
  });

  it("takes the severity the configuration gives the suppression rules, and nothing when they are off", () => {
    const code = "// detkit-disable-next-line no-wallclock\nDate.now();";
    expect(check(code, { missingReason: "error", unused: "error" }).findings.map((f) => `${f.ruleId}:${f.severity}`)).toEqual([
      "unused-suppression:error",
      "no-wall-clock:error",
    ]);
    const { missingReason: _m, unused: _u, ...off } = DEFAULT_SUPPRESSION_POLICY;
    const silent = checkFile(
      ts.createSourceFile("x.ts", code, ts.ScriptTarget.Latest, true),
      "x.ts",
      [{ rule: noWallClock, severity: "error" }],
      off,
      () => {
        throw new Error("no types");
      },
    );
    expect(brief(silent.findings)).toEqual(["no-wall-clock@2"]);
  });

  it("reports suppressions that suppress nothing only when asked", () => {
    const code = "// detkit-disable-next-line no-wall-clock -- stale\nconst x = 1;\nDate.now();";
    expect(brief(check(code).findings)).toEqual(["no-wall-clock@3"]);
    const reported = check(code, { reportUnused: true });
    expect(brief(reported.findings)).toEqual(["unused-suppression@1", "no-wall-clock@3"]);
    expect(reported.findings[0]?.messageId).toBe("unused");
  });

  it("always reports an unknown rule id, also beside a known one that hid something", () => {
    const result = check("// detkit-disable-next-line no-wall-clock, no-wallclock -- typo beside the real id\nDate.now();");
    expect(brief(result.suppressed)).toEqual(["no-wall-clock@2"]);
    expect(result.findings.map((f) => [f.ruleId, f.messageId, f.message])).toEqual([
      ["unused-suppression", "unknownRule", "suppression of no-wall-clock, no-wallclock names unknown rule no-wallclock"],
    ]);
  });

  it("ignores the directive inside strings, templates and regular expressions", () => {
    const code = [
      'const a = "// detkit-disable-next-line";',
      "const b = `/* detkit-disable-line */`;",
      "const c = /\\/\\/ detkit-disable-next-line/;",
      "Date.now();",
    ].join("\n");
    expect(findSuppressions(ts.createSourceFile("x.ts", code, ts.ScriptTarget.Latest, true))).toEqual([]);
  });

  it("does not treat a directive that is not the start of the comment as one", () => {
    const code = "// see detkit-disable-next-line in the docs\nDate.now();";
    expect(findSuppressions(ts.createSourceFile("x.ts", code, ts.ScriptTarget.Latest, true))).toEqual([]);
  });
});
