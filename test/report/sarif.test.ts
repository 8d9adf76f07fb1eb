import { readFileSync } from "node:fs";
import Ajv04 from "ajv-draft-04";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { renderReport } from "../../src/report/index.js";
import { artifactUri } from "../../src/report/sarif.js";
import type { Report } from "../../src/report/types.js";
import { runCli } from "../helpers/cli.js";
import { fixturePath } from "../helpers/fixtures.js";

// The official OASIS schema (draft-04), vendored with its licence note in test/fixtures/sarif/README.md.
const sarifSchema: object = JSON.parse(readFileSync(fixturePath("sarif", "sarif-schema-2.1.0.json"), "utf8"));
const ajv = new Ajv04.default({ allErrors: true, strict: false });
addFormats.default(ajv);
const validateSarif = ajv.compile(sarifSchema);

function schemaViolations(log: unknown): string[] {
  if (validateSarif(log)) return [];
  return (validateSarif.errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message ?? ""}`);
}

interface SarifLog {
  runs: {
    columnKind?: string;
    tool: { driver: { rules: { id: string }[] } };
    results: { ruleId: string; ruleIndex?: number; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
    invocations: { toolExecutionNotifications: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
  }[];
}

async function sarifOf(argv: readonly string[], cwd: string): Promise<SarifLog> {
  const result = await runCli([...argv, "--format", "sarif"], { cwd });
  // `detkit deps` says which mode (library or application) it applied; nothing else may reach stderr.
  expect(result.stderr.replace(/^detkit: audited .*\n/m, "")).toBe("");
  return JSON.parse(result.stdout) as SarifLog;
}

describe("SARIF output", () => {
  it("validates against the official SARIF 2.1.0 schema, with awkward file names percent-encoded", async () => {
    const cwd = fixturePath("audit", "awkward-names");
    const log = await sarifOf(["audit"], cwd);
    expect(schemaViolations(log)).toEqual([]);
    const [run] = log.runs;
    const uris = run?.results.map((result) => result.locations[0]?.physicalLocation.artifactLocation.uri) ?? [];
    expect(new Set(uris)).toEqual(
      new Set([
        "package.json",
        "src/100%25.ts",
        "src/issue%2342.ts",
        "src/reports%202026/daily%20summary.ts",
        "src/zuf%C3%A4llig.ts",
      ]),
    );
    // Decoding gives back the names the JSON report uses.
    const json = JSON.parse((await runCli(["audit", "--format", "json"], { cwd })).stdout) as Report;
    const files = [...json.findings, ...json.suppressed].map((finding) => finding.file);
    expect(new Set(uris.map((uri) => decodeURIComponent(uri ?? "")))).toEqual(new Set(files));
  });

  it("says columns are UTF-16 code units and gives every result, directive rules included, its descriptor", async () => {
    const log = await sarifOf(["audit"], fixturePath("audit", "awkward-names"));
    const [run] = log.runs;
    expect(run?.columnKind).toBe("utf16CodeUnits");
    const ids = run?.tool.driver.rules.map((rule) => rule.id) ?? [];
    const named = run?.results.map((result) => result.ruleId) ?? [];
    expect(named).toContain("suppression-missing-reason");
    for (const result of run?.results ?? []) {
      expect(result.ruleIndex).toBeDefined();
      expect(ids[result.ruleIndex ?? -1]).toBe(result.ruleId);
    }
  });

  it("validates for the dependency audit and for files that could not be scanned", async () => {
    expect(schemaViolations(await sarifOf(["deps"], fixturePath("deps", "sources")))).toEqual([]);
    const broken = await runCli(["audit", "--format", "sarif", "--no-deps"], { cwd: fixturePath("audit", "broken") });
    expect(schemaViolations(JSON.parse(broken.stdout))).toEqual([]);
  });

  it("describes every rule its results name even when the caller lists none", () => {
    const finding = { category: "suppression", severity: "warning", file: "a b.ts", line: 1, column: 1, message: "m" } as const;
    const report: Report = {
      tool: { name: "detkit", version: "0.0.0" },
      findings: [
        { ...finding, ruleId: "unused-suppression" },
        { ...finding, ruleId: "some-plugin-rule" },
      ],
      suppressed: [],
      errors: [{ file: "c#.ts", message: "syntax error" }],
      summary: { filesScanned: 1, errorCount: 0, warningCount: 2, suppressedCount: 0, durationMs: 0 },
    };
    const log = JSON.parse(renderReport(report, "sarif", { color: false, rules: [] })) as SarifLog;
    expect(schemaViolations(log)).toEqual([]);
    expect(log.runs[0]?.tool.driver.rules.map((rule) => rule.id)).toEqual(["some-plugin-rule", "unused-suppression"]);
    expect(log.runs[0]?.results.map((result) => result.ruleIndex)).toEqual([1, 0]);
    expect(log.runs[0]?.invocations[0]?.toolExecutionNotifications[0]?.locations[0]?.physicalLocation.artifactLocation.uri).toBe("c%23.ts");
  });

  it.each([
    ["src/a.ts", "src/a.ts"],
    ["../outside/x.ts", "../outside/x.ts"],
    ["a:b.ts", "a%3Ab.ts"],
    ["50% off/ü €.ts", "50%25%20off/%C3%BC%20%E2%82%AC.ts"],
  ])("encodes %s as %s", (file, uri) => {
    expect(artifactUri(file)).toBe(uri);
  });
});
