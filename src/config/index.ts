import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Rule } from "../../rules/util/create-rule.js";
import { CATEGORIES, type Severity, type SourceRule } from "../../rules/util/types.js";
import { UsageError } from "../errors.js";
import { ancestorsInRepository, displayPath } from "../paths.js";
import { DEFAULT_DEPS_OPTIONS, parseDepsOptions, type DepsOptions } from "./deps-options.js";
import { DEFAULT_DIFF_OPTIONS, parseDiffOptions, type DiffOptions } from "./diff-options.js";
import { isRecord, readJsonObjectFile, toPlainValue } from "../json-document/file.js";
import { getProperty } from "../json-document/parse.js";

export type SeveritySetting = "off" | "warn" | "error";

export const CONFIG_FILE_NAME = "detkit.config.json";

/** The validated configuration; every field has its default filled in. */
export interface Config {
  /** Where the configuration came from, relative to the working directory; undefined when none was found. */
  readonly file?: string;
  /** The directory globs are relative to. */
  readonly root: string;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  /** Severity per rule id or category, as written; resolved against the registry by `severityOf`. */
  readonly rules: Readonly<Record<string, SeveritySetting>>;
  /** The `deps` section: range severity and accepted dependency risks. */
  readonly deps: DepsOptions;
  /** The `diff` section: which flags of `detkit diff` are errors. */
  readonly diff: DiffOptions;
}

const KNOWN_KEYS = ["$schema", "include", "exclude", "rules", "deps", "diff"];
const SEVERITY_SETTINGS: readonly SeveritySetting[] = ["off", "warn", "error"];

function stringList(value: unknown, key: string, file: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((item): item is string => typeof item === "string" && item.length > 0)) {
    throw new UsageError(`${file}: "${key}" must be an array of non-empty glob strings`);
  }
  return value;
}

/**
 * Validates a configuration object. Unknown keys, rule ids and categories fail loudly: a typo that silently
 * disabled nothing would be worse than no configuration.
 */
export function parseConfig(value: unknown, file: string, root: string, rules: readonly Rule[]): Config {
  if (!isRecord(value)) throw new UsageError(`${file}: the configuration must be a JSON object`);
  const unknown = Object.keys(value).filter((key) => !KNOWN_KEYS.includes(key));
  if (unknown.length > 0) {
    throw new UsageError(`${file}: unknown key ${unknown.map((key) => `"${key}"`).join(", ")}; expected ${KNOWN_KEYS.slice(1).join(", ")}`);
  }
  const ruleSettings = value.rules ?? {};
  if (!isRecord(ruleSettings)) throw new UsageError(`${file}: "rules" must be an object of rule id or category to off|warn|error`);
  const ids = new Set(rules.map((rule) => rule.meta.id));
  const validated: Record<string, SeveritySetting> = {};
  for (const [key, setting] of Object.entries(ruleSettings)) {
    if (!ids.has(key) && !CATEGORIES.some((category) => category === key)) {
      throw new UsageError(`${file}: "rules" names unknown rule or category "${key}" (see \`detkit rules\`)`);
    }
    const severity = SEVERITY_SETTINGS.find((candidate) => candidate === setting);
    if (!severity) throw new UsageError(`${file}: "rules.${key}" must be "off", "warn" or "error"`);
    validated[key] = severity;
  }
  return {
    file,
    root,
    include: stringList(value.include, "include", file),
    exclude: stringList(value.exclude, "exclude", file),
    rules: validated,
    deps: parseDepsOptions(value.deps, file),
    diff: parseDiffOptions(value.diff, file),
  };
}

/**
 * The configuration for a project: `--config` when given, else `detkit.config.json` or the `detkit` key of
 * package.json, in the nearest directory at or above `start` that has either, not looking past the first
 * package.json or the repository root.
 */
export function loadConfig(options: {
  readonly cwd: string;
  readonly start: string;
  /** `--config` (a file, relative to `cwd`), or a configuration object given through the library API. */
  readonly explicit?: string | Readonly<Record<string, unknown>> | undefined;
  readonly rules: readonly Rule[];
}): Config {
  const { cwd, rules } = options;
  if (typeof options.explicit === "object") {
    return parseConfig(options.explicit, "the config option", resolve(cwd), rules);
  }
  if (options.explicit !== undefined) {
    const path = resolve(cwd, options.explicit);
    if (!existsSync(path)) throw new UsageError(`config file not found: ${options.explicit}`);
    return parseConfig(toPlainValue(readJsonObjectFile(path, options.explicit).root), options.explicit, dirname(path), rules);
  }
  for (const directory of ancestorsInRepository(resolve(cwd, options.start))) {
    const configPath = join(directory, CONFIG_FILE_NAME);
    if (existsSync(configPath)) {
      const shown = displayPath(cwd, configPath);
      return parseConfig(toPlainValue(readJsonObjectFile(configPath, shown).root), shown, directory, rules);
    }
    const manifestPath = join(directory, "package.json");
    if (existsSync(manifestPath)) {
      const shown = displayPath(cwd, manifestPath);
      const detkit = getProperty(readJsonObjectFile(manifestPath, shown).root, "detkit");
      if (detkit) return parseConfig(toPlainValue(detkit.value), `${shown} ("detkit" key)`, directory, rules);
      // A package is a project boundary: a configuration further up belongs to some other project.
      break;
    }
  }
  return { root: resolve(cwd, options.start), include: [], exclude: [], rules: {}, deps: DEFAULT_DEPS_OPTIONS, diff: DEFAULT_DIFF_OPTIONS };
}

/** A rule the configuration leaves on, with the severity it set (undefined: the rule decides). */
export interface EnabledRule<R extends Rule = Rule> {
  readonly rule: R;
  readonly configured?: Severity;
}

/**
 * The rules a run uses: a rule's own setting wins over its category's; `off` leaves the rule out; without a
 * setting the rule keeps its default severity.
 */
export function enabledRules<R extends Rule>(config: Config, rules: readonly R[]): EnabledRule<R>[] {
  return rules.flatMap((rule) => {
    const setting = config.rules[rule.meta.id] ?? config.rules[rule.meta.category];
    if (setting === "off") return [];
    if (setting === undefined) return [{ rule }];
    return [{ rule, configured: setting === "warn" ? "warning" : "error" }];
  });
}

/** The severities the configuration sets, by rule id, for the rules it sets one for. */
export function configuredSeverities(enabled: readonly EnabledRule[]): Map<string, Severity> {
  return new Map(enabled.flatMap(({ rule, configured }) => (configured ? [[rule.meta.id, configured] as const] : [])));
}

/** The source rules a run uses, each with the severity it reports at (the configuration's, else its own). */
export function activeSourceRules(config: Config, rules: readonly Rule[]): { rule: SourceRule; severity: Severity }[] {
  return enabledRules(config, rules).flatMap(({ rule, configured }) =>
    rule.kind === "source" ? [{ rule, severity: configured ?? rule.meta.severity }] : [],
  );
}
