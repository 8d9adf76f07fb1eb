import type { ts } from "ts-morph";
import type { FileError, Finding, SuppressedFinding } from "../report/types.js";
import { checkFile, type ActiveRule, type FileCheckResult, type SuppressionPolicy } from "./check-file.js";
import { displayPath } from "../paths.js";
import { discoverFiles } from "./files.js";
import { ModuleGraph } from "./module-graph.js";
import { loadSourceProject } from "./project.js";
import { readSource, tooDeep } from "./source.js";
import { lazyTypeChecker } from "./type-checker.js";

export type { ActiveRule, SuppressionPolicy };

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

  const errors: FileError[] = [...discovery.errors];
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  let filesScanned = 0;
  // Exports of every scanned file, for following an alias from the file that declares it into the files that
  // use it. `parsed` is set when every file was parsed up front; otherwise files another file asks about are
  // parsed early and handed over at their turn, so no file is parsed twice.
  let parsed: Map<string, ts.SourceFile> | undefined;
  const graph = new ModuleGraph(
    discovery.files,
    (absolute) => {
      if (parsed) return parsed.get(absolute);
      const source = readSource(absolute);
      return source.ok ? source.sourceFile : undefined;
    },
    (absolute) => displayPath(options.cwd, absolute),
  );
  const check = (absolute: string, sourceFile: ts.SourceFile, getTypeChecker: () => ts.TypeChecker) => {
    const file = displayPath(options.cwd, absolute);
    let result: FileCheckResult;
    try {
      const resolver = graph.resolverFor(absolute, sourceFile);
      result = checkFile(sourceFile, file, options.rules, options.suppressions, getTypeChecker, resolver);
    } catch (error) {
      if (!tooDeep(error)) throw error;
      errors.push({ file, message: "cannot be checked: nested too deeply" });
      return;
    } finally {
      graph.release(absolute);
    }
    filesScanned++;
    findings.push(...result.findings);
    suppressed.push(...result.suppressed);
  };
  const read = (absolute: string): ts.SourceFile | undefined => {
    const held = graph.heldTree(absolute);
    if (held) return held;
    const source = readSource(absolute);
    if (source.ok) return source.sourceFile;
    const file = displayPath(options.cwd, absolute);
    errors.push({ file, ...(source.line === undefined ? {} : { line: source.line }), message: source.message });
    return undefined;
  };

  const total = discovery.files.length;
  if (options.rules.some(({ rule }) => rule.meta.requiresTypes)) {
    // The checker needs every file of the program before the first question, so parse all, then check.
    const all = new Map<string, ts.SourceFile>();
    for (const absolute of discovery.files) {
      const sourceFile = read(absolute);
      if (sourceFile) all.set(absolute, sourceFile);
    }
    parsed = all;
    const getTypeChecker = lazyTypeChecker(project.compilerOptions, all);
    let done = 0;
    for (const [absolute, sourceFile] of all) {
      check(absolute, sourceFile, getTypeChecker);
      options.onProgress?.(++done, all.size);
    }
  } else {
    // Without type questions each tree can be dropped as soon as it is checked, keeping memory flat. A file
    // another file's check had to parse early (to learn its exports) is checked next, so that few trees wait.
    const checked = new Set<string>();
    const visit = (absolute: string) => {
      if (checked.has(absolute)) {
        graph.release(absolute);
        return;
      }
      checked.add(absolute);
      const sourceFile = read(absolute);
      if (sourceFile) check(absolute, sourceFile, typesNotRequested);
      options.onProgress?.(checked.size, total);
    };
    for (const absolute of discovery.files) {
      visit(absolute);
      for (let early = graph.nextEarlyTree(); early !== undefined; early = graph.nextEarlyTree()) visit(early);
    }
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
