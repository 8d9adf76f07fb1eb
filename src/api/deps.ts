import { RULES } from "../../rules/index.js";
import type { Severity } from "../../rules/util/types.js";
import type { Clock } from "../../wrappers/clock.js";
import { configuredSeverities, enabledRules, loadConfig, type Config, type EnabledRule } from "../config/index.js";
import type { AuditedManifest, DependencyAuditRequest, DirectivePolicy, FixResult } from "../deps/index.js";
import { buildReport } from "../report/build.js";
import type { Report } from "../report/types.js";
import { VERSION } from "../version.js";
import { resolveCwd, runClock } from "./defaults.js";

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
   * @default systemClock from detkit/clock
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

function severityOf(enabled: readonly EnabledRule[], id: string): Severity | undefined {
  const found = enabled.find(({ rule }) => rule.meta.id === id);
  return found && (found.configured ?? found.rule.meta.severity);
}

/** How suppression comments and accepted risks are reported, from the directive rules the configuration enables. */
export function directivePolicy(enabled: readonly EnabledRule[], reportUnused: boolean): DirectivePolicy {
  const missingReason = severityOf(enabled, "suppression-missing-reason");
  const unused = severityOf(enabled, "unused-suppression");
  return {
    knownRuleIds: new Set(RULES.map((rule) => rule.meta.id)),
    ...(missingReason ? { missingReason } : {}),
    ...(unused ? { unused } : {}),
    reportUnused,
  };
}

/**
 * The request the dependency audit takes, from a project root and the configuration that applies to it;
 * `enabled` are the rules the configuration leaves on (directive rules included, for suppression comments).
 */
export function dependencyAuditRequest(
  root: string,
  cwd: string,
  config: Config,
  enabled: readonly EnabledRule[],
  directives: DirectivePolicy = directivePolicy(enabled, false),
): DependencyAuditRequest {
  return {
    root,
    cwd,
    options: config.deps,
    rules: enabled.flatMap(({ rule }) => (rule.kind === "dependency" ? [rule] : [])),
    severities: configuredSeverities(enabled),
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
  const enabled = enabledRules(config, RULES);
  const request = dependencyAuditRequest(dir, cwd, config, enabled, directivePolicy(enabled, options.reportUnusedSuppressions ?? false));
  const { auditDependencies, fixRanges } = await import("../deps/index.js");
  const fix: FixResult = options.fix ? await fixRanges(request) : { pinned: [] };
  const result = await auditDependencies(request);
  const report = buildReport({
    version: VERSION,
    findings: result.findings,
    suppressed: result.suppressed,
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
