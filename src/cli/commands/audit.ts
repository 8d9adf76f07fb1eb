import { statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { RULES } from "../../../rules/index.js";
import { compareStrings } from "@detkit/runtime/collections";
import type { ActiveRule } from "../../analyzer/index.js";
import { suppressionFindings } from "../../analyzer/suppression-findings.js";
import { configuredSeverities, enabledRules, loadConfig, type Config, type EnabledRule } from "../../config/index.js";
import type { DependencyAuditResult } from "../../deps/index.js";
import { UsageError } from "../../errors.js";
import { findPackageRoot } from "../../paths.js";
import { buildReport, exitCodeOf } from "../../report/build.js";
import { VERSION } from "../../version.js";
import { booleanOption, stringOption, type CommandDefinition } from "../command.js";
import { CONFIG_OPTION, emitReport, FORMAT_OPTION, OUTPUT_OPTION, parseFormat } from "../output.js";
import { progressLine } from "../progress.js";

/**
 * The dependency half of the audit, for each package (nearest package.json, or the workspace root that lists it)
 * the scanned paths belong to; none when they belong to no package. What makes a dependency audit impossible (a malformed or foreign lockfile)
 * stops the run like any input error, with a hint on how to audit the source alone.
 */
async function auditPackagesOf(
  paths: readonly string[],
  enabled: readonly EnabledRule[],
  config: Config,
  cwd: string,
): Promise<DependencyAuditResult | undefined> {
  const rules = enabled.flatMap(({ rule }) => (rule.kind === "dependency" ? [rule] : []));
  const starts = (paths.length > 0 ? paths : ["."]).map((path) => {
    const absolute = resolve(cwd, path);
    return statSync(absolute).isDirectory() ? absolute : dirname(absolute);
  });
  const nearestPackages = [...new Set(starts.map(findPackageRoot).filter((root) => root !== undefined))];
  if (nearestPackages.length === 0 || rules.length === 0) return undefined;
  const severities = configuredSeverities(enabled);
  const { auditDependencies, workspaceRootOf } = await import("../../deps/index.js");
  // A workspace package is audited with its workspace root, whose lockfile covers it.
  const packageRoots = [...new Set(await Promise.all(nearestPackages.map(workspaceRootOf)))].sort(compareStrings);
  const results: DependencyAuditResult[] = [];
  for (const root of packageRoots) {
    try {
      results.push(await auditDependencies({ root, cwd, options: config.deps, rules, severities }));
    } catch (error) {
      if (error instanceof UsageError) throw new UsageError(`${error.message} (run with --no-deps to audit only the source)`);
      throw error;
    }
  }
  return {
    findings: results.flatMap((result) => result.findings),
    suppressed: results.flatMap((result) => result.suppressed),
    errors: results.flatMap((result) => result.errors),
    filesScanned: results.reduce((total, result) => total + result.filesScanned, 0),
  };
}

function parseCount(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} takes a whole number, not "${value}"`);
  return Number(value);
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
      explicit: stringOption(options, "config"),
    });
    const enabled = enabledRules(config, RULES);
    const sourceRules: ActiveRule[] = enabled.flatMap(({ rule, configured }) =>
      rule.kind === "source" ? [{ rule, severity: configured ?? rule.meta.severity }] : [],
    );

    // Loaded here, not at the top: the compiler is heavy and other commands (deps, rules) never need it.
    const { analyze } = await import("../../analyzer/index.js");
    const progress = progressLine(io.stderr, "detkit: scanning");
    const analysis = analyze({
      cwd: io.cwd,
      paths,
      rules: sourceRules,
      include: config.include,
      exclude: config.exclude,
      onProgress: progress.update,
    });
    progress.done();

    const dependencies = booleanOption(options, "deps") ? await auditPackagesOf(paths, enabled, config, io.cwd) : undefined;

    const reportUnused = booleanOption(options, "reportUnusedSuppressions");
    // A suppression naming a rule that does not exist is a typo that hides nothing: always worth a warning.
    const unused = analysis.unusedSuppressions.filter(
      (suppression) => reportUnused || suppression.ruleIds.some((id) => !RULES.some((rule) => rule.meta.id === id)),
    );
    const report = buildReport({
      version: VERSION,
      findings: [
        ...analysis.findings,
        ...suppressionFindings(analysis.suppressionsWithoutReason, unused, RULES),
        ...(dependencies?.findings ?? []),
      ],
      suppressed: [...analysis.suppressed, ...(dependencies?.suppressed ?? [])],
      errors: [...analysis.errors, ...(dependencies?.errors ?? [])],
      filesScanned: analysis.filesScanned + (dependencies?.filesScanned ?? 0),
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
