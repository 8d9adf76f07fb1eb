import type { DependencyRuleContext } from "./dependency-context.js";
import type { RuleMeta, SourceRule, SourceRuleContext, SourceVisitors } from "./types.js";

export interface DependencyRule {
  readonly kind: "dependency";
  readonly meta: RuleMeta;
  check(context: DependencyRuleContext): void;
}

export type Rule = SourceRule | DependencyRule;

/**
 * The one way to declare a rule. A rule with `create` checks source files (its visitors run during the single
 * walk of each file); a rule with `check` looks at a project's dependencies and manifests.
 */
export function createRule(rule: {
  meta: RuleMeta;
  create(context: SourceRuleContext): SourceVisitors;
}): SourceRule;
export function createRule(rule: { meta: RuleMeta; check(context: DependencyRuleContext): void }): DependencyRule;
export function createRule(
  rule:
    | { meta: RuleMeta; create(context: SourceRuleContext): SourceVisitors }
    | { meta: RuleMeta; check(context: DependencyRuleContext): void },
): Rule {
  return "create" in rule
    ? { kind: "source", meta: rule.meta, create: rule.create }
    : { kind: "dependency", meta: rule.meta, check: rule.check };
}
