import type { Rule } from "./create-rule.js";
import installScript from "./install-script.js";
import lockedWithoutIntegrity from "./locked-without-integrity.js";
import lockfileMissing from "./lockfile-missing.js";
import lockfileOutOfSync from "./lockfile-out-of-sync.js";
import noNpmInstallInCi from "./no-npm-install-in-ci.js";
import noRandomSort from "./no-random-sort.js";
import noUnpinnedRange from "./no-unpinned-range.js";
import noUnseededRandom from "./no-unseeded-random.js";
import noWallClock from "./no-wall-clock.js";
import nonRegistrySource from "./non-registry-source.js";
import unpinnedNodeRuntime from "./unpinned-node-runtime.js";

/** Every rule detkit knows, in alphabetical order of id. The catalog, SARIF and README are generated from it. */
export const RULES: readonly Rule[] = [
  installScript,
  lockedWithoutIntegrity,
  lockfileMissing,
  lockfileOutOfSync,
  noNpmInstallInCi,
  noRandomSort,
  noUnpinnedRange,
  noUnseededRandom,
  noWallClock,
  nonRegistrySource,
  unpinnedNodeRuntime,
];
