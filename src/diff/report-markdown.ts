import { attentionLine, CHANGE_GROUPS, countsLine, isError, NO_CHANGES, notCheckedByReason, versionsOf } from "./report-stylish.js";
import type { DiffResult, PackageChange } from "./types.js";

/** Above this many rows a list or table folds into <details>, so a large upgrade keeps the comment readable. */
const FOLD_ABOVE = 20;

/** Text for a table cell or a line: pipes would end the cell, and `<` could open HTML. */
function escape(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/</g, "&lt;").replace(/\n/g, " ");
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/\|/g, "\\|")}\``;
}

function flagsCell(result: DiffResult, change: PackageChange): string {
  return change.flags.map((flag) => `${isError(result, flag) ? "❌" : "⚠️"} ${flag}`).join(", ");
}

function changeCell(change: PackageChange): string {
  const versions = escape(versionsOf(change));
  return change.bump ? `${change.kind} ${versions} (${change.bump})` : `${change.kind} ${versions}`;
}

/**
 * A pull-request comment: a heading with the summary, the flagged changes and new findings first (what a
 * reviewer must read), then every change in one table, folded when long.
 */
export function formatDiffMarkdown(result: DiffResult): string {
  const out: string[] = [];
  const sides = `${code(result.base.label)} → ${code(result.head.label)}`;
  if (result.changes.length === 0 && result.findings.length === 0) {
    out.push(`### detkit diff: ${NO_CHANGES}`, "", `Compared ${sides}.`);
    return `${out.join("\n")}\n`;
  }
  const { errorCount, warningCount } = result.summary;
  const mark = errorCount > 0 ? "❌" : warningCount > 0 ? "⚠️" : "✅";
  out.push(`### ${mark} detkit diff: ${countsLine(result)}`, "");
  const attention = attentionLine(result);
  out.push(`Compared ${sides}${attention === "" ? "; nothing flagged." : `: ${attention}.`}`, "");

  const flagged = result.changes.filter((change) => change.flags.length > 0);
  if (flagged.length > 0) {
    out.push("#### Needs attention", "", "| package | change | flags |", "| --- | --- | --- |");
    for (const change of flagged) out.push(`| ${code(change.path)} | ${changeCell(change)} | ${flagsCell(result, change)} |`);
    out.push("");
    const details = flagged.flatMap((change) => [
      ...(change.source ? [`- ${code(change.name)} source: ${code(change.source.from)} → ${code(change.source.to)}`] : []),
      ...(change.range ? [`- ${code(change.name)} in ${code(change.range.file)}: ${code(change.range.from)} → ${code(change.range.to)}`] : []),
    ]);
    if (details.length > 0) out.push(...details, "");
  }
  if (result.findings.length > 0) {
    const items = result.findings.map((finding) => {
      const mark = finding.severity === "error" ? "❌" : "⚠️";
      return `- ${mark} ${code(`${finding.file}:${finding.line}`)} ${escape(finding.message)} (${code(finding.ruleId)})`;
    });
    out.push("#### New findings", "");
    if (items.length > FOLD_ABOVE) out.push(`<details><summary>${items.length} new findings</summary>`, "", ...items, "", "</details>");
    else out.push(...items);
    out.push("");
  }
  // One line per reason: a large upgrade without node_modules would otherwise list every package alike.
  const notChecked = notCheckedByReason(result);
  if (notChecked.length > 0) {
    out.push("#### Not checked for new nondeterminism", "");
    for (const [reason, changes] of notChecked) {
      out.push(`- ${escape(reason)}: ${changes.map((change) => `${code(change.path)} ${escape(change.to ?? "")}`).join(", ")}`);
    }
    out.push("");
  }

  const rows = ["| package | path | change | flags |", "| --- | --- | --- | --- |"];
  for (const group of CHANGE_GROUPS) {
    for (const change of result.changes.filter(group.matches)) {
      rows.push(`| ${code(change.name)} | ${code(change.path)} | ${changeCell(change)} | ${flagsCell(result, change)} |`);
    }
  }
  const total = result.changes.length;
  if (total > FOLD_ABOVE) {
    out.push(`<details><summary>All ${total} changes</summary>`, "", ...rows, "", "</details>");
  } else if (total > 0) {
    out.push("#### All changes", "", ...rows);
  }
  return `${out.join("\n").trimEnd()}\n`;
}
