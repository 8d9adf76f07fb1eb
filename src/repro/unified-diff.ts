import { structuredPatch } from "diff";
import { plural } from "../text.js";

/**
 * The first hunk of a unified diff between two texts, small enough for a terminal: what a reader needs to see
 * where two runs' outputs part ways. The line matching is jsdiff's (Myers' O(ND) algorithm), the same library
 * that prints `detkit audit --fix-dry-run`; this module only chooses what to show.
 */

export interface UnifiedDiffOptions {
  /** Unchanged lines shown around the change. */
  readonly context?: number;
  /** The most lines of the hunk body shown; the rest is summarized in one line. */
  readonly maxLines?: number;
  /** Past this many differing lines, the texts are shown as removed-then-added without matching. */
  readonly maxEdits?: number;
}


/** diff(1)'s range: a count of one is left out, an empty range names the line before it. */
function range(start: number, count: number): string {
  return `${count === 0 ? start - 1 : start}${count === 1 ? "" : `,${count}`}`;
}

const NO_NEWLINE = "\\ No newline at end of file";

/** Every line of `a` removed, then every line of `b` added: the diff when matching would cost too much. */
function replaceAll(a: string, b: string): { oldStart: number; oldLines: number; newStart: number; newLines: number; lines: string[] } {
  const side = (text: string, mark: string) => {
    if (text === "") return [];
    const lines = text.split("\n");
    const lastIsComplete = lines.at(-1) === "";
    if (lastIsComplete) lines.pop();
    return [...lines.map((line) => `${mark}${line}`), ...(lastIsComplete ? [] : [NO_NEWLINE])];
  };
  const removed = side(a, "-");
  const added = side(b, "+");
  const count = (lines: string[]) => lines.filter((line) => line !== NO_NEWLINE).length;
  return { oldStart: 1, oldLines: count(removed), newStart: 1, newLines: count(added), lines: [...removed, ...added] };
}

/**
 * The first hunk of the unified diff of `a` and `b` (compared line by line), under `---`/`+++` headers naming
 * them; an empty string when the texts are equal. A final newline present on one side only is shown as
 * `\ No newline at end of file`, as diff(1) does.
 */
export function unifiedDiff(a: string, b: string, labels: readonly [string, string], options: UnifiedDiffOptions = {}): string {
  if (a === b) return "";
  const context = options.context ?? 3;
  const maxLines = options.maxLines ?? 40;
  const patch = structuredPatch(labels[0], labels[1], a, b, undefined, undefined, { context, maxEditLength: options.maxEdits ?? 2000 });
  const hunks = patch?.hunks ?? [replaceAll(a, b)];
  const [first, ...rest] = hunks;
  if (!first) return "";
  const shown = first.lines.slice(0, maxLines);
  const lines = [
    `--- ${labels[0]}`,
    `+++ ${labels[1]}`,
    `@@ -${range(first.oldStart, first.oldLines)} +${range(first.newStart, first.newLines)} @@`,
    ...shown,
  ];
  const hidden = first.lines.slice(shown.length).filter((line) => line !== NO_NEWLINE).length;
  if (hidden > 0) lines.push(`... ${plural(hidden, "more line")} in this hunk`);
  const later = rest.flatMap((hunk) => hunk.lines).filter((line) => line.startsWith("+") || line.startsWith("-")).length;
  if (later > 0) lines.push(`... and ${plural(later, "more changed line")} further on`);
  return `${lines.join("\n")}\n`;
}
