import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { ts } from "@ts-morph/common";
import { contentHash, keyOf, ResultCache, type FileOutcome } from "../cache/index.js";
import { displayPath } from "../paths.js";
import type { FileError, Finding, SuppressedFinding } from "../report/types.js";
import { checkFile, type ActiveRule, type FileCheckResult, type FindingFix, type SuppressionPolicy } from "./check-file.js";
import { ModuleGraph } from "./module-graph.js";
import type { ZoneSettings } from "./zone-settings.js";
import { applyZones, mayHaveZones, type UnfollowedCall } from "./zones.js";
import { loadSourceProject } from "./project.js";
import { parseSource, readSourceBytes, tooDeep } from "./source.js";
import { lazyTypeChecker } from "./type-checker.js";

export type { ActiveRule, FindingFix, SuppressionPolicy };
export { inShard, type Shard } from "./shard.js";

/** A fix offered for an unsuppressed finding, with the absolute path of its file. */
export interface FileFix extends FindingFix {
  readonly path: string;
}

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
  /**
   * Reuse per-file results of earlier runs stored in `directory`, keyed by each file's content and by `key`
   * (everything else that decides a result: version, configuration, rules, suppression settings).
   */
  readonly cache?: { readonly directory: string; readonly key: unknown };
  /** Deterministic zones: where they are and what is advisory outside them. */
  readonly zones?: ZoneSettings;
}

/** What the zone walk saw, for `--explain`; absent when zones did not apply or the results came from the cache. */
export interface ZoneReport {
  readonly entries: readonly string[];
  readonly unfollowed: readonly UnfollowedCall[];
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
  readonly zones?: ZoneReport;
}


/** Marks a test file's findings, so a report shows which were audited as test code. */
function markTest<F extends Finding>(finding: F): F {
  return { ...finding, test: true };
}

function failed(error: FileError): FileOutcome {
  return { findings: [], suppressed: [], fixes: [], errors: [error], checked: false };
}

/**
 * Checks source files with the rules each file's policy gives. Pure in the sense of the CLI contract: it
 * returns what it found and never prints, exits or reads the clock; unreadable or broken files become `errors`
 * and the rest is checked.
 */
export function analyze(options: AnalyzeOptions): Analysis {
  const project = loadSourceProject(options.cwd, options.projectStart);
  const policies = new Map(options.files.map((file) => [file, options.policyFor(file)]));
  const display = (absolute: string) => displayPath(options.cwd, absolute);

  const outcomes = new Map<string, FileOutcome>();
  const record = (absolute: string, outcome: FileOutcome) => {
    outcomes.set(absolute, outcome);
  };

  // Every file's bytes first: the cache keys on content, and type-aware results on the content of all files.
  const contents = options.files.map((absolute) => ({ absolute, read: readSourceBytes(absolute) }));
  const bytesOf = new Map(contents.flatMap(({ absolute, read }) => (read.ok ? [[absolute, read.bytes] as const] : [])));
  // Zones follow calls with the type checker, so a run with zones is a type-aware run.
  const zones = mayHaveZones(options.zones, bytesOf) ? options.zones : undefined;
  const needsTypes = zones !== undefined || [...policies.values()].some((policy) => policy.rules.some(({ rule }) => rule.meta.requiresTypes));
  const hashes = new Map([...bytesOf].map(([absolute, bytes]) => [absolute, contentHash(bytes)] as const));
  const cache = options.cache
    ? ResultCache.open(
        options.cache.directory,
        keyOf([options.cache.key, options.cwd, needsTypes ? [project.compilerOptions, [...hashes.values()]] : null]),
      )
    : undefined;

  // Exports of every scanned file, for following an alias from the file that declares it into the files that
  // use it. Type-aware runs parse every file up front; otherwise a file another file asks about is parsed early
  // and handed over at its turn, so no file is parsed twice.
  let parsed: Map<string, ts.SourceFile> | undefined;
  const parse = (absolute: string): ts.SourceFile | FileOutcome => {
    const bytes = bytesOf.get(absolute);
    if (bytes === undefined) return failed({ file: display(absolute), message: "cannot read file" });
    const source = parseSource(absolute, bytes);
    if (source.ok) return source.sourceFile;
    return failed({ file: display(absolute), ...(source.line === undefined ? {} : { line: source.line }), message: source.message });
  };
  const graph = new ModuleGraph(
    options.files,
    (absolute) => {
      const known = parsed?.get(absolute);
      if (known) return known;
      const sourceFile = parse(absolute);
      return "kind" in sourceFile ? sourceFile : undefined;
    },
    display,
  );

  const check = (absolute: string, sourceFile: ts.SourceFile, getTypeChecker: () => ts.TypeChecker): FileOutcome => {
    const file = display(absolute);
    const policy = policies.get(absolute);
    if (!policy) return { findings: [], suppressed: [], fixes: [], errors: [], checked: false };
    let result: FileCheckResult;
    try {
      const resolver = graph.resolverFor(absolute, sourceFile);
      result = checkFile(sourceFile, file, policy.rules, policy.suppressions, getTypeChecker, resolver);
    } catch (error) {
      if (!tooDeep(error)) throw error;
      return failed({ file, message: "cannot be checked: nested too deeply" });
    } finally {
      graph.release(absolute);
    }
    const marked = policy.test ? result.findings.map(markTest) : result.findings;
    return {
      findings: marked,
      suppressed: policy.test ? result.suppressed.map(markTest) : result.suppressed,
      fixes: result.fixes.map(({ finding, fix }) => ({ finding: result.findings.indexOf(finding), fix })),
      errors: [],
      checked: true,
    };
  };

  const total = options.files.length;
  let done = 0;
  const toCheck = new Set<string>();
  for (const { absolute, read } of contents) {
    if (!read.ok) {
      record(absolute, failed({ file: display(absolute), message: read.message }));
      options.onProgress?.(++done, total);
      continue;
    }
    const cached = cache?.get(display(absolute), (file) => hashes.get(resolve(options.cwd, file)));
    if (cached) {
      record(absolute, cached);
      options.onProgress?.(++done, total);
    } else {
      toCheck.add(absolute);
    }
  }

  // Zone results span files: either every file comes from the cache (stored after zones were applied) or none.
  if (zones && toCheck.size > 0) {
    for (const { absolute, read } of contents) {
      if (read.ok && !toCheck.has(absolute)) {
        toCheck.add(absolute);
        done--;
      }
    }
  }

  let zoneReport: ZoneReport | undefined;
  const checked = new Set<string>();
  const visit = (absolute: string, getTypeChecker: () => ts.TypeChecker) => {
    if (checked.has(absolute) || !toCheck.has(absolute)) {
      // A file the graph parsed early that was already checked, or whose result came from the cache.
      graph.release(absolute);
      return;
    }
    checked.add(absolute);
    const sourceFile = graph.heldTree(absolute) ?? parsed?.get(absolute) ?? parse(absolute);
    record(absolute, "kind" in sourceFile ? check(absolute, sourceFile, getTypeChecker) : sourceFile);
    options.onProgress?.(++done, total);
  };
  if (needsTypes) {
    // The checker needs the program before the first question, so parse all, then check. Files not parsed
    // here (cached ones) are read from disk by the compiler host when an import needs them.
    const all = new Map<string, ts.SourceFile>();
    for (const absolute of toCheck) {
      const sourceFile = parse(absolute);
      if ("kind" in sourceFile) all.set(absolute, sourceFile);
      else {
        checked.add(absolute);
        record(absolute, sourceFile);
        options.onProgress?.(++done, total);
      }
    }
    parsed = all;
    const getTypeChecker = lazyTypeChecker(project.compilerOptions, all);
    for (const absolute of all.keys()) visit(absolute, getTypeChecker);
    if (zones && all.size > 0) {
      const outcome = applyZones({
        sourceFiles: all,
        findings: new Map([...all.keys()].map((absolute) => [absolute, outcomes.get(absolute)?.findings ?? []])),
        checker: getTypeChecker(),
        settings: zones,
        display,
      });
      zoneReport = { entries: outcome.entries, unfollowed: outcome.unfollowed };
      for (const [absolute, refiled] of outcome.findings) {
        const before = outcomes.get(absolute);
        if (before) outcomes.set(absolute, withFindings(before, refiled));
      }
    }
  } else {
    // Without type questions each tree can be dropped as soon as it is checked, keeping memory flat. A file
    // another file's check had to parse early (to learn its exports) is checked next, so that few trees wait.
    for (const absolute of toCheck) {
      visit(absolute, typesNotRequested);
      for (let early = graph.nextEarlyTree(); early !== undefined; early = graph.nextEarlyTree()) visit(early, typesNotRequested);
    }
  }

  if (cache) {
    // A file's result depends on the files whose exports its check (or theirs, in turn) consulted: it is
    // stored with their content hashes, and reused only while every one of them is unchanged.
    for (const absolute of checked) {
      const outcome = outcomes.get(absolute);
      const hash = hashes.get(absolute);
      if (!outcome || hash === undefined) continue;
      const dependencies = graph.dependencyClosure(absolute, (file) => cache.dependenciesOf(display(file))?.map((path) => resolve(options.cwd, path)));
      cache.set(display(absolute), hash, outcome, Object.fromEntries(dependencies.flatMap((file) => {
        const dependencyHash = hashes.get(file);
        return dependencyHash === undefined ? [] : [[display(file), dependencyHash]];
      })));
    }
    cache.prune((file) => existsSync(resolve(options.cwd, file)));
    cache.save();
  }

  const errors: FileError[] = [];
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const fixes: FileFix[] = [];
  let filesScanned = 0;
  for (const absolute of options.files) {
    const outcome = outcomes.get(absolute);
    if (!outcome) continue;
    if (outcome.checked) filesScanned++;
    findings.push(...outcome.findings);
    suppressed.push(...outcome.suppressed);
    errors.push(...outcome.errors);
    for (const { finding, fix } of outcome.fixes) {
      const found = outcome.findings[finding];
      if (found) fixes.push({ finding: found, fix, path: absolute });
    }
  }

  return {
    root: project.root,
    ...(project.tsconfig ? { tsconfig: project.tsconfig } : {}),
    findings,
    suppressed,
    errors,
    filesScanned,
    fixes,
    ...(zoneReport ? { zones: zoneReport } : {}),
  };
}

/**
 * A file's outcome with the findings zones re-filed: a fix stays with its finding, or with the first traced copy
 * of it (same place, same text).
 */
function withFindings(outcome: FileOutcome, refiled: readonly Finding[]): FileOutcome {
  const indexOf = (finding: Finding) =>
    refiled.findIndex((candidate) => candidate.line === finding.line && candidate.column === finding.column && candidate.ruleId === finding.ruleId);
  const fixes = outcome.fixes.flatMap(({ finding, fix }) => {
    const original = outcome.findings[finding];
    const index = original ? indexOf(original) : -1;
    return index < 0 ? [] : [{ finding: index, fix }];
  });
  return { ...outcome, findings: refiled, fixes };
}

function typesNotRequested(): never {
  throw new Error("a rule asked for the type checker without declaring requiresTypes in its meta");
}
