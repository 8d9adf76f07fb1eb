import { createRule } from "./util/create-rule.js";

export default createRule({
  meta: {
    id: "suppression-missing-reason",
    category: "suppression",
    severity: "warning",
    description: "A detkit-disable comment that hides a finding without saying why (no text after `--`).",
    rationale:
      "A suppression is a decision that a hazard is acceptable here. Without the reason, the next reader cannot " +
      "tell a considered exception from a silenced warning, and cannot judge whether it still holds after the " +
      "code around it changed.",
    examples: {
      incorrect: [
        "export function logLine(text: string) {",
        "  // detkit-disable-next-line no-wall-clock",
        "  return `${Date.now()} ${text}`;",
        "}",
        "",
      ].join("\n"),
      correct: [
        "export function logLine(text: string) {",
        "  // detkit-disable-next-line no-wall-clock -- log timestamps are for humans, never compared or replayed",
        "  return `${Date.now()} ${text}`;",
        "}",
        "",
      ].join("\n"),
    },
    replacement:
      "say why after two dashes: // detkit-disable-next-line <rule-id> -- <reason>; or remove the hazard with the @detkit/runtime/clock or @detkit/runtime/random wrapper the finding names",
    requiresTypes: false,
    messages: {
      missingReason: "{{suppression}} gives no reason",
    },
  },
});
