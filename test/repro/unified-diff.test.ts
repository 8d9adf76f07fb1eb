import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { unifiedDiff } from "../../src/repro/unified-diff.js";

const labels = ["run 0: stdout", "run 3: stdout"] as const;

/** The length of a longest common subsequence, by dynamic programming: what a minimal diff keeps. */
function lcsLength(a: readonly string[], b: readonly string[]): number {
  let previous = new Array<number>(b.length + 1).fill(0);
  for (const line of a) {
    const current = [0];
    for (let j = 0; j < b.length; j++) {
      current.push(line === b[j] ? (previous[j] ?? 0) + 1 : Math.max(previous[j + 1] ?? 0, current[j] ?? 0));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

describe("unifiedDiff", () => {
  it("is empty for equal texts", () => {
    expect(unifiedDiff("a\nb\n", "a\nb\n", labels)).toBe("");
  });

  it("shows the first hunk with three lines of context and diff(1) ranges", () => {
    const before = ["1", "2", "3", "4", "5", "6", "7", "8", "9"].join("\n") + "\n";
    const after = ["1", "2", "3", "4", "five", "6", "7", "8", "9"].join("\n") + "\n";
    expect(unifiedDiff(before, after, labels)).toBe(
      ["--- run 0: stdout", "+++ run 3: stdout", "@@ -2,7 +2,7 @@", " 2", " 3", " 4", "-5", "+five", " 6", " 7", " 8", ""].join("\n"),
    );
  });

  it("ranges a one-line text and an insertion into an empty one as diff(1) does", () => {
    expect(unifiedDiff("1,234.5\n", "1.234,5\n", labels)).toContain("@@ -1 +1 @@\n-1,234.5\n+1.234,5\n");
    expect(unifiedDiff("", "new\n", labels)).toContain("@@ -0,0 +1 @@\n+new\n");
  });

  it("marks a missing final newline", () => {
    expect(unifiedDiff("a\nb\n", "a\nb", labels)).toContain("-b\n+b\n\\ No newline at end of file\n");
  });

  it("shows only the first hunk and counts what follows", () => {
    const before = Array.from({ length: 40 }, (_, i) => `line ${i}`);
    const after = before.map((line, i) => (i === 5 || i === 30 || i === 31 ? `${line} changed` : line));
    const diff = unifiedDiff(before.join("\n"), after.join("\n"), labels);
    expect(diff).toContain("-line 5\n+line 5 changed\n");
    expect(diff).not.toContain("line 30 changed");
    expect(diff).toContain("... and 4 more changed lines further on\n");
  });

  it("cuts a long hunk to maxLines", () => {
    const diff = unifiedDiff("a\n", Array.from({ length: 100 }, (_, i) => `b${i}`).join("\n"), labels, { maxLines: 10 });
    expect(diff.split("\n").filter((line) => line.startsWith("+") && !line.startsWith("+++"))).toHaveLength(9);
    expect(diff).toContain("... 91 more lines in this hunk");
  });

  it("falls back to removed-then-added past maxEdits, still correct", () => {
    const diff = unifiedDiff("a\nb\nc\n", "x\ny\nz\n", labels, { maxEdits: 2 });
    expect(diff).toContain("-a\n-b\n-c\n+x\n+y\n+z\n");
  });

  it("is a minimal edit script from which both sides can be read back", () => {
    const lines = fc.array(fc.constantFrom("a", "b", "c", "d"), { maxLength: 12 });
    fc.assert(
      fc.property(lines, lines, (a, b) => {
        const text = (items: string[]): string => items.map((item) => `${item}\n`).join("");
        const diff = unifiedDiff(text(a), text(b), labels, { context: 100, maxLines: 1000 });
        if (text(a) === text(b)) return diff === "";
        const body = diff.split("\n").slice(3, -1);
        const left = body.filter((line) => !line.startsWith("+")).map((line) => line.slice(1));
        const right = body.filter((line) => !line.startsWith("-")).map((line) => line.slice(1));
        const changed = body.filter((line) => !line.startsWith(" ")).length;
        return (
          JSON.stringify(left) === JSON.stringify(a) &&
          JSON.stringify(right) === JSON.stringify(b) &&
          changed === a.length + b.length - 2 * lcsLength(a, b)
        );
      }),
      { numRuns: 500 },
    );
  });
});
