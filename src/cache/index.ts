import { createHash } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { SourceFix } from "../../rules/util/types.js";
import { compareStrings } from "@detkit/runtime/collections";
import { writeFileAtomic } from "../atomic-write.js";
import { isRecord } from "../json-document/file.js";
import type { FileError, Finding, SuppressedFinding } from "../report/types.js";

/** What checking one file gave: its findings, or the error that stopped it. Plain data, so it can be stored. */
export interface FileOutcome {
  readonly findings: readonly Finding[];
  readonly suppressed: readonly SuppressedFinding[];
  /** Fixes by the index of their finding in `findings`. */
  readonly fixes: readonly { readonly finding: number; readonly fix: SourceFix }[];
  readonly errors: readonly FileError[];
  /** Whether the file was checked (false when it could not be read or parsed). */
  readonly checked: boolean;
}

interface CacheEntry {
  readonly hash: string;
  readonly outcome: FileOutcome;
  /** The files the result depended on besides the file itself. */
  readonly dependencies: readonly string[];
  /** One hash of those files' content hashes, so that checking them costs one comparison. */
  readonly digest: string;
}

/** A hash of the content hashes of `paths`, in their order; a file without a hash counts as missing. */
function dependencyDigest(paths: readonly string[], hashOf: (path: string) => string | undefined): string {
  const hash = createHash("sha256");
  for (const path of paths) hash.update(`${path}\0${hashOf(path) ?? "missing"}\0`);
  return hash.digest("hex");
}

const CACHE_FILE = "analysis.json";
const FORMAT = 2;

export function contentHash(content: Uint8Array | string): string {
  return createHash("sha256").update(content).digest("hex");
}

/** A key from anything JSON: the run's configuration, rule set, version and so on. */
export function keyOf(value: unknown): string {
  // detkit-disable-next-line no-json-stringify-identity -- a key written in another order only misses the cache, which then rebuilds; it never gives a wrong result
  return contentHash(JSON.stringify(value));
}

/**
 * Per-file results of earlier runs, keyed by the file's content and everything else that decides them (the
 * run key: detkit's version, the rules and their severities, the suppression policy, the working directory,
 * and for type-aware rules the content of every file in the program). Stored as one JSON file written
 * atomically at the end of a run. A cache that cannot be read, does not parse or has the wrong shape is
 * ignored and rebuilt, never trusted: only an entry whose shape checks out is used.
 */
export class ResultCache {
  private readonly entries: Map<string, CacheEntry>;
  private changed = false;

  private constructor(
    private readonly directory: string,
    private readonly runKey: string,
    entries: Map<string, CacheEntry>,
  ) {
    this.entries = entries;
  }

  static open(directory: string, runKey: string): ResultCache {
    return new ResultCache(directory, runKey, readEntries(join(directory, CACHE_FILE), runKey));
  }

  /**
   * The stored outcome of `path`, when the file and every file its result depended on (the files whose exports
   * its check consulted, and theirs in turn) still have the content they had then; `hash` is the file's own
   * key now (see `entryHash`), `hashOf` gives a file's content hash now, undefined when it is not part of this run.
   */
  get(path: string, hash: string, hashOf: (path: string) => string | undefined): FileOutcome | undefined {
    const entry = this.entries.get(path);
    if (entry === undefined || entry.hash !== hash) return undefined;
    return dependencyDigest(entry.dependencies, hashOf) === entry.digest ? entry.outcome : undefined;
  }

  /** The files a stored result depended on, or undefined when there is no entry for `path`. */
  dependenciesOf(path: string): string[] | undefined {
    const entry = this.entries.get(path);
    return entry && [...entry.dependencies];
  }

  /** Stores a file's outcome with its content hash and the content hashes of the files it depended on. */
  set(path: string, hash: string, outcome: FileOutcome, dependencies: Readonly<Record<string, string>> = {}): void {
    const paths = Object.keys(dependencies).sort(compareStrings);
    this.entries.set(path, { hash, outcome, dependencies: paths, digest: dependencyDigest(paths, (dependency) => dependencies[dependency]) });
    this.changed = true;
  }

  /** Drops the entries of files that no longer exist, so deleted files do not accumulate. */
  prune(exists: (path: string) => boolean): void {
    for (const path of [...this.entries.keys()]) {
      if (!exists(path)) {
        this.entries.delete(path);
        this.changed = true;
      }
    }
  }

  /** Writes the cache if anything changed; a cache that cannot be written is not worth failing the run. */
  save(): void {
    if (!this.changed) return;
    // Dependencies are written as indexes into one list of paths: the same files recur in most entries.
    const paths = [...new Set([...this.entries.values()].flatMap((entry) => entry.dependencies))].sort(compareStrings);
    const indexOf = new Map(paths.map((path, index) => [path, index]));
    const files: Record<string, unknown> = {};
    for (const path of [...this.entries.keys()].sort(compareStrings)) {
      const entry = this.entries.get(path);
      if (entry) files[path] = { ...entry, dependencies: entry.dependencies.map((dependency) => indexOf.get(dependency)) };
    }
    try {
      mkdirSync(this.directory, { recursive: true });
      writeFileAtomic(join(this.directory, CACHE_FILE), JSON.stringify({ format: FORMAT, runKey: this.runKey, paths, files }));
    } catch {
      // The next run rebuilds what this one could not store.
    }
  }
}

function readEntries(path: string, runKey: string): Map<string, CacheEntry> {
  const entries = new Map<string, CacheEntry>();
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return entries;
  }
  if (!isRecord(document) || document.format !== FORMAT || document.runKey !== runKey || !isRecord(document.files)) return entries;
  const { paths } = document;
  if (!Array.isArray(paths) || !paths.every((path): path is string => typeof path === "string")) return entries;
  for (const [file, entry] of Object.entries(document.files)) {
    if (!isRecord(entry) || typeof entry.hash !== "string" || typeof entry.digest !== "string" || !isOutcome(entry.outcome)) continue;
    const dependencies = Array.isArray(entry.dependencies) ? entry.dependencies.map((index) => (typeof index === "number" ? paths[index] : undefined)) : [undefined];
    if (dependencies.every((path): path is string => path !== undefined)) {
      entries.set(file, { hash: entry.hash, outcome: entry.outcome, dependencies, digest: entry.digest });
    }
  }
  return entries;
}

function isFindingLike(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value.ruleId === "string" &&
    typeof value.file === "string" &&
    typeof value.line === "number" &&
    typeof value.column === "number" &&
    typeof value.message === "string"
  );
}

function isOutcome(value: unknown): value is FileOutcome {
  if (!isRecord(value)) return false;
  const { findings, suppressed, fixes, errors, checked } = value;
  return (
    typeof checked === "boolean" &&
    Array.isArray(findings) &&
    findings.every(isFindingLike) &&
    Array.isArray(suppressed) &&
    suppressed.every((item) => isFindingLike(item) && isRecord(item) && typeof item.reason === "string") &&
    Array.isArray(errors) &&
    errors.every((item) => isRecord(item) && typeof item.file === "string" && typeof item.message === "string") &&
    Array.isArray(fixes) &&
    fixes.every(
      (item) =>
        isRecord(item) &&
        typeof item.finding === "number" &&
        item.finding >= 0 &&
        item.finding < findings.length &&
        isRecord(item.fix) &&
        Array.isArray(item.fix.edits),
    )
  );
}
