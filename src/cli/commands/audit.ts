import { RULES } from "../../../rules/index.js";
import { parseShard, runAudit } from "../../api/audit.js";
import type { ZoneReport } from "../../analyzer/index.js";
import { UsageError } from "../../errors.js";
import { exitCodeOf } from "../../report/build.js";
import { plural } from "../../text.js";
import { booleanOption, listOption, stringOption, type CommandDefinition } from "../command.js";
import { CONFIG_OPTION, emitReport, FORMAT_OPTION, OUTPUT_OPTION, parseFormat } from "../output.js";
import { progressLine } from "../progress.js";

function parseCount(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} takes a whole number, not "${value}"`);
  return Number(value);
}

function describeFixes(fixed: { readonly fixes: number; readonly files: number }): string {
  return `${plural(fixed.fixes, "fix", "fixes")} in ${plural(fixed.files, "file")}`;
}

/** One line per package the fixes import that a package.json does not list: the fixed code needs it installed. */
function describeMissing(missing: readonly { readonly name: string; readonly manifest: string }[]): string {
  return missing
    .map(({ name, manifest }) => {
      // In a workspace package, npm installs into the package named with -w, from the root.
      const folder = manifest.slice(0, -"package.json".length).replace(/[\\/]$/, "");
      const install = folder === "" ? `npm install ${name}` : `npm install ${name} -w ${folder}, from the workspace root`;
      return `detkit: the fixes import ${name}, which ${manifest} does not list; add it (${install}) before running the fixed code\n`;
    })
    .join("");
}

export const auditCommand: CommandDefinition = {
  name: "audit",
  summary: "find nondeterministic code in a project",
  description:
    "Scans every TypeScript and JavaScript file under the given paths (default: the current directory), skipping " +
    "node_modules and .git, dist, build and coverage beside a package.json, what .gitignore lists, and minified " +
    "*.min.js bundles (counted in the summary), and reports each use of a nondeterministic API with the wrapper " +
    "that replaces it, together with the dependency findings of `detkit deps` for the package the paths belong to. " +
    "A path or glob that matches no file is an error.\n\n" +
    "Exit code: 0 clean, 1 error findings or unparseable files, 2 usage or configuration error.",
  arguments: [{ name: "paths", description: "files, directories or globs (quoted: \"src/**/*.ts\") to scan", variadic: true }],
  options: [
    FORMAT_OPTION,
    OUTPUT_OPTION,
    CONFIG_OPTION,
    { flags: "--report-unused-suppressions", description: "warn about suppression comments that suppress nothing" },
    { flags: "--max-warnings <count>", description: "exit 1 when there are more warnings than this (default: no limit)" },
    { flags: "--no-deps", description: "skip the dependency audit of the package the paths belong to" },
    {
      flags: "--no-error-on-unmatched-pattern",
      description: "accept paths and globs that match no file to scan (default: exit 2 naming them)",
    },
    { flags: "--rule <id>", description: "run only this rule (repeatable, or comma-separated)", repeatable: true },
    { flags: "--category <name>", description: "run only the rules of this category (repeatable)", repeatable: true },
    { flags: "--baseline <file>", description: "report findings recorded in this baseline as suppressed" },
    { flags: "--update-baseline", description: "record every current finding in the --baseline file (written atomically)" },
    { flags: "--fix", description: "apply the safe, mechanical fixes rules offer, then report what is left" },
    { flags: "--fix-dry-run", description: "print the fixes as a unified diff without writing anything" },
    { flags: "--cache", description: "reuse per-file results of earlier runs (default location node_modules/.cache/detkit)" },
    { flags: "--cache-location <dir>", description: "where --cache keeps its results (implies --cache)" },
    { flags: "--explain", description: "list the zone entry points and the calls the zone walk could not follow (on standard error)" },
    { flags: "--shard <index/count>", description: "audit one shard of the files, e.g. 2/4; merge the JSON reports with `detkit merge-reports`" },
  ],
  epilog: [
    "Examples:",
    "  $ detkit audit                      scan the current project",
    "  $ detkit audit src --format sarif -o detkit.sarif",
    "  $ detkit audit --format github      annotations for GitHub Actions",
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

    const progress = progressLine(io.stderr, "detkit: scanning");
    const outcome = await runAudit({
      cwd: io.cwd,
      paths,
      ...(config === undefined ? {} : { config }),
      deps: booleanOption(options, "deps"),
      reportUnusedSuppressions: booleanOption(options, "reportUnusedSuppressions"),
      errorOnUnmatchedPattern: booleanOption(options, "errorOnUnmatchedPattern"),
      clock: io.clock,
      onProgress: progress.update,
      only: { rules: listOption(options, "rule"), categories: listOption(options, "category") },
      ...(baseline === undefined ? {} : { baseline }),
      updateBaseline: booleanOption(options, "updateBaseline"),
      fix,
      ...(shard === undefined ? {} : { shard: parseShard(shard) }),
      cache: cacheLocation ?? booleanOption(options, "cache"),
    }).finally(progress.done);
    if (outcome.fixed?.diff !== undefined) {
      io.stdout.write(outcome.fixed.diff);
      io.stderr.write(`detkit: ${describeFixes(outcome.fixed)} would be applied (dry run, nothing written)\n`);
      io.stderr.write(describeMissing(outcome.fixed.missingDependencies));
      return 0;
    }
    if (outcome.fixed) io.stderr.write(`detkit: applied ${describeFixes(outcome.fixed)}\n${describeMissing(outcome.fixed.missingDependencies)}`);
    if (outcome.baseline?.written && baseline !== undefined) {
      io.stderr.write(`detkit: recorded ${plural(outcome.baseline.recorded, "finding")} in ${baseline}\n`);
    } else if (outcome.baseline && outcome.baseline.stale > 0) {
      io.stderr.write(
        `detkit: ${plural(outcome.baseline.stale, "baseline entry", "baseline entries")} no longer match (fixed or moved away); run with --update-baseline to drop them\n`,
      );
    }
    const { report, sourceFilesScanned } = outcome;
    if (booleanOption(options, "explain")) io.stderr.write(explainZones(outcome.zones, cacheLocation !== undefined || booleanOption(options, "cache")));
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
      io.stderr.write(`detkit: ${plural(report.summary.warningCount, "warning")}, more than --max-warnings ${maxWarnings}\n`);
    }
    return tooManyWarnings ? 1 : exitCodeOf(report);
  },
};

/** `--explain`: where zones start, and each call their walks met but could not follow, by entry point. */
export function explainZones(zones: ZoneReport | undefined, cached: boolean): string {
  if (!zones) {
    return cached
      ? "detkit: zones: results came from the cache; run without --cache to list entry points and calls not followed\n"
      : "detkit: zones: no entry points (mark a function /** @deterministic */ or list files under \"zones\" in the configuration)\n";
  }
  const lines = [`detkit: zones: ${plural(zones.entries.length, "entry point")}`];
  for (const entry of zones.entries) {
    const unfollowed = zones.unfollowed.filter((call) => call.entry === entry);
    lines.push(`  ${entry}${unfollowed.length > 0 ? ` — ${plural(unfollowed.length, "call")} not followed:` : ""}`);
    for (const call of unfollowed) lines.push(`    ${call.call}: ${call.reason}`);
  }
  return `${lines.join("\n")}\n`;
}
