import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEPENDENCY_RULES, RULES } from "../../rules/index.js";
import { loadConfig } from "../../src/config/index.js";
import { auditDependencies } from "../../src/deps/index.js";
import { temporaryDirectory } from "../helpers/fixtures.js";

/** Writes an example (file name → content) as a project and audits it with the configuration it carries. */
async function auditExample(example: string | { readonly [fileName: string]: string }) {
  if (typeof example === "string") throw new Error("a dependency rule's example must name its files");
  const directory = temporaryDirectory("detkit-example-");
  for (const [fileName, content] of Object.entries(example)) {
    const path = join(directory, fileName);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
  const { deps: options } = loadConfig({ cwd: directory, start: ".", rules: RULES });
  return auditDependencies({ root: directory, cwd: directory, options });
}

describe("dependency rules", () => {
  describe.each(DEPENDENCY_RULES.map((rule) => [rule.meta.id, rule] as const))("%s", (id, rule) => {
    it("belongs to the dependency category and needs no types", () => {
      expect(rule.meta.category).toBe("dependency");
      expect(rule.meta.requiresTypes).toBe(false);
    });

    it("flags its own incorrect example", async () => {
      const result = await auditExample(rule.meta.examples.incorrect);
      expect(result.findings.filter((finding) => finding.ruleId === id).length).toBeGreaterThan(0);
    });

    it("does not flag its own correct example", async () => {
      const result = await auditExample(rule.meta.examples.correct);
      expect(result.findings.filter((finding) => finding.ruleId === id)).toEqual([]);
      expect(result.errors).toEqual([]);
    });
  });
});
