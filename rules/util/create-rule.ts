import type { DependencyRuleContext } from "./dependency-context.js";
import type { RuleMeta, SourceRule, SourceRuleContext, SourceVisitors } from "./types.js";

export interface DependencyRule {
  readonly kind: "dependency";
  readonly meta: RuleMeta;
  check(context: DependencyRuleContext): void;
}

/**
 * A rule about detkit's own directives (suppression comments, accepted risks): it has no check of its own,
 * because the engine that reads the directives reports it, with the severity the configuration gives it.
 */
export interface DirectiveRule {
  readonly kind: "directive";
  readonly meta: RuleMeta;
}

export type Rule = SourceRule | DependencyRule | DirectiveRule;

/**
 * The one way to declare a rule. A rule with `create` checks source files (its visitors run during the single
 * walk of each file); a rule with `check` looks at a project's dependencies and manifests; a rule with neither
 * is a directive rule, reported by the engine. The message ids a rule reports are checked against its
 * `meta.messages` at compile time.
 */
export function createRule<MessageId extends string>(rule: {
  meta: RuleMeta<MessageId>;
  create(context: SourceRuleContext<MessageId>): SourceVisitors;
}): SourceRule;
export function createRule<MessageId extends string>(rule: {
  meta: RuleMeta<MessageId>;
  check(context: DependencyRuleContext<MessageId>): void;
}): DependencyRule;
export function createRule<MessageId extends string>(rule: { meta: RuleMeta<MessageId> }): DirectiveRule;
export function createRule(
  rule:
    | { meta: RuleMeta; create(context: SourceRuleContext): SourceVisitors }
    | { meta: RuleMeta; check(context: DependencyRuleContext): void }
    | { meta: RuleMeta },
): Rule {
  if ("create" in rule) return { kind: "source", meta: rule.meta, create: rule.create };
  if ("check" in rule) return { kind: "dependency", meta: rule.meta, check: rule.check };
  return { kind: "directive", meta: rule.meta };
}

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

/**
 * A message of a rule with its placeholders filled. A message id the rule does not declare, or a placeholder
 * without data, is a bug in the rule: it throws rather than print a half-formed message.
 */
export function formatMessage(meta: RuleMeta, messageId: string, data: Readonly<Record<string, string | number>> = {}): string {
  const template = Object.hasOwn(meta.messages, messageId) ? meta.messages[messageId] : undefined;
  if (template === undefined) throw new Error(`rule ${meta.id} has no message "${messageId}"`);
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const value = data[name];
    if (value === undefined) throw new Error(`rule ${meta.id}, message "${messageId}": no value for {{${name}}}`);
    return String(value);
  });
}
