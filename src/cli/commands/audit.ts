import { RULES } from "../../../rules/index.js";
import { parseShard, runAudit } from "../../api/audit.js";
import { UsageError } from "../../errors.js";
import { exitCodeOf } from "../../report/build.js";
import { booleanOption, listOption, stringOption, type CommandDefinition } from "../command.js";
import { CONFIG_OPTION, emitReport, FORMAT_OPTION, OUTPUT_OPTION, parseFormat } from "../output.js";
import { progressLine } from "../progress.js";

function parseCount(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} takes a whole number, not "${value}"`);
  return Number(value);
}

function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

function describeFixes(fixed: { readonly fixes: number; readonly files: number }): string {
  return `${plural(fixed.fixes, "fix", "fixes")} in ${plural(fixed.files, "file")}`;
}

export const auditCommand: CommandDefinition = {
  name: "audit",
  summary: "find nondeterministic code in a project",
  description:
    "Scans every TypeScript and JavaScript file under the given paths (default: the current directory), skipping " +
    "node_modules, dist, build, coverage and .git, and reports each use of a nondeterministic API with the " +
    "wrapper that replaces it, together with the dependency findings of `detkit deps` for the package the paths " +
    "belong to.\n\nExit code: 0 clean, 1 error findings or unparseable files, 2 usage or configuration error.",
  arguments: [{ name: "paths", description: "files or directories to scan", variadic: true }],
  options: [
    FORMAT_OPTION,
    OUTPUT_OPTION,
    CONFIG_OPTION,
    { flags: "--report-unused-suppressions", description: "warn about suppression comments that suppress nothing" },
    { flags: "--max-warnings <count>", description: "exit 1 when there are more warnings than this (default: no limit)" },
    { flags: "--no-deps", description: "skip the dependency audit of the package the paths belong to" },
    { flags: "--rule <id>", description: "run only this rule (repeatable, or comma-separated)", repeatable: true },
    { flags: "--category <name>", description: "run only the rules of this category (repeatable)", repeatable: true },
    { flags: "--baseline <file>", description: "report findings recorded in this baseline as suppressed" },
    { flags: "--update-baseline", description: "record every current finding in the --baseline file (written atomically)" },
    { flags: "--fix", description: "apply the safe, mechanical fixes rules offer, then report what is left" },
    { flags: "--fix-dry-run", description: "print the fixes as a unified diff without writing anything" },
    { flags: "--cache", description: "reuse per-file results of earlier runs (default location node_modules/.cache/detkit)" },
    { flags: "--cache-location <dir>", description: "where --cache keeps its results (implies --cache)" },
    { flags: "--shard <index/count>", description: "audit one shard of the files, e.g. 2/4; merge the JSON reports with `detkit merge-reports`" },
  ],
  epilog: [
    "Examples:",
    "  $ detkit audit                      scan the current project",
    "  $ detkit audit src --format sarif -o detkit.sarif",
    "  $ detkit audit --format github      annotations for GitHub Actions",
    "",
    "  $ detkit audit --rule no-wall-clock --category locale",
    "  $ detkit audit --baseline detkit-baseline.json --update-baseline   adopt on legacy code",
    "  $ detkit audit --fix-dry-run         show what --fix would change",
    "",
    "Suppress one finding with a reason:",
    "  // detkit-disable-next-line no-wall-clock -- only feeds a log line",
  ].join("\n"),
  async exec({ args, options, io }) {
    const format = parseFormat(stringOption(options, "format"));
    const maxWarnings = parseCount(stringOption(options, "maxWarnings"), "--max-warnings");
    const output = stringOption(options, "output");
    const [requested] = args;
    const paths = Array.isArray(requested) ? requested : typeof requested === "string" ? [requested] : [];
    const config = stringOption(options, "config");
    const baseline = stringOption(options, "baseline");
    const fix = booleanOption(options, "fixDryRun") ? "dry-run" : booleanOption(options, "fix");
    const shard = stringOption(options, "shard");
    const cacheLocation = stringOption(options, "cacheLocation");
    const cache = cacheLocation ?? booleanOption(options, "cache");

    const progress = progressLine(io.stderr, "detkit: scanning");
    const outcome = await runAudit({
      cwd: io.cwd,
      paths,
      ...(config === undefined ? {} : { config }),
      deps: booleanOption(options, "deps"),
      reportUnusedSuppressions: booleanOption(options, "reportUnusedSuppressions"),
      clock: io.clock,
      onProgress: progress.update,
      only: { rules: listOption(options, "rule"), categories: listOption(options, "category") },
      ...(baseline === undefined ? {} : { baseline }),
      updateBaseline: booleanOption(options, "updateBaseline"),
      fix,
      ...(shard === undefined ? {} : { shard: parseShard(shard) }),
      cache,
    }).finally(progress.done);
    if (outcome.fixed?.diff !== undefined) {
      io.stdout.write(outcome.fixed.diff);
      io.stderr.write(`detkit: ${describeFixes(outcome.fixed)} would be applied (dry run, nothing written)\n`);
      return 0;
    }
    if (outcome.fixed) io.stderr.write(`detkit: applied ${describeFixes(outcome.fixed)}\n`);
    if (outcome.baseline?.written && baseline !== undefined) {
      io.stderr.write(`detkit: recorded ${plural(outcome.baseline.recorded, "finding")} in ${baseline}\n`);
    } else if (outcome.baseline && outcome.baseline.stale > 0) {
      io.stderr.write(
        `detkit: ${plural(outcome.baseline.stale, "baseline entry", "baseline entries")} no longer match (fixed or moved away); run with --update-baseline to drop them\n`,
      );
    }
    const { report, sourceFilesScanned } = outcome;
    if (sourceFilesScanned === 0 && report.errors.length === 0) {
      io.stderr.write(`detkit: no JavaScript or TypeScript files found under ${paths.length > 0 ? paths.join(", ") : "."}\n`);
    }
    emitReport(
      report,
      format,
      output,
      RULES.map((rule) => rule.meta),
      io,
    );
    const tooManyWarnings = maxWarnings !== undefined && report.summary.warningCount > maxWarnings;
    if (tooManyWarnings) {
      io.stderr.write(`detkit: ${report.summary.warningCount} warnings, more than --max-warnings ${maxWarnings}\n`);
    }
    return tooManyWarnings ? 1 : exitCodeOf(report);
  },
};
