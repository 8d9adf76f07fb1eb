import { statSync } from "node:fs";
import picomatch from "picomatch";
import { dirname, join, resolve } from "node:path";
import { compareStrings } from "@detkit/runtime/collections";
import type { Clock } from "@detkit/runtime/clock";
import { DEPENDENCY_RULES, RULES } from "../../rules/index.js";
import { CATEGORIES } from "../../rules/util/types.js";
import { cachedAnalysis, type AnalyzeOptions, type ZoneReport } from "../analyzer/prepare.js";
import { inShard, type Shard } from "../analyzer/shard.js";
import { wrapperMatcher, type ZoneSettings } from "../analyzer/zone-settings.js";
import { discoverFiles, resolveTargets, targetDirectory, type Target } from "../analyzer/files.js";
import { applyBaseline, readBaseline, writeBaseline } from "../baseline/index.js";
import { loadConfig, type Config } from "../config/index.js";
import { severityResolver, type SeverityResolver } from "../config/severity.js";
import type { DependencyAuditResult, DirectivePolicy } from "../deps/index.js";
import { UsageError } from "../errors.js";
import { displayPath, findPackageRoot } from "../paths.js";
import { buildReport } from "../report/build.js";
import type { Finding, Report } from "../report/types.js";
import { VERSION } from "../version.js";
import { analysisCodeDigest } from "../cache/code-digest.js";
import { dependencyAuditRequest, directivePolicy, type ConfigOption } from "./deps.js";
import { resolveCwd, runClock } from "./defaults.js";
import { sourcePolicies, withFileSeverities } from "./severities.js";

export interface AuditOptions {
  /**
   * The directory paths are relative to, and findings' `file` too.
   * @default process.cwd()
   */
  readonly cwd?: string;
  /**
   * Files, directories or globs (`src/**\/*.ts`) to scan, relative to `cwd`.
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
   * Reject a path or glob that matches no file to scan, naming it; `false` is
   * `--no-error-on-unmatched-pattern`.
   * @default true
   */
  readonly errorOnUnmatchedPattern?: boolean;
  /**
   * Measures `summary.durationMs`.
   * @default systemClock from @detkit/runtime/clock
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
   * set, detkit version and a digest of detkit's own analysis code; a corrupt cache is ignored and rebuilt.
   * @default false
   */
  readonly cache?: boolean | string;
}

/** What an audit found, with what the CLI needs besides the report. */
export interface AuditOutcome {
  readonly report: Report;
  /** What the zone walk saw (entry points, calls it could not follow), when zones applied and were computed this run. */
  readonly zones?: ZoneReport;
  /** Source files checked (the report's `filesScanned` also counts the manifests the dependency audit read). */
  readonly sourceFilesScanned: number;
  /** With a baseline: its entries, those no finding matched any more, and whether the file was (re)written. */
  readonly baseline?: { readonly recorded: number; readonly stale: number; readonly written: boolean };
  /**
   * With `fix`: how many fixes went into how many files, for a dry run the unified diff, and the packages the
   * fixes import that the nearest package.json does not list.
   */
  readonly fixed?: {
    readonly fixes: number;
    readonly files: number;
    readonly diff?: string;
    readonly missingDependencies: readonly { readonly name: string; readonly manifest: string }[];
  };
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

/** Where `--cache` keeps its results: the given directory, or node_modules/.cache/detkit of the project. */
function cacheDirectory(cache: true | string, cwd: string, start: string): string {
  if (typeof cache === "string") return resolve(cwd, cache);
  const root = findPackageRoot(statSync(start).isDirectory() ? start : dirname(start)) ?? cwd;
  return join(root, "node_modules", ".cache", "detkit");
}

/**
 * The rule ids `--rule`/`--category` keep, or undefined when they keep everything; an unknown name is a usage
 * error, not a silent no-op.
 */
function selectedRuleIds(only: AuditOptions["only"]): ReadonlySet<string> | undefined {
  const ids = only?.rules ?? [];
  const categories = only?.categories ?? [];
  if (ids.length === 0 && categories.length === 0) return undefined;
  for (const id of ids) {
    if (!RULES.some((rule) => rule.meta.id === id)) throw new UsageError(`unknown rule "${id}"; run \`detkit rules\` for the list`);
  }
  for (const category of categories) {
    if (!CATEGORIES.some((known) => known === category)) {
      throw new UsageError(`unknown category "${category}"; expected one of ${CATEGORIES.join(", ")}`);
    }
  }
  return new Set(RULES.filter((rule) => ids.includes(rule.meta.id) || categories.includes(rule.meta.category)).map((rule) => rule.meta.id));
}

/**
 * The dependency half of the audit, for each package (nearest package.json) the scanned directories belong to;
 * none when they belong to no package. What makes a dependency audit impossible (a malformed or foreign
 * lockfile) stops the run like any input error, with a hint on how to audit the source alone.
 */
async function auditPackagesOf(
  starts: readonly string[],
  config: Config,
  resolver: SeverityResolver,
  cwd: string,
  directives: DirectivePolicy,
): Promise<DependencyAuditResult | undefined> {
  // A workspace package is audited against its workspace root's lockfile by the dependency audit itself.
  const packageRoots = [...new Set(starts.map(findPackageRoot).filter((root) => root !== undefined))].sort(compareStrings);
  if (packageRoots.length === 0 || !DEPENDENCY_RULES.some((rule) => resolver.mayRun(rule.meta))) return undefined;
  const { auditDependencies } = await import("../deps/index.js");
  const results: DependencyAuditResult[] = [];
  for (const root of packageRoots) {
    try {
      results.push(await auditDependencies(dependencyAuditRequest(root, cwd, config, resolver, directives)));
    } catch (error) {
      if (error instanceof UsageError) throw new UsageError(`${error.message} (run with --no-deps to audit only the source)`);
      throw error;
    }
  }
  return {
    findings: withFileSeverities(results.flatMap((result) => result.findings), resolver, cwd),
    suppressed: withFileSeverities(results.flatMap((result) => result.suppressed), resolver, cwd),
    errors: results.flatMap((result) => result.errors),
    filesScanned: results.reduce((total, result) => total + result.filesScanned, 0),
    manifests: results.flatMap((result) => result.manifests),
  };
}

/** The one-line error for paths and globs that matched nothing to scan. */
function unmatchedError(targets: readonly Target[], unmatched: readonly string[]): UsageError {
  const missing = new Set(targets.filter((target) => target.kind === "missing").map((target) => target.pattern));
  const notFound = unmatched.filter((pattern) => missing.has(pattern));
  const empty = unmatched.filter((pattern) => !missing.has(pattern));
  const problems = [
    ...notFound.map((pattern) => `path not found: ${pattern}`),
    ...(empty.length > 0
      ? [`no JavaScript or TypeScript files matched ${empty.join(", ")} (--no-error-on-unmatched-pattern allows it)`]
      : []),
  ];
  return new UsageError(problems.join("; "));
}

/** The resolver with every rule outside the selection off, everywhere. */
function selectRules(resolver: SeverityResolver, selected: ReadonlySet<string> | undefined): SeverityResolver {
  if (!selected) return resolver;
  return {
    forFile(file) {
      const rules = resolver.forFile(file);
      return { test: rules.test, settingOf: (meta, reported) => (selected.has(meta.id) ? rules.settingOf(meta, reported) : "off") };
    },
    mayRun: (meta) => selected.has(meta.id) && resolver.mayRun(meta),
  };
}

/** Where the configuration puts zones; globs and wrapper files are relative to its folder. */
function zoneSettings(config: Config): ZoneSettings {
  const relative = (absolute: string) => displayPath(config.root, absolute);
  const inZone = config.zones.length > 0 ? picomatch([...config.zones], { dot: true }) : undefined;
  return {
    isZoneFile: (absolute) => inZone !== undefined && inZone(relative(absolute)),
    outsideZones: config.outsideZones,
    isWrapper: wrapperMatcher(config.deterministicWrappers, relative),
  };
}

/** `audit()` with the details the CLI prints besides the report. */
export async function runAudit(options: AuditOptions = {}): Promise<AuditOutcome> {
  const selected = selectedRuleIds(options.only);
  if (options.updateBaseline && options.baseline === undefined) {
    throw new UsageError("--update-baseline needs --baseline <file>: the file to write");
  }
  if (options.updateBaseline && (selected !== undefined || options.fix)) {
    throw new UsageError("--update-baseline records every finding: run it without --rule, --category or --fix");
  }
  const cwd = resolveCwd(options.cwd);
  const clock = runClock(options.clock);
  const started = clock.now();
  const targets = resolveTargets(cwd, options.paths ?? []);
  // The project (configuration, tsconfig.json) is the one of the first path, as ESLint and tsc find theirs.
  const start = targets[0] ? targetDirectory(cwd, targets[0]) : cwd;
  const config = loadConfig({ cwd, start, rules: RULES, explicit: options.config });
  const resolver = selectRules(severityResolver(config), selected);
  // Read before the scan, so a malformed baseline stops the run at once.
  const baseline = options.baseline !== undefined && !options.updateBaseline ? readBaseline(cwd, options.baseline) : undefined;

  const discovery = discoverFiles({ cwd, targets, root: config.root, include: config.include, exclude: config.exclude });
  if (discovery.unmatched.length > 0 && options.errorOnUnmatchedPattern !== false) {
    throw unmatchedError(targets, discovery.unmatched);
  }
  const { shard } = options;
  const files = shard ? discovery.files.filter((file) => inShard(displayPath(config.root, file), shard)) : discovery.files;

  const reportUnused = options.reportUnusedSuppressions ?? false;
  const analyzeOptions: AnalyzeOptions = {
    cwd,
    files,
    projectStart: start,
    policyFor: sourcePolicies(resolver, reportUnused),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    zones: zoneSettings(config),
    ...(options.cache
      ? {
          cache: {
            directory: cacheDirectory(options.cache, cwd, start),
            // Everything besides a file's content that decides its results.
            key: { version: VERSION, code: analysisCodeDigest(), config, selected: selected ? [...selected] : null, reportUnused },
          },
        }
      : {}),
  };
  // The compiler is loaded only when a file has to be checked: a run the cache answers whole never needs it.
  const analysis =
    (analyzeOptions.cache ? cachedAnalysis(analyzeOptions) : undefined) ?? (await import("../analyzer/index.js")).analyze(analyzeOptions);
  const existing = targets.filter((target) => target.kind !== "missing").map((target) => targetDirectory(cwd, target));
  const dependenciesHere = options.deps !== false && (shard === undefined || shard.index === 1);
  const dependencies = dependenciesHere
    ? await auditPackagesOf(existing, config, resolver, cwd, directivePolicy(config, resolver, reportUnused))
    : undefined;

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
    errors: [...discovery.errors, ...analysis.errors, ...(dependencies?.errors ?? [])],
    skipped: discovery.skippedMinified.map((file) => ({ file: displayPath(cwd, file), reason: "minified" as const })),
    filesScanned: analysis.filesScanned + (dependencies?.filesScanned ?? 0),
    durationMs: Math.max(0, clock.now() - started),
  });

  if (options.fix) {
    const keep = new Set<Finding>(reported);
    // Loaded only for --fix: applying fixes re-parses files with the compiler.
    const { missingDependencies, planDiff, planFixes, writePlans } = await import("../fix/index.js");
    const plans = planFixes(analysis.fixes.filter((fix) => keep.has(fix.finding)));
    if (options.fix === "dry-run" || plans.length === 0) {
      const fixes = plans.reduce((total, plan) => total + plan.applied, 0);
      return {
        report,
        sourceFilesScanned: analysis.filesScanned,
        fixed: {
          fixes,
          files: plans.length,
          missingDependencies: missingDependencies(plans, cwd),
          ...(options.fix === "dry-run" ? { diff: planDiff(plans, cwd) } : {}),
        },
      };
    }
    const written = writePlans(plans, cwd);
    // Report what is left after the fixes, as a plain run would see it.
    const after = await runAudit({ ...options, fix: false });
    return {
      ...after,
      fixed: { fixes: written.reduce((total, plan) => total + plan.applied, 0), files: written.length, missingDependencies: missingDependencies(written, cwd) },
    };
  }

  return {
    report,
    sourceFilesScanned: analysis.filesScanned,
    ...(analysis.zones ? { zones: analysis.zones } : {}),
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
