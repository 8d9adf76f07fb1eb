import { mkdirSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analysisCodeDigest, codeDigestOf } from "../../src/cache/code-digest.js";
import { temporaryDirectory } from "../helpers/fixtures.js";

/** A package-like tree: rules/ and src/ with scripts, plus files that are not analysis code. */
function tree(): string {
  const root = temporaryDirectory();
  mkdirSync(join(root, "rules", "util"), { recursive: true });
  mkdirSync(join(root, "src", "analyzer"), { recursive: true });
  writeFileSync(join(root, "rules", "no-wall-clock.js"), "export default 1;\n");
  writeFileSync(join(root, "rules", "util", "expressions.js"), "export const a = 1;\n");
  writeFileSync(join(root, "src", "analyzer", "index.js"), "export const b = 2;\n");
  const fixed = new Date("2026-01-01T00:00:00Z");
  for (const file of ["rules/no-wall-clock.js", "rules/util/expressions.js", "src/analyzer/index.js"]) utimesSync(join(root, file), fixed, fixed);
  return root;
}

describe("the cache key's digest of detkit's own code", () => {
  it("is the same for the same files and changes when a rule's script changes", () => {
    const root = tree();
    const before = codeDigestOf(root);
    expect(codeDigestOf(root)).toBe(before);
    // Declarations, maps and other files are not code that decides results.
    writeFileSync(join(root, "rules", "no-wall-clock.d.ts"), "export {};\n");
    writeFileSync(join(root, "src", "README.md"), "notes\n");
    expect(codeDigestOf(root)).toBe(before);
    writeFileSync(join(root, "rules", "no-wall-clock.js"), "export default 2;\n");
    expect(codeDigestOf(root)).not.toBe(before);
  });

  it("changes when a script is added, and is computed for detkit itself", () => {
    const root = tree();
    const before = codeDigestOf(root);
    writeFileSync(join(root, "src", "analyzer", "zones.js"), "export {};\n");
    expect(codeDigestOf(root)).not.toBe(before);
    expect(analysisCodeDigest()).toMatch(/^[0-9a-f]{64}$/);
  });
});
