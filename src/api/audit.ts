import { statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { RULES } from "../../rules/index.js";
import { compareStrings } from "../../wrappers/collections.js";
import type { Clock } from "../../wrappers/clock.js";
import type { ActiveRule, SuppressionPolicy } from "../analyzer/index.js";
import { enabledRules, loadConfig, type Config, type EnabledRule } from "../config/index.js";
import type { DependencyAuditResult, DirectivePolicy } from "../deps/index.js";
import { UsageError } from "../errors.js";
import { findPackageRoot } from "../paths.js";
import { buildReport } from "../report/build.js";
import type { Report } from "../report/types.js";
import { VERSION } from "../version.js";
import { dependencyAuditRequest, directivePolicy, type ConfigOption } from "./deps.js";
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
}

/** What an audit found, with what the CLI needs besides the report. */
export interface AuditOutcome {
  readonly report: Report;
  /** Source files checked (the report's `filesScanned` also counts the manifests the dependency audit read). */
  readonly sourceFilesScanned: number;
}

/**
 * The dependency half of the audit, for each package (nearest package.json) the scanned paths belong to; none
 * when they belong to no package. What makes a dependency audit impossible (a malformed or foreign lockfile)
 * stops the run like any input error, with a hint on how to audit the source alone.
 */
async function auditPackagesOf(
  paths: readonly string[],
  enabled: readonly EnabledRule[],
  config: Config,
  cwd: string,
  directives: DirectivePolicy,
): Promise<DependencyAuditResult | undefined> {
  const starts = (paths.length > 0 ? paths : ["."]).map((path) => {
    const absolute = resolve(cwd, path);
    return statSync(absolute).isDirectory() ? absolute : dirname(absolute);
  });
  const packageRoots = [...new Set(starts.map(findPackageRoot).filter((root) => root !== undefined))].sort(compareStrings);
  if (packageRoots.length === 0 || !enabled.some(({ rule }) => rule.kind === "dependency")) return undefined;
  const { auditDependencies } = await import("../deps/index.js");
  const results: DependencyAuditResult[] = [];
  for (const root of packageRoots) {
    try {
      results.push(await auditDependencies(dependencyAuditRequest(root, cwd, config, enabled, directives)));
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
    manifests: results.flatMap((result) => result.manifests),
  };
}

/** `audit()` with the details the CLI prints besides the report. */
export async function runAudit(options: AuditOptions = {}): Promise<AuditOutcome> {
  const cwd = resolveCwd(options.cwd);
  const clock = runClock(options.clock);
  const started = clock.now();
  const paths = options.paths ?? [];
  const config = loadConfig({ cwd, start: paths[0] ?? ".", rules: RULES, explicit: options.config });
  const enabled = enabledRules(config, RULES);
  const sourceRules: ActiveRule[] = enabled.flatMap(({ rule, configured }) =>
    rule.kind === "source" ? [{ rule, severity: configured ?? rule.meta.severity }] : [],
  );
  // One policy for suppression comments in source files and in CI files, Dockerfiles and scripts.
  const suppressions: SuppressionPolicy = directivePolicy(enabled, options.reportUnusedSuppressions ?? false);

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
  });
  const dependencies = options.deps === false ? undefined : await auditPackagesOf(paths, enabled, config, cwd, suppressions);

  const report = buildReport({
    version: VERSION,
    findings: [...analysis.findings, ...(dependencies?.findings ?? [])],
    suppressed: [...analysis.suppressed, ...(dependencies?.suppressed ?? [])],
    errors: [...analysis.errors, ...(dependencies?.errors ?? [])],
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
