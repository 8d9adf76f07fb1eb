import type { Rule } from "../../rules/create-rule.js";
import type { Category } from "../../rules/types.js";
import type { Finding } from "../report/types.js";
import type { ReasonlessSuppression, UnusedSuppression } from "./index.js";

export const MISSING_REASON_ID = "suppression-missing-reason";
export const UNUSED_SUPPRESSION_ID = "unused-suppression";

// The report schema requires a category on every finding and has none for the tool's own diagnostics. A
// suppression that hid something is filed under the category of what it hid; an unused one under the category
// of the rule it names; an unused one that names no known rule under this.
const BARE_SUPPRESSION_CATEGORY: Category = "environment";

function categoryOf(suppression: UnusedSuppression, rules: readonly Rule[]): Category {
  for (const id of suppression.ruleIds) {
    const rule = rules.find((candidate) => candidate.meta.id === id);
    if (rule) return rule.meta.category;
  }
  return BARE_SUPPRESSION_CATEGORY;
}

function describe(suppression: UnusedSuppression): string {
  return suppression.ruleIds.length > 0 ? `suppression of ${suppression.ruleIds.join(", ")}` : "suppression of all rules";
}

/** Warnings about the suppression comments themselves: each one must say why, and (on request) be needed. */
export function suppressionFindings(
  withoutReason: readonly ReasonlessSuppression[],
  unused: readonly UnusedSuppression[] | undefined,
  rules: readonly Rule[],
): Finding[] {
  const known = new Set(rules.map((rule) => rule.meta.id));
  const at = (suppression: UnusedSuppression, category = categoryOf(suppression, rules)) => ({
    category,
    severity: "warning" as const,
    file: suppression.file,
    line: suppression.line,
    column: suppression.column,
  });
  const findings: Finding[] = withoutReason.map((suppression) => ({
    ruleId: MISSING_REASON_ID,
    ...at(suppression, suppression.category),
    message: `${describe(suppression)} gives no reason`,
    suggestion: "say why after two dashes: // detkit-disable-next-line <rule-id> -- <reason>",
  }));
  for (const suppression of unused ?? []) {
    const unknown = suppression.ruleIds.filter((id) => !known.has(id));
    findings.push({
      ruleId: UNUSED_SUPPRESSION_ID,
      ...at(suppression),
      message:
        unknown.length > 0
          ? `${describe(suppression)} names unknown rule ${unknown.join(", ")} and suppresses nothing`
          : `${describe(suppression)} suppresses nothing on line ${suppression.targetLine}`,
      suggestion: "remove the comment, or fix the rule id (see `detkit rules`)",
    });
  }
  return findings;
}
