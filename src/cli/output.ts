import { resolve } from "node:path";
import { writeFileAtomic } from "../atomic-write.js";
import { messageOf, UsageError } from "../errors.js";
import { isReportFormat, REPORT_FORMATS, renderReport, type ReportFormat } from "../report/index.js";
import type { Report } from "../report/types.js";
import type { RuleMeta } from "../../rules/util/types.js";
import type { CliIO } from "./command.js";

export const FORMAT_OPTION = {
  flags: "-f, --format <name>",
  description: `output format: ${REPORT_FORMATS.join(", ")}`,
  defaultValue: "stylish",
} as const;

export const CONFIG_OPTION = {
  flags: "-c, --config <file>",
  description: "configuration file (default: detkit.config.json or the detkit key of package.json)",
} as const;

export const OUTPUT_OPTION = {
  flags: "-o, --output <file>",
  description: "write the report to a file (atomically) instead of standard output",
} as const;

export function parseFormat(value: string | undefined): ReportFormat {
  const name = value ?? "stylish";
  if (!isReportFormat(name)) {
    throw new UsageError(`unknown format "${name}"; expected one of ${REPORT_FORMATS.join(", ")}`);
  }
  return name;
}

/** Colour only for a terminal, and never against NO_COLOR (https://no-color.org) unless FORCE_COLOR asks. */
export function colorEnabled(io: CliIO, toFile: boolean): boolean {
  if (toFile) return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== "0") return true;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "") return false;
  return io.stdout.isTTY && io.env.TERM !== "dumb";
}

/** Renders a report and writes it to `--output` or standard output. */
export function emitReport(
  report: Report,
  format: ReportFormat,
  output: string | undefined,
  rules: readonly RuleMeta[],
  io: CliIO,
): void {
  writeOutput(renderReport(report, format, { color: colorEnabled(io, output !== undefined), rules }), output, io);
}

/** Writes a rendered report to `--output` (atomically) or, without one, to standard output. */
export function writeOutput(text: string, output: string | undefined, io: CliIO): void {
  if (output === undefined) {
    io.stdout.write(text);
    return;
  }
  const target = resolve(io.cwd, output);
  try {
    writeFileAtomic(target, text);
  } catch (error) {
    throw new UsageError(`cannot write ${output}: ${messageOf(error)}`);
  }
}
