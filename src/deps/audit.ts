import { directiveFinding, unknownRulesPhrase } from "../directive-comment.js";
import { formatMessage, type DependencyRule } from "../../rules/util/create-rule.js";
import type { CiFile, DependencyProject, DependencyReport, LineDirective, ProjectKind } from "../../rules/util/dependency-context.js";
import type { Severity } from "../../rules/util/types.js";
import { DEFAULT_DEPS_OPTIONS, rangeSeverityOf, type AcceptedRisk, type DepsOptions } from "../config/deps-options.js";
import { compareFindings } from "../report/build.js";
import type { FileError, Finding, SuppressedFinding } from "../report/types.js";
import { loadDependencyProject } from "./project.js";
import { DEPENDENCY_RULES, RULES, suppressionMissingReason, unusedSuppression } from "../../rules/index.js";

/** How the audit treats suppression comments in CI files and accepted risks, as the source analyzer does. */
export interface DirectivePolicy {
  /** Every rule id there is; a suppression naming another is reported. */
  readonly knownRuleIds: ReadonlySet<string>;
  /** Severity of `suppression-missing-reason`; undefined when the rule is off. */
  readonly missingReason?: Severity;
  /** Severity of `unused-suppression`; undefined when the rule is off. */
  readonly unused?: Severity;
  /** Also report suppressions and accepted risks that hide nothing (`--report-unused-suppressions`). */
  readonly reportUnused: boolean;
}

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
  /** The configuration file the options come from, as the report names it (for "deps.kind in …"). */
  readonly configFile?: string;
  /**
   * Suppression comments in workflows, Dockerfiles and scripts, and unused accepted risks.
   * @default both directive rules at their default severity; unused ones not reported
   */
  readonly directives?: DirectivePolicy;
}

/** Which kind of project each audited package.json was taken for, and why. */
export interface AuditedManifest {
  readonly file: string;
  readonly kind: ProjectKind;
}

export interface DependencyAuditResult {
  /** Sorted by file, line, column, rule id, message. */
  readonly findings: readonly Finding[];
  /** Findings matched by an accepted risk or a suppression comment, with its reason; sorted like `findings`. */
  readonly suppressed: readonly SuppressedFinding[];
  /** Files that could not be read (a workflow, a .nvmrc); the rest was still audited. */
  readonly errors: readonly FileError[];
  readonly filesScanned: number;
  /** The audited package.json files (root first) and the kind each was audited as. */
  readonly manifests: readonly AuditedManifest[];
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
  const ruleOptions = { rangeSeverity: rangeSeverityOf(options), allowedHosts: options.allowedHosts };
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

/** Splits outcomes into reported and suppressed findings (by accepted risks). */
export function partitionOutcomes(outcomes: readonly RuleOutcome[]): { findings: Finding[]; suppressed: SuppressedFinding[] } {
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const outcome of outcomes) {
    if (outcome.acceptedBy) suppressed.push({ ...outcome.finding, reason: outcome.acceptedBy.reason });
    else findings.push(outcome.finding);
  }
  return { findings, suppressed };
}

const DEFAULT_DIRECTIVES: DirectivePolicy = {
  knownRuleIds: new Set(RULES.map((rule) => rule.meta.id)),
  missingReason: suppressionMissingReason.meta.severity,
  unused: unusedSuppression.meta.severity,
  reportUnused: false,
};

function describeDirective(directive: LineDirective): string {
  return directive.ruleIds.length > 0 ? `suppression of ${directive.ruleIds.join(", ")}` : "suppression of all rules";
}

/**
 * Applies the `# detkit-disable-…` comments of CI files, Dockerfiles and scripts to the findings in them, and
 * reports the comments themselves as the source analyzer does: without a reason, naming an unknown rule, or
 * (with `reportUnused`) hiding nothing.
 */
function applyLineDirectives(
  findings: readonly Finding[],
  ciFiles: readonly CiFile[],
  policy: DirectivePolicy,
): { findings: Finding[]; suppressed: SuppressedFinding[] } {
  const byFile = new Map(ciFiles.filter((file) => file.directives.length > 0).map((file) => [file.file, file.directives]));
  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const used = new Set<LineDirective>();
  for (const finding of findings) {
    const directive = byFile
      .get(finding.file)
      ?.find(
        (candidate) =>
          candidate.targetStart <= finding.line &&
          finding.line <= candidate.targetEnd &&
          (candidate.ruleIds.length === 0 || candidate.ruleIds.includes(finding.ruleId)),
      );
    if (directive) {
      used.add(directive);
      suppressed.push({ ...finding, reason: directive.reason });
    } else {
      kept.push(finding);
    }
  }
  for (const [file, directives] of byFile) {
    for (const directive of directives) {
      const suppression = describeDirective(directive);
      if (policy.missingReason && used.has(directive) && directive.reason === "") {
        kept.push(directiveFinding(suppressionMissingReason.meta, policy.missingReason, file, directive, "missingReason", { suppression }));
      }
      if (!policy.unused) continue;
      const unknown = directive.ruleIds.filter((id) => !policy.knownRuleIds.has(id));
      if (unknown.length > 0) {
        kept.push(directiveFinding(unusedSuppression.meta, policy.unused, file, directive, "unknownRule", { suppression, rules: unknownRulesPhrase(unknown) }));
      } else if (policy.reportUnused && !used.has(directive)) {
        kept.push(
          directive.targetStart === directive.targetEnd
            ? directiveFinding(unusedSuppression.meta, policy.unused, file, directive, "unused", { suppression, line: directive.targetStart })
            : directiveFinding(unusedSuppression.meta, policy.unused, file, directive, "unusedLines", {
                suppression,
                from: directive.targetStart,
                to: directive.targetEnd,
              }),
        );
      }
    }
  }
  return { findings: kept, suppressed };
}

/** `core-js@3.37.0 (install-script)`: how an accepted risk is named when it matches nothing. */
function describeAcceptance(risk: AcceptedRisk): string {
  return `${risk.package}${risk.version === undefined ? "" : `@${risk.version}`} (${risk.rule})`;
}

/** Accepted risks that covered no finding, as `unused-suppression` findings at their entry in the configuration. */
function unusedAcceptances(outcomes: readonly RuleOutcome[], options: DepsOptions, severity: Severity, configFile: string | undefined): Finding[] {
  const used = new Set(outcomes.flatMap((outcome) => (outcome.acceptedBy ? [outcome.acceptedBy] : [])));
  return options.accept
    .filter((risk) => !used.has(risk))
    .map((risk) =>
      directiveFinding(
        unusedSuppression.meta,
        severity,
        risk.position?.file ?? configFile?.replace(/ \(.*\)$/, "") ?? "detkit.config.json",
        risk.position ?? { line: 1, column: 1 },
        "unusedAcceptance",
        { acceptance: describeAcceptance(risk) },
      ),
    );
}

/**
 * The dependency audit of one project (and its workspaces), offline: reads package.json files, the npm
 * lockfile through @npmcli/arborist, CI workflows, Dockerfiles, shell scripts and runtime pins; never installs,
 * runs scripts or touches the network. Never prints or exits. Throws UsageError for what makes the audit
 * impossible: no package.json, a malformed package.json or lockfile, or only a foreign (pnpm, Yarn, Bun) lockfile.
 */
export async function auditDependencies(request: DependencyAuditRequest): Promise<DependencyAuditResult> {
  const options = request.options ?? DEFAULT_DEPS_OPTIONS;
  const policy = request.directives ?? DEFAULT_DIRECTIVES;
  const loaded = await loadDependencyProject(request.root, request.cwd, {
    ...(options.kind === undefined ? {} : { kind: { kind: options.kind, file: request.configFile ?? "the configuration" } }),
  });
  const outcomes = runDependencyRules(loaded.project, options, request.rules, request.severities);
  const accepted = partitionOutcomes(outcomes);
  const directed = applyLineDirectives(accepted.findings, loaded.project.ciFiles, policy);
  const findings = [
    ...directed.findings,
    ...(policy.reportUnused && policy.unused ? unusedAcceptances(outcomes, options, policy.unused, request.configFile) : []),
  ].sort(compareFindings);
  return {
    findings,
    suppressed: [...accepted.suppressed, ...directed.suppressed].sort(compareFindings),
    errors: loaded.errors,
    filesScanned: loaded.filesScanned,
    manifests: loaded.project.manifests.map((manifest) => ({ file: manifest.file, kind: manifest.kind })),
  };
}
