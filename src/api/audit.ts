import { statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { RULES } from "../../rules/index.js";
import { CATEGORIES, type Severity } from "../../rules/util/types.js";
import { compareStrings } from "@detkit/runtime/collections";
import type { Clock } from "@detkit/runtime/clock";
import type { ActiveRule, Shard, SuppressionPolicy } from "../analyzer/index.js";
import { enabledRules, loadConfig, type Config, type EnabledRule } from "../config/index.js";
import type { DependencyAuditResult } from "../deps/index.js";
import { UsageError } from "../errors.js";
import { findPackageRoot } from "../paths.js";
import { buildReport } from "../report/build.js";
import type { Finding, Report } from "../report/types.js";
import { applyBaseline, readBaseline, writeBaseline } from "../baseline/index.js";
import { planDiff, planFixes, writePlans } from "../fix/index.js";
import { VERSION } from "../version.js";
import { dependencyAuditRequest, type ConfigOption } from "./deps.js";
import { resolveCwd, runClock } from "./defaults.js";

export interface AuditOptions {
  /**
   * The directory paths are relative to, and findings' `file` too.
   * @default process.cwd()
   */
  readonly cwd?: string;
  /**
   * Files or directories to scan, relative to `cwd`.
   * @default the whole of `cwd`
   */
  readonly paths?: readonly string[];
  /**
   * A configuration file (relative to `cwd`), or the configuration itself as an object of the shape of
   * detkit.config.json.
   * @default detkit.config.json or the "detkit" key of package.json, found from the first path upwards
   */
  readonly config?: ConfigOption;
  /**
   * Whether to run the dependency audit of the package(s) the paths belong to (`--no-deps` is `false`).
   * @default true
   */
  readonly deps?: boolean;
  /**
   * Report suppression comments that hide nothing (`--report-unused-suppressions`).
   * @default false
   */
  readonly reportUnusedSuppressions?: boolean;
  /**
   * Measures `summary.durationMs`.
   * @default systemClock from detkit/clock
   */
  readonly clock?: Clock;
  /** Called after each source file, e.g. for a progress display. */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Run only these rules and categories (`--rule`, `--category`); an unknown id or category is an error.
   * @default every rule the configuration enables
   */
  readonly only?: { readonly rules?: readonly string[]; readonly categories?: readonly string[] };
  /**
   * A baseline file (relative to `cwd`): findings recorded in it move to `suppressed`.
   * @default none
   */
  readonly baseline?: string;
  /**
   * Record every current finding in `baseline` (written atomically) instead of reporting it.
   * @default false
   */
  readonly updateBaseline?: boolean;
  /**
   * Apply the fixes rules offer for the findings reported (`--fix`), then audit again; `"dry-run"` computes
   * them without writing (`--fix-dry-run`).
   * @default false
   */
  readonly fix?: boolean | "dry-run";
  /**
   * Audit one shard of the source files (`--shard index/count`); the dependency audit runs in shard 1 only, so
   * `detkit merge-reports` of all shards gives the report of one whole run.
   * @default the whole project
   */
  readonly shard?: Shard;
  /**
   * Reuse per-file results of earlier runs (`--cache`): `true` for the default location,
   * `node_modules/.cache/detkit` in the project (the nearest package.json above the first path), or a
   * directory (`--cache-location`, relative to `cwd`). Results are keyed by file content, configuration, rule
   * set and detkit version; a corrupt cache is ignored and rebuilt.
   * @default false
   */
  readonly cache?: boolean | string;
}

/** Where `--cache` keeps its results: the given directory, or node_modules/.cache/detkit of the project. */
function cacheDirectory(cache: true | string, cwd: string, paths: readonly string[]): string {
  if (typeof cache === "string") return resolve(cwd, cache);
  const start = resolve(cwd, paths[0] ?? ".");
  const root = findPackageRoot(statSync(start).isDirectory() ? start : dirname(start)) ?? cwd;
  return join(root, "node_modules", ".cache", "detkit");
}

/** Parses `--shard 2/4`; anything else is a usage error. */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard takes index/count with 1 <= index <= count, e.g. 2/4; not "${text}"`);
  }
  return { index, count };
}

/** What an audit found, with what the CLI needs besides the report. */
export interface AuditOutcome {
  readonly report: Report;
  /** Source files checked (the report's `filesScanned` also counts the manifests the dependency audit read). */
  readonly sourceFilesScanned: number;
  /** With a baseline: its entries, those no finding matched any more, and whether the file was (re)written. */
  readonly baseline?: { readonly recorded: number; readonly stale: number; readonly written: boolean };
  /** With `fix`: how many fixes went into how many files, and for a dry run, the unified diff. */
  readonly fixed?: { readonly fixes: number; readonly files: number; readonly diff?: string };
}

/**
 * The dependency half of the audit, for each package (nearest package.json, or the workspace root that lists
 * it) the scanned paths belong to; none
 * when they belong to no package. What makes a dependency audit impossible (a malformed or foreign lockfile)
 * stops the run like any input error, with a hint on how to audit the source alone.
 */
async function auditPackagesOf(
  paths: readonly string[],
  enabled: readonly EnabledRule[],
  config: Config,
  cwd: string,
): Promise<DependencyAuditResult | undefined> {
  const starts = (paths.length > 0 ? paths : ["."]).map((path) => {
    const absolute = resolve(cwd, path);
    return statSync(absolute).isDirectory() ? absolute : dirname(absolute);
  });
  const nearestPackages = [...new Set(starts.map(findPackageRoot).filter((root) => root !== undefined))];
  if (nearestPackages.length === 0 || !enabled.some(({ rule }) => rule.kind === "dependency")) return undefined;
  const { auditDependencies, workspaceRootOf } = await import("../deps/index.js");
  // A workspace package is audited with its workspace root, whose lockfile covers it.
  const packageRoots = [...new Set(await Promise.all(nearestPackages.map(workspaceRootOf)))].sort(compareStrings);
  const results: DependencyAuditResult[] = [];
  for (const root of packageRoots) {
    try {
      results.push(await auditDependencies(dependencyAuditRequest(root, cwd, config, enabled)));
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

/** The rules `--rule`/`--category` keep; an unknown name is a usage error, not a silent no-op. */
function selectRules(enabled: readonly EnabledRule[], only: AuditOptions["only"]): EnabledRule[] {
  const ids = only?.rules ?? [];
  const categories = only?.categories ?? [];
  if (ids.length === 0 && categories.length === 0) return [...enabled];
  for (const id of ids) {
    if (!RULES.some((rule) => rule.meta.id === id)) throw new UsageError(`unknown rule "${id}"; run \`detkit rules\` for the list`);
  }
  for (const category of categories) {
    if (!CATEGORIES.some((known) => known === category)) {
      throw new UsageError(`unknown category "${category}"; expected one of ${CATEGORIES.join(", ")}`);
    }
  }
  return enabled.filter(({ rule }) => ids.includes(rule.meta.id) || categories.includes(rule.meta.category));
}

function severityOf(enabled: readonly EnabledRule[], id: string): Severity | undefined {
  const found = enabled.find(({ rule }) => rule.meta.id === id);
  return found && (found.configured ?? found.rule.meta.severity);
}

/** `audit()` with the details the CLI prints besides the report. */
export async function runAudit(options: AuditOptions = {}): Promise<AuditOutcome> {
  const filtered = (options.only?.rules?.length ?? 0) + (options.only?.categories?.length ?? 0) > 0;
  if (options.updateBaseline && options.baseline === undefined) {
    throw new UsageError("--update-baseline needs --baseline <file>: the file to write");
  }
  if (options.updateBaseline && (filtered || options.fix)) {
    throw new UsageError("--update-baseline records every finding: run it without --rule, --category or --fix");
  }
  const cwd = resolveCwd(options.cwd);
  const clock = runClock(options.clock);
  const started = clock.now();
  const paths = options.paths ?? [];
  const config = loadConfig({ cwd, start: paths[0] ?? ".", rules: RULES, explicit: options.config });
  const enabled = selectRules(enabledRules(config, RULES), options.only);
  // Read before the scan, so a malformed baseline stops the run at once.
  const baseline = options.baseline !== undefined && !options.updateBaseline ? readBaseline(cwd, options.baseline) : undefined;
  const sourceRules: ActiveRule[] = enabled.flatMap(({ rule, configured }) =>
    rule.kind === "source" ? [{ rule, severity: configured ?? rule.meta.severity }] : [],
  );
  const missingReason = severityOf(enabled, "suppression-missing-reason");
  const unused = severityOf(enabled, "unused-suppression");
  const suppressions: SuppressionPolicy = {
    knownRuleIds: new Set(RULES.map((rule) => rule.meta.id)),
    ...(missingReason ? { missingReason } : {}),
    ...(unused ? { unused } : {}),
    reportUnused: options.reportUnusedSuppressions ?? false,
  };

  // Everything besides a file's content that decides its results.
  const cacheKey = {
    version: VERSION,
    config,
    rules: sourceRules.map(({ rule, severity }) => [rule.meta.id, severity]),
    suppressions: { ...suppressions, knownRuleIds: [...suppressions.knownRuleIds] },
  };
  // Loaded here, not at the top: the compiler is heavy and `deps` and `rules` never need it.
  const { analyze } = await import("../analyzer/index.js");
  const analysis = analyze({
    cwd,
    paths,
    rules: sourceRules,
    suppressions,
    include: config.include,
    exclude: config.exclude,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.shard ? { shard: options.shard } : {}),
    ...(options.cache ? { cache: { directory: cacheDirectory(options.cache, cwd, paths), key: cacheKey } } : {}),
  });
  const dependenciesHere = options.deps !== false && (options.shard === undefined || options.shard.index === 1);
  const dependencies = dependenciesHere ? await auditPackagesOf(paths, enabled, config, cwd) : undefined;

  const found = buildReport({
    version: VERSION,
    findings: [...analysis.findings, ...(dependencies?.findings ?? [])],
    suppressed: [],
    errors: [],
    filesScanned: 0,
    durationMs: 0,
  }).findings;
  if (options.updateBaseline && options.baseline !== undefined) writeBaseline(cwd, options.baseline, found);
  const recorded = options.updateBaseline && options.baseline !== undefined ? readBaseline(cwd, options.baseline) : baseline;
  const matched = recorded ? applyBaseline(found, recorded, cwd) : undefined;
  const reported = matched?.findings ?? found;

  const report = buildReport({
    version: VERSION,
    findings: reported,
    suppressed: [...analysis.suppressed, ...(dependencies?.suppressed ?? []), ...(matched?.suppressed ?? [])],
    errors: [...analysis.errors, ...(dependencies?.errors ?? [])],
    filesScanned: analysis.filesScanned + (dependencies?.filesScanned ?? 0),
    durationMs: Math.max(0, clock.now() - started),
  });

  if (options.fix) {
    const keep = new Set<Finding>(reported);
    const plans = planFixes(analysis.fixes.filter((fix) => keep.has(fix.finding)));
    if (options.fix === "dry-run" || plans.length === 0) {
      const fixes = plans.reduce((total, plan) => total + plan.applied, 0);
      return {
        report,
        sourceFilesScanned: analysis.filesScanned,
        fixed: { fixes, files: plans.length, ...(options.fix === "dry-run" ? { diff: planDiff(plans, cwd) } : {}) },
      };
    }
    const written = writePlans(plans, cwd);
    // Report what is left after the fixes, as a plain run would see it.
    const after = await runAudit({ ...options, fix: false });
    return { ...after, fixed: { fixes: written.reduce((total, plan) => total + plan.applied, 0), files: written.length } };
  }

  return {
    report,
    sourceFilesScanned: analysis.filesScanned,
    ...(matched && recorded
      ? { baseline: { recorded: recorded.entries.length, stale: matched.stale, written: options.updateBaseline === true } }
      : {}),
  };
}

/**
 * Audits a project as `detkit audit` does and returns the report: the source rules over every file under the
 * paths, and the dependency rules for the package they belong to. Never prints or exits; what makes the audit
 * impossible (a missing path, a malformed configuration or lockfile) rejects with an error whose message
 * names the file and the problem.
 */
export async function audit(options: AuditOptions = {}): Promise<Report> {
  return (await runAudit(options)).report;
}
