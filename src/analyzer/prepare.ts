import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { contentHash, keyOf, ResultCache, type FileOutcome } from "../cache/index.js";
import { displayPath } from "../paths.js";
import type { FileError, Finding, SuppressedFinding } from "../report/types.js";
import type { ActiveRule, FindingFix, SuppressionPolicy } from "./check-file.js";
import { findTsconfig, tsconfigFingerprint } from "./project-location.js";
import { readSourceBytes } from "./read-bytes.js";
import { mayHaveZones, type ZoneSettings } from "./zone-settings.js";
import type { UnfollowedCall } from "./zones.js";

// The part of a run that needs no compiler: reading and hashing the files, the cache, and putting the results
// together. A run whose every file comes from the cache never loads TypeScript.

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
export function markTest<F extends Finding>(finding: F): F {
  return { ...finding, test: true };
}

export function failed(error: FileError): FileOutcome {
  return { findings: [], suppressed: [], fixes: [], errors: [error], checked: false };
}


/** A run before any file is parsed: what the cache answered, and what is left to check. */
export interface PreparedRun {
  readonly display: (absolute: string) => string;
  readonly policies: ReadonlyMap<string, FilePolicy>;
  readonly bytesOf: ReadonlyMap<string, Buffer>;
  readonly hashes: ReadonlyMap<string, string>;
  readonly zones: ZoneSettings | undefined;
  readonly needsTypes: boolean;
  readonly cache: ResultCache | undefined;
  /** Outcomes known without parsing: files that could not be read, and cache hits. */
  readonly outcomes: Map<string, FileOutcome>;
  readonly toCheck: Set<string>;
  /** Files done so far, for progress. */
  readonly done: number;
  readonly root: string;
  readonly tsconfig: string | undefined;
}

/**
 * What a file's cache entry is keyed by besides the run: its content, and whether it is test code. The
 * configuration is in the run key, but whether a file is a test also depends on the package.json files around it
 * (the default test globs apply inside each workspace package).
 */
export function entryHash(contentHash: string, policy: FilePolicy | undefined): string {
  return policy?.test ? `${contentHash} test` : contentHash;
}

export function prepareRun(options: AnalyzeOptions): PreparedRun {
  const display = (absolute: string) => displayPath(options.cwd, absolute);
  const policies = new Map(options.files.map((file) => [file, options.policyFor(file)]));
  const tsconfig = findTsconfig(options.projectStart);
  // Every file's bytes first: the cache keys on content, and type-aware results on the content of all files.
  const contents = options.files.map((absolute) => ({ absolute, read: readSourceBytes(absolute) }));
  const bytesOf = new Map(contents.flatMap(({ absolute, read }) => (read.ok ? [[absolute, read.bytes] as const] : [])));
  // Zones follow calls with the type checker, so a run with zones is a type-aware run.
  const zones = mayHaveZones(options.zones, bytesOf) ? options.zones : undefined;
  const needsTypes = zones !== undefined || [...policies.values()].some((policy) => policy.rules.some(({ rule }) => rule.meta.requiresTypes));
  const hashes = new Map([...bytesOf].map(([absolute, bytes]) => [absolute, contentHash(bytes)] as const));
  // A type-aware result also depends on the compiler options and on declarations visible everywhere (.d.ts
  // files); the files a file imports are its own dependencies, checked per entry. Zone results span the
  // program: with zones, any change starts over.
  const declarations = [...hashes].filter(([absolute]) => /\.d\.[cm]?ts$/.test(absolute)).map(([, hash]) => hash);
  const programKey = needsTypes ? [tsconfigFingerprint(tsconfig), zones ? [...hashes.values()] : declarations] : null;
  const cache = options.cache ? ResultCache.open(options.cache.directory, keyOf([options.cache.key, options.cwd, programKey])) : undefined;

  const hashByPath = new Map([...hashes].map(([absolute, hash]) => [display(absolute), hash] as const));
  const outcomes = new Map<string, FileOutcome>();
  const total = options.files.length;
  let done = 0;
  const toCheck = new Set<string>();
  for (const { absolute, read } of contents) {
    if (!read.ok) {
      outcomes.set(absolute, failed({ file: display(absolute), message: read.message }));
      options.onProgress?.(++done, total);
      continue;
    }
    const cached = cache?.get(display(absolute), entryHash(hashes.get(absolute) ?? "", policies.get(absolute)), (file) => hashByPath.get(file));
    if (cached) {
      outcomes.set(absolute, cached);
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
  return {
    display,
    policies,
    bytesOf,
    hashes,
    zones,
    needsTypes,
    cache,
    outcomes,
    toCheck,
    done,
    root: tsconfig ? dirname(tsconfig) : options.projectStart,
    tsconfig: tsconfig && display(tsconfig),
  };
}

/** The analysis of a run whose every file came from the cache (or could not be read); undefined otherwise. */
export function cachedAnalysis(options: AnalyzeOptions): Analysis | undefined {
  const run = prepareRun(options);
  if (run.toCheck.size > 0) return undefined;
  return assembleAnalysis(options, run, undefined);
}

/** The results of every file, in the order of `options.files`, as one analysis; saves the cache first. */
export function assembleAnalysis(options: AnalyzeOptions, run: PreparedRun, zoneReport: ZoneReport | undefined): Analysis {
  if (run.cache) {
    run.cache.prune((file) => existsSync(resolve(options.cwd, file)));
    run.cache.save();
  }
  const errors: FileError[] = [];
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const fixes: FileFix[] = [];
  let filesScanned = 0;
  for (const absolute of options.files) {
    const outcome = run.outcomes.get(absolute);
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
    root: run.root,
    ...(run.tsconfig ? { tsconfig: run.tsconfig } : {}),
    findings,
    suppressed,
    errors,
    filesScanned,
    fixes,
    ...(zoneReport ? { zones: zoneReport } : {}),
  };
}
