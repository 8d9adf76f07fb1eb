import { ts } from "@ts-morph/common";
import type { Category, Reference, Severity, SourceRule, SourceVisitors } from "../../rules/types.js";
import type { Finding, SuppressedFinding } from "../report/types.js";
import { ReferenceResolver, referenceName } from "./references.js";
import { findSuppressions, type Suppression } from "./suppressions.js";

/** A source rule with the severity it has in this run (after configuration). */
export interface ActiveRule {
  readonly rule: SourceRule;
  readonly severity: Severity;
}

export interface FileCheckResult {
  readonly findings: Finding[];
  readonly suppressed: SuppressedFinding[];
  /** Suppressions that matched no finding, for `--report-unused-suppressions`. */
  readonly unusedSuppressions: Suppression[];
  /** Suppressions that hid a finding without saying why, with the category of the first finding they hid. */
  readonly suppressionsWithoutReason: (Suppression & { readonly category: Category })[];
}

/**
 * Runs every source rule over one parsed file in a single walk, then applies the file's suppression comments.
 * `getTypeChecker` is only called by rules that need types.
 */
export function checkFile(
  sourceFile: ts.SourceFile,
  fileName: string,
  rules: readonly ActiveRule[],
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
  const visitors: SourceVisitors[] = [];
  for (const { rule, severity } of rules) {
    const created = rule.create({
      ts,
      fileName,
      sourceFile,
      resolve: (node): Reference | undefined => resolver.resolve(node),
      resolveName,
      functionOf: (expression) => resolver.functionOf(expression),
      getTypeChecker,
      report({ node, message, suggestion }) {
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
          message,
          ...(resolvedSuggestion ? { suggestion: resolvedSuggestion } : {}),
        });
      },
    });
    visitors.push(created);
  }

  walk(sourceFile, dispatcher(visitors));
  return applySuppressions(raw, findSuppressions(sourceFile));
}

/**
 * Hands each node to the visitors of its kind. The switch on `kind` keeps the common case (a node no rule looks
 * at) to one comparison; the type guard inside narrows the node for the visitor.
 */
function dispatcher(all: readonly SourceVisitors[]): (node: ts.Node) => void {
  return (node) => {
    switch (node.kind) {
      case ts.SyntaxKind.CallExpression:
        if (ts.isCallExpression(node)) for (const visitors of all) visitors.CallExpression?.(node);
        return;
      case ts.SyntaxKind.NewExpression:
        if (ts.isNewExpression(node)) for (const visitors of all) visitors.NewExpression?.(node);
        return;
      case ts.SyntaxKind.PropertyAccessExpression:
        if (ts.isPropertyAccessExpression(node)) for (const visitors of all) visitors.PropertyAccessExpression?.(node);
        return;
      case ts.SyntaxKind.ElementAccessExpression:
        if (ts.isElementAccessExpression(node)) for (const visitors of all) visitors.ElementAccessExpression?.(node);
        return;
      case ts.SyntaxKind.BindingElement:
        if (ts.isBindingElement(node)) for (const visitors of all) visitors.BindingElement?.(node);
        return;
      case ts.SyntaxKind.Identifier:
        if (ts.isIdentifier(node)) for (const visitors of all) visitors.Identifier?.(node);
        return;
    }
  };
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

function applySuppressions(raw: readonly Finding[], suppressions: readonly Suppression[]): FileCheckResult {
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const used = new Map<Suppression, Category>();
  for (const finding of raw) {
    const suppression = suppressions.find(
      (candidate) =>
        candidate.targetLine === finding.line &&
        (candidate.ruleIds.length === 0 || candidate.ruleIds.includes(finding.ruleId)),
    );
    if (suppression) {
      if (!used.has(suppression)) used.set(suppression, finding.category);
      suppressed.push({ ...finding, reason: suppression.reason });
    } else {
      findings.push(finding);
    }
  }
  return {
    findings,
    suppressed,
    unusedSuppressions: suppressions.filter((suppression) => !used.has(suppression)),
    suppressionsWithoutReason: suppressions.flatMap((suppression) => {
      const category = used.get(suppression);
      return category !== undefined && suppression.reason === "" ? [{ ...suppression, category }] : [];
    }),
  };
}
