import type { ts } from "ts-morph";
import type { FileError, Finding, SuppressedFinding } from "../report/types.js";
import { checkFile, type ActiveRule, type FileCheckResult, type SuppressionPolicy } from "./check-file.js";
import { displayPath } from "../paths.js";
import { loadSourceProject } from "./project.js";
import { readSource, tooDeep } from "./source.js";
import { lazyTypeChecker } from "./type-checker.js";

export type { ActiveRule, SuppressionPolicy };

/** How one file is audited: the rules that run on it at their severity there, and its suppression policy. */
export interface FilePolicy {
  readonly rules: readonly ActiveRule[];
  readonly suppressions: SuppressionPolicy;
  /** Test code (the configuration's `tests`): its findings carry `test: true`. */
  readonly test: boolean;
}

export interface AnalyzeOptions {
  readonly cwd: string;
  /** The files to check, absolute, in report order (as `discoverFiles` gives them). */
  readonly files: readonly string[];
  /** Where the project's tsconfig.json is looked for from: the first scanned directory. */
  readonly projectStart: string;
  /** The policy of one file (absolute path); asked once per file. */
  readonly policyFor: (file: string) => FilePolicy;
  /** Called after each file, for a progress display. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface Analysis {
  readonly root: string;
  readonly tsconfig?: string;
  readonly findings: readonly Finding[];
  readonly suppressed: readonly SuppressedFinding[];
  readonly errors: readonly FileError[];
  /** Files parsed and checked; files that could not be read or parsed are in `errors` instead. */
  readonly filesScanned: number;
}

/** Marks a test file's findings, so a report shows which were audited as test code. */
function markTest<F extends Finding>(finding: F): F {
  return { ...finding, test: true };
}

/**
 * Checks source files with the rules each file's policy gives. Pure in the sense of the CLI contract: it
 * returns what it found and never prints, exits or reads the clock; unreadable or broken files become `errors`
 * and the rest is checked.
 */
export function analyze(options: AnalyzeOptions): Analysis {
  const project = loadSourceProject(options.cwd, options.projectStart);
  const policies = new Map(options.files.map((file) => [file, options.policyFor(file)]));

  const errors: FileError[] = [];
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  let filesScanned = 0;
  const check = (absolute: string, sourceFile: ts.SourceFile, getTypeChecker: () => ts.TypeChecker) => {
    const file = displayPath(options.cwd, absolute);
    const policy = policies.get(absolute);
    if (!policy) return;
    let result: FileCheckResult;
    try {
      result = checkFile(sourceFile, file, policy.rules, policy.suppressions, getTypeChecker);
    } catch (error) {
      if (!tooDeep(error)) throw error;
      errors.push({ file, message: "cannot be checked: nested too deeply" });
      return;
    }
    filesScanned++;
    findings.push(...(policy.test ? result.findings.map(markTest) : result.findings));
    suppressed.push(...(policy.test ? result.suppressed.map(markTest) : result.suppressed));
  };
  const read = (absolute: string): ts.SourceFile | undefined => {
    const source = readSource(absolute);
    if (source.ok) return source.sourceFile;
    const file = displayPath(options.cwd, absolute);
    errors.push({ file, ...(source.line === undefined ? {} : { line: source.line }), message: source.message });
    return undefined;
  };

  const total = options.files.length;
  const needsTypes = [...policies.values()].some((policy) => policy.rules.some(({ rule }) => rule.meta.requiresTypes));
  if (needsTypes) {
    // The checker needs every file of the program before the first question, so parse all, then check.
    const parsed = new Map<string, ts.SourceFile>();
    for (const absolute of options.files) {
      const sourceFile = read(absolute);
      if (sourceFile) parsed.set(absolute, sourceFile);
    }
    const getTypeChecker = lazyTypeChecker(project.compilerOptions, parsed);
    let done = 0;
    for (const [absolute, sourceFile] of parsed) {
      check(absolute, sourceFile, getTypeChecker);
      options.onProgress?.(++done, parsed.size);
    }
  } else {
    // Without type questions each tree can be dropped as soon as it is checked, keeping memory flat.
    options.files.forEach((absolute, index) => {
      const sourceFile = read(absolute);
      if (sourceFile) check(absolute, sourceFile, typesNotRequested);
      options.onProgress?.(index + 1, total);
    });
  }

  return {
    root: project.root,
    ...(project.tsconfig ? { tsconfig: project.tsconfig } : {}),
    findings,
    suppressed,
    errors,
    filesScanned,
  };
}

function typesNotRequested(): never {
  throw new Error("a rule asked for the type checker without declaring requiresTypes in its meta");
}
