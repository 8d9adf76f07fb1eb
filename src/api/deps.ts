import { resolve } from "node:path";
import type { Clock } from "@detkit/runtime/clock";
import { DEPENDENCY_RULES, RULES, suppressionMissingReason, unusedSuppression } from "../../rules/index.js";
import { loadConfig, type Config } from "../config/index.js";
import { severityResolver, type SeverityResolver } from "../config/severity.js";
import type { AuditedManifest, DependencyAuditRequest, DirectivePolicy, FixResult } from "../deps/index.js";
import { buildReport } from "../report/build.js";
import type { Report } from "../report/types.js";
import { VERSION } from "../version.js";
import { resolveCwd, runClock } from "./defaults.js";
import { withFileSeverities } from "./severities.js";

/** A configuration file (relative to `cwd`), or the configuration itself as an object. */
export type ConfigOption = string | Readonly<Record<string, unknown>>;

export interface DepsOptions {
  /**
   * The directory `dir` is relative to, and findings' `file` too.
   * @default process.cwd()
   */
  readonly cwd?: string;
  /**
   * The project directory (the one with package.json), relative to `cwd`.
   * @default "."
   */
  readonly dir?: string;
  /**
   * A configuration file (relative to `cwd`), or the configuration itself.
   * @default detkit.config.json or the "detkit" key of package.json, found from `dir` upwards
   */
  readonly config?: ConfigOption;
  /**
   * Pin ranges to the locked versions first (`--fix`), then audit the result.
   * @default false
   */
  readonly fix?: boolean;
  /**
   * Report suppression comments (in workflows, Dockerfiles, scripts) and accepted risks that hide nothing
   * (`--report-unused-suppressions`).
   * @default false
   */
  readonly reportUnusedSuppressions?: boolean;
  /**
   * Measures `summary.durationMs`.
   * @default systemClock from @detkit/runtime/clock
   */
  readonly clock?: Clock;
}

export interface DepsOutcome {
  readonly report: Report;
  /** What `fix` rewrote; `pinned` is empty without `fix`. */
  readonly fix: FixResult;
  /** Each audited package.json and whether it was audited as a library or an application, and why. */
  readonly manifests: readonly AuditedManifest[];
}

/**
 * How suppression comments in workflows, Dockerfiles and scripts, and accepted risks, are reported: the
 * directive rules as the configuration sets them at the project root (`withFileSeverities` then sets each
 * finding's severity for the file it points at).
 */
export function directivePolicy(config: Config, resolver: SeverityResolver, reportUnused: boolean): DirectivePolicy {
  const rootRules = resolver.forFile(resolve(config.root, "package.json"));
  const missingReason = rootRules.settingOf(suppressionMissingReason.meta);
  const unused = rootRules.settingOf(unusedSuppression.meta);
  return {
    knownRuleIds: new Set(RULES.map((rule) => rule.meta.id)),
    ...(missingReason === "off" ? {} : { missingReason }),
    ...(unused === "off" ? {} : { unused }),
    reportUnused,
  };
}

/**
 * The request the dependency audit takes, from a project root and the configuration that applies to it: the
 * dependency rules on in some file, each reporting at its own severity, which `withFileSeverities` then sets
 * per file.
 */
export function dependencyAuditRequest(
  root: string,
  cwd: string,
  config: Config,
  resolver: SeverityResolver,
  directives: DirectivePolicy = directivePolicy(config, resolver, false),
): DependencyAuditRequest {
  return {
    root,
    cwd,
    options: config.deps,
    rules: DEPENDENCY_RULES.filter((rule) => resolver.mayRun(rule.meta)),
    ...(config.file === undefined ? {} : { configFile: config.file }),
    directives,
  };
}

/** `deps()` with what `fix` rewrote. */
export async function runDeps(options: DepsOptions = {}): Promise<DepsOutcome> {
  const cwd = resolveCwd(options.cwd);
  const clock = runClock(options.clock);
  const started = clock.now();
  const dir = options.dir ?? ".";
  const config = loadConfig({ cwd, start: dir, rules: RULES, explicit: options.config });
  const resolver = severityResolver(config);
  const request = dependencyAuditRequest(dir, cwd, config, resolver, directivePolicy(config, resolver, options.reportUnusedSuppressions ?? false));
  const { auditDependencies, fixRanges } = await import("../deps/index.js");
  const fix: FixResult = options.fix ? await fixRanges(request) : { pinned: [] };
  const result = await auditDependencies(request);
  const report = buildReport({
    version: VERSION,
    findings: withFileSeverities(result.findings, resolver, cwd),
    suppressed: withFileSeverities(result.suppressed, resolver, cwd),
    errors: result.errors,
    filesScanned: result.filesScanned,
    durationMs: Math.max(0, clock.now() - started),
  });
  return { report, fix, manifests: result.manifests };
}

/**
 * Audits a project's dependencies as `detkit deps` does, offline, and returns the report. With `fix`, first
 * rewrites ranges in package.json (and the lockfile's copies of them) to the locked versions: all files or
 * none, refused when the lockfile is out of sync, and rolled back when `npm ci` would refuse the result.
 * Never prints or exits.
 */
export async function deps(options: DepsOptions = {}): Promise<Report> {
  return (await runDeps(options)).report;
}
