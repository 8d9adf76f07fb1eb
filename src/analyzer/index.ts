import type { ts } from "@ts-morph/common";
import type { Category } from "../../rules/types.js";
import type { FileError, Finding, SuppressedFinding } from "../report/types.js";
import { checkFile, type ActiveRule, type FileCheckResult } from "./check-file.js";
import { displayPath } from "../paths.js";
import { discoverFiles } from "./files.js";
import { loadProject } from "./project.js";
import { readSource, tooDeep } from "./source.js";
import type { Suppression } from "./suppressions.js";
import { lazyTypeChecker } from "./type-checker.js";

export type { ActiveRule };

export interface AnalyzeOptions {
  readonly cwd: string;
  /** Files or directories to scan, relative to `cwd`; empty means `cwd`. */
  readonly paths: readonly string[];
  readonly rules: readonly ActiveRule[];
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  /** Called after each file, for a progress display. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface UnusedSuppression extends Suppression {
  readonly file: string;
}

export interface ReasonlessSuppression extends UnusedSuppression {
  /** The category of the first finding it hid. */
  readonly category: Category;
}

export interface Analysis {
  readonly root: string;
  readonly tsconfig?: string;
  readonly findings: readonly Finding[];
  readonly suppressed: readonly SuppressedFinding[];
  readonly errors: readonly FileError[];
  /** Files parsed and checked; files that could not be read or parsed are in `errors` instead. */
  readonly filesScanned: number;
  readonly unusedSuppressions: readonly UnusedSuppression[];
  readonly suppressionsWithoutReason: readonly ReasonlessSuppression[];
}

/**
 * Scans source files with the given rules. Pure in the sense of the CLI contract: it returns what it found and
 * never prints, exits or reads the clock; unreadable or broken files become `errors` and the rest is scanned.
 */
export function analyze(options: AnalyzeOptions): Analysis {
  const project = loadProject(options.cwd, options.paths);
  const discovery = discoverFiles({
    cwd: options.cwd,
    root: project.root,
    paths: project.paths,
    ...(options.include ? { include: options.include } : {}),
    ...(options.exclude ? { exclude: options.exclude } : {}),
  });

  const errors: FileError[] = [...discovery.errors];
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const unusedSuppressions: UnusedSuppression[] = [];
  const suppressionsWithoutReason: ReasonlessSuppression[] = [];
  let filesScanned = 0;
  const check = (absolute: string, sourceFile: ts.SourceFile, getTypeChecker: () => ts.TypeChecker) => {
    const file = displayPath(options.cwd, absolute);
    let result: FileCheckResult;
    try {
      result = checkFile(sourceFile, file, options.rules, getTypeChecker);
    } catch (error) {
      if (!tooDeep(error)) throw error;
      errors.push({ file, message: "cannot be checked: nested too deeply" });
      return;
    }
    filesScanned++;
    findings.push(...result.findings);
    suppressed.push(...result.suppressed);
    unusedSuppressions.push(...result.unusedSuppressions.map((suppression) => ({ ...suppression, file })));
    suppressionsWithoutReason.push(...result.suppressionsWithoutReason.map((suppression) => ({ ...suppression, file })));
  };
  const read = (absolute: string): ts.SourceFile | undefined => {
    const source = readSource(absolute);
    if (source.ok) return source.sourceFile;
    const file = displayPath(options.cwd, absolute);
    errors.push({ file, ...(source.line === undefined ? {} : { line: source.line }), message: source.message });
    return undefined;
  };

  const total = discovery.files.length;
  if (options.rules.some(({ rule }) => rule.meta.requiresTypes)) {
    // The checker needs every file of the program before the first question, so parse all, then check.
    const parsed = new Map<string, ts.SourceFile>();
    for (const absolute of discovery.files) {
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
    discovery.files.forEach((absolute, index) => {
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
    unusedSuppressions,
    suppressionsWithoutReason,
  };
}

function typesNotRequested(): never {
  throw new Error("a rule asked for the type checker without declaring requiresTypes in its meta");
}
