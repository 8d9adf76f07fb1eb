import { expect } from "vitest";
import type { Report } from "../../src/report/types.js";
import { runCli } from "../helpers/cli.js";
import { schemaErrors } from "../helpers/schema.js";

export interface DepsRun {
  readonly exitCode: number;
  readonly report: Report;
  readonly stdout: string;
  readonly stderr: string;
}

function isReport(value: unknown): value is Report {
  return typeof value === "object" && value !== null && "findings" in value && "summary" in value;
}

/** Runs `detkit deps <args> --format json` in-process from `cwd`; the report must conform to the schema. */
export async function depsJson(cwd: string, args: readonly string[] = []): Promise<DepsRun> {
  const result = await runCli(["deps", ...args, "--format", "json"], { cwd });
  const parsed: unknown = JSON.parse(result.stdout);
  expect(schemaErrors("report", parsed)).toEqual([]);
  if (!isReport(parsed)) throw new Error("not a report");
  return { ...result, report: parsed };
}

/** A finding reduced to what a table compares: rule, severity and `file:line:column`. */
export type FindingRow = readonly [ruleId: string, severity: string, at: string];

export function rows(findings: Report["findings"]): FindingRow[] {
  return findings.map((finding) => [finding.ruleId, finding.severity, `${finding.file}:${finding.line}:${finding.column}`]);
}
