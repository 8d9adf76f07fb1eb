import { UsageError } from "../errors.js";
import { isRecord, readJsonObjectFile, toPlainValue } from "../json-document/file.js";
import { buildReport } from "./build.js";
import type { FileError, Finding, Report, SuppressedFinding } from "./types.js";

/** Reads one JSON report written by `detkit audit --format json`; anything else is a UsageError naming the file. */
export function readReport(path: string, shown: string): Report {
  const value = toPlainValue(readJsonObjectFile(path, shown).root);
  const problem = reportShapeProblem(value);
  if (problem) throw new UsageError(`${shown}: not a detkit JSON report: ${problem}`);
  return value as Report;
}

function reportShapeProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return "expected an object";
  const { tool, findings, suppressed, errors, summary } = value;
  if (!isRecord(tool) || tool.name !== "detkit" || typeof tool.version !== "string") return '"tool" must be { "name": "detkit", "version" }';
  for (const [key, list] of [["findings", findings], ["suppressed", suppressed], ["errors", errors]] as const) {
    if (!Array.isArray(list) || !list.every(isRecord)) return `"${key}" must be an array of objects`;
    if (!list.every((item) => typeof item.file === "string" && typeof item.message === "string")) return `every entry of "${key}" needs "file" and "message"`;
  }
  if (!isRecord(summary) || typeof summary.filesScanned !== "number" || typeof summary.durationMs !== "number") {
    return '"summary" must have numeric "filesScanned" and "durationMs"';
  }
  return undefined;
}

/** One entry per distinct item: shards that both report the same dependency finding report it once. */
function distinct<T>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = JSON.stringify(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Merges the reports of shards of one audit (`--shard i/n`) into the report a single run would have given:
 * the union of findings, suppressed findings and errors, sorted as always, counts derived again. The
 * duration is the slowest shard's (shards run side by side). Reports of different detkit versions are refused.
 */
export function mergeReports(reports: readonly { readonly file: string; readonly report: Report }[]): Report {
  const [first] = reports;
  if (!first) throw new UsageError("merge-reports needs at least one report");
  const other = reports.find(({ report }) => report.tool.version !== first.report.tool.version);
  if (other) {
    throw new UsageError(
      `${other.file} was written by detkit ${other.report.tool.version} and ${first.file} by ${first.report.tool.version}: merge reports of one version`,
    );
  }
  return buildReport({
    version: first.report.tool.version,
    findings: distinct<Finding>(reports.flatMap(({ report }) => report.findings)),
    suppressed: distinct<SuppressedFinding>(reports.flatMap(({ report }) => report.suppressed)),
    errors: distinct<FileError>(reports.flatMap(({ report }) => report.errors)),
    filesScanned: reports.reduce((total, { report }) => total + report.summary.filesScanned, 0),
    durationMs: Math.max(...reports.map(({ report }) => report.summary.durationMs)),
  });
}
