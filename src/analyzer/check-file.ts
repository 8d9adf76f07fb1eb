import { ts } from "@ts-morph/common";
import { formatMessage } from "../../rules/util/create-rule.js";
import type { Reference, Severity, SourceFix, SourceRule, SourceVisitors, VisitedKindName } from "../../rules/util/types.js";
import { compareFindings } from "../report/build.js";
import { fingerprintsInOrder, normalizeSnippet } from "../report/fingerprint.js";
import type { Finding, SuppressedFinding } from "../report/types.js";
import { ReferenceResolver, referenceName } from "./references.js";
import { applySuppressions } from "./suppressions.js";

/** A source rule with the severity it has in this run (after configuration). */
export interface ActiveRule {
  readonly rule: SourceRule;
  readonly severity: Severity;
}

/** How the runner treats suppression comments: the directive rules, as configured for this run. */
export interface SuppressionPolicy {
  /** Every rule id detkit has: a suppression naming anything else is reported. */
  readonly knownRuleIds: ReadonlySet<string>;
  /** Severity of `suppression-missing-reason`; undefined when the rule is off. */
  readonly missingReason?: Severity;
  /** Severity of `unused-suppression`; undefined when the rule is off. */
  readonly unused?: Severity;
  /** Also report suppressions that hide nothing (`--report-unused-suppressions`), not only unknown ids. */
  readonly reportUnused: boolean;
}

/** What applying a file's suppression comments leaves. */
export interface SuppressionOutcome {
  /** The rules' findings that no comment suppressed, and the findings about the suppression comments. */
  readonly findings: Finding[];
  readonly suppressed: SuppressedFinding[];
}

export interface FileCheckResult extends SuppressionOutcome {
  /** The fixes offered for unsuppressed findings, for `--fix`; the finding objects are those of `findings`. */
  readonly fixes: FindingFix[];
}

export interface FindingFix {
  readonly finding: Finding;
  readonly fix: SourceFix;
}

/** A finding as a rule reported it, before suppressions. */
interface RawFinding {
  readonly finding: Finding;
  /** What the finding is about, for its fingerprint: the hazard's normalised source. */
  readonly subject: string;
  readonly fix?: SourceFix;
}

type Visitor = (node: ts.Node) => void;

const NO_NAMES: readonly string[] = [];

/**
 * Runs every source rule over one parsed file in a single walk, then applies the file's suppression comments.
 * `getTypeChecker` is only called by rules that need types. `resolver` is the file's resolver linked to the
 * module graph, when the run has one; without it imports of other files stay opaque.
 */
export function checkFile(
  sourceFile: ts.SourceFile,
  fileName: string,
  rules: readonly ActiveRule[],
  suppressionPolicy: SuppressionPolicy,
  getTypeChecker: () => ts.TypeChecker,
  resolver: ReferenceResolver = new ReferenceResolver(sourceFile),
): FileCheckResult {
  const names = new Map<ts.Node, readonly string[]>();
  const resolveNames = (node: ts.Expression | ts.BindingElement): readonly string[] => {
    let known = names.get(node);
    if (!known) {
      const references = resolver.resolveAll(node);
      known = references.length === 0 ? NO_NAMES : references.map(referenceName);
      names.set(node, known);
    }
    return known;
  };
  const resolveName = (node: ts.Expression | ts.BindingElement): string | undefined => resolveNames(node)[0];

  // A hazard reached through another file's export (`import { now } from "./time"; now()`) carries the
  // declarations it came through: those of the reported expression, or of the function a reported call calls.
  const traceOf = (node: ts.Node): readonly string[] | undefined => {
    const target = ts.isCallExpression(node) || ts.isNewExpression(node) ? node.expression : node;
    if (!ts.isExpression(target) && !ts.isBindingElement(target)) return undefined;
    return resolver.resolveAll(target).find((reference) => reference.trace && reference.trace.length > 0)?.trace;
  };
  const raw: RawFinding[] = [];
  const visitorsByKind: Visitor[][] = [];
  for (const { rule, severity } of rules) {
    const visitors = rule.create({
      ts,
      fileName,
      sourceFile,
      resolve: (node): Reference | undefined => resolver.resolve(node),
      resolveName,
      resolveNames,
      functionOf: (expression) => resolver.functionOf(expression),
      getTypeChecker,
      report({ node, messageId, data, suggestion, fix }) {
        const start = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
        const end = sourceFile.getLineAndCharacterOfPosition(node.getEnd());
        const resolvedSuggestion = suggestion ?? rule.meta.replacement;
        const trace = traceOf(node);
        const finding: Finding = {
          ruleId: rule.meta.id,
          category: rule.meta.category,
          severity,
          file: fileName,
          line: start.line + 1,
          column: start.character + 1,
          endLine: end.line + 1,
          endColumn: end.character + 1,
          messageId,
          message: formatMessage(rule.meta, messageId, data),
          ...(resolvedSuggestion ? { suggestion: resolvedSuggestion } : {}),
          ...(trace ? { trace } : {}),
          ...(rule.meta.onlyInZones?.includes(messageId) ? { onlyInZones: true as const } : {}),
        };
        raw.push({ finding, subject: normalizeSnippet(node.getText(sourceFile)), ...(fix && rule.meta.fix ? { fix } : {}) });
      },
    });
    register(visitorsByKind, visitors);
  }

  walk(sourceFile, (node) => {
    const visitors = visitorsByKind[node.kind];
    if (visitors) for (const visit of visitors) visit(node);
  });
  const reported = withFingerprints(raw);
  const outcome = applySuppressions(
    reported.map(({ finding }) => finding),
    sourceFile,
    fileName,
    suppressionPolicy,
  );
  const unsuppressed = new Set(outcome.findings);
  return {
    // The findings about suppression comments come without one: the comment's own text identifies them.
    findings: withFingerprints(
      outcome.findings.map((finding) => ({ finding, subject: finding.fingerprint ?? commentSubject(sourceFile, finding) })),
    ).map(({ finding }) => finding),
    suppressed: outcome.suppressed,
    fixes: reported.flatMap(({ finding, fix }) => (fix && unsuppressed.has(finding) ? [{ finding, fix }] : [])),
  };
}

/** Fingerprints in source order, so that the ordinal of identical findings does not depend on the walk. */
function withFingerprints(raw: readonly RawFinding[]): RawFinding[] {
  const ordered = [...raw].sort((a, b) => compareFindings(a.finding, b.finding));
  const missing = ordered.filter(({ finding }) => finding.fingerprint === undefined);
  const fingerprints = new Map(
    fingerprintsInOrder(missing.map(({ finding, subject }) => ({ ruleId: finding.ruleId, file: finding.file, subject }))).map(
      (value, index) => [missing[index], value] as const,
    ),
  );
  return ordered.map((entry) => {
    const value = fingerprints.get(entry);
    return value === undefined ? entry : { ...entry, finding: { ...entry.finding, fingerprint: value } };
  });
}

/** The normalised text of the line a directive finding sits on: the comment, which moves with the code. */
function commentSubject(sourceFile: ts.SourceFile, finding: Finding): string {
  const start = sourceFile.getPositionOfLineAndCharacter(finding.line - 1, 0);
  const end = finding.line < sourceFile.getLineStarts().length ? sourceFile.getPositionOfLineAndCharacter(finding.line, 0) : sourceFile.text.length;
  return `${finding.messageId ?? ""} ${normalizeSnippet(sourceFile.text.slice(start, end))}`;
}

/** Files a rule's visitors under the syntax kinds they name, so dispatch is one array lookup per node. */
function register(visitorsByKind: Visitor[][], visitors: SourceVisitors): void {
  for (const name of Object.keys(visitors) as VisitedKindName[]) {
    const visit = visitors[name] as Visitor | undefined;
    const kind = ts.SyntaxKind[name];
    if (visit === undefined || kind === undefined) continue;
    (visitorsByKind[kind] ??= []).push(visit);
  }
}

/** Depth-first over every node with an explicit stack, so deeply nested code cannot overflow the call stack. */
function walk(root: ts.Node, visit: (node: ts.Node) => void): void {
  const stack: ts.Node[] = [root];
  const push = (child: ts.Node) => {
    stack.push(child);
  };
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    visit(node);
    node.forEachChild(push);
  }
}
