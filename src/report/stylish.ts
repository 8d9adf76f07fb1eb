import { createColors } from "picocolors";
import { compareStrings } from "@detkit/runtime/collections";
import type { FileError, Finding, Report } from "./types.js";

export interface StylishOptions {
  /** Colour the output (only when writing to a terminal that allows it). */
  readonly color: boolean;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
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
    for (const finding of group.findings) {
      const position = `${finding.line}:${finding.column}`;
      const severity = finding.severity === "error" ? c.red("error".padEnd(7)) : c.yellow("warning");
      out.push(`  ${c.dim(position.padEnd(8))} ${severity} ${finding.message}  ${c.dim(finding.ruleId)}`);
      if (finding.suggestion && explained.get(finding.ruleId) !== finding.suggestion) out.push(`  ${" ".repeat(8)} ${" ".repeat(7)} ${c.cyan("fix:")} ${finding.suggestion}`);
      if (finding.suggestion) explained.set(finding.ruleId, finding.suggestion);
      for (const step of finding.trace ?? []) out.push(`  ${" ".repeat(17)}${c.dim(`via ${step}`)}`);
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
  parts.push(`${plural(filesScanned, "file")} checked`);
  const line = parts.join(", ");
  const clean = problems === 0 && report.errors.length === 0;
  out.push(clean ? c.green(`✔ ${line}`) : errorCount > 0 || report.errors.length > 0 ? c.red(c.bold(`✖ ${line}`)) : c.yellow(c.bold(`⚠ ${line}`)));
  return `${out.join("\n")}\n`;
}
