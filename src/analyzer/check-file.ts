import { ts } from "@ts-morph/common";
import { formatMessage } from "../../rules/util/create-rule.js";
import type { Reference, Severity, SourceFix, SourceRule, SourceVisitors, VisitedKindName } from "../../rules/util/types.js";
import suppressionMissingReason from "../../rules/suppression-missing-reason.js";
import unusedSuppression from "../../rules/unused-suppression.js";
import { compareFindings } from "../report/build.js";
import { fingerprintsInOrder, normalizeSnippet } from "../report/fingerprint.js";
import type { Finding, SuppressedFinding } from "../report/types.js";
import { ReferenceResolver, referenceName } from "./references.js";
import { findSuppressions, type Suppression } from "./suppressions.js";

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

export interface FileCheckResult {
  /** The rules' findings that no comment suppressed, and the findings about the suppression comments. */
  readonly findings: Finding[];
  readonly suppressed: SuppressedFinding[];
  /** The fixes offered for unsuppressed findings, for `--fix`; the finding objects are those of `findings`. */
  readonly fixes: FindingFix[];
}

export interface FindingFix {
  readonly finding: Finding;
  readonly fix: SourceFix;
}

/** A finding as a rule reported it, before fingerprints and suppressions. */
interface RawFinding {
  readonly finding: Finding;
  /** What the finding is about, for its fingerprint: the hazard's normalised source. */
  readonly subject: string;
  readonly fix?: SourceFix;
}

type Visitor = (node: ts.Node) => void;

/**
 * Runs every source rule over one parsed file in a single walk, then applies the file's suppression comments.
 * `getTypeChecker` is only called by rules that need types.
 */
export function checkFile(
  sourceFile: ts.SourceFile,
  fileName: string,
  rules: readonly ActiveRule[],
  suppressionPolicy: SuppressionPolicy,
  getTypeChecker: () => ts.TypeChecker,
): FileCheckResult {
  const resolver = new ReferenceResolver(sourceFile);
  const names = new Map<ts.Node, string | undefined>();
  const resolveName = (node: ts.Expression | ts.BindingElement): string | undefined => {
    if (names.has(node)) return names.get(node);
    const reference = resolver.resolve(node);
    const name = reference && referenceName(reference);
    names.set(node, name);
    return name;
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
      functionOf: (expression) => resolver.functionOf(expression),
      getTypeChecker,
      report({ node, messageId, data, suggestion, fix }) {
        const start = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
        const end = sourceFile.getLineAndCharacterOfPosition(node.getEnd());
        const resolvedSuggestion = suggestion ?? rule.meta.replacement;
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
  return applySuppressions(raw, findSuppressions(sourceFile), fileName, suppressionPolicy);
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

function describeSuppression(suppression: Suppression): string {
  return suppression.ruleIds.length > 0 ? `suppression of ${suppression.ruleIds.join(", ")}` : "suppression of all rules";
}

/** Fingerprints in source order, so that the ordinal of identical findings does not depend on the walk. */
function withFingerprints(raw: readonly RawFinding[]): RawFinding[] {
  const ordered = [...raw].sort((a, b) => compareFindings(a.finding, b.finding));
  const fingerprints = fingerprintsInOrder(ordered.map(({ finding, subject }) => ({ ruleId: finding.ruleId, file: finding.file, subject })));
  return ordered.map((entry, index) => ({ ...entry, finding: { ...entry.finding, fingerprint: fingerprints[index] ?? "" } }));
}

function applySuppressions(
  reported: readonly RawFinding[],
  suppressions: readonly Suppression[],
  file: string,
  policy: SuppressionPolicy,
): FileCheckResult {
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const fixes: FindingFix[] = [];
  const used = new Set<Suppression>();
  for (const { finding, fix } of withFingerprints(reported)) {
    const suppression = suppressions.find(
      (candidate) =>
        candidate.targetLine === finding.line &&
        (candidate.ruleIds.length === 0 || candidate.ruleIds.includes(finding.ruleId)),
    );
    if (suppression) {
      used.add(suppression);
      suppressed.push({ ...finding, reason: suppression.reason });
    } else {
      findings.push(finding);
      if (fix) fixes.push({ finding, fix });
    }
  }

  const directives: RawFinding[] = [];
  const directive = (
    meta: typeof unusedSuppression.meta,
    severity: Severity,
    suppression: Suppression,
    messageId: string,
    data: Record<string, string | number>,
  ) =>
    directives.push({
      finding: {
        ruleId: meta.id,
        category: meta.category,
        severity,
        file,
        line: suppression.line,
        column: suppression.column,
        messageId,
        message: formatMessage(meta, messageId, { suppression: describeSuppression(suppression), ...data }),
        suggestion: meta.replacement,
      },
      // The comment itself, not its line: the identity survives code moving around it.
      subject: `${messageId} ${suppression.ruleIds.join(",")} -- ${suppression.reason}`,
    });
  for (const suppression of suppressions) {
    const unknown = suppression.ruleIds.filter((id) => !policy.knownRuleIds.has(id));
    if (policy.missingReason && used.has(suppression) && suppression.reason === "") {
      directive(suppressionMissingReason.meta, policy.missingReason, suppression, "missingReason", {});
    }
    if (!policy.unused) continue;
    // A misspelt id is always worth saying, even beside a correct one that did hide something.
    if (unknown.length > 0) {
      directive(unusedSuppression.meta, policy.unused, suppression, "unknownRule", { ids: unknown.join(", ") });
    } else if (policy.reportUnused && !used.has(suppression)) {
      directive(unusedSuppression.meta, policy.unused, suppression, "unused", { line: suppression.targetLine });
    }
  }
  findings.push(...withFingerprints(directives).map(({ finding }) => finding));
  return { findings, suppressed, fixes };
}
