import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readdirSync } from "node:fs";
import { RULES, SOURCE_RULES } from "../../rules/index.js";
import { CATEGORIES } from "../../rules/util/types.js";
import { compareStrings } from "../../wrappers/collections.js";
import { lint } from "../helpers/rule-tester.js";

describe("rule registry", () => {
  it("lists rules in alphabetical order of id, each once", () => {
    const ids = RULES.map((rule) => rule.meta.id);
    expect(ids).toEqual([...new Set(ids)].sort(compareStrings));
  });

  it.each(RULES.map((rule) => [rule.meta.id, rule] as const))("%s lives in rules/<id>.ts", (id) => {
    expect(existsSync(new URL(`../../rules/${id}.ts`, import.meta.url))).toBe(true);
  });

  it("is all that rules/ holds besides the registry and rules/util/", () => {
    const files = readdirSync(new URL("../../rules/", import.meta.url)).filter((name) => name !== "index.ts" && name !== "util");
    expect(files.sort(compareStrings)).toEqual(RULES.map((rule) => `${rule.meta.id}.ts`));
  });
});

describe.each(RULES.map((rule) => [rule.meta.id, rule] as const))("%s meta", (id, rule) => {
  it("is complete", () => {
    expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(CATEGORIES).toContain(rule.meta.category);
    expect(["error", "warning"]).toContain(rule.meta.severity);
    for (const text of [rule.meta.description, rule.meta.rationale, rule.meta.replacement]) {
      expect(text.trim().length).toBeGreaterThan(20);
    }
    expect(rule.meta.examples.incorrect).toBeTruthy();
    expect(rule.meta.examples.correct).toBeTruthy();
  });

  it("declares its messages by id", () => {
    const entries = Object.entries(rule.meta.messages);
    expect(entries.length).toBeGreaterThan(0);
    for (const [messageId, text] of entries) {
      expect(messageId).toMatch(/^[a-z][A-Za-z0-9]*$/);
      expect(text.trim().length).toBeGreaterThan(10);
    }
    for (const messageId of rule.meta.onlyInZones ?? []) expect(Object.keys(rule.meta.messages)).toContain(messageId);
  });

  if (rule.kind === "directive") {
    const { incorrect, correct } = rule.meta.examples;
    it("is reported on its own incorrect example and not on its correct one", () => {
      expect(typeof incorrect === "string" && typeof correct === "string").toBe(true);
      if (typeof incorrect !== "string" || typeof correct !== "string") return;
      expect(lint(SOURCE_RULES, incorrect).filter((finding) => finding.ruleId === id).length).toBeGreaterThan(0);
      expect(lint(SOURCE_RULES, correct).filter((finding) => finding.ruleId === id)).toEqual([]);
    });
  }

  if (rule.kind === "source") {
    const { incorrect, correct } = rule.meta.examples;
    it("flags its own incorrect example", () => {
      expect(typeof incorrect).toBe("string");
      // Reported without zones too: the example shows what a user sees on any code.
      if (typeof incorrect === "string") expect(lint(rule, incorrect).filter((finding) => !finding.onlyInZones).length).toBeGreaterThan(0);
    });
    it("does not flag its own correct example", () => {
      expect(typeof correct).toBe("string");
      if (typeof correct === "string") expect(lint(rule, correct)).toEqual([]);
    });
    it("names a detkit wrapper as the fix", () => {
      expect(rule.meta.replacement).toMatch(/@detkit\/runtime\/(json|decimal|clock|random|collections|hash|conflict|testing)\b/);
    });
  }
});
