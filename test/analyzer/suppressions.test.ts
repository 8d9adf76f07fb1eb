import { ts } from "@ts-morph/common";
import { describe, expect, it } from "vitest";
import noUnseededRandom from "../../rules/no-unseeded-random.js";
import noWallClock from "../../rules/no-wall-clock.js";
import { checkFile, type SuppressionPolicy } from "../../src/analyzer/check-file.js";
import { findDirectives } from "../../src/analyzer/suppressions.js";
import { compareFindings } from "../../src/report/build.js";
import { DEFAULT_SUPPRESSION_POLICY } from "../helpers/rule-tester.js";

function check(code: string, policy: Partial<SuppressionPolicy> = {}) {
  const filename = "example.tsx";
  const sourceFile = ts.createSourceFile(filename, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const rules = [noUnseededRandom, noWallClock].map((rule) => ({ rule, severity: rule.meta.severity }));
  const result = checkFile(sourceFile, filename, rules, { ...DEFAULT_SUPPRESSION_POLICY, ...policy }, () => {
    throw new Error("no types");
  });
  return { findings: result.findings.sort(compareFindings), suppressed: result.suppressed.sort(compareFindings) };
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
    expect(findDirectives(ts.createSourceFile("x.ts", code, ts.ScriptTarget.Latest, true))).toEqual({ suppressions: [], unknown: [] });
  });

  it("does not treat a directive that is not the start of the comment as one", () => {
    const code = "// see detkit-disable-next-line in the docs\nDate.now();";
    expect(findDirectives(ts.createSourceFile("x.ts", code, ts.ScriptTarget.Latest, true))).toEqual({ suppressions: [], unknown: [] });
  });

  it("takes an em dash or an en dash as the reason separator, as well as --", () => {
    for (const separator of [" \u2014 ", "\u2014", " \u2013 ", " -- "]) {
      const result = check(`// detkit-disable-next-line no-wall-clock${separator}log only\nDate.now();`);
      expect(result.suppressed.map((finding) => finding.reason)).toEqual(["log only"]);
      expect(result.findings).toEqual([]);
    }
  });

  it("reads a reason that continues over the lines of a block comment", () => {
    const result = check("/*\n * detkit-disable-next-line no-wall-clock -- the log line\n * is for humans\n */\nDate.now();");
    expect(result.suppressed.map((finding) => finding.reason)).toEqual(["the log line is for humans"]);
  });
});

describe("detkit-disable-next-line over a statement", () => {
  it("covers the whole statement that starts on the next line: a call chain over several lines", () => {
    const code = [
      "// detkit-disable-next-line no-wall-clock -- timing of the retry only",
      "const delay = retry",
      "  .after(1000)",
      "  .until(Date.now() + 5000)",
      "  .jitter(performance.now());",
      "const after = Date.now();",
    ].join("\n");
    const result = check(code);
    expect(brief(result.suppressed)).toEqual(["no-wall-clock@4", "no-wall-clock@5"]);
    expect(brief(result.findings)).toEqual(["no-wall-clock@6"]);
  });

  it("does not reach into the blocks inside it: a callback body or a function body", () => {
    const code = [
      "// detkit-disable-next-line no-wall-clock -- the schedule is fixed by the caller",
      "schedule(Date.now(), () => {",
      "  record(Date.now());",
      "}, {",
      "  at: Date.now(),",
      "});",
    ].join("\n");
    const result = check(code);
    expect(brief(result.suppressed)).toEqual(["no-wall-clock@2", "no-wall-clock@5"]);
    expect(brief(result.findings)).toEqual(["no-wall-clock@3"]);
  });

  it("covers a JSX element or an object property that starts on the next line, and nothing before it", () => {
    const jsx = check(
      ["export const C = () => (", "  <div>", "    {/* detkit-disable-next-line -- display only */}", "    <time", "      value={Date.now()}", "    />", "    {Date.now()}", "  </div>", ");"].join("\n"),
    );
    expect(brief(jsx.suppressed)).toEqual(["no-wall-clock@5"]);
    expect(brief(jsx.findings)).toEqual(["no-wall-clock@7"]);
    const property = check(["const o = {", "  // detkit-disable-next-line -- seed for the demo", "  seed: mix(", "    Math.random(),", "  ),", "  at: Date.now(),", "};"].join("\n"));
    expect(brief(property.suppressed)).toEqual(["no-unseeded-random@4"]);
    expect(brief(property.findings)).toEqual(["no-wall-clock@6"]);
  });

  it("keeps detkit-disable-line to its own line, as ESLint does", () => {
    const result = check("const t = retry // detkit-disable-line no-wall-clock -- first line only\n  .until(Date.now());");
    expect(brief(result.findings)).toEqual(["no-wall-clock@2"]);
  });
});

describe("detkit-disable and detkit-enable", () => {
  it("disables the named rules from the comment to the matching enable", () => {
    const code = [
      "Date.now();",
      "/* detkit-disable no-wall-clock -- replay harness */",
      "Date.now();",
      "Math.random();",
      "/* detkit-enable no-wall-clock */",
      "Date.now();",
    ].join("\n");
    const result = check(code);
    expect(brief(result.suppressed)).toEqual(["no-wall-clock@3"]);
    expect(result.suppressed[0]?.reason).toBe("replay harness");
    expect(brief(result.findings)).toEqual(["no-wall-clock@1", "no-unseeded-random@4", "no-wall-clock@6"]);
  });

  it("runs to the end of the file without an enable, and without ids disables every rule", () => {
    const result = check("Date.now();\n// detkit-disable -- generated fixture data\nDate.now();\nMath.random();\n");
    expect(brief(result.suppressed)).toEqual(["no-wall-clock@3", "no-unseeded-random@4"]);
    expect(brief(result.findings)).toEqual(["no-wall-clock@1"]);
  });

  it("re-enables one rule after a disable of all, as ESLint does", () => {
    const code = "/* detkit-disable -- legacy */\nDate.now();\n/* detkit-enable no-unseeded-random */\nDate.now();\nMath.random();\n/* detkit-enable */\nDate.now();";
    const result = check(code);
    expect(brief(result.suppressed)).toEqual(["no-wall-clock@2", "no-wall-clock@4"]);
    expect(brief(result.findings)).toEqual(["no-unseeded-random@5", "no-wall-clock@7"]);
  });

  it("follows the reason rules of the line directives", () => {
    const result = check("/* detkit-disable no-wall-clock */\nDate.now();\n/* detkit-enable no-wall-clock */");
    expect(result.findings).toEqual([
      expect.objectContaining({ ruleId: "suppression-missing-reason", messageId: "missingReason", line: 1 }),
    ]);
  });

  it("reports block directives that hide or enable nothing, with --report-unused-suppressions", () => {
    const code = [
      "/* detkit-disable no-wall-clock -- stale */",
      "const a = 1;",
      "/* detkit-enable no-wall-clock */",
      "/* detkit-enable no-unseeded-random */",
      "/* detkit-disable -- stale too */",
    ].join("\n");
    expect(check(code).findings).toEqual([]);
    const reported = check(code, { reportUnused: true });
    expect(reported.findings.map((f) => [f.line, f.messageId, f.message])).toEqual([
      [1, "unusedBlock", "detkit-disable of no-wall-clock suppresses nothing before line 3"],
      [4, "unusedEnable", "detkit-enable of no-unseeded-random enables nothing: no detkit-disable of it is in force"],
      [5, "unusedBlock", "detkit-disable of all rules suppresses nothing before the end of the file"],
    ]);
  });

  it("always reports an unknown rule id in a block directive", () => {
    const result = check("/* detkit-disable no-wallclock -- typo */\nDate.now();");
    expect(result.findings.map((f) => [f.ruleId, f.messageId])).toEqual([
      ["unused-suppression", "unknownRule"],
      ["no-wall-clock", "readsClock"],
    ]);
  });
});

describe("unknown directives", () => {
  it.each(["detkit-disable-nextline", "detkit-enable-line", "detkit-disabled", "detkit-disable-next-lines"])(
    "warns about %s, which looks like a directive and suppresses nothing",
    (text) => {
      const result = check(`// ${text} no-wall-clock -- typo\nDate.now();`);
      expect(result.findings.map((f) => [f.ruleId, f.messageId, f.line])).toEqual([
        ["unused-suppression", "unknownDirective", 1],
        ["no-wall-clock", "readsClock", 2],
      ]);
      expect(result.findings[0]?.message).toContain(text);
    },
  );

  it("says nothing about detkit- text that is not at the start of a comment, or is not about disabling", () => {
    expect(check("// see detkit-disable-nextline in the docs\n// detkit-audit runs in CI\nconst a = 1;").findings).toEqual([]);
  });
});
