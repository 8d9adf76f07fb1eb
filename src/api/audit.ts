import { DEPENDENCY_RULES, RULES } from "../../rules/index.js";
import { compareStrings } from "../../wrappers/collections.js";
import type { Clock } from "../../wrappers/clock.js";
import { discoverFiles, resolveTargets, targetDirectory, type Target } from "../analyzer/files.js";
import { loadConfig, type Config } from "../config/index.js";
import { severityResolver, type SeverityResolver } from "../config/severity.js";
import type { DependencyAuditResult } from "../deps/index.js";
import { UsageError } from "../errors.js";
import { displayPath, findPackageRoot } from "../paths.js";
import { buildReport } from "../report/build.js";
import type { Report } from "../report/types.js";
import { VERSION } from "../version.js";
import { dependencyAuditRequest, type ConfigOption } from "./deps.js";
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
   * @default systemClock from detkit/clock
   */
  readonly clock?: Clock;
  /** Called after each source file, e.g. for a progress display. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** What an audit found, with what the CLI needs besides the report. */
export interface AuditOutcome {
  readonly report: Report;
  /** Source files checked (the report's `filesScanned` also counts the manifests the dependency audit read). */
  readonly sourceFilesScanned: number;
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
): Promise<DependencyAuditResult | undefined> {
  const packageRoots = [...new Set(starts.map(findPackageRoot).filter((root) => root !== undefined))].sort(compareStrings);
  if (packageRoots.length === 0 || !DEPENDENCY_RULES.some((rule) => resolver.mayRun(rule.meta))) return undefined;
  const { auditDependencies } = await import("../deps/index.js");
  const results: DependencyAuditResult[] = [];
  for (const root of packageRoots) {
    try {
      results.push(await auditDependencies(dependencyAuditRequest(root, cwd, config, resolver)));
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

/** `audit()` with the details the CLI prints besides the report. */
export async function runAudit(options: AuditOptions = {}): Promise<AuditOutcome> {
  const cwd = resolveCwd(options.cwd);
  const clock = runClock(options.clock);
  const started = clock.now();
  const targets = resolveTargets(cwd, options.paths ?? []);
  // The project (configuration, tsconfig.json) is the one of the first path, as ESLint and tsc find theirs.
  const start = targets[0] ? targetDirectory(cwd, targets[0]) : cwd;
  const config = loadConfig({ cwd, start, rules: RULES, explicit: options.config });
  const resolver = severityResolver(config);

  const discovery = discoverFiles({ cwd, targets, root: config.root, include: config.include, exclude: config.exclude });
  if (discovery.unmatched.length > 0 && options.errorOnUnmatchedPattern !== false) {
    throw unmatchedError(targets, discovery.unmatched);
  }

  // Loaded here, not at the top: the compiler is heavy and `deps` and `rules` never need it.
  const { analyze } = await import("../analyzer/index.js");
  const analysis = analyze({
    cwd,
    files: discovery.files,
    projectStart: start,
    policyFor: sourcePolicies(resolver, options.reportUnusedSuppressions ?? false),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const existing = targets.filter((target) => target.kind !== "missing").map((target) => targetDirectory(cwd, target));
  const dependencies = options.deps === false ? undefined : await auditPackagesOf(existing, config, resolver, cwd);

  const report = buildReport({
    version: VERSION,
    findings: [...analysis.findings, ...(dependencies?.findings ?? [])],
    suppressed: [...analysis.suppressed, ...(dependencies?.suppressed ?? [])],
    errors: [...discovery.errors, ...analysis.errors, ...(dependencies?.errors ?? [])],
    skipped: discovery.skippedMinified.map((file) => ({ file: displayPath(cwd, file), reason: "minified" as const })),
    filesScanned: analysis.filesScanned + (dependencies?.filesScanned ?? 0),
    durationMs: Math.max(0, clock.now() - started),
  });
  return { report, sourceFilesScanned: analysis.filesScanned };
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
