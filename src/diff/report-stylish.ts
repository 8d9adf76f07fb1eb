import { compareStrings } from "@detkit/runtime/collections";
import { createColors } from "picocolors";
import type { DiffFlag, DiffResult, PackageChange } from "./types.js";
import { plural } from "../text.js";

/** Sections of the stylish and markdown reports, riskiest first: majors lead, removals close. */
export const CHANGE_GROUPS: readonly { readonly title: string; readonly matches: (change: PackageChange) => boolean }[] = [
  { title: "Major updates", matches: (change) => change.kind === "updated" && change.bump === "major" },
  { title: "Prerelease updates", matches: (change) => change.kind === "updated" && change.bump === "prerelease" },
  { title: "Downgrades", matches: (change) => change.kind === "updated" && change.bump === "downgrade" },
  { title: "Minor updates", matches: (change) => change.kind === "updated" && change.bump === "minor" },
  { title: "Patch updates", matches: (change) => change.kind === "updated" && change.bump === "patch" },
  { title: "Other updates", matches: (change) => change.kind === "updated" && change.bump === undefined },
  { title: "Changed without a version change", matches: (change) => change.kind === "changed" },
  { title: "Added", matches: (change) => change.kind === "added" },
  { title: "Removed", matches: (change) => change.kind === "removed" },
];

export const NO_CHANGES = "no dependency changes";

export function versionsOf(change: PackageChange): string {
  if (change.kind === "updated") return `${change.from ?? "?"} → ${change.to ?? "?"}`;
  return change.to ?? change.from ?? "";
}

/** `3 updated (1 major), 2 added, 5 removed, 2 changed`: the counts that are not zero. */
export function countsLine(result: DiffResult): string {
  const { added, removed, updated, changed } = result.summary;
  const majors = result.changes.filter((change) => change.bump === "major").length;
  const parts = [
    updated > 0 ? `${updated} updated${majors > 0 ? ` (${majors} major)` : ""}` : "",
    added > 0 ? `${added} added` : "",
    removed > 0 ? `${removed} removed` : "",
    changed > 0 ? `${changed} changed` : "",
  ];
  return parts.filter((part) => part !== "").join(", ");
}


/** `4 flagged (3 errors, 1 warning)`, or nothing to say. */
export function attentionLine(result: DiffResult): string {
  const { flagged, errorCount, warningCount, notChecked } = result.summary;
  const parts: string[] = [];
  if (flagged > 0) parts.push(`${flagged} flagged`);
  if (result.findings.length > 0) parts.push(plural(result.findings.length, "new finding"));
  if (errorCount + warningCount > 0) parts.push(`${plural(errorCount, "error")}, ${plural(warningCount, "warning")}`);
  if (notChecked > 0) parts.push(`${notChecked} not checked`);
  return parts.join("; ");
}

/** Changes not checked, grouped by the reason (worded alike for alike causes), reasons in a defined order. */
export function notCheckedByReason(result: DiffResult): [string, PackageChange[]][] {
  const byReason = new Map<string, PackageChange[]>();
  for (const change of result.changes) {
    if (change.notChecked !== undefined) byReason.set(change.notChecked, [...(byReason.get(change.notChecked) ?? []), change]);
  }
  return [...byReason].sort(([a], [b]) => compareStrings(a, b));
}

/** Items joined with ", " into lines of at most 100 columns. */
function wrapList(items: readonly string[], indent: string): string[] {
  const lines: string[] = [];
  let line = "";
  for (const item of items) {
    const next = line === "" ? item : `${line}, ${item}`;
    if (indent.length + next.length > 100 && line !== "") {
      lines.push(`${indent}${line},`);
      line = item;
    } else {
      line = next;
    }
  }
  if (line !== "") lines.push(`${indent}${line}`);
  return lines;
}

export function isError(result: DiffResult, flag: DiffFlag): boolean {
  return result.failOn.includes(flag);
}

/** Human output: changes grouped by kind, majors first, each with its flags; then new findings and a summary. */
export function formatDiffStylish(result: DiffResult, options: { readonly color: boolean }): string {
  const c = createColors(options.color);
  const out: string[] = [`detkit diff: ${result.base.label} (${result.base.lockfile}) → ${result.head.label} (${result.head.lockfile})`, ""];
  if (result.changes.length === 0 && result.findings.length === 0) {
    out.push(c.green(`✔ ${NO_CHANGES}`));
    return `${out.join("\n")}\n`;
  }
  const nameWidth = Math.max(0, ...result.changes.map((change) => change.name.length));
  const versionWidth = Math.max(0, ...result.changes.map((change) => versionsOf(change).length));
  for (const group of CHANGE_GROUPS) {
    const members = result.changes.filter(group.matches);
    if (members.length === 0) continue;
    out.push(c.bold(`${group.title} (${members.length})`));
    for (const change of members) {
      const flags = change.flags.map((flag) => (isError(result, flag) ? c.red(flag) : c.yellow(flag))).join(" ");
      // The path says where only when the package is not at the top of node_modules.
      const where = change.path === `node_modules/${change.name}` ? "" : `  ${c.dim(change.path)}`;
      const line = `  ${change.name.padEnd(nameWidth)}  ${versionsOf(change).padEnd(versionWidth)}  ${flags}${where}`;
      out.push(line.trimEnd());
      if (change.source) out.push(`      ${c.dim(`source: ${change.source.from} → ${change.source.to}`)}`);
      if (change.range) out.push(`      ${c.dim(`${change.range.file}: "${change.range.from}" → "${change.range.to}"`)}`);
    }
    out.push("");
  }
  if (result.findings.length > 0) {
    out.push(c.bold(`New findings (${result.findings.length})`));
    for (const finding of result.findings) {
      const severity = finding.severity === "error" ? c.red("error  ") : c.yellow("warning");
      out.push(`  ${c.dim(`${finding.file}:${finding.line}:${finding.column}`)}  ${severity} ${finding.message}  ${c.dim(finding.ruleId)}`);
    }
    out.push("");
  }
  const notChecked = notCheckedByReason(result);
  if (notChecked.length > 0) {
    out.push(c.bold(`Not checked for new nondeterminism (${result.summary.notChecked})`));
    for (const [reason, changes] of notChecked) {
      out.push(`  ${reason}:`, ...wrapList(changes.map((change) => `${change.name}@${change.to ?? ""}`), "    "));
    }
    out.push("");
  }
  const attention = attentionLine(result);
  const summary = [countsLine(result), attention].filter((part) => part !== "").join("; ");
  const { errorCount, warningCount } = result.summary;
  out.push(errorCount > 0 ? c.red(c.bold(`✖ ${summary}`)) : warningCount > 0 ? c.yellow(c.bold(`⚠ ${summary}`)) : c.green(`✔ ${summary}`));
  return `${out.join("\n")}\n`;
}
