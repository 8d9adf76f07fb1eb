import { createHash } from "node:crypto";
import { compareStrings } from "@detkit/runtime/collections";
import { RULES } from "../../rules/index.js";
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

function ruleDescriptor(meta: RuleMeta | string) {
  if (typeof meta === "string") return { id: meta, name: meta };
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

/**
 * A report path as a SARIF artifact URI: a relative reference (resolved against `%SRCROOT%`) whose segments
 * are percent-encoded as RFC 3986 requires, so that spaces, `#`, `%` and non-ASCII names survive (SARIF
 * §3.4.3). `:` is encoded too: in a first segment it would read as a URI scheme.
 */
export function artifactUri(file: string): string {
  return file
    .split("/")
    .map((segment) => encodeURIComponent(segment).replaceAll(":", "%3A"))
    .join("/");
}

/**
 * The rules of a run: the ones the caller lists, then any other rule a result names, from the registry (or by id
 * alone for a rule detkit does not know), so that every result points at a descriptor by `ruleIndex`.
 */
function runRules(report: Report, listed: readonly RuleMeta[]): (RuleMeta | string)[] {
  const known = new Set(listed.map((meta) => meta.id));
  const others = new Set<string>();
  for (const finding of [...report.findings, ...report.suppressed]) {
    if (!known.has(finding.ruleId)) others.add(finding.ruleId);
  }
  return [
    ...listed,
    ...[...others].sort(compareStrings).map((id) => RULES.find((rule) => rule.meta.id === id)?.meta ?? id),
  ];
}

/**
 * `partialFingerprints` for every result (SARIF 2.1.0 §3.27.17), so that code scanning matches an alert across
 * runs by what it is about, not where it is: the finding's own position-free `fingerprint` (rule, normalised
 * source of the hazard or the message, ordinal among identical ones) paired with its file. A lockfile entry
 * moving down a hundred lines keeps its fingerprint. Findings from reports that carry none (older versions)
 * fall back to the rule, file and message with line numbers masked.
 */
function partialFingerprints(findings: readonly Finding[]): Map<Finding, Readonly<Record<string, string>>> {
  const seen = new Map<string, number>();
  const fingerprints = new Map<Finding, Readonly<Record<string, string>>>();
  for (const finding of findings) {
    let identity: string;
    if (finding.fingerprint !== undefined) {
      identity = `${finding.file}\u0000${finding.fingerprint}`;
    } else {
      const message = finding.message.replace(/\blines? \d+(?:-\d+)?/g, "line #");
      const key = [finding.ruleId, finding.file, finding.messageId ?? "", message].join("\u0000");
      const rank = seen.get(key) ?? 0;
      seen.set(key, rank + 1);
      identity = `${key}\u0000${rank}`;
    }
    fingerprints.set(finding, { "detkitFinding/v1": createHash("sha256").update(identity).digest("hex") });
  }
  return fingerprints;
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
      { physicalLocation: { ...artifactLocation(finding.file), region } },
    ],
    ...(finding.trace ? { codeFlows: [codeFlow(finding.trace)] } : {}),
    ...(suppression ? { suppressions: [{ kind: "inSource", justification: suppression.reason }] } : {}),
  };
}

function artifactLocation(file: string) {
  return { artifactLocation: { uri: artifactUri(file), uriBaseId: "%SRCROOT%" } };
}

/** Files that could not be scanned (errors), and files left out on purpose (notes). */
function notifications(report: Report) {
  return [
    ...report.errors.map((error) => ({
      level: "error",
      message: { text: error.message },
      locations: [
        {
          physicalLocation: {
            ...artifactLocation(error.file),
            ...(error.line === undefined ? {} : { region: { startLine: error.line } }),
          },
        },
      ],
    })),
    ...(report.skipped ?? []).map((skipped) => ({
      level: "note",
      message: { text: "minified file (*.min.js) not scanned; name it in the configuration's include to scan it" },
      locations: [{ physicalLocation: artifactLocation(skipped.file) }],
    })),
  ];
}

function codeFlow(trace: readonly string[]) {
  return {
    threadFlows: [{ locations: trace.map((step) => ({ location: { message: { text: step } } })) }],
  };
}

/** SARIF 2.1.0: one run, rule descriptors generated from `meta`, suppressed findings kept with their justification. */
export function formatSarif(report: Report, listedRules: readonly RuleMeta[]): string {
  const rules = runRules(report, listedRules);
  const ruleIndex = new Map(rules.map((meta, index) => [typeof meta === "string" ? meta : meta.id, index]));
  const fingerprints = partialFingerprints([...report.findings, ...report.suppressed]);
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
        // Columns count UTF-16 code units, as TypeScript positions do (SARIF §3.14.23).
        columnKind: "utf16CodeUnits",
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: notifications(report),
          },
        ],
        results: [
          ...report.findings.map((finding) => ({ ...result(finding, ruleIndex), partialFingerprints: fingerprints.get(finding) })),
          ...report.suppressed.map((finding) => ({ ...result(finding, ruleIndex, finding), partialFingerprints: fingerprints.get(finding) })),
        ],
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
