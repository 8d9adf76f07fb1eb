import { ts } from "ts-morph";
import { formatMessage } from "../../rules/util/create-rule.js";
import type { Reference, Severity, SourceRule, SourceVisitors, VisitedKindName } from "../../rules/util/types.js";
import suppressionMissingReason from "../../rules/suppression-missing-reason.js";
import unusedSuppression from "../../rules/unused-suppression.js";
import type { Finding, SuppressedFinding } from "../report/types.js";
import { ReferenceResolver, referenceName } from "./references.js";
import { findDirectives, type Suppression } from "./suppressions.js";

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

  const raw: Finding[] = [];
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
      report({ node, messageId, data, suggestion }) {
        const start = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
        const end = sourceFile.getLineAndCharacterOfPosition(node.getEnd());
        const resolvedSuggestion = suggestion ?? rule.meta.replacement;
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
        });
      },
    });
    register(visitorsByKind, visitors);
  }

  walk(sourceFile, (node) => {
    const visitors = visitorsByKind[node.kind];
    if (visitors) for (const visit of visitors) visit(node);
  });
  return applySuppressions(raw, sourceFile, fileName, suppressionPolicy);
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
  const what = suppression.ruleIds.length > 0 ? suppression.ruleIds.join(", ") : "all rules";
  switch (suppression.kind) {
    case "disable-next-line":
    case "disable-line":
      return `suppression of ${what}`;
    case "disable":
    case "enable":
      return `detkit-${suppression.kind} of ${what}`;
  }
}

/** Whether a line directive covers a finding: its target line, or the rest of the statement starting there. */
function lineDirectiveCovers(suppression: Suppression, finding: Finding, offset: number): boolean {
  if (finding.line === suppression.targetLine) return true;
  const { span, holes = [] } = suppression;
  return (
    span !== undefined &&
    span.start <= offset &&
    offset < span.end &&
    !holes.some((hole) => hole.start <= offset && offset < hole.end)
  );
}

function names(suppression: Suppression, ruleId: string): boolean {
  return suppression.ruleIds.length === 0 || suppression.ruleIds.includes(ruleId);
}

/**
 * The state of `detkit-disable` / `detkit-enable` comments up to a point, as ESLint keeps it: a disable of all
 * rules, minus rules enabled again after it, plus disables of single rules.
 */
class BlockState {
  private all: Suppression | undefined;
  private readonly enabledAfterAll = new Set<string>();
  private readonly byRule = new Map<string, Suppression>();

  /** Applies one directive; returns false for an enable that had nothing to enable. */
  apply(directive: Suppression): boolean {
    if (directive.kind === "disable") {
      if (directive.ruleIds.length === 0) {
        this.all = directive;
        this.enabledAfterAll.clear();
      }
      for (const id of directive.ruleIds) {
        this.byRule.set(id, directive);
        this.enabledAfterAll.delete(id);
      }
      return true;
    }
    if (directive.ruleIds.length === 0) {
      const enabledSomething = this.all !== undefined || this.byRule.size > 0;
      this.all = undefined;
      this.enabledAfterAll.clear();
      this.byRule.clear();
      return enabledSomething;
    }
    let enabledSomething = false;
    for (const id of directive.ruleIds) {
      if (this.byRule.delete(id)) enabledSomething = true;
      if (this.all && !this.enabledAfterAll.has(id)) {
        this.enabledAfterAll.add(id);
        enabledSomething = true;
      }
    }
    return enabledSomething;
  }

  /** The directive that disables every rule here (less those enabled again), if any. */
  disablingAll(): Suppression | undefined {
    return this.all;
  }

  /** The directive that disables a rule here, if any. */
  disabling(ruleId: string): Suppression | undefined {
    return this.byRule.get(ruleId) ?? (this.all && !this.enabledAfterAll.has(ruleId) ? this.all : undefined);
  }
}

/** The directive that suppresses a finding: a line directive first, else the block directives before it. */
function suppressionOf(
  finding: Finding,
  offset: number,
  lineDirectives: readonly Suppression[],
  blockDirectives: readonly Suppression[],
): Suppression | undefined {
  const line = lineDirectives.find((candidate) => names(candidate, finding.ruleId) && lineDirectiveCovers(candidate, finding, offset));
  if (line) return line;
  const state = new BlockState();
  for (const directive of blockDirectives) {
    if (directive.position >= offset) break;
    state.apply(directive);
  }
  return state.disabling(finding.ruleId);
}

/** Where a block disable stops hiding: the directive after which it disables nothing, or the end of the file. */
function blockEnd(directive: Suppression, blockDirectives: readonly Suppression[]): string {
  const state = new BlockState();
  let inForce = false;
  for (const candidate of blockDirectives) {
    state.apply(candidate);
    if (candidate === directive) {
      inForce = true;
    } else if (inForce) {
      const stillDisabling =
        directive.ruleIds.length === 0
          ? state.disablingAll() === directive
          : directive.ruleIds.some((id) => state.disabling(id) === directive);
      if (!stillDisabling) return `line ${candidate.line}`;
    }
  }
  return "the end of the file";
}

function applySuppressions(
  raw: readonly Finding[],
  sourceFile: ts.SourceFile,
  file: string,
  policy: SuppressionPolicy,
): FileCheckResult {
  const { suppressions, unknown: unknownDirectives } = findDirectives(sourceFile);
  const lineDirectives = suppressions.filter((suppression) => suppression.targetLine !== undefined);
  const blockDirectives = suppressions.filter((suppression) => suppression.targetLine === undefined);
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const used = new Set<Suppression>();
  for (const finding of raw) {
    const offset = sourceFile.getPositionOfLineAndCharacter(finding.line - 1, finding.column - 1);
    const suppression = suppressions.length > 0 ? suppressionOf(finding, offset, lineDirectives, blockDirectives) : undefined;
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
    at: { readonly line: number; readonly column: number },
    messageId: string,
    data: Record<string, string | number>,
  ): Finding => ({
    ruleId: meta.id,
    category: meta.category,
    severity,
    file,
    line: at.line,
    column: at.column,
    messageId,
    message: formatMessage(meta, messageId, data),
    suggestion: meta.replacement,
  });
  // Enables that had nothing to enable, found by replaying the block directives in order.
  const idleEnables = new Set<Suppression>();
  const state = new BlockState();
  for (const candidate of blockDirectives) if (!state.apply(candidate)) idleEnables.add(candidate);

  for (const suppression of suppressions) {
    const shown = describeSuppression(suppression);
    const unknown = suppression.ruleIds.filter((id) => !policy.knownRuleIds.has(id));
    if (policy.missingReason && used.has(suppression) && suppression.reason === "") {
      findings.push(directive(suppressionMissingReason.meta, policy.missingReason, suppression, "missingReason", { suppression: shown }));
    }
    if (!policy.unused) continue;
    // A misspelt id is always worth saying, even beside a correct one that did hide something.
    if (unknown.length > 0) {
      const rules = unknown.length === 1 ? `rule ${unknown.join("")}` : `rules ${unknown.join(", ")}`;
      findings.push(directive(unusedSuppression.meta, policy.unused, suppression, "unknownRule", { suppression: shown, rules }));
    } else if (policy.reportUnused && suppression.kind === "enable" && idleEnables.has(suppression)) {
      findings.push(directive(unusedSuppression.meta, policy.unused, suppression, "unusedEnable", { suppression: shown }));
    } else if (policy.reportUnused && suppression.kind !== "enable" && !used.has(suppression)) {
      const until = suppression.targetLine === undefined ? blockEnd(suppression, blockDirectives) : `line ${suppression.targetLine}`;
      const messageId = suppression.targetLine === undefined ? "unusedBlock" : "unused";
      findings.push(directive(unusedSuppression.meta, policy.unused, suppression, messageId, { suppression: shown, line: suppression.targetLine ?? 0, until }));
    }
  }
  if (policy.unused) {
    for (const unknown of unknownDirectives) {
      findings.push(directive(unusedSuppression.meta, policy.unused, unknown, "unknownDirective", { directive: unknown.text }));
    }
  }
  return { findings, suppressed };
}
