/**
 * The first hunk of a unified diff between two texts, small enough for a terminal: what a reader needs to
 * see where two runs' outputs part ways. Lines are matched with Myers' O(ND) algorithm ("An O(ND) Difference
 * Algorithm and Its Variations", 1986) after trimming the common head and tail, so long outputs with a small
 * difference stay cheap.
 */

export interface UnifiedDiffOptions {
  /** Unchanged lines shown around the change. */
  readonly context?: number;
  /** The most lines of the hunk body shown; the rest is summarized in one line. */
  readonly maxLines?: number;
  /** Past this many differing lines, the middle is shown as removed-then-added without matching. */
  readonly maxEdits?: number;
}

type Edit = { readonly kind: " " | "-" | "+"; readonly line: string };

function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/** The shortest edit script from `a` to `b`, or undefined when it needs more than `maxEdits` edits. */
function myers(a: readonly string[], b: readonly string[], maxEdits: number): Edit[] | undefined {
  const n = a.length;
  const m = b.length;
  const limit = Math.min(n + m, maxEdits);
  const offset = limit + 1;
  const frontier = new Int32Array(2 * limit + 3);
  const history: Int32Array[] = [];
  for (let d = 0; d <= limit; d++) {
    history.push(frontier.slice());
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (frontier[offset + k - 1] ?? 0) < (frontier[offset + k + 1] ?? 0));
      let x = down ? (frontier[offset + k + 1] ?? 0) : (frontier[offset + k - 1] ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      frontier[offset + k] = x;
      if (x >= n && y >= m) return backtrack(a, b, history, offset, d, k);
    }
  }
  return undefined;
}

function backtrack(a: readonly string[], b: readonly string[], history: readonly Int32Array[], offset: number, last: number, lastK: number): Edit[] {
  const edits: Edit[] = [];
  let x = a.length;
  let y = b.length;
  let k = lastK;
  for (let d = last; d > 0; d--) {
    const before = history[d] ?? new Int32Array();
    const down = k === -d || (k !== d && (before[offset + k - 1] ?? 0) < (before[offset + k + 1] ?? 0));
    const previousK = down ? k + 1 : k - 1;
    const previousX = before[offset + previousK] ?? 0;
    const previousY = previousX - previousK;
    while (x > previousX + (down ? 0 : 1) && y > previousY + (down ? 1 : 0)) {
      edits.push({ kind: " ", line: a[--x] ?? "" });
      y--;
    }
    if (down) edits.push({ kind: "+", line: b[--y] ?? "" });
    else edits.push({ kind: "-", line: a[--x] ?? "" });
    k = previousK;
  }
  while (x > 0 && y > 0) {
    edits.push({ kind: " ", line: a[--x] ?? "" });
    y--;
  }
  return edits.reverse();
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/**
 * The first hunk of the unified diff of `a` and `b` (compared line by line), under `---`/`+++` headers
 * naming them; an empty string when the texts are equal. A final newline present on one side only is shown
 * as `\ No newline at end of file`, as diff(1) does.
 */
export function unifiedDiff(a: string, b: string, labels: readonly [string, string], options: UnifiedDiffOptions = {}): string {
  if (a === b) return "";
  const context = options.context ?? 3;
  const maxLines = options.maxLines ?? 40;
  const maxEdits = options.maxEdits ?? 2000;
  const left = splitLines(a);
  const right = splitLines(b);
  const finalNewline = (text: string): boolean => text === "" || text.endsWith("\n");
  // A missing final newline changes the last line, like diff(1) marks it.
  const NO_NEWLINE = "\n\\ No newline at end of file";
  if (finalNewline(a) !== finalNewline(b)) {
    if (!finalNewline(a) && left.length > 0) left[left.length - 1] += NO_NEWLINE;
    if (!finalNewline(b) && right.length > 0) right[right.length - 1] += NO_NEWLINE;
  }

  let head = 0;
  while (head < left.length && head < right.length && left[head] === right[head]) head++;
  let tail = 0;
  while (
    tail < left.length - head &&
    tail < right.length - head &&
    left[left.length - 1 - tail] === right[right.length - 1 - tail]
  ) {
    tail++;
  }
  const middleLeft = left.slice(head, left.length - tail);
  const middleRight = right.slice(head, right.length - tail);
  const middle = myers(middleLeft, middleRight, maxEdits) ?? [
    ...middleLeft.map((line): Edit => ({ kind: "-", line })),
    ...middleRight.map((line): Edit => ({ kind: "+", line })),
  ];
  const edits: Edit[] = [
    ...left.slice(0, head).map((line): Edit => ({ kind: " ", line })),
    ...middle,
    ...left.slice(left.length - tail).map((line): Edit => ({ kind: " ", line })),
  ];

  // The first hunk: from `context` lines before the first change to `context` lines after the last change
  // that is no more than 2 × context unchanged lines from the one before it.
  const firstChange = edits.findIndex((edit) => edit.kind !== " ");
  let end = firstChange;
  for (let index = firstChange; index < edits.length; index++) {
    if (edits[index]?.kind === " ") continue;
    if (index - end > 2 * context) break;
    end = index;
  }
  const start = Math.max(0, firstChange - context);
  const stop = Math.min(edits.length, end + 1 + context);
  const hunk = edits.slice(start, stop);

  let leftStart = 1;
  let rightStart = 1;
  for (const edit of edits.slice(0, start)) {
    if (edit.kind !== "+") leftStart++;
    if (edit.kind !== "-") rightStart++;
  }
  const leftCount = hunk.filter((edit) => edit.kind !== "+").length;
  const rightCount = hunk.filter((edit) => edit.kind !== "-").length;
  const range = (first: number, count: number): string => `${count === 0 ? first - 1 : first}${count === 1 ? "" : `,${count}`}`;

  const body = hunk.map((edit) => `${edit.kind}${edit.line}`);
  const shown = body.slice(0, maxLines);
  const lines = [
    `--- ${labels[0]}`,
    `+++ ${labels[1]}`,
    `@@ -${range(leftStart, leftCount)} +${range(rightStart, rightCount)} @@`,
    ...shown,
  ];
  if (body.length > shown.length) lines.push(`... ${plural(body.length - shown.length, "more line")} in this hunk`);
  const later = edits.slice(stop).filter((edit) => edit.kind !== " ").length;
  if (later > 0) lines.push(`... and ${plural(later, "more changed line")} further on`);
  return `${lines.join("\n")}\n`;
}
