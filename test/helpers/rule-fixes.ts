import type { SourceFix, SourceRule } from "../../rules/util/types.js";
import { applyFixes } from "../../src/fix/apply.js";
import { lint } from "./rule-tester.js";

/** The fixes a rule attaches to its reports on a snippet, in report order. */
export function fixesOf(rule: SourceRule, code: string, filename?: string): SourceFix[] {
  const fixes: SourceFix[] = [];
  const spy: SourceRule = {
    ...rule,
    create: (context) =>
      rule.create({
        ...context,
        report(report) {
          if (report.fix) fixes.push(report.fix);
          context.report(report);
        },
      }),
  };
  lint(spy, code, filename);
  return fixes;
}

/** The snippet as `detkit audit --fix` leaves it: the rule's fixes applied by the real applier. */
export function fixedText(rule: SourceRule, code: string, filename = "example.ts"): string {
  return applyFixes(filename, code, fixesOf(rule, code, filename)).text;
}
