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
 * The uses head has and base does not, compared as multisets of keys: where head has more uses of one key than
 * base, the surplus (the last ones in file order) are new. Line numbers never take part.
 */
export function newUses(base: readonly PackageFinding[], head: readonly PackageFinding[]): NewUse[] {
  const before = new Map<string, number>();
  for (const { key } of base) before.set(key, (before.get(key) ?? 0) + 1);
  const byKey = new Map<string, Finding[]>();
  for (const { key, finding } of head) byKey.set(key, [...(byKey.get(key) ?? []), finding]);
  const uses: NewUse[] = [];
  for (const [key, findings] of byKey) {
    const had = before.get(key) ?? 0;
    const sorted = [...findings].sort(compareFindings);
    for (const finding of sorted.slice(had)) uses.push({ finding, before: had, after: sorted.length });
  }
  return uses.sort((a, b) => compareFindings(a.finding, b.finding));
}
