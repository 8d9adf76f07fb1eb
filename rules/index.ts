import installScript from "./install-script.js";
import lockedWithoutIntegrity from "./locked-without-integrity.js";
import lockfileMissing from "./lockfile-missing.js";
import lockfileOutOfSync from "./lockfile-out-of-sync.js";
import noCompletionOrderCollection from "./no-completion-order-collection.js";
import noDefaultNumericSort from "./no-default-numeric-sort.js";
import noImplicitLocale from "./no-implicit-locale.js";
import noImplicitTimeZone from "./no-implicit-time-zone.js";
import noInconsistentComparator from "./no-inconsistent-comparator.js";
import noLocalTimeDate from "./no-local-time-date.js";
import noLocalTimeParse from "./no-local-time-parse.js";
import noNpmInstallInCi from "./no-npm-install-in-ci.js";
import noRandomSort from "./no-random-sort.js";
import noUncheckedDateParse from "./no-unchecked-date-parse.js";
import noUnpinnedRange from "./no-unpinned-range.js";
import noUnseededRandom from "./no-unseeded-random.js";
import noUnsortedDirectoryListing from "./no-unsorted-directory-listing.js";
import noWallClock from "./no-wall-clock.js";
import nonRegistrySource from "./non-registry-source.js";
import suppressionMissingReason from "./suppression-missing-reason.js";
import unpinnedNodeRuntime from "./unpinned-node-runtime.js";
import unusedSuppression from "./unused-suppression.js";
import type { DependencyRule, DirectiveRule, Rule } from "./util/create-rule.js";
import type { SourceRule } from "./util/types.js";

/**
 * Every rule detkit knows, in alphabetical order of id: the one registry. The catalog (`detkit rules`), SARIF
 * descriptors, the README's rule table and the configuration schema's rule list are all generated from it.
 */
export const RULES: readonly Rule[] = [
  installScript,
  lockedWithoutIntegrity,
  lockfileMissing,
  lockfileOutOfSync,
  noCompletionOrderCollection,
  noDefaultNumericSort,
  noImplicitLocale,
  noImplicitTimeZone,
  noInconsistentComparator,
  noLocalTimeDate,
  noLocalTimeParse,
  noNpmInstallInCi,
  noRandomSort,
  noUncheckedDateParse,
  noUnpinnedRange,
  noUnseededRandom,
  noUnsortedDirectoryListing,
  noWallClock,
  nonRegistrySource,
  suppressionMissingReason,
  unpinnedNodeRuntime,
  unusedSuppression,
];

export const SOURCE_RULES: readonly SourceRule[] = RULES.filter((rule): rule is SourceRule => rule.kind === "source");
export const DEPENDENCY_RULES: readonly DependencyRule[] = RULES.filter((rule): rule is DependencyRule => rule.kind === "dependency");
export const DIRECTIVE_RULES: readonly DirectiveRule[] = RULES.filter((rule): rule is DirectiveRule => rule.kind === "directive");

/** The directive rules by role, for the engines that report them. */
export { suppressionMissingReason, unusedSuppression };
