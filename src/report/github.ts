import type { FileError, Finding, Report } from "./types.js";

// Workflow command escaping, as in @actions/core: data escapes %, CR, LF; properties also escape : and ,.
function escapeData(text: string): string {
  return text.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
}

function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(":", "%3A").replaceAll(",", "%2C");
}

function command(kind: "error" | "warning", properties: readonly [string, string | number | undefined][], text: string) {
  const props = properties
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(",");
  return `::${kind} ${props}::${escapeData(text)}`;
}

function findingLine(finding: Finding): string {
  const text = finding.suggestion ? `${finding.message} (${finding.suggestion})` : finding.message;
  return command(
    finding.severity === "error" ? "error" : "warning",
    [
      ["file", finding.file],
      ["line", finding.line],
      ["col", finding.column],
      ["endLine", finding.endLine],
      ["endColumn", finding.endColumn],
      ["title", `detkit(${finding.ruleId})`],
    ],
    text,
  );
}

function errorLine(error: FileError): string {
  return command(
    "error",
    [
      ["file", error.file],
      ["line", error.line],
      ["title", "detkit: file not scanned"],
    ],
    error.message,
  );
}

/** GitHub Actions annotations, one workflow command per line. */
export function formatGithub(report: Report): string {
  const lines = [...report.errors.map(errorLine), ...report.findings.map(findingLine)];
  return lines.length > 0 ? `${lines.join("\n")}\n` : "";
}
