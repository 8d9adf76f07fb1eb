import type { ts } from "ts-morph";
import type { FileError, Finding, SuppressedFinding } from "../report/types.js";
import { checkFile, type ActiveRule, type FileCheckResult, type FindingFix, type SuppressionPolicy } from "./check-file.js";
import { partition } from "../../wrappers/hash.js";
import { displayPath } from "../paths.js";
import { discoverFiles } from "./files.js";
import { loadSourceProject } from "./project.js";
import { readSource, tooDeep } from "./source.js";
import { lazyTypeChecker } from "./type-checker.js";

export type { ActiveRule, FindingFix, SuppressionPolicy };


/** A fix offered for an unsuppressed finding, with the absolute path of its file. */
export interface FileFix extends FindingFix {
  readonly path: string;
}

export interface AnalyzeOptions {
  readonly cwd: string;
  /** Files or directories to scan, relative to `cwd`; empty means `cwd`. */
  readonly paths: readonly string[];
  readonly rules: readonly ActiveRule[];
  readonly suppressions: SuppressionPolicy;
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  /** Called after each file, for a progress display. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Check only this shard of the files (`--shard index/count`, 1-based). */
  readonly shard?: Shard;
}

export interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

/**
 * Whether a file (relative to the project root, `/` separators) belongs to a shard: jump consistent hashing of
 * the path, so every machine splits alike, a new file moves no other, and a new shard count moves few.
 */
export function inShard(relativePath: string, shard: Shard): boolean {
  return partition(relativePath, shard.count) === shard.index - 1;
}

export interface Analysis {
  readonly root: string;
  readonly tsconfig?: string;
  readonly findings: readonly Finding[];
  readonly suppressed: readonly SuppressedFinding[];
  readonly errors: readonly FileError[];
  /** Files parsed and checked; files that could not be read or parsed are in `errors` instead. */
  readonly filesScanned: number;
  /** Fixes the rules offered for unsuppressed findings, for `--fix`. */
  readonly fixes: readonly FileFix[];
}

/**
 * Scans source files with the given rules. Pure in the sense of the CLI contract: it returns what it found and
 * never prints, exits or reads the clock; unreadable or broken files become `errors` and the rest is scanned.
 */
export function analyze(options: AnalyzeOptions): Analysis {
  const project = loadSourceProject(options.cwd, options.paths);
  const discovery = discoverFiles({
    cwd: options.cwd,
    root: project.root,
    paths: project.paths,
    ...(options.include ? { include: options.include } : {}),
    ...(options.exclude ? { exclude: options.exclude } : {}),
  });

  const { shard } = options;
  const files = shard ? discovery.files.filter((absolute) => inShard(displayPath(project.root, absolute), shard)) : discovery.files;
  const errors: FileError[] = [...discovery.errors];
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const fixes: FileFix[] = [];
  let filesScanned = 0;
  const check = (absolute: string, sourceFile: ts.SourceFile, getTypeChecker: () => ts.TypeChecker) => {
    const file = displayPath(options.cwd, absolute);
    let result: FileCheckResult;
    try {
      result = checkFile(sourceFile, file, options.rules, options.suppressions, getTypeChecker);
    } catch (error) {
      if (!tooDeep(error)) throw error;
      errors.push({ file, message: "cannot be checked: nested too deeply" });
      return;
    }
    filesScanned++;
    findings.push(...result.findings);
    suppressed.push(...result.suppressed);
    fixes.push(...result.fixes.map((fix) => ({ ...fix, path: absolute })));
  };
  const read = (absolute: string): ts.SourceFile | undefined => {
    const source = readSource(absolute);
    if (source.ok) return source.sourceFile;
    const file = displayPath(options.cwd, absolute);
    errors.push({ file, ...(source.line === undefined ? {} : { line: source.line }), message: source.message });
    return undefined;
  };

  const total = files.length;
  if (options.rules.some(({ rule }) => rule.meta.requiresTypes)) {
    // The checker needs every file of the program before the first question, so parse all, then check.
    const parsed = new Map<string, ts.SourceFile>();
    for (const absolute of files) {
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
    files.forEach((absolute, index) => {
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
    fixes,
  };
}

function typesNotRequested(): never {
  throw new Error("a rule asked for the type checker without declaring requiresTypes in its meta");
}
