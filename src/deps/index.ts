/**
 * The dependency audit (`detkit deps`, and the dependency half of `detkit audit`). Importing this module
 * loads neither ts-morph nor @npmcli/arborist: arborist is imported when a lockfile is actually read.
 */
export {
  auditDependencies,
  partitionOutcomes,
  runDependencyRules,
  type DependencyAuditRequest,
  type DependencyAuditResult,
  type RuleOutcome,
} from "./audit.js";
export { fixRanges, type FixResult, type PinnedSpec } from "./fix.js";
export { loadDependencyProject, workspaceRootOf, type LoadedDependencyProject } from "./project.js";
export { SUPPORTED_LOCKFILES_TEXT } from "./lockfile.js";
