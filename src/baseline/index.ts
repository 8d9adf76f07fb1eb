import { existsSync } from "node:fs";
import { dirname, relative, resolve, sep } from "node:path";
import { compareStrings } from "@detkit/runtime/collections";
import { writeFileAtomic } from "../atomic-write.js";
import { messageOf, UsageError } from "../errors.js";
import { readJsonObjectFile, shapeError } from "../json-document/file.js";
import { getProperty, type JsonNode } from "../json-document/parse.js";
import type { Finding, SuppressedFinding } from "../report/types.js";

/**
 * A baseline: the findings a team has recorded as known, so that a legacy codebase can adopt detkit and fail
 * only on new findings. Entries are matched by file (relative to the baseline's folder, so any working
 * directory works), rule and position-free fingerprint, never by line.
 */
export interface Baseline {
  /** As the user named it, for messages and suppression reasons. */
  readonly file: string;
  /** Absolute directory entries' files are relative to. */
  readonly directory: string;
  readonly entries: readonly BaselineEntry[];
}

export interface BaselineEntry {
  readonly file: string;
  readonly ruleId: string;
  readonly fingerprint: string;
  /** What the finding said when it was recorded: for the reader of the file, not for matching. */
  readonly message: string;
}

const FORMAT_VERSION = 1;
const ENTRY_KEYS = ["file", "ruleId", "fingerprint", "message"] as const;

function entryKey(entry: { readonly file: string; readonly ruleId: string; readonly fingerprint: string }): string {
  return `${entry.file}\0${entry.ruleId}\0${entry.fingerprint}`;
}

function stringAt(node: JsonNode, path: string[], file: string): string {
  if (node.kind !== "string" || node.value === "") throw shapeError(file, node, path, "a non-empty string");
  return node.value;
}

/** Reads a baseline; a missing or malformed one is a UsageError naming the file and the problem. */
export function readBaseline(cwd: string, shown: string): Baseline {
  const path = resolve(cwd, shown);
  if (!existsSync(path)) {
    throw new UsageError(`baseline file not found: ${shown} (create it with --update-baseline)`);
  }
  const { root } = readJsonObjectFile(path, shown);
  const version = getProperty(root, "version");
  if (!version || version.value.kind !== "number" || version.value.value !== FORMAT_VERSION) {
    throw new UsageError(`${shown}: not a detkit baseline of version ${FORMAT_VERSION} (expected "version": ${FORMAT_VERSION})`);
  }
  const findings = getProperty(root, "findings");
  if (!findings || findings.value.kind !== "array") {
    throw new UsageError(`${shown}: a detkit baseline needs "findings": [ … ]`);
  }
  const entries = findings.value.items.map((item, index): BaselineEntry => {
    const path = ["findings", String(index)];
    if (item.kind !== "object") throw shapeError(shown, item, path, "an object");
    const value = (key: (typeof ENTRY_KEYS)[number]) => {
      const property = getProperty(item, key);
      if (!property) throw new UsageError(`${shown}:${item.line}:${item.column}: findings[${index}] lacks "${key}"`);
      return stringAt(property.value, [...path, key], shown);
    };
    return { file: value("file"), ruleId: value("ruleId"), fingerprint: value("fingerprint"), message: value("message") };
  });
  return { file: shown, directory: dirname(path), entries };
}

/** A finding's file as the baseline names it: relative to the baseline's folder, with `/`. */
function baselineFile(cwd: string, directory: string, finding: Finding): string {
  return relative(directory, resolve(cwd, finding.file)).split(sep).join("/");
}

export interface BaselineMatch {
  readonly findings: Finding[];
  /** Findings the baseline records, with the baseline named as the reason. */
  readonly suppressed: SuppressedFinding[];
  /** Entries no finding matched any more: fixed or gone; `--update-baseline` drops them. */
  readonly stale: number;
}

/** Moves the findings a baseline records to `suppressed`. */
export function applyBaseline(findings: readonly Finding[], baseline: Baseline, cwd: string): BaselineMatch {
  const recorded = new Set(baseline.entries.map(entryKey));
  const matched = new Set<string>();
  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const finding of findings) {
    const key =
      finding.fingerprint === undefined
        ? undefined
        : entryKey({ file: baselineFile(cwd, baseline.directory, finding), ruleId: finding.ruleId, fingerprint: finding.fingerprint });
    if (key !== undefined && recorded.has(key)) {
      matched.add(key);
      suppressed.push({ ...finding, reason: `recorded in the baseline ${baseline.file}` });
    } else {
      kept.push(finding);
    }
  }
  return { findings: kept, suppressed, stale: recorded.size - matched.size };
}

/** The baseline text that records exactly these findings; sorted, so it diffs well in review. */
export function baselineText(findings: readonly Finding[], cwd: string, directory: string): string {
  const entries = findings
    .flatMap((finding): BaselineEntry[] =>
      finding.fingerprint === undefined
        ? []
        : [{ file: baselineFile(cwd, directory, finding), ruleId: finding.ruleId, fingerprint: finding.fingerprint, message: finding.message }],
    )
    .sort((a, b) => compareStrings(a.file, b.file) || compareStrings(a.ruleId, b.ruleId) || compareStrings(a.fingerprint, b.fingerprint));
  const document = {
    $comment: "detkit baseline: findings recorded here are reported as suppressed. Rewrite it with `detkit audit --baseline <this file> --update-baseline`.",
    version: FORMAT_VERSION,
    findings: entries,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** Writes the baseline atomically; a failure is a UsageError naming the file. */
export function writeBaseline(cwd: string, shown: string, findings: readonly Finding[]): void {
  const path = resolve(cwd, shown);
  try {
    writeFileAtomic(path, baselineText(findings, cwd, dirname(path)));
  } catch (error) {
    throw new UsageError(`cannot write the baseline ${shown}: ${messageOf(error)}`);
  }
}
