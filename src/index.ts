/**
 * detkit's programmatic API: the same pipelines as `detkit audit` and `detkit deps`, returning the report
 * object (the shape of `--format json`) and never printing or exiting.
 */
export { audit, type AuditOptions } from "./api/audit.js";
export { deps, type DepsOptions, type ConfigOption } from "./api/deps.js";
export { renderReport, REPORT_FORMATS, type ReportFormat } from "./report/index.js";
export type { FileError, Finding, Report, SkippedFile, SuppressedFinding, Summary } from "./report/types.js";
export type { Category, Severity } from "../rules/util/types.js";
