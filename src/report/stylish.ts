import { createColors } from "picocolors";
import { compareStrings } from "@detkit/runtime/collections";
import { plural } from "../text.js";
import type { FileError, Finding, Report } from "./types.js";

export interface StylishOptions {
  /** Colour the output (only when writing to a terminal that allows it). */
  readonly color: boolean;
}

/** More findings of one kind in one file than this are shown as the first few and a line that counts the rest. */
const GROUP_ABOVE = 5;
/** How many of a group are shown in full. */
const GROUP_SHOWN = 3;
/** How many line numbers of the rest are listed. */
const LINES_LISTED = 10;

/** A line of output: one finding in full, or the rest of a group of findings of one kind. */
type Entry = { readonly finding: Finding } | { readonly rest: readonly Finding[]; readonly ruleId: string };

/**
 * The findings of one file with long runs of one kind (same rule, message id and severity, e.g. 312 lockfile entries
 * without integrity) shortened to their first few and a count. JSON and SARIF keep every finding.
 */
function groupRepeated(findings: readonly Finding[]): Entry[] {
  const byKind = new Map<string, Finding[]>();
  for (const finding of findings) {
    const kind = `${finding.ruleId}\u0000${finding.messageId ?? ""}\u0000${finding.severity}`;
    const list = byKind.get(kind);
    if (list) list.push(finding);
    else byKind.set(kind, [finding]);
  }
  const restOf = new Map<Finding, readonly Finding[]>();
  const hidden = new Set<Finding>();
  for (const group of byKind.values()) {
    if (group.length <= GROUP_ABOVE) continue;
    const rest = group.slice(GROUP_SHOWN);
    const last = group[GROUP_SHOWN - 1];
    if (last) restOf.set(last, rest);
    for (const finding of rest) hidden.add(finding);
  }
  const entries: Entry[] = [];
  for (const finding of findings) {
    if (hidden.has(finding)) continue;
    entries.push({ finding });
    const rest = restOf.get(finding);
    if (rest) entries.push({ rest, ruleId: finding.ruleId });
  }
  return entries;
}

/** Human output in the style of ESLint's: findings grouped by file, then a summary line. */
export function formatStylish(report: Report, options: StylishOptions): string {
  const c = createColors(options.color);
  const byFile = new Map<string, { errors: FileError[]; findings: Finding[] }>();
  const entry = (file: string) => {
    let group = byFile.get(file);
    if (!group) {
      group = { errors: [], findings: [] };
      byFile.set(file, group);
    }
    return group;
  };
  for (const error of report.errors) entry(error.file).errors.push(error);
  for (const finding of report.findings) entry(finding.file).findings.push(finding);

  const out: string[] = [];
  for (const file of [...byFile.keys()].sort(compareStrings)) {
    const group = entry(file);
    out.push(c.underline(file));
    for (const error of group.errors) {
      const position = `${error.line ?? 1}:1`;
      out.push(`  ${c.dim(position.padEnd(8))} ${c.red("error".padEnd(7))} ${error.message}  ${c.dim("(not scanned)")}`);
    }
    // Most rules give the same fix for every finding: say it once per file, and again only when it changes.
    const explained = new Map<string, string>();
    for (const entry of groupRepeated(group.findings)) {
      if ("rest" in entry) {
        const lines = entry.rest.slice(0, LINES_LISTED).map((finding) => finding.line);
        const more = entry.rest.length > LINES_LISTED ? ", …" : "";
        out.push(
          `  ${" ".repeat(8)} ${" ".repeat(7)} ${c.dim(`… and ${entry.rest.length} more like this (lines ${lines.join(", ")}${more}); --format json lists each`)}  ${c.dim(entry.ruleId)}`,
        );
        continue;
      }
      const { finding } = entry;
      const position = `${finding.line}:${finding.column}`;
      const severity = finding.severity === "error" ? c.red("error".padEnd(7)) : c.yellow("warning");
      out.push(`  ${c.dim(position.padEnd(8))} ${severity} ${finding.message}  ${c.dim(finding.ruleId)}`);
      if (finding.suggestion && explained.get(finding.ruleId) !== finding.suggestion) out.push(`  ${" ".repeat(8)} ${" ".repeat(7)} ${c.cyan("fix:")} ${finding.suggestion}`);
      if (finding.suggestion) explained.set(finding.ruleId, finding.suggestion);
      if (finding.trace && isCallChain(finding.trace)) out.push(`  ${" ".repeat(17)}${c.dim(`reached from ${finding.trace.join(" → ")}`)}`);
      else for (const step of finding.trace ?? []) out.push(`  ${" ".repeat(17)}${c.dim(`via ${step}`)}`);
    }
    out.push("");
  }

  const { errorCount, warningCount, suppressedCount, filesScanned } = report.summary;
  const problems = errorCount + warningCount;
  const parts = [
    `${plural(problems, "problem")} (${plural(errorCount, "error")}, ${plural(warningCount, "warning")})`,
  ];
  if (report.errors.length > 0) parts.push(`${plural(report.errors.length, "file")} not scanned`);
  if (suppressedCount > 0) parts.push(`${suppressedCount} suppressed`);
  const minified = report.skipped?.filter((skipped) => skipped.reason === "minified").length ?? 0;
  if (minified > 0) parts.push(`${plural(minified, "minified file")} (*.min.js) skipped`);
  parts.push(`${plural(filesScanned, "file")} checked`);
  const line = parts.join(", ");
  const clean = problems === 0 && report.errors.length === 0;
  out.push(clean ? c.green(`✔ ${line}`) : errorCount > 0 || report.errors.length > 0 ? c.red(c.bold(`✖ ${line}`)) : c.yellow(c.bold(`⚠ ${line}`)));
  return `${out.join("\n")}\n`;
}

/**
 * Whether a trace is a zone's call chain (`src/workflow.ts:8 run()`, one function per step) rather than the
 * declarations an alias came through (`src/time.ts:3 now = Date.now`).
 */
function isCallChain(trace: readonly string[]): boolean {
  return trace.every((step) => /^\S+:\d+ [^\s=]+\(\)$/.test(step));
}
