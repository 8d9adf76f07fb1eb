import { ts } from "@ts-morph/common";
import { describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import type { SourceRule } from "../../rules/util/types.js";
import { checkFile, type SuppressionPolicy } from "../../src/analyzer/check-file.js";
import { compareFindings } from "../../src/report/build.js";
import type { Finding } from "../../src/report/types.js";

export interface ValidCase {
  readonly code: string;
  /** Decides the parser's script kind; default `example.ts`. */
  readonly filename?: string;
  readonly name?: string;
}

/** One expected finding, as typescript-eslint asserts them: the message id and the span, never the wording. */
export interface ExpectedFinding {
  readonly messageId: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
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

/** The suppression rules as they are by default, knowing every registered rule id. */
export const DEFAULT_SUPPRESSION_POLICY: SuppressionPolicy = {
  knownRuleIds: new Set(RULES.map((rule) => rule.meta.id)),
  missingReason: "warning",
  unused: "warning",
  reportUnused: false,
};

/** Parses a snippet the way the analyzer does, with the script kind its file name implies. */
export function parseSnippet(code: string, filename = "example.ts"): ts.SourceFile {
  const extension = filename.slice(filename.lastIndexOf(".") + 1);
  return ts.createSourceFile(`/virtual/${filename}`, code, ts.ScriptTarget.Latest, true, SCRIPT_KINDS[extension]);
}

/** Runs source rules over a snippet, the way the analyzer does, and returns the unsuppressed findings. */
export function lint(rules: SourceRule | readonly SourceRule[], code: string, filename = "example.ts"): Finding[] {
  const active = (Array.isArray(rules) ? rules : [rules]).map((rule: SourceRule) => ({ rule, severity: rule.meta.severity }));
  const result = checkFile(parseSnippet(code, filename), filename, active, DEFAULT_SUPPRESSION_POLICY, () => {
    throw new Error("this rule asked for types");
  });
  return [...result.findings].sort(compareFindings);
}

function title(testCase: ValidCase): string {
  return testCase.name ?? testCase.code.replace(/\s+/g, " ").trim().slice(0, 100);
}

/**
 * typescript-eslint style tables: every valid snippet yields no finding of the rule; every invalid snippet
 * yields exactly the listed findings, asserted by message id and span.
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
          expect(
            findings.map(({ ruleId, messageId, line, column, endLine, endColumn }) => ({ ruleId, messageId, line, column, endLine, endColumn })),
          ).toEqual(testCase.errors.map((error) => ({ ruleId: rule.meta.id, ...error })));
        });
      }
    });
  });
}
