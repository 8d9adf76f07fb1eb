import { ts } from "@ts-morph/common";
import { describe, expect, it } from "vitest";
import type { SourceRule } from "../../rules/types.js";
import { checkFile } from "../../src/analyzer/check-file.js";
import { compareFindings } from "../../src/report/build.js";
import type { Finding } from "../../src/report/types.js";

export interface ValidCase {
  readonly code: string;
  /** Decides the parser's script kind; default `example.ts`. */
  readonly filename?: string;
  readonly name?: string;
}

export interface ExpectedFinding {
  readonly line: number;
  readonly column: number;
  /** A substring of the message, when the case is about what the message says. */
  readonly messageIncludes?: string;
}

export interface InvalidCase extends ValidCase {
  readonly errors: readonly ExpectedFinding[];
}

const SCRIPT_KINDS: Record<string, ts.ScriptKind> = {
  ts: ts.ScriptKind.TS,
  tsx: ts.ScriptKind.TSX,
  js: ts.ScriptKind.JS,
  mjs: ts.ScriptKind.JS,
  cjs: ts.ScriptKind.JS,
  jsx: ts.ScriptKind.JSX,
};

/** Runs one rule over a snippet, the way the analyzer does, and returns its unsuppressed findings. */
export function lint(rule: SourceRule, code: string, filename = "example.ts"): Finding[] {
  const extension = filename.slice(filename.lastIndexOf(".") + 1);
  const sourceFile = ts.createSourceFile(`/virtual/${filename}`, code, ts.ScriptTarget.Latest, true, SCRIPT_KINDS[extension]);
  const result = checkFile(sourceFile, filename, [{ rule, severity: rule.meta.severity }], () => {
    throw new Error("this rule asked for types");
  });
  return [...result.findings].sort(compareFindings);
}

function title(testCase: ValidCase): string {
  return testCase.name ?? testCase.code.replace(/\s+/g, " ").trim().slice(0, 100);
}

/**
 * typescript-eslint style tables: every valid snippet yields no finding of the rule; every invalid snippet
 * yields exactly the listed findings, asserted by rule id, line and column.
 */
export function ruleTester(rule: SourceRule, cases: { valid: readonly (string | ValidCase)[]; invalid: readonly InvalidCase[] }): void {
  describe(rule.meta.id, () => {
    describe("valid", () => {
      for (const entry of cases.valid) {
        const testCase = typeof entry === "string" ? { code: entry } : entry;
        it(title(testCase), () => {
          expect(lint(rule, testCase.code, testCase.filename)).toEqual([]);
        });
      }
    });
    describe("invalid", () => {
      for (const testCase of cases.invalid) {
        it(title(testCase), () => {
          const findings = lint(rule, testCase.code, testCase.filename);
          expect(findings.map((finding) => ({ ruleId: finding.ruleId, line: finding.line, column: finding.column }))).toEqual(
            testCase.errors.map((error) => ({ ruleId: rule.meta.id, line: error.line, column: error.column })),
          );
          testCase.errors.forEach((error, index) => {
            if (error.messageIncludes) expect(findings[index]?.message).toContain(error.messageIncludes);
          });
        });
      }
    });
  });
}
