import type { RuleMeta } from "../../rules/util/types.js";
import { formatGithub } from "./github.js";
import { formatJson } from "./json.js";
import { formatSarif } from "./sarif.js";
import { formatStylish } from "./stylish.js";
import type { Report } from "./types.js";

export const REPORT_FORMATS = ["stylish", "json", "sarif", "github"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function isReportFormat(name: string): name is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(name);
}

export interface RenderOptions {
  readonly color: boolean;
  /** Rule descriptors for SARIF; every rule that ran, in registry order. */
  readonly rules: readonly RuleMeta[];
}

/** Reporters are plain functions of the report: they never look at the project again. */
export function renderReport(report: Report, format: ReportFormat, options: RenderOptions): string {
  switch (format) {
    case "stylish":
      return formatStylish(report, options);
    case "json":
      return formatJson(report);
    case "sarif":
      return formatSarif(report, options.rules);
    case "github":
      return formatGithub(report);
  }
}
