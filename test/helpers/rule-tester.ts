import { ts } from "@ts-morph/common";
import { describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import type { RequiredImport, SourceFix, SourceRule } from "../../rules/util/types.js";
import { checkFile, type SuppressionPolicy } from "../../src/analyzer/check-file.js";
import { lazyTypeChecker } from "../../src/analyzer/type-checker.js";
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
  /**
   * The code after applying every fix the rule offered; absent means the rule must offer none. Required imports
   * are asserted separately (`imports`), because adding them in the file's style is the fix applier's work.
   */
  readonly output?: string;
  /** The imports the fixes need, sorted by module then name. */
  readonly imports?: readonly RequiredImport[];
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

/**
 * Compiler options for snippets checked with types: what a strict modern project uses. Snippets see the ES
 * library only (no DOM, no @types/node), so they declare what else they need.
 */
const SNIPPET_COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  // The ES library without the DOM's: a third of the declarations to bind for each snippet.
  lib: ["lib.es2023.d.ts"],
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  strict: true,
  types: [],
};

function typeCheckerFor(rules: readonly SourceRule[], sourceFile: ts.SourceFile): () => ts.TypeChecker {
  if (rules.some((rule) => rule.meta.requiresTypes)) {
    // The analyzer's own lazy checker, over a one-file program: the rule sees real types, as on a project.
    return lazyTypeChecker(SNIPPET_COMPILER_OPTIONS, new Map([[sourceFile.fileName, sourceFile]]));
  }
  return () => {
    throw new Error("a rule asked for types without declaring requiresTypes in its meta");
  };
}

/** What a lint run found, and the fixes the rules offered with their reports. */
export interface LintResult {
  readonly findings: Finding[];
  readonly fixes: SourceFix[];
}

/** Runs source rules over a snippet, the way the analyzer does, and keeps the fixes they offer. */
export function lintWithFixes(rules: SourceRule | readonly SourceRule[], code: string, filename = "example.ts"): LintResult {
  const list: readonly SourceRule[] = Array.isArray(rules) ? rules : [rules as SourceRule];
  const fixes: SourceFix[] = [];
  // Each rule's reports pass through here on their way to the runner, which turns them into findings.
  const active = list.map((rule) => ({
    rule: {
      ...rule,
      create: (context: Parameters<SourceRule["create"]>[0]) =>
        rule.create({
          ...context,
          report(report) {
            if (report.fix) fixes.push(report.fix);
            context.report(report);
          },
        }),
    },
    severity: rule.meta.severity,
  }));
  const sourceFile = parseSnippet(code, filename);
  const result = checkFile(sourceFile, filename, active, DEFAULT_SUPPRESSION_POLICY, typeCheckerFor(list, sourceFile));
  return { findings: [...result.findings].sort(compareFindings), fixes };
}

/** Runs source rules over a snippet, the way the analyzer does, and returns the unsuppressed findings. */
export function lint(rules: SourceRule | readonly SourceRule[], code: string, filename = "example.ts"): Finding[] {
  return lintWithFixes(rules, code, filename).findings;
}

/** The code with every fix's edits applied; overlapping edits are a bug in the rule and fail the test. */
export function applyFixes(code: string, fixes: readonly SourceFix[]): string {
  const edits = fixes.flatMap((fix) => fix.edits).sort((a, b) => b.start - a.start || b.end - a.end);
  let result = code;
  let limit = code.length;
  for (const edit of edits) {
    if (edit.end > limit) throw new Error(`overlapping fix edits at ${edit.start}-${edit.end}`);
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
    limit = edit.start;
  }
  return result;
}

function requiredImports(fixes: readonly SourceFix[]): RequiredImport[] {
  const unique = new Map(fixes.flatMap((fix) => fix.imports ?? []).map((entry) => [`${entry.module}\0${entry.name}`, entry]));
  return [...unique.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, entry]) => entry);
}

/** The syntax errors of a snippet (transpiling reports exactly those, without type checking). */
function parseDiagnostics(code: string, filename = "example.ts"): string[] {
  const { diagnostics = [] } = ts.transpileModule(code, { fileName: filename, reportDiagnostics: true });
  return diagnostics.map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
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
          const { findings, fixes } = lintWithFixes(rule, testCase.code, testCase.filename);
          expect(
            findings.map(({ ruleId, messageId, line, column, endLine, endColumn }) => ({ ruleId, messageId, line, column, endLine, endColumn })),
          ).toEqual(testCase.errors.map((error) => ({ ruleId: rule.meta.id, ...error })));
          if (testCase.output === undefined) {
            expect(fixes).toEqual([]);
            return;
          }
          expect(rule.meta.fix, "a rule that offers fixes declares meta.fix").toBeTruthy();
          const output = applyFixes(testCase.code, fixes);
          expect(output).toBe(testCase.output);
          expect(requiredImports(fixes)).toEqual(testCase.imports ?? []);
          // A fix must leave code that still parses.
          expect(parseDiagnostics(output, testCase.filename)).toEqual([]);
        });
      }
    });
  });
}
