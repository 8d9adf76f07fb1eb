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
export { loadProject, workspaceRootOf, type LoadedProject } from "./project.js";
export { DEPENDENCY_RULE_IDS, DEPENDENCY_RULES } from "./rules.js";
export { SUPPORTED_LOCKFILES_TEXT } from "./lockfile.js";
