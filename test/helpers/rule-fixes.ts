import type { RequiredImport, SourceFix, SourceRule } from "../../rules/util/types.js";
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

/**
 * The snippet with every fix's edits applied (from the end, so offsets stay valid) and the imports they
 * require, deduplicated: what `--fix` must produce, short of writing the import statements.
 */
export function applyFixes(rule: SourceRule, code: string, filename?: string): { output: string; imports: RequiredImport[] } {
  const fixes = fixesOf(rule, code, filename);
  const edits = fixes.flatMap((fix) => fix.edits).sort((a, b) => b.start - a.start);
  let output = code;
  for (const edit of edits) output = output.slice(0, edit.start) + edit.text + output.slice(edit.end);
  const imports = new Map<string, RequiredImport>();
  for (const required of fixes.flatMap((fix) => fix.imports ?? [])) imports.set(`${required.module}#${required.name}`, required);
  return { output, imports: [...imports.values()] };
}
