import { formatMessage } from "../rules/util/create-rule.js";
import type { RuleMeta, Severity } from "../rules/util/types.js";
import type { Finding } from "./report/types.js";

/** `--` after white space, or an em or en dash (which word processors and some keyboards put in place of `--`). */
const REASON_SEPARATOR = /(?:^|\s)--|[\u2014\u2013]/;

/**
 * The part of a suppression comment after `detkit-disable-line` / `detkit-disable-next-line`, shared by the
 * source analyzer (`//` comments) and the dependency audit (`#` comments in workflows, Dockerfiles and scripts):
 * rule ids separated by commas or spaces, then `--` and the reason.
 */
export function parseDirectiveBody(body: string): { readonly ruleIds: string[]; readonly reason: string } {
  const separator = REASON_SEPARATOR.exec(body);
  const idsText = separator ? body.slice(0, separator.index) : body;
  // A reason may continue over the lines of a block comment, each perhaps led by ` * `.
  const reason = separator ? body.slice(separator.index + separator[0].length).replace(/\s*\n\s*\*?\s*/g, " ").trim() : "";
  return { ruleIds: idsText.split(/[\s,]+/).filter((id) => id.length > 0), reason };
}

/** How a message names rule ids detkit does not have: `rule no-wallclock`, `rules a, b`. */
export function unknownRulesPhrase(unknown: readonly string[]): string {
  return unknown.length === 1 ? `rule ${unknown.join("")}` : `rules ${unknown.join(", ")}`;
}

/** A finding about a suppression comment itself (no reason, an unknown rule, nothing hidden), in `file` at `at`. */
export function directiveFinding(
  meta: RuleMeta,
  severity: Severity,
  file: string,
  at: { readonly line: number; readonly column: number },
  messageId: string,
  data: Record<string, string | number>,
): Finding {
  return {
    ruleId: meta.id,
    category: meta.category,
    severity,
    file,
    line: at.line,
    column: at.column,
    messageId,
    message: formatMessage(meta, messageId, data),
    suggestion: meta.replacement,
  };
}
