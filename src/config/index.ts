import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Rule } from "../../rules/util/create-rule.js";
import { CATEGORIES, type Category } from "../../rules/util/types.js";
import { UsageError } from "../errors.js";
import { quoteAll } from "../text.js";
import { ancestorsInRepository, messagePath } from "../paths.js";
import { configLocator, DEFAULT_DEPS_OPTIONS, parseDepsOptions, type ConfigLocator, type DepsOptions } from "./deps-options.js";
import { DEFAULT_DIFF_OPTIONS, parseDiffOptions, type DiffOptions } from "./diff-options.js";
import { isRecord, readJsonObjectFile, rejectDuplicateKeys, toPlainValue } from "../json-document/file.js";
import { getProperty } from "../json-document/parse.js";

export type SeveritySetting = "off" | "warn" | "error";

export const CONFIG_FILE_NAME = "detkit.config.json";

/** Rule settings for the files some globs match, as in ESLint's `overrides`. */
export interface Override {
  /** Globs relative to the configuration file's folder. */
  readonly files: readonly string[];
  readonly rules: Readonly<Record<string, SeveritySetting>>;
}

/** The validated configuration; every field has its default filled in. */
export interface Config {
  /** Where the configuration came from, as messages name it; undefined when none was found. */
  readonly file?: string;
  /**
   * The directory every glob is relative to: the configuration file's folder, or, without one, the package
   * (nearest package.json) of the first scanned path.
   */
  readonly root: string;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  /** Severity per rule id or category, as written; resolved per file by `severityResolver`. */
  readonly rules: Readonly<Record<string, SeveritySetting>>;
  /** In order: a later entry wins over an earlier one and over `rules`. */
  readonly overrides: readonly Override[];
  /**
   * Globs of test code, whose findings are warnings unless an override says otherwise. When the configuration
   * does not say, this is DEFAULT_TEST_GLOBS itself, which also match relative to each workspace package.
   */
  readonly tests: readonly string[];
  /** The `deps` section: range severity and accepted dependency risks. */
  readonly deps: DepsOptions;
  /** The `diff` section: which flags fail `detkit diff`. */
  readonly diff: DiffOptions;
  /** Globs of deterministic zones: every finding in them is an error, and their exported functions are entry points. */
  readonly zones: readonly string[];
  /** Severity outside zones: `error` keeps each rule's own, `warn` makes errors warnings, `off` drops them. */
  readonly outsideZones: "error" | "warn" | "off";
  /** The project's own safe abstractions, whose calls zones do not follow: `name`, `Class.method`, `glob#name`. */
  readonly deterministicWrappers: readonly string[];
}

/**
 * What counts as test code when the configuration does not say: the usual places of tests and benchmarks,
 * relative to the configuration's folder and to each package below it (a monorepo's `packages/api/test/`).
 */
export const DEFAULT_TEST_GLOBS: readonly string[] = [
  "**/*.test.*",
  "**/*.spec.*",
  "**/__tests__/**",
  "test/**",
  "tests/**",
  // End-to-end suites (Playwright, Cypress, Nx and lerna keep them here).
  "e2e/**",
  "bench*/**",
];

const KNOWN_KEYS = ["$schema", "include", "exclude", "rules", "overrides", "tests", "zones", "outsideZones", "deterministicWrappers", "deps", "diff"];
const OUTSIDE_ZONES = ["error", "warn", "off"] as const;
const OVERRIDE_KEYS = ["files", "rules"];
const SEVERITY_SETTINGS: readonly SeveritySetting[] = ["off", "warn", "error"];

function stringList(value: unknown, key: string, file: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((item): item is string => typeof item === "string" && item.length > 0)) {
    throw new UsageError(`${file}: "${key}" must be an array of non-empty glob strings`);
  }
  return value;
}

/** The categories that hold at least one of `rules`: a setting for an empty category would change nothing. */
export function populatedCategories(rules: readonly Rule[]): Category[] {
  return CATEGORIES.filter((category) => rules.some((rule) => rule.meta.category === category));
}

/** Validates a `rules` object (top level or in an override): known rule ids or populated categories only. */
function parseRuleSettings(value: unknown, key: string, file: string, rules: readonly Rule[]): Record<string, SeveritySetting> {
  if (value === undefined) return {};
  if (!isRecord(value)) throw new UsageError(`${file}: "${key}" must be an object of rule id or category to off|warn|error`);
  const ids = new Set(rules.map((rule) => rule.meta.id));
  const populated = populatedCategories(rules);
  const validated: Record<string, SeveritySetting> = {};
  for (const [name, setting] of Object.entries(value)) {
    if (!ids.has(name)) {
      if (CATEGORIES.some((category) => category === name) && !populated.some((category) => category === name)) {
        throw new UsageError(
          `${file}: "${key}" names category "${name}", which has no rules yet, so the setting would do nothing (categories with rules: ${populated.join(", ")})`,
        );
      }
      if (!populated.some((category) => category === name)) {
        throw new UsageError(`${file}: "${key}" names unknown rule or category "${name}" (see \`detkit rules\`)`);
      }
    }
    const severity = SEVERITY_SETTINGS.find((candidate) => candidate === setting);
    if (!severity) throw new UsageError(`${file}: "${key}.${name}" must be "off", "warn" or "error"`);
    validated[name] = severity;
  }
  return validated;
}

function parseOverrides(value: unknown, file: string, rules: readonly Rule[]): Override[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new UsageError(`${file}: "overrides" must be an array of { "files": [globs], "rules": {...} }`);
  return value.map((entry: unknown, index) => {
    const where = `overrides[${index}]`;
    if (!isRecord(entry)) throw new UsageError(`${file}: "${where}" must be an object { "files": [globs], "rules": {...} }`);
    const unknown = Object.keys(entry).filter((key) => !OVERRIDE_KEYS.includes(key));
    if (unknown.length > 0) {
      throw new UsageError(`${file}: "${where}" has unknown key ${quoteAll(unknown)}; expected ${quoteAll(OVERRIDE_KEYS)}`);
    }
    const files = stringList(entry.files, `${where}.files`, file);
    if (files.length === 0) throw new UsageError(`${file}: "${where}.files" must list at least one glob`);
    return { files, rules: parseRuleSettings(entry.rules, `${where}.rules`, file, rules) };
  });
}

/**
 * Validates a configuration object. Unknown keys, rule ids and categories fail loudly: a typo that silently
 * disabled nothing would be worse than no configuration.
 */
export function parseConfig(value: unknown, file: string, root: string, rules: readonly Rule[], locate?: ConfigLocator): Config {
  if (!isRecord(value)) throw new UsageError(`${file}: the configuration must be a JSON object`);
  const unknown = Object.keys(value).filter((key) => !KNOWN_KEYS.includes(key));
  if (unknown.length > 0) {
    throw new UsageError(`${file}: unknown key ${quoteAll(unknown)}; expected ${KNOWN_KEYS.slice(1).join(", ")}`);
  }
  return {
    file,
    root,
    include: stringList(value.include, "include", file),
    exclude: stringList(value.exclude, "exclude", file),
    rules: parseRuleSettings(value.rules, "rules", file, rules),
    overrides: parseOverrides(value.overrides, file, rules),
    tests: value.tests === undefined ? DEFAULT_TEST_GLOBS : stringList(value.tests, "tests", file),
    deps: parseDepsOptions(value.deps, file, locate),
    diff: parseDiffOptions(value.diff, file),
    zones: stringList(value.zones, "zones", file),
    outsideZones: parseOutsideZones(value.outsideZones, file),
    deterministicWrappers: stringList(value.deterministicWrappers, "deterministicWrappers", file),
  };
}

function parseOutsideZones(value: unknown, file: string): Config["outsideZones"] {
  if (value === undefined) return "error";
  const setting = OUTSIDE_ZONES.find((candidate) => candidate === value);
  if (!setting) throw new UsageError(`${file}: "outsideZones" must be "error", "warn" or "off"`);
  return setting;
}

/**
 * The configuration for a project: `--config` when given, else `detkit.config.json` or the `detkit` key of
 * package.json, in the nearest directory at or above `start` that has either, not looking past the first
 * package.json or the repository root.
 */
export function loadConfig(options: {
  readonly cwd: string;
  /** The first scanned directory, absolute or relative to `cwd`. */
  readonly start: string;
  /** `--config` (a file, relative to `cwd`), or a configuration object given through the library API. */
  readonly explicit?: string | Readonly<Record<string, unknown>> | undefined;
  readonly rules: readonly Rule[];
}): Config {
  const { cwd, rules } = options;
  const start = resolve(cwd, options.start);
  if (typeof options.explicit === "object") {
    return parseConfig(options.explicit, "the config option", resolve(cwd), rules);
  }
  if (options.explicit !== undefined) {
    const path = resolve(cwd, options.explicit);
    if (!existsSync(path)) throw new UsageError(`config file not found: ${options.explicit}`);
    return parseConfigDocument(path, options.explicit, dirname(path), rules);
  }
  for (const directory of ancestorsInRepository(start)) {
    const configPath = join(directory, CONFIG_FILE_NAME);
    if (existsSync(configPath)) {
      const shown = messagePath(cwd, configPath);
      return parseConfigDocument(configPath, shown, directory, rules);
    }
    const manifestPath = join(directory, "package.json");
    if (existsSync(manifestPath)) {
      const shown = messagePath(cwd, manifestPath);
      const manifest = readJsonObjectFile(manifestPath, shown).root;
      const detkit = getProperty(manifest, "detkit");
      if (detkit) {
        // Only our own section is held to the config's rule; npm reads the rest of package.json its own way.
        rejectDuplicateKeys({ ...manifest, properties: manifest.properties.filter((property) => property.key === "detkit") }, shown);
        return parseConfig(toPlainValue(detkit.value), `${shown} ("detkit" key)`, directory, rules, configLocator(detkit.value));
      }
      // A package is a project boundary: a configuration further up belongs to some other project.
      return defaultConfig(directory);
    }
  }
  return defaultConfig(start);
}

/** Reads and validates detkit.config.json; duplicate keys are refused, positions kept for accepted risks. */
function parseConfigDocument(path: string, shown: string, directory: string, rules: readonly Rule[]): Config {
  const { root } = readJsonObjectFile(path, shown, { rejectDuplicateKeys: true });
  return parseConfig(toPlainValue(root), shown, directory, rules, configLocator(root));
}

/** No configuration: every rule at its default severity, the usual test globs relative to `root`. */
export function defaultConfig(root: string): Config {
  return {
    root,
    include: [],
    exclude: [],
    rules: {},
    overrides: [],
    tests: DEFAULT_TEST_GLOBS,
    deps: DEFAULT_DEPS_OPTIONS,
    diff: DEFAULT_DIFF_OPTIONS,
    zones: [],
    outsideZones: "error",
    deterministicWrappers: [],
  };
}

