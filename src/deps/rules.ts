import type { DependencyRule } from "../../rules/create-rule.js";
import installScript from "../../rules/install-script.js";
import lockfileMissing from "../../rules/lockfile-missing.js";
import lockfileOutOfSync from "../../rules/lockfile-out-of-sync.js";
import lockedWithoutIntegrity from "../../rules/locked-without-integrity.js";
import noNpmInstallInCi from "../../rules/no-npm-install-in-ci.js";
import noUnpinnedRange from "../../rules/no-unpinned-range.js";
import nonRegistrySource from "../../rules/non-registry-source.js";
import unpinnedNodeRuntime from "../../rules/unpinned-node-runtime.js";

/**
 * The dependency rules, in alphabetical order of id: the same objects rules/index.ts registers, imported
 * directly so that `detkit deps` loads none of the source rules (a test checks the two lists agree).
 */
export const DEPENDENCY_RULES: readonly DependencyRule[] = [
  installScript,
  lockedWithoutIntegrity,
  lockfileMissing,
  lockfileOutOfSync,
  noNpmInstallInCi,
  noUnpinnedRange,
  nonRegistrySource,
  unpinnedNodeRuntime,
];

export const DEPENDENCY_RULE_IDS: readonly string[] = DEPENDENCY_RULES.map((rule) => rule.meta.id);
