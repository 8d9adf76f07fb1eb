/**
 * The diff's only calls into the rest of detkit's engine, one function each, so that a change to the dependency
 * audit's or the analyzer's entry points is made here and nowhere else in src/diff.
 */
import { isAbsolute, relative, sep } from "node:path";
import type { DependencyRule } from "../../rules/util/create-rule.js";
import type { LockedPackage } from "../../rules/util/dependency-context.js";
import type { Severity } from "../../rules/util/types.js";
import type { ActiveRule } from "../analyzer/index.js";
import type { DepsOptions } from "../config/deps-options.js";
import type { FileError, Finding } from "../report/types.js";
import type { DiffTree } from "./compare.js";

export interface DependencyAuditSettings {
  readonly options: DepsOptions;
  readonly rules: readonly DependencyRule[];
  readonly severities: ReadonlyMap<string, Severity>;
}

/**
 * Loads a project directory's lockfile tree (@npmcli/arborist, offline) and runs the dependency rules over
 * it, in one read: the tree gives the packages to compare, the findings give what head newly brings. File
 * names in the findings are relative to `directory`.
 */
export async function loadDependencyTree(directory: string, settings: DependencyAuditSettings): Promise<Omit<DiffTree, "manifestFile">> {
  const { loadDependencyProject, partitionOutcomes, runDependencyRules } = await import("../deps/index.js");
  const loaded = await loadDependencyProject(directory, directory);
  const { findings } = partitionOutcomes(runDependencyRules(loaded.project, settings.options, settings.rules, settings.severities));
  const root = loaded.project.manifests.find((manifest) => manifest.isRoot);
  return {
    packages: (loaded.project.lockfile?.packages ?? []).map((locked) => withRelativeFileSpec(locked, directory)),
    installScriptsKnown: loaded.project.lockfile?.installScriptsKnown ?? false,
    declared: root?.dependencies ?? [],
    findings,
  };
}

/** What the source rules found in a package's files, relative to its root. */
export interface ContentScan {
  readonly findings: readonly Finding[];
  readonly errors: readonly FileError[];
}

/**
 * Runs the source rules over the given files of one package (paths relative to `root`), the way `detkit audit`
 * checks a project's own files; the package's tsconfig.json, when it ships one, sets the compiler options.
 */
export async function scanPackageFiles(root: string, files: readonly string[], rules: readonly ActiveRule[]): Promise<ContentScan> {
  if (files.length === 0) return { findings: [], errors: [] };
  const { analyze } = await import("../analyzer/index.js");
  // A package's own suppression comments are its authors' business: they neither hide nor add findings here.
  const analysis = analyze({ cwd: root, paths: files, rules, suppressions: { knownRuleIds: new Set(), reportUnused: false } });
  return { findings: analysis.findings, errors: analysis.errors };
}

/**
 * Arborist turns a lockfile's relative `file:` URLs into absolute ones under the directory it loaded; the tree
 * was loaded from a temporary copy, so they are put back as the lockfile wrote them, relative to the project.
 */
function withRelativeFileSpec(locked: LockedPackage, directory: string): LockedPackage {
  const resolved = locked.resolved;
  if (resolved === undefined || !resolved.startsWith("file:")) return locked;
  const path = resolved.slice("file:".length);
  if (!isAbsolute(path)) return locked;
  return { ...locked, resolved: `file:${relative(directory, path).split(sep).join("/")}` };
}
