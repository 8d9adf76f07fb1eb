import { ts } from "ts-morph";
import { formatMessage } from "../../rules/util/create-rule.js";
import type { Reference, Severity, SourceRule, SourceVisitors, VisitedKindName } from "../../rules/util/types.js";
import suppressionMissingReason from "../../rules/suppression-missing-reason.js";
import unusedSuppression from "../../rules/unused-suppression.js";
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
  const raw: Finding[] = [];
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
      report({ node, messageId, data, suggestion }) {
        const start = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
        const end = sourceFile.getLineAndCharacterOfPosition(node.getEnd());
        const resolvedSuggestion = suggestion ?? rule.meta.replacement;
        const trace = traceOf(node);
        raw.push({
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
        });
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

function applySuppressions(
  raw: readonly Finding[],
  suppressions: readonly Suppression[],
  file: string,
  policy: SuppressionPolicy,
): FileCheckResult {
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const used = new Set<Suppression>();
  for (const finding of raw) {
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
    }
  }

  const directive = (
    meta: typeof unusedSuppression.meta,
    severity: Severity,
    suppression: Suppression,
    messageId: string,
    data: Record<string, string | number>,
    suggestion?: string,
  ): Finding => ({
    ruleId: meta.id,
    category: meta.category,
    severity,
    file,
    line: suppression.line,
    column: suppression.column,
    messageId,
    message: formatMessage(meta, messageId, { suppression: describeSuppression(suppression), ...data }),
    suggestion: suggestion ?? meta.replacement,
  });
  for (const suppression of suppressions) {
    const unknown = suppression.ruleIds.filter((id) => !policy.knownRuleIds.has(id));
    if (policy.missingReason && used.has(suppression) && suppression.reason === "") {
      findings.push(directive(suppressionMissingReason.meta, policy.missingReason, suppression, "missingReason", {}));
    }
    if (!policy.unused) continue;
    // A misspelt id is always worth saying, even beside a correct one that did hide something.
    if (unknown.length > 0) {
      findings.push(directive(unusedSuppression.meta, policy.unused, suppression, "unknownRule", { ids: unknown.join(", ") }));
    } else if (policy.reportUnused && !used.has(suppression)) {
      findings.push(directive(unusedSuppression.meta, policy.unused, suppression, "unused", { line: suppression.targetLine }));
    }
  }
  return { findings, suppressed };
}
