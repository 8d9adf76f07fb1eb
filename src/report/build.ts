import { compareStrings } from "@detkit/runtime/collections";
import { fingerprintsInOrder } from "./fingerprint.js";
import type { FileError, Finding, Report, SuppressedFinding } from "./types.js";

export const TOOL_NAME = "detkit";

/** Findings in report order: file, line, column, rule id, then message for full determinism. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareStrings(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    compareStrings(a.ruleId, b.ruleId) ||
    compareStrings(a.message, b.message)
  );
}

export function compareFileErrors(a: FileError, b: FileError): number {
  return compareStrings(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || compareStrings(a.message, b.message);
}

export interface ReportParts {
  readonly version: string;
  readonly findings: readonly Finding[];
  readonly suppressed: readonly SuppressedFinding[];
  readonly errors: readonly FileError[];
  readonly filesScanned: number;
  readonly durationMs: number;
}

/**
 * Gives a fingerprint to findings that came without one (dependency findings): what they are about is their
 * message, which names packages and specs, never a line.
 */
function fingerprinted<F extends Finding>(sorted: readonly F[]): F[] {
  const missing = sorted.filter((finding) => finding.fingerprint === undefined);
  if (missing.length === 0) return [...sorted];
  const fingerprints = new Map(
    fingerprintsInOrder(missing.map(({ ruleId, file, message }) => ({ ruleId, file, subject: message }))).map((value, index) => [missing[index], value]),
  );
  return sorted.map((finding) => {
    const value = fingerprints.get(finding);
    return value === undefined ? finding : { ...finding, fingerprint: value };
  });
}

/** Assembles a report: every list sorted by a defined key, counts derived from the lists. */
export function buildReport(parts: ReportParts): Report {
  const findings = fingerprinted([...parts.findings].sort(compareFindings));
  return {
    tool: { name: TOOL_NAME, version: parts.version },
    findings,
    suppressed: fingerprinted([...parts.suppressed].sort(compareFindings)),
    errors: [...parts.errors].sort(compareFileErrors),
    summary: {
      filesScanned: parts.filesScanned,
      errorCount: findings.filter((finding) => finding.severity === "error").length,
      warningCount: findings.filter((finding) => finding.severity === "warning").length,
      suppressedCount: parts.suppressed.length,
      durationMs: parts.durationMs,
    },
  };
}

/** Exit code contract (DESIGN.md): 1 when an error-severity finding or an unreadable file is present. */
export function exitCodeOf(report: Report): 0 | 1 {
  return report.summary.errorCount > 0 || report.errors.length > 0 ? 1 : 0;
}
