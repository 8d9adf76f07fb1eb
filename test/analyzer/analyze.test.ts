import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ts } from "@ts-morph/common";
import { describe, expect, it } from "vitest";
import noWallClock from "../../rules/no-wall-clock.js";
import { createRule } from "../../rules/util/create-rule.js";
import { analyze } from "../../src/analyzer/index.js";
import { temporaryDirectory } from "../helpers/fixtures.js";
import { DEFAULT_SUPPRESSION_POLICY as suppressions } from "../helpers/rule-tester.js";

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
    const analysis = analyze({ cwd, paths: [], rules: [{ rule: noWallClock, severity: "error" }], suppressions });
    expect(analysis.errors).toEqual([{ file: "generated.ts", message: "cannot be parsed: nested too deeply" }]);
    expect(analysis.findings.map((finding) => finding.file)).toEqual(["clock.ts"]);
    expect(analysis.filesScanned).toBe(1);
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
    analyze({ cwd, paths: ["a.ts", "b.ts"], rules: [{ rule: mapReceivers, severity: "error" }], suppressions });
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
    expect(() => analyze({ cwd, paths: [], rules: [{ rule: sneaky, severity: "error" }], suppressions })).toThrow(/requiresTypes/);
  });
});
