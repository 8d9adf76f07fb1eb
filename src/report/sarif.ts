import { compareStrings } from "@detkit/runtime/collections";
import type { RuleMeta } from "../../rules/util/types.js";
import type { Finding, Report, SuppressedFinding } from "./types.js";

const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

function exampleText(example: RuleMeta["examples"]["incorrect"]): string {
  if (typeof example === "string") return example;
  return Object.keys(example)
    .sort(compareStrings)
    .map((fileName) => `// ${fileName}\n${example[fileName] ?? ""}`)
    .join("\n");
}

function ruleDescriptor(meta: RuleMeta) {
  const markdown = [
    meta.rationale,
    "",
    "Incorrect:",
    "```ts",
    exampleText(meta.examples.incorrect).trimEnd(),
    "```",
    "Correct:",
    "```ts",
    exampleText(meta.examples.correct).trimEnd(),
    "```",
    `Fix: ${meta.replacement}`,
  ].join("\n");
  return {
    id: meta.id,
    name: meta.id,
    shortDescription: { text: meta.description },
    fullDescription: { text: meta.rationale },
    help: { text: `${meta.rationale}\nFix: ${meta.replacement}`, markdown },
    defaultConfiguration: { level: meta.severity === "error" ? "error" : "warning" },
    properties: { category: meta.category, requiresTypes: meta.requiresTypes },
  };
}

function result(finding: Finding, ruleIndex: Map<string, number>, suppression?: SuppressedFinding) {
  const region: Record<string, number> = { startLine: finding.line, startColumn: finding.column };
  if (finding.endLine !== undefined) region.endLine = finding.endLine;
  if (finding.endColumn !== undefined) region.endColumn = finding.endColumn;
  const index = ruleIndex.get(finding.ruleId);
  return {
    ruleId: finding.ruleId,
    ...(index === undefined ? {} : { ruleIndex: index }),
    level: finding.severity === "error" ? "error" : "warning",
    message: { text: finding.suggestion ? `${finding.message}. Fix: ${finding.suggestion}` : finding.message },
    locations: [
      { physicalLocation: { artifactLocation: { uri: finding.file, uriBaseId: "%SRCROOT%" }, region } },
    ],
    ...(finding.trace ? { codeFlows: [codeFlow(finding.trace)] } : {}),
    ...(suppression ? { suppressions: [{ kind: "inSource", justification: suppression.reason }] } : {}),
  };
}

function codeFlow(trace: readonly string[]) {
  return {
    threadFlows: [{ locations: trace.map((step) => ({ location: { message: { text: step } } })) }],
  };
}

/** SARIF 2.1.0: one run, rule descriptors generated from `meta`, suppressed findings kept with their justification. */
export function formatSarif(report: Report, rules: readonly RuleMeta[]): string {
  const ruleIndex = new Map(rules.map((meta, index) => [meta.id, index]));
  const log = {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            rules: rules.map(ruleDescriptor),
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: report.errors.map((error) => ({
              level: "error",
              message: { text: error.message },
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: { uri: error.file, uriBaseId: "%SRCROOT%" },
                    ...(error.line === undefined ? {} : { region: { startLine: error.line } }),
                  },
                },
              ],
            })),
          },
        ],
        results: [
          ...report.findings.map((finding) => result(finding, ruleIndex)),
          ...report.suppressed.map((finding) => result(finding, ruleIndex, finding)),
        ],
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
