import { createRule } from "./util/create-rule.js";

export default createRule({
  meta: {
    id: "unused-suppression",
    category: "suppression",
    severity: "warning",
    description:
      "A detkit directive comment that names a rule detkit does not have or is no directive at all (`detkit-disable-nextline`), always reported; or a suppression that hides nothing (with --report-unused-suppressions).",
    rationale:
      "A misspelt rule id suppresses nothing while looking as if it did, and a suppression left behind after the " +
      "hazard was removed will silently hide the next hazard written on that line.",
    examples: {
      incorrect: [
        "export function logLine(text: string) {",
        "  // detkit-disable-next-line no-wallclock -- log timestamps are for humans",
        "  return `${Date.now()} ${text}`;",
        "}",
        "",
      ].join("\n"),
      correct: [
        "export function logLine(text: string) {",
        "  // detkit-disable-next-line no-wall-clock -- log timestamps are for humans",
        "  return `${Date.now()} ${text}`;",
        "}",
        "",
      ].join("\n"),
    },
    replacement:
      "fix the rule id (see `detkit rules`) or delete the comment; where the hazard is gone for good, the detkit/clock or detkit/random wrapper that replaced it needs no suppression",
    requiresTypes: false,
    messages: {
      unknownRule: "{{suppression}} names unknown {{rules}}",
      unknownDirective:
        "{{directive}} is not a detkit directive: it suppresses nothing (use detkit-disable-next-line, detkit-disable-line, detkit-disable or detkit-enable)",
      unused: "{{suppression}} suppresses nothing on line {{line}}",
      unusedBlock: "{{suppression}} suppresses nothing before {{until}}",
      unusedEnable: "{{suppression}} enables nothing: no detkit-disable of it is in force",
    },
  },
});
