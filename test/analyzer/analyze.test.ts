import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ts } from "@ts-morph/common";
import { describe, expect, it } from "vitest";
import noUnseededRandom from "../../rules/no-unseeded-random.js";
import noWallClock from "../../rules/no-wall-clock.js";
import { createRule } from "../../rules/util/create-rule.js";
import { analyzeWith } from "../helpers/analyze.js";
import { temporaryDirectory } from "../helpers/fixtures.js";


function project(files: Record<string, string>): string {
  const directory = temporaryDirectory();
  for (const [name, text] of Object.entries({ "package.json": "{}", ...files })) writeFileSync(join(directory, name), text);
  return directory;
}

describe("analyze", () => {
  it("reports code nested too deeply for the parser as an error and scans the rest", () => {
    const depth = 5000;
    const cwd = project({
      "generated.ts": `export const table = ${"[".repeat(depth)}${"]".repeat(depth)};\n`,
      "clock.ts": "export const t = Date.now();\n",
    });
    const analysis = analyzeWith(cwd, [], [{ rule: noWallClock, severity: "error" }]);
    expect(analysis.errors).toEqual([{ file: "generated.ts", message: "cannot be parsed: nested too deeply" }]);
    expect(analysis.findings.map((finding) => finding.file)).toEqual(["clock.ts"]);
    expect(analysis.filesScanned).toBe(1);
  });

  it("checks long flat expressions, which are deep trees, without losing their findings", () => {
    const operands = (count: number, hazard: string, at: number) =>
      Array.from({ length: count }, (_, index) => (index === at ? hazard : `a${index % 7}`));
    const cwd = project({
      // A `+` chain of 2,000 operands and a 3,000-item comma list, inside functions with `var`s to collect.
      "sum.js": `export function total(a0, a1, a2, a3, a4, a5, a6) {\n  var sum = ${operands(2000, "Date.now()", 1500).join(" + ")};\n  return sum;\n}\n`,
      "comma.js": `export function last(a0, a1, a2, a3, a4, a5, a6) {\n  var x = (${operands(3000, "Math.random()", 2500).join(", ")});\n  return x;\n}\n`,
      // A promise chain of 2,000 calls: every name in it sits a level deeper than the one before.
      "chain.js": `export const done = start()\n${Array.from({ length: 2000 }, (_, index) => (index === 1900 ? "  .then(() => Date.now())" : "  .then(step)")).join("\n")};\n`,
    });
    const analysis = analyzeWith(cwd, [], [
      { rule: noWallClock, severity: "error" },
      { rule: noUnseededRandom, severity: "error" },
    ]);
    expect(analysis.errors).toEqual([]);
    expect(analysis.findings.map((finding) => `${finding.file}:${finding.line} ${finding.ruleId}`).sort()).toEqual([
      "chain.js:1902 no-wall-clock",
      "comma.js:2 no-unseeded-random",
      "sum.js:2 no-wall-clock",
    ]);
  });

  it("builds the type checker only for rules that declare requiresTypes, over the files it parsed", () => {
    const seen: string[] = [];
    const mapReceivers = createRule({
      meta: { ...noWallClock.meta, id: "test-map-receivers", requiresTypes: true },
      create(context) {
        return {
          CallExpression(node) {
            if (!ts.isPropertyAccessExpression(node.expression)) return;
            const checker = context.getTypeChecker();
            const type = checker.getTypeAtLocation(node.expression.expression);
            seen.push(`${node.expression.getText()}: ${checker.typeToString(type)}`);
          },
        };
      },
    });
    const cwd = project({
      "a.ts": 'import { prices } from "./b";\nprices.forEach(() => {});\n',
      "b.ts": "export const prices = new Map<string, number>();\n",
    });
    analyzeWith(cwd, ["a.ts", "b.ts"], [{ rule: mapReceivers, severity: "error" }]);
    expect(seen).toEqual(["prices.forEach: Map<string, number>"]);
  });

  it("refuses a type question from a rule that did not declare it", () => {
    const sneaky = createRule({
      meta: { ...noWallClock.meta, id: "test-sneaky", requiresTypes: false },
      create(context) {
        return { CallExpression: () => void context.getTypeChecker() };
      },
    });
    const cwd = project({ "a.ts": "f();\n" });
    expect(() => analyzeWith(cwd, [], [{ rule: sneaky, severity: "error" }])).toThrow(/requiresTypes/);
  });
});
