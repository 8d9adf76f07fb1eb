import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { ts } from "@ts-morph/common";
import type { FileError, Finding, SuppressedFinding } from "../report/types.js";
import { checkFile, type ActiveRule, type FileCheckResult, type FindingFix, type SuppressionPolicy } from "./check-file.js";
import { partition } from "@detkit/runtime/hash";
import { displayPath } from "../paths.js";
import { discoverFiles } from "./files.js";
import { loadSourceProject } from "./project.js";
import { parseSource, readSourceBytes, tooDeep } from "./source.js";
import { contentHash, keyOf, ResultCache, type FileOutcome } from "../cache/index.js";
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
  /**
   * Reuse per-file results of earlier runs stored in `directory`, keyed by each file's content and by `key`
   * (everything else that decides a result: version, rules, severities, suppression policy).
   */
  readonly cache?: { readonly directory: string; readonly key: unknown };
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
  const record = (absolute: string, outcome: FileOutcome) => {
    if (outcome.checked) filesScanned++;
    findings.push(...outcome.findings);
    suppressed.push(...outcome.suppressed);
    errors.push(...outcome.errors);
    for (const { finding, fix } of outcome.fixes) {
      const found = outcome.findings[finding];
      if (found) fixes.push({ finding: found, fix, path: absolute });
    }
  };
  const check = (absolute: string, sourceFile: ts.SourceFile, getTypeChecker: () => ts.TypeChecker): FileOutcome => {
    const file = displayPath(options.cwd, absolute);
    let result: FileCheckResult;
    try {
      result = checkFile(sourceFile, file, options.rules, options.suppressions, getTypeChecker);
    } catch (error) {
      if (!tooDeep(error)) throw error;
      return failed({ file, message: "cannot be checked: nested too deeply" });
    }
    return {
      findings: result.findings,
      suppressed: result.suppressed,
      fixes: result.fixes.map(({ finding, fix }) => ({ finding: result.findings.indexOf(finding), fix })),
      errors: [],
      checked: true,
    };
  };
  const parse = (absolute: string, bytes: Buffer): ts.SourceFile | FileOutcome => {
    const source = parseSource(absolute, bytes);
    if (source.ok) return source.sourceFile;
    const file = displayPath(options.cwd, absolute);
    return failed({ file, ...(source.line === undefined ? {} : { line: source.line }), message: source.message });
  };

  const needsTypes = options.rules.some(({ rule }) => rule.meta.requiresTypes);
  // Every file's bytes first: the cache keys on content, and type-aware results on the content of all files.
  const contents = files.map((absolute) => ({ absolute, read: readSourceBytes(absolute) }));
  const hashes = new Map(contents.flatMap(({ absolute, read }) => (read.ok ? [[absolute, contentHash(read.bytes)] as const] : [])));
  const cache = options.cache
    ? ResultCache.open(
        options.cache.directory,
        keyOf([options.cache.key, options.cwd, shard ?? null, needsTypes ? [project.compilerOptions, [...hashes.values()]] : null]),
      )
    : undefined;
  const store = (absolute: string, outcome: FileOutcome) => {
    const hash = hashes.get(absolute);
    if (cache && hash !== undefined) cache.set(displayPath(options.cwd, absolute), hash, outcome);
    record(absolute, outcome);
  };

  const total = files.length;
  let done = 0;
  const toCheck: { absolute: string; bytes: Buffer }[] = [];
  for (const { absolute, read } of contents) {
    if (!read.ok) {
      record(absolute, failed({ file: displayPath(options.cwd, absolute), message: read.message }));
      options.onProgress?.(++done, total);
      continue;
    }
    const cached = cache?.get(displayPath(options.cwd, absolute), hashes.get(absolute) ?? "");
    if (cached) {
      record(absolute, cached);
      options.onProgress?.(++done, total);
    } else {
      toCheck.push({ absolute, bytes: read.bytes });
    }
  }

  if (needsTypes) {
    // The checker needs the program before the first question, so parse all, then check. Files not parsed
    // here (cached ones) are read from disk by the compiler host when an import needs them.
    const parsed = new Map<string, ts.SourceFile>();
    for (const { absolute, bytes } of toCheck) {
      const sourceFile = parse(absolute, bytes);
      if ("kind" in sourceFile) parsed.set(absolute, sourceFile);
      else store(absolute, sourceFile);
    }
    const getTypeChecker = lazyTypeChecker(project.compilerOptions, parsed);
    for (const [absolute, sourceFile] of parsed) {
      store(absolute, check(absolute, sourceFile, getTypeChecker));
      options.onProgress?.(++done, total);
    }
  } else {
    // Without type questions each tree can be dropped as soon as it is checked, keeping memory flat.
    for (const { absolute, bytes } of toCheck) {
      const sourceFile = parse(absolute, bytes);
      store(absolute, "kind" in sourceFile ? check(absolute, sourceFile, typesNotRequested) : sourceFile);
      options.onProgress?.(++done, total);
    }
  }
  if (cache) {
    cache.prune((file) => existsSync(resolve(options.cwd, file)));
    cache.save();
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

function failed(error: FileError): FileOutcome {
  return { findings: [], suppressed: [], fixes: [], errors: [error], checked: false };
}

function typesNotRequested(): never {
  throw new Error("a rule asked for the type checker without declaring requiresTypes in its meta");
}
