import installScript from "./install-script.js";
import lockedWithoutIntegrity from "./locked-without-integrity.js";
import lockfileMissing from "./lockfile-missing.js";
import lockfileOutOfSync from "./lockfile-out-of-sync.js";
import mixedPackageManagers from "./mixed-package-managers.js";
import noApproximateMath from "./no-approximate-math.js";
import noCompletionOrderCollection from "./no-completion-order-collection.js";
import noCompletionOrderSum from "./no-completion-order-sum.js";
import noDefaultNumericSort from "./no-default-numeric-sort.js";
import noFirstFreePick from "./no-first-free-pick.js";
import noFloatMoneySum from "./no-float-money-sum.js";
import noFloatRounding from "./no-float-rounding.js";
import noGcObservation from "./no-gc-observation.js";
import noHostInfo from "./no-host-info.js";
import noImplicitLocale from "./no-implicit-locale.js";
import noImplicitTimeZone from "./no-implicit-time-zone.js";
import noInconsistentComparator from "./no-inconsistent-comparator.js";
import noJsonStringifyIdentity from "./no-json-stringify-identity.js";
import noLocalTimeDate from "./no-local-time-date.js";
import noLocalTimeParse from "./no-local-time-parse.js";
import noLossyJsonParse from "./no-lossy-json-parse.js";
import noNpmInstallInCi from "./no-npm-install-in-ci.js";
import noParseFloat from "./no-parse-float.js";
import noProcessEnv from "./no-process-env.js";
import noPromiseRace from "./no-promise-race.js";
import noRandomSort from "./no-random-sort.js";
import noStackTraceData from "./no-stack-trace-data.js";
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
  mixedPackageManagers,
  noApproximateMath,
  noCompletionOrderCollection,
  noCompletionOrderSum,
  noDefaultNumericSort,
  noFirstFreePick,
  noFloatMoneySum,
  noFloatRounding,
  noGcObservation,
  noHostInfo,
  noImplicitLocale,
  noImplicitTimeZone,
  noInconsistentComparator,
  noJsonStringifyIdentity,
  noLocalTimeDate,
  noLocalTimeParse,
  noLossyJsonParse,
  noNpmInstallInCi,
  noParseFloat,
  noProcessEnv,
  noPromiseRace,
  noRandomSort,
  noStackTraceData,
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
