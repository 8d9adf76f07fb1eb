import { readFileSync } from "node:fs";
import { join } from "node:path";
import { compareFindings } from "../report/build.js";
import type { Finding } from "../report/types.js";

/** A finding inside a package, with the normalised source it sits on. */
export interface PackageFinding {
  readonly finding: Finding;
  /** Rule and normalised source: the same call moved to another line or file has the same key. */
  readonly key: string;
}

/**
 * The source text of a finding with whitespace removed except between two word characters, so that
 * reformatting (`Date.now( )`, re-indentation, a line break inside the call) does not make old code look new.
 */
export function normalisedSnippet(text: string, finding: Finding): string {
  const lines = text.split(/\r?\n/);
  const endLine = finding.endLine ?? finding.line;
  const endColumn = finding.endColumn ?? finding.column;
  const covered = lines.slice(finding.line - 1, endLine);
  if (covered.length === 0) return "";
  // The end first: on a one-line finding, cutting the start would shift the end column.
  covered[covered.length - 1] = (covered[covered.length - 1] ?? "").slice(0, endColumn - 1);
  covered[0] = (covered[0] ?? "").slice(finding.column - 1);
  return covered
    .join("\n")
    .replace(/(\w)\s+(?=\w)/g, "$1 ")
    .replace(/(?<!\w)\s+|\s+(?!\w)/g, "");
}

/** Keys the findings of one package version by rule and normalised snippet; `file` is relative to `root`. */
export function keyFindings(root: string, findings: readonly Finding[]): PackageFinding[] {
  const texts = new Map<string, string>();
  const textOf = (file: string) => {
    let text = texts.get(file);
    if (text === undefined) {
      try {
        text = readFileSync(join(root, file), "utf8");
      } catch {
        text = "";
      }
      texts.set(file, text);
    }
    return text;
  };
  return findings.map((finding) => ({ finding, key: `${finding.ruleId}\u0000${normalisedSnippet(textOf(finding.file), finding)}` }));
}

/** A use of a nondeterministic API in the new version beyond what the old one had. */
export interface NewUse {
  readonly finding: Finding;
  /** How many uses with the same key the old version had (0: none at all). */
  readonly before: number;
  /** How many the new version has. */
  readonly after: number;
}

/**
 * The uses head has and base does not, compared as multisets of keys; line numbers never take part. Where head
 * has more uses of one key than base, base's uses are matched first in the same file (code moved within a
 * file), then in any file (a file renamed or split); the head uses left over are new.
 */
export function newUses(base: readonly PackageFinding[], head: readonly PackageFinding[]): NewUse[] {
  const count = (items: readonly PackageFinding[], key: (item: PackageFinding) => string) => {
    const counts = new Map<string, number>();
    for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
    return counts;
  };
  const inFile = (item: PackageFinding) => `${item.key}\u0000${item.finding.file}`;
  const beforeInFile = count(base, inFile);
  const before = count(base, (item) => item.key);
  const after = count(head, (item) => item.key);
  const sorted = [...head].sort((a, b) => compareFindings(a.finding, b.finding));

  const unmatched: PackageFinding[] = [];
  for (const item of sorted) {
    const left = beforeInFile.get(inFile(item)) ?? 0;
    if (left > 0) {
      beforeInFile.set(inFile(item), left - 1);
      before.set(item.key, (before.get(item.key) ?? 0) - 1);
    } else {
      unmatched.push(item);
    }
  }
  const uses: NewUse[] = [];
  const had = count(base, (item) => item.key);
  for (const item of unmatched) {
    const left = before.get(item.key) ?? 0;
    if (left > 0) before.set(item.key, left - 1);
    else uses.push({ finding: item.finding, before: had.get(item.key) ?? 0, after: after.get(item.key) ?? 0 });
  }
  return uses;
}
