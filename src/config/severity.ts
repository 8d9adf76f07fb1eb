import { existsSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import picomatch from "picomatch";
import type { RuleMeta, Severity } from "../../rules/util/types.js";
import { type Config, DEFAULT_TEST_GLOBS, type SeveritySetting } from "./index.js";

/** What a rule is in one file: reported at a severity, or not run. */
export type RuleSetting = Severity | "off";

/** The rules' settings in one file. */
export interface FileRules {
  /** Whether the file is test code (the configuration's `tests` globs). */
  readonly test: boolean;
  /**
   * The rule's setting in this file. `reported` is the severity the rule chose for one report (dependency rules
   * choose per report); it defaults to the rule's own severity.
   */
  settingOf(meta: RuleMeta, reported?: Severity): RuleSetting;
}

/** Answers file → rule → severity | off, for the source rules, the directive rules and dependency findings. */
export interface SeverityResolver {
  /** `file` is absolute. */
  forFile(file: string): FileRules;
  /** Whether the rule is on in at least one file; a rule off everywhere need not run at all. */
  mayRun(meta: RuleMeta): boolean;
}

type RuleSettings = Readonly<Record<string, SeveritySetting>>;

/** A rule's own setting wins over its category's, within one layer of settings. */
function settingIn(settings: RuleSettings, meta: RuleMeta): SeveritySetting | undefined {
  return settings[meta.id] ?? settings[meta.category];
}

function toRuleSetting(setting: SeveritySetting): RuleSetting {
  return setting === "warn" ? "warning" : setting;
}

/** A matcher of globs relative to `root`; a file outside `root` matches none. */
export function globMatcher(root: string, globs: readonly string[]): (file: string) => boolean {
  if (globs.length === 0) return () => false;
  const matches = picomatch([...globs], { dot: true });
  return (file) => matchesBelow(matches, root, file);
}

/** Whether `file`, relative to `folder` with `/` separators, is below it and matches. */
function matchesBelow(matches: (path: string) => boolean, folder: string, file: string): boolean {
  const path = relative(folder, file).split(sep).join("/");
  return path !== "" && !path.startsWith("../") && path !== ".." && matches(path);
}

/**
 * The default test globs name the usual places relative to a package (`test/`, `tests/`, `benchmarks/`), so in a
 * workspace they apply to each package below `root` as well: `packages/api/test/` is test code, while
 * `packages/api/src/test/` is not, as `src/test/` is not at the root. A package is a folder with a package.json.
 */
function packageTestMatcher(root: string, globs: readonly string[]): (file: string) => boolean {
  const matches = picomatch([...globs], { dot: true });
  const packageOfFolder = new Map<string, string | undefined>();
  const packageOf = (folder: string): string | undefined => {
    if (folder === root || !folder.startsWith(root + sep)) return undefined;
    if (packageOfFolder.has(folder)) return packageOfFolder.get(folder);
    const found = existsSync(join(folder, "package.json")) ? folder : packageOf(dirname(folder));
    packageOfFolder.set(folder, found);
    return found;
  };
  return (file) => {
    if (matchesBelow(matches, root, file)) return true;
    for (let pkg = packageOf(dirname(file)); pkg !== undefined; pkg = packageOf(dirname(pkg))) {
      if (matchesBelow(matches, pkg, file)) return true;
    }
    return false;
  };
}

/**
 * The severity of every rule in every file, resolved in layers, each replacing what the one before decided:
 * 1. the rule's own severity (or the one it chose for a report);
 * 2. the configuration's `rules`;
 * 3. test code (`tests` globs): an error becomes a warning, since a nondeterministic test is a flaky test worth
 *    seeing but rarely worth failing a build for; a rule whose meta says `inTests: "off"` (lost data, not a
 *    changing result) does not run there;
 * 4. each `overrides` entry whose `files` match, in order, so a later entry wins and an override can still make
 *    a test file's finding an error.
 * Within one layer a rule's own setting wins over its category's. Deterministic zones (every finding inside one
 * is an error) are applied by the analyzer after the rules ran, since they depend on the findings of every file.
 */
export function severityResolver(config: Config): SeverityResolver {
  const isTest = config.tests === DEFAULT_TEST_GLOBS ? packageTestMatcher(config.root, config.tests) : globMatcher(config.root, config.tests);
  const overrides = config.overrides.map((override) => ({ matches: globMatcher(config.root, override.files), rules: override.rules }));
  return {
    forFile(file) {
      const test = isTest(file);
      const layers = overrides.filter((override) => override.matches(file)).map((override) => override.rules);
      return {
        test,
        settingOf(meta, reported = meta.severity) {
          let setting: RuleSetting = reported;
          const configured = settingIn(config.rules, meta);
          if (configured) setting = toRuleSetting(configured);
          if (test && meta.inTests === "off") setting = "off";
          else if (test && setting === "error") setting = "warning";
          for (const rules of layers) {
            const overridden = settingIn(rules, meta);
            if (overridden) setting = toRuleSetting(overridden);
          }
          return setting;
        },
      };
    },
    mayRun(meta) {
      if (settingIn(config.rules, meta) !== "off") return true;
      return config.overrides.some((override) => {
        const setting = settingIn(override.rules, meta);
        return setting !== undefined && setting !== "off";
      });
    },
  };
}
