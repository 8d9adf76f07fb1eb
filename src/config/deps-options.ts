import semver from "semver";
import type { Severity } from "../../rules/util/types.js";
import { UsageError } from "../errors.js";
import { quoteAll } from "../text.js";
import { DEPENDENCY_RULES } from "../../rules/index.js";
import { isRecord } from "../json-document/file.js";

/** A risk a team has reviewed and accepted: findings of `rule` about `package` move to `suppressed`. */
export interface AcceptedRisk {
  /** The package's name as installed (the key in package.json; for an `npm:` alias, the alias). */
  readonly package: string;
  /**
   * The one exact version the acceptance covers; a newer (or older) version is reported again.
   * @default every version
   */
  readonly version?: string;
  /** The id of a dependency rule, e.g. `install-script`. */
  readonly rule: string;
  /** Why the risk is acceptable; shown with the suppressed finding. Required. */
  readonly reason: string;
}

/** The `deps` section of detkit.config.json (or of the `detkit` key of package.json). */
export interface DepsOptions {
  /**
   * Severity of dependency specs that are ranges with bounds (`^`, `~`, `>=`, `||`, `1.x`): `warn`, `error`, or
   * `off` to allow them. Specs that accept anything (`*`, `latest`, a git branch) are always errors.
   * @default "warn"
   */
  readonly rangeSeverity: "off" | "warn" | "error";
  /** @default [] */
  readonly accept: readonly AcceptedRisk[];
}

export const DEFAULT_DEPS_OPTIONS: DepsOptions = { rangeSeverity: "warn", accept: [] };

const DEPS_KEYS = ["rangeSeverity", "accept"];
const ACCEPT_KEYS = ["package", "version", "rule", "reason"];
const RANGE_SEVERITIES = ["off", "warn", "error"] as const;

function parseAcceptedRisk(value: unknown, where: string, file: string): AcceptedRisk {
  if (!isRecord(value)) {
    throw new UsageError(`${file}: "${where}" must be an object { "package", "version"?, "rule", "reason" }`);
  }
  const unknown = Object.keys(value).filter((key) => !ACCEPT_KEYS.includes(key));
  if (unknown.length > 0) {
    throw new UsageError(`${file}: "${where}" has unknown key ${quoteAll(unknown)}; expected ${quoteAll(ACCEPT_KEYS)}`);
  }
  const { package: name, version, rule, reason } = value;
  if (typeof name !== "string" || name.trim() === "") {
    throw new UsageError(`${file}: "${where}.package" must be a package name`);
  }
  if (version !== undefined && (typeof version !== "string" || semver.valid(version) !== version)) {
    throw new UsageError(
      `${file}: "${where}.version" must be one exact version such as "1.2.3", not ${JSON.stringify(version)} (leave it out to accept every version)`,
    );
  }
  const ids = DEPENDENCY_RULES.map((candidate) => candidate.meta.id);
  if (typeof rule !== "string" || !ids.includes(rule)) {
    throw new UsageError(
      `${file}: "${where}.rule" must be a dependency rule id, not ${JSON.stringify(rule)}; expected one of ${ids.join(", ")}`,
    );
  }
  if (typeof reason !== "string" || reason.trim() === "") {
    throw new UsageError(`${file}: "${where}.reason" is required: say why the risk is accepted`);
  }
  return { package: name, ...(version === undefined ? {} : { version }), rule, reason };
}

/**
 * Validates the `deps` section strictly: an unknown key, a misspelt rule id or an acceptance without a reason
 * is a UsageError naming `file` and the key, since a typo that silently accepted nothing (or everything) would
 * be worse than no configuration. `undefined` gives the defaults.
 */
export function parseDepsOptions(value: unknown, file: string): DepsOptions {
  if (value === undefined) return DEFAULT_DEPS_OPTIONS;
  if (!isRecord(value)) throw new UsageError(`${file}: "deps" must be an object`);
  const unknown = Object.keys(value).filter((key) => !DEPS_KEYS.includes(key));
  if (unknown.length > 0) {
    throw new UsageError(`${file}: "deps" has unknown key ${quoteAll(unknown)}; expected ${quoteAll(DEPS_KEYS)}`);
  }
  const rangeSeverity = value.rangeSeverity ?? DEFAULT_DEPS_OPTIONS.rangeSeverity;
  const severity = RANGE_SEVERITIES.find((candidate) => candidate === rangeSeverity);
  if (severity === undefined) {
    throw new UsageError(`${file}: "deps.rangeSeverity" must be "off", "warn" or "error", not ${JSON.stringify(rangeSeverity)}`);
  }
  const accept = value.accept ?? [];
  if (!Array.isArray(accept)) throw new UsageError(`${file}: "deps.accept" must be an array of accepted risks`);
  return {
    rangeSeverity: severity,
    accept: accept.map((entry: unknown, index) => parseAcceptedRisk(entry, `deps.accept[${index}]`, file)),
  };
}

/** The severity the dependency rules use for bounded ranges. */
export function rangeSeverityOf(options: DepsOptions): Severity | "off" {
  return options.rangeSeverity === "warn" ? "warning" : options.rangeSeverity;
}
