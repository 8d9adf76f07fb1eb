import { resolve } from "node:path";
import { RULES } from "../../../rules/index.js";
import { exitCodeOf } from "../../report/build.js";
import { mergeReports, readReport } from "../../report/merge.js";
import { stringOption, type CommandDefinition } from "../command.js";
import { emitReport, FORMAT_OPTION, OUTPUT_OPTION, parseFormat } from "../output.js";

export const mergeReportsCommand: CommandDefinition = {
  name: "merge-reports",
  summary: "merge the JSON reports of audit shards into one report",
  description:
    "Reads JSON reports written by `detkit audit --shard i/n --format json` (on one machine or several CI jobs) " +
    "and prints the report a single run would have given, in any format: findings, suppressed findings and " +
    "errors united and sorted, counts derived again, the duration of the slowest shard.\n\nExit code: as " +
    "`detkit audit` for the merged report; 2 when a file is missing, malformed or from another detkit version.",
  arguments: [{ name: "reports", description: "JSON report files", variadic: true }],
  options: [FORMAT_OPTION, OUTPUT_OPTION],
  epilog: [
    "Examples:",
    "  $ detkit audit --shard 1/2 --format json -o shard-1.json   (in one CI job)",
    "  $ detkit audit --shard 2/2 --format json -o shard-2.json   (in another)",
    "  $ detkit merge-reports shard-*.json --format sarif -o detkit.sarif",
  ].join("\n"),
  async exec({ args, options, io }) {
    const format = parseFormat(stringOption(options, "format"));
    const [requested] = args;
    const files = Array.isArray(requested) ? requested : typeof requested === "string" ? [requested] : [];
    const reports = files.map((file) => ({ file, report: readReport(resolve(io.cwd, file), file) }));
    const report = mergeReports(reports);
    emitReport(
      report,
      format,
      stringOption(options, "output"),
      RULES.map((rule) => rule.meta),
      io,
    );
    return exitCodeOf(report);
  },
};
