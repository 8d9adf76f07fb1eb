import { formatMessage, type DependencyRule } from "../../rules/util/create-rule.js";
import type { DependencyProject, DependencyReport } from "../../rules/util/dependency-context.js";
import type { Severity } from "../../rules/util/types.js";
import { DEFAULT_DEPS_OPTIONS, rangeSeverityOf, type AcceptedRisk, type DepsOptions } from "../config/deps-options.js";
import { compareFindings } from "../report/build.js";
import type { FileError, Finding, SuppressedFinding } from "../report/types.js";
import { loadDependencyProject } from "./project.js";
import { DEPENDENCY_RULES } from "../../rules/index.js";

export interface DependencyAuditRequest {
  /** The project directory: absolute, or relative to `cwd`. */
  readonly root: string;
  /** The working directory; findings' `file` is relative to it. */
  readonly cwd: string;
  /** @default DEFAULT_DEPS_OPTIONS (bounded ranges are warnings, nothing accepted) */
  readonly options?: DepsOptions;
  /** The rules to run. @default DEPENDENCY_RULES */
  readonly rules?: readonly DependencyRule[];
  /**
   * Severities the configuration sets per rule id; they replace the rule's own choice for every report.
   * @default none
   */
  readonly severities?: ReadonlyMap<string, Severity>;
}

export interface DependencyAuditResult {
  /** Sorted by file, line, column, rule id, message. */
  readonly findings: readonly Finding[];
  /** Findings matched by an accepted risk, with its reason; sorted like `findings`. */
  readonly suppressed: readonly SuppressedFinding[];
  /** Files that could not be read (a workflow, a .nvmrc); the rest was still audited. */
  readonly errors: readonly FileError[];
  readonly filesScanned: number;
}

/** One report of one rule, as a finding, with the acceptance that covers it if any. */
export interface RuleOutcome {
  readonly rule: DependencyRule;
  readonly report: DependencyReport;
  readonly finding: Finding;
  readonly acceptedBy?: AcceptedRisk;
}

function toFinding(rule: DependencyRule, report: DependencyReport, configured: Severity | undefined): Finding {
  const { position } = report;
  return {
    ruleId: rule.meta.id,
    category: rule.meta.category,
    severity: configured ?? report.severity ?? rule.meta.severity,
    file: position.file,
    line: position.line,
    column: position.column,
    ...(position.endLine === undefined ? {} : { endLine: position.endLine }),
    ...(position.endColumn === undefined ? {} : { endColumn: position.endColumn }),
    messageId: report.messageId,
    message: formatMessage(rule.meta, report.messageId, report.data),
    suggestion: report.suggestion ?? rule.meta.replacement,
  };
}

/** An acceptance covers a report of its rule about its package, and, when it names one, that exact version. */
function acceptanceFor(accept: readonly AcceptedRisk[], ruleId: string, report: DependencyReport): AcceptedRisk | undefined {
  const subject = report.package;
  if (!subject) return undefined;
  return accept.find(
    (risk) =>
      risk.rule === ruleId &&
      risk.package === subject.name &&
      (risk.version === undefined || risk.version === subject.version),
  );
}

/** Runs dependency rules over a loaded project; pure: the same project and options give the same outcomes. */
export function runDependencyRules(
  project: DependencyProject,
  options: DepsOptions = DEFAULT_DEPS_OPTIONS,
  rules: readonly DependencyRule[] = DEPENDENCY_RULES,
  severities: ReadonlyMap<string, Severity> = new Map(),
): RuleOutcome[] {
  const outcomes: RuleOutcome[] = [];
  const ruleOptions = { rangeSeverity: rangeSeverityOf(options) };
  for (const rule of rules) {
    rule.check({
      project,
      options: ruleOptions,
      report(report) {
        const acceptedBy = acceptanceFor(options.accept, rule.meta.id, report);
        const finding = toFinding(rule, report, severities.get(rule.meta.id));
        outcomes.push({ rule, report, finding, ...(acceptedBy ? { acceptedBy } : {}) });
      },
    });
  }
  outcomes.sort((a, b) => compareFindings(a.finding, b.finding));
  return outcomes;
}

/** Splits outcomes into reported and suppressed findings. */
export function partitionOutcomes(outcomes: readonly RuleOutcome[]): { findings: Finding[]; suppressed: SuppressedFinding[] } {
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const outcome of outcomes) {
    if (outcome.acceptedBy) suppressed.push({ ...outcome.finding, reason: outcome.acceptedBy.reason });
    else findings.push(outcome.finding);
  }
  return { findings, suppressed };
}

/**
 * The dependency audit of one project (and its workspaces), offline: reads package.json files, the npm
 * lockfile through @npmcli/arborist, CI workflows, Dockerfiles and runtime pins; never installs, runs scripts
 * or touches the network. Never prints or exits. Throws UsageError for what makes the audit impossible: no
 * package.json, a malformed package.json or lockfile, or only a foreign (pnpm, Yarn, Bun) lockfile.
 */
export async function auditDependencies(request: DependencyAuditRequest): Promise<DependencyAuditResult> {
  const loaded = await loadDependencyProject(request.root, request.cwd);
  const { findings, suppressed } = partitionOutcomes(runDependencyRules(loaded.project, request.options, request.rules, request.severities));
  return { findings, suppressed, errors: loaded.errors, filesScanned: loaded.filesScanned };
}
