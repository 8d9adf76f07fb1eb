import semver from "semver";
import type { Severity } from "../../rules/util/types.js";
import { UsageError } from "../errors.js";
import { quoteAll } from "../text.js";
import { DEPENDENCY_RULES } from "../../rules/index.js";
import { isRecord } from "../json-document/file.js";
import { getProperty, type JsonNode } from "../json-document/parse.js";

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
  /** Where the entry is written, for reporting one that matches nothing; absent for a configuration object. */
  readonly position?: { readonly file: string; readonly line: number; readonly column: number };
}

export type ProjectKindSetting = "library" | "application";

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
  /**
   * Audit every package.json as a library (ranges in dependencies are left to consumers) or an application,
   * instead of detecting it (a library is not private and declares main, exports, bin or files).
   * @default detected per package.json
   */
  readonly kind?: ProjectKindSetting;
  /**
   * Hosts besides the configured registry (the project's .npmrc, else registry.npmjs.org) that locked registry
   * packages may be downloaded from, e.g. a mirror.
   * @default []
   */
  readonly allowedHosts: readonly string[];
}

export const DEFAULT_DEPS_OPTIONS: DepsOptions = { rangeSeverity: "warn", accept: [], allowedHosts: [] };

/** Finds where a key path of the configuration is written, for positions in findings. */
export type ConfigLocator = (path: readonly (string | number)[]) => { readonly line: number; readonly column: number } | undefined;

/** A locator over the parsed configuration object (detkit.config.json's root, or package.json's "detkit" value). */
export function configLocator(root: JsonNode): ConfigLocator {
  return (path) => {
    let node: JsonNode | undefined = root;
    for (const step of path) {
      if (node?.kind === "object" && typeof step === "string") node = getProperty(node, step)?.value;
      else if (node?.kind === "array" && typeof step === "number") node = node.items[step];
      else return undefined;
    }
    return node ? { line: node.line, column: node.column } : undefined;
  };
}

const DEPS_KEYS = ["rangeSeverity", "accept", "kind", "allowedHosts"];
const KINDS: readonly ProjectKindSetting[] = ["library", "application"];
/** A host name, with an optional port: what a `resolved` URL's host is compared with. */
const HOST = /^[A-Za-z0-9.-]+(?::\d+)?$/;
const ACCEPT_KEYS = ["package", "version", "rule", "reason"];
const RANGE_SEVERITIES = ["off", "warn", "error"] as const;

function parseAcceptedRisk(value: unknown, where: string, file: string, position: AcceptedRisk["position"]): AcceptedRisk {
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
  return { package: name, ...(version === undefined ? {} : { version }), rule, reason, ...(position ? { position } : {}) };
}

/**
 * Validates the `deps` section strictly: an unknown key, a misspelt rule id or an acceptance without a reason
 * is a UsageError naming `file` and the key, since a typo that silently accepted nothing (or everything) would
 * be worse than no configuration. `undefined` gives the defaults.
 */
export function parseDepsOptions(value: unknown, file: string, locate?: ConfigLocator): DepsOptions {
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
  const kind = value.kind === undefined ? undefined : KINDS.find((candidate) => candidate === value.kind);
  if (value.kind !== undefined && kind === undefined) {
    throw new UsageError(`${file}: "deps.kind" must be "library" or "application", not ${JSON.stringify(value.kind)}`);
  }
  const allowedHosts = value.allowedHosts ?? [];
  if (!Array.isArray(allowedHosts) || !allowedHosts.every((host): host is string => typeof host === "string" && HOST.test(host))) {
    throw new UsageError(`${file}: "deps.allowedHosts" must be an array of host names such as "registry.example.com" (no scheme, no path)`);
  }
  return {
    rangeSeverity: severity,
    accept: accept.map((entry: unknown, index) => {
      const at = locate?.(["deps", "accept", index]);
      // `package.json ("detkit" key)` names the file and the key; a position needs the file alone.
      const position = at ? { file: file.replace(/ \(.*\)$/, ""), line: at.line, column: at.column } : undefined;
      return parseAcceptedRisk(entry, `deps.accept[${index}]`, file, position);
    }),
    ...(kind === undefined ? {} : { kind }),
    allowedHosts,
  };
}

/** The severity the dependency rules use for bounded ranges. */
export function rangeSeverityOf(options: DepsOptions): Severity | "off" {
  return options.rangeSeverity === "warn" ? "warning" : options.rangeSeverity;
}
