import { createRule } from "./util/create-rule.js";

export default createRule({
  meta: {
    id: "unused-suppression",
    category: "suppression",
    severity: "warning",
    description:
      "A detkit directive comment that names a rule detkit does not have or is no directive at all (`detkit-disable-nextline`), always reported; a suppression that hides nothing, or an accepted risk in `deps.accept` that matches no finding (with --report-unused-suppressions).",
    rationale:
      "A misspelt rule id suppresses nothing while looking as if it did, and a suppression left behind after the " +
      "hazard was removed will silently hide the next hazard written on that line. The same holds for an " +
      "accepted dependency risk whose package is gone or was upgraded: it no longer documents anything, and it " +
      "would hide the risk if the package came back. Comments in workflows, Dockerfiles and shell scripts " +
      "(`# detkit-disable-next-line no-npm-install-in-ci -- reason`) are checked like those in source files.",
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
      "fix the rule id (see `detkit rules`) or delete the comment; where the hazard is gone for good, the @detkit/runtime/clock or @detkit/runtime/random wrapper that replaced it needs no suppression",
    requiresTypes: false,
    messages: {
      unknownRule: "{{suppression}} names unknown {{rules}}",
      unknownDirective:
        "{{directive}} is not a detkit directive: it suppresses nothing (use detkit-disable-next-line, detkit-disable-line, detkit-disable or detkit-enable)",
      unused: "{{suppression}} suppresses nothing on line {{line}}",
      unusedBlock: "{{suppression}} suppresses nothing before {{until}}",
      unusedEnable: "{{suppression}} enables nothing: no detkit-disable of it is in force",
      unusedLines: "{{suppression}} suppresses nothing on lines {{from}}-{{to}}",
      unusedAcceptance: "the accepted risk {{acceptance}} matches no finding",
    },
  },
});
