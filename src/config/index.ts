import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Rule } from "../../rules/create-rule.js";
import { CATEGORIES, type Category, type Severity } from "../../rules/types.js";
import { UsageError } from "../errors.js";
import { displayPath } from "../analyzer/files.js";

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
  /** The `deps` section, validated by the dependency audit. */
  readonly deps: unknown;
}

const KNOWN_KEYS = ["$schema", "include", "exclude", "rules", "deps"];
const SEVERITY_SETTINGS: readonly SeveritySetting[] = ["off", "warn", "error"];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

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
    deps: value.deps,
  };
}

function readJson(path: string, shown: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${shown}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`malformed ${shown}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * The configuration for a project: `--config` when given, else `detkit.config.json` or the `detkit` key of
 * package.json, in the nearest directory at or above `start` that has either, not looking past the first
 * package.json or the repository root.
 */
export function loadConfig(options: {
  readonly cwd: string;
  readonly start: string;
  readonly explicit?: string;
  readonly rules: readonly Rule[];
}): Config {
  const { cwd, rules } = options;
  if (options.explicit !== undefined) {
    const path = resolve(cwd, options.explicit);
    if (!existsSync(path)) throw new UsageError(`config file not found: ${options.explicit}`);
    return parseConfig(readJson(path, options.explicit), options.explicit, dirname(path), rules);
  }
  for (let directory = resolve(cwd, options.start); ; directory = dirname(directory)) {
    const configPath = join(directory, CONFIG_FILE_NAME);
    if (existsSync(configPath)) {
      const shown = displayPath(cwd, configPath);
      return parseConfig(readJson(configPath, shown), shown, directory, rules);
    }
    const manifestPath = join(directory, "package.json");
    if (existsSync(manifestPath)) {
      const shown = displayPath(cwd, manifestPath);
      const manifest = readJson(manifestPath, shown);
      if (isRecord(manifest) && manifest.detkit !== undefined) {
        return parseConfig(manifest.detkit, `${shown} ("detkit" key)`, directory, rules);
      }
      // A package is a project boundary: a configuration further up belongs to some other project.
      break;
    }
    if (existsSync(join(directory, ".git")) || dirname(directory) === directory) break;
  }
  return { root: resolve(cwd, options.start), include: [], exclude: [], rules: {}, deps: undefined };
}

/** The severity a rule runs with: its own setting, else its category's, else its default; undefined when off. */
export function severityOf(config: Config, id: string, category: Category, defaultSeverity: Severity): Severity | undefined {
  const setting = config.rules[id] ?? config.rules[category];
  if (setting === undefined) return defaultSeverity;
  if (setting === "off") return undefined;
  return setting === "warn" ? "warning" : "error";
}
