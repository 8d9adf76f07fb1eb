import { DEPENDENCY_RULES, RULES } from "../../rules/index.js";
import type { Clock } from "@detkit/runtime/clock";
import { configuredSeverities, enabledRules, loadConfig, type Config, type EnabledRule } from "../config/index.js";
import type { DependencyAuditRequest, PinnedSpec } from "../deps/index.js";
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
   * Measures `summary.durationMs`.
   * @default systemClock from detkit/clock
   */
  readonly clock?: Clock;
}

export interface DepsOutcome {
  readonly report: Report;
  /** What `fix` rewrote; empty without `fix`. */
  readonly pinned: readonly PinnedSpec[];
}

/** The request the dependency audit takes, from a project root and the configuration that applies to it. */
export function dependencyAuditRequest(
  root: string,
  cwd: string,
  config: Config,
  enabled: readonly EnabledRule[],
): DependencyAuditRequest {
  return {
    root,
    cwd,
    options: config.deps,
    rules: enabled.flatMap(({ rule }) => (rule.kind === "dependency" ? [rule] : [])),
    severities: configuredSeverities(enabled),
  };
}

/** `deps()` with what `fix` rewrote. */
export async function runDeps(options: DepsOptions = {}): Promise<DepsOutcome> {
  const cwd = resolveCwd(options.cwd);
  const clock = runClock(options.clock);
  const started = clock.now();
  const dir = options.dir ?? ".";
  const config = loadConfig({ cwd, start: dir, rules: RULES, explicit: options.config });
  const request = dependencyAuditRequest(dir, cwd, config, enabledRules(config, DEPENDENCY_RULES));
  const { auditDependencies, fixRanges } = await import("../deps/index.js");
  const pinned = options.fix ? (await fixRanges(request)).pinned : [];
  const result = await auditDependencies(request);
  const report = buildReport({
    version: VERSION,
    findings: result.findings,
    suppressed: result.suppressed,
    errors: result.errors,
    filesScanned: result.filesScanned,
    durationMs: Math.max(0, clock.now() - started),
  });
  return { report, pinned };
}

/**
 * Audits a project's dependencies as `detkit deps` does, offline, and returns the report. With `fix`, first
 * rewrites ranges in package.json to the locked versions (atomically; refused when the lockfile is out of
 * sync). Never prints or exits.
 */
export async function deps(options: DepsOptions = {}): Promise<Report> {
  return (await runDeps(options)).report;
}
