import { ts } from "@ts-morph/common";
import { describe, expect, it } from "vitest";
import noUnseededRandom from "../../rules/no-unseeded-random.js";
import noWallClock from "../../rules/no-wall-clock.js";
import { checkFile } from "../../src/analyzer/check-file.js";
import { findSuppressions } from "../../src/analyzer/suppressions.js";

function check(code: string, filename = "example.tsx") {
  const sourceFile = ts.createSourceFile(filename, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const rules = [noUnseededRandom, noWallClock].map((rule) => ({ rule, severity: rule.meta.severity }));
  return checkFile(sourceFile, filename, rules, () => {
    throw new Error("no types");
  });
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

  it("records suppressions without a reason so they can be warned about", () => {
    const result = check("// detkit-disable-next-line no-wall-clock\nDate.now();");
    expect(result.findings).toEqual([]);
    expect(result.suppressed[0]?.reason).toBe("");
    expect(result.suppressionsWithoutReason).toHaveLength(1);
  });

  it("reports suppressions that suppress nothing as unused", () => {
    const result = check("// detkit-disable-next-line no-wall-clock -- stale\nconst x = 1;\nDate.now();");
    expect(result.unusedSuppressions.map((s) => s.line)).toEqual([1]);
    expect(brief(result.findings)).toEqual(["no-wall-clock@3"]);
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
