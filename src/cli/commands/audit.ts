import { RULES } from "../../../rules/index.js";
import type { ActiveRule } from "../../analyzer/index.js";
import { loadConfig, severityOf } from "../../config/index.js";
import { buildReport, exitCodeOf } from "../../report/build.js";
import { UsageError } from "../../errors.js";
import { VERSION } from "../../version.js";
import { booleanOption, stringOption, type CommandDefinition } from "../command.js";
import { emitReport, FORMAT_OPTION, OUTPUT_OPTION, parseFormat } from "../output.js";
import { progressLine } from "../progress.js";

function parseCount(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} takes a whole number, not "${value}"`);
  return Number(value);
}

export const auditCommand: CommandDefinition = {
  name: "audit",
  summary: "find nondeterministic code in a project",
  description:
    "Scans every TypeScript and JavaScript file under the given paths (default: the current directory), skipping\n" +
    "node_modules, dist, build, coverage and .git, and reports each use of a nondeterministic API with the\n" +
    "wrapper that replaces it. Exit code: 0 clean, 1 error findings or unparseable files, 2 usage or config error.",
  arguments: [{ name: "paths", description: "files or directories to scan", variadic: true }],
  options: [
    FORMAT_OPTION,
    OUTPUT_OPTION,
    { flags: "-c, --config <file>", description: "configuration file (default: detkit.config.json or package.json#detkit)" },
    { flags: "--report-unused-suppressions", description: "warn about suppression comments that suppress nothing" },
    { flags: "--max-warnings <count>", description: "exit 1 when there are more warnings than this (default: no limit)" },
  ],
  epilog: [
    "Examples:",
    "  $ detkit audit                      scan the current project",
    "  $ detkit audit src --format sarif -o detkit.sarif",
    "  $ detkit audit --format github      annotations for GitHub Actions",
    "",
    "Suppress one finding with a reason:",
    "  // detkit-disable-next-line no-wall-clock -- only feeds a log line",
  ].join("\n"),
  async exec({ args, options, io }) {
    const started = io.clock.now();
    const format = parseFormat(stringOption(options, "format"));
    const maxWarnings = parseCount(stringOption(options, "maxWarnings"), "--max-warnings");
    const output = stringOption(options, "output");
    const [requested] = args;
    const paths = Array.isArray(requested) ? requested : typeof requested === "string" ? [requested] : [];

    const config = loadConfig({
      cwd: io.cwd,
      start: paths[0] ?? ".",
      rules: RULES,
      ...(stringOption(options, "config") === undefined ? {} : { explicit: stringOption(options, "config") }),
    });
    const active: ActiveRule[] = [];
    for (const rule of RULES) {
      const severity = severityOf(config, rule.meta.id, rule.meta.category, rule.meta.severity);
      if (rule.kind === "source" && severity) active.push({ rule, severity });
    }

    // Loaded here, not at the top: the compiler is heavy and other commands (deps, rules) never need it.
    const { analyze } = await import("../../analyzer/index.js");
    const { suppressionFindings } = await import("../../analyzer/suppression-findings.js");
    const progress = progressLine(io.stderr, "detkit: scanning");
    const analysis = analyze({
      cwd: io.cwd,
      paths,
      rules: active,
      include: config.include,
      exclude: config.exclude,
      onProgress: progress.update,
    });
    progress.done();

    const reportUnused = booleanOption(options, "reportUnusedSuppressions");
    // A suppression naming a rule that does not exist is a typo that hides nothing: always worth a warning.
    const unused = analysis.unusedSuppressions.filter(
      (suppression) => reportUnused || suppression.ruleIds.some((id) => !RULES.some((rule) => rule.meta.id === id)),
    );
    const report = buildReport({
      version: VERSION,
      findings: [...analysis.findings, ...suppressionFindings(analysis.suppressionsWithoutReason, unused, RULES)],
      suppressed: analysis.suppressed,
      errors: analysis.errors,
      filesScanned: analysis.filesScanned,
      durationMs: Math.max(0, io.clock.now() - started),
    });
    if (analysis.filesScanned === 0 && analysis.errors.length === 0) {
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
