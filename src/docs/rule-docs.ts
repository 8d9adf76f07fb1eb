import type { RuleExample, RuleMeta } from "../../rules/util/types.js";
import { compareStrings } from "@detkit/runtime/collections";

function exampleFiles(example: RuleExample): [string, string][] {
  if (typeof example === "string") return [["example.ts", example]];
  return Object.keys(example)
    .sort(compareStrings)
    .map((name): [string, string] => [name, example[name] ?? ""]);
}

function fence(fileName: string): string {
  const extension = fileName.slice(fileName.lastIndexOf(".") + 1);
  return { yml: "yaml", yaml: "yaml", json: "json", ts: "ts", js: "js" }[extension] ?? "";
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split("\n")
    .map((line) => (line ? `    ${line}` : ""))
    .join("\n");
}

/** A rule's full documentation as plain text, in oxlint's sections. */
export function ruleText(meta: RuleMeta): string {
  const example = (title: string, value: RuleExample) =>
    [
      `${title}:`,
      ...exampleFiles(value).flatMap(([name, text]) => (typeof value === "string" ? [indent(text)] : [`  ${name}`, indent(text)])),
    ].join("\n");
  return [
    `${meta.id}  (${meta.category}, ${meta.severity}${meta.requiresTypes ? ", uses types" : ""})`,
    "",
    "What it does:",
    `  ${meta.description}`,
    "",
    "Why is this bad?",
    `  ${meta.rationale}`,
    "",
    example("Incorrect", meta.examples.incorrect),
    "",
    example("Correct", meta.examples.correct),
    "",
    "Fix:",
    `  ${meta.replacement}`,
    ...(meta.fix ? ["", "Automatic fix (--fix):", `  ${meta.fix}`] : []),
    "",
  ].join("\n");
}

/** The rule table of the README; a test keeps README.md equal to this output. */
export function ruleTableMarkdown(metas: readonly RuleMeta[]): string {
  const rows = metas.map(
    (meta) => `| \`${meta.id}\` | ${meta.category} | ${meta.severity} | ${meta.description.replaceAll("|", "\\|")} | ${meta.replacement.replaceAll("|", "\\|")} |`,
  );
  return ["| rule | category | default | finds | fix |", "| --- | --- | --- | --- | --- |", ...rows].join("\n") + "\n";
}

export function ruleMarkdown(meta: RuleMeta): string {
  const example = (title: string, value: RuleExample) =>
    [`**${title}**`, "", ...exampleFiles(value).flatMap(([name, text]) => [
      ...(typeof value === "string" ? [] : [`\`${name}\``, ""]),
      "```" + fence(name),
      text.trimEnd(),
      "```",
      "",
    ])].join("\n");
  return [
    `## ${meta.id}`,
    "",
    `Category: ${meta.category}. Default severity: ${meta.severity}.${meta.requiresTypes ? " Uses type information." : ""}`,
    "",
    meta.description,
    "",
    meta.rationale,
    "",
    example("Incorrect", meta.examples.incorrect),
    example("Correct", meta.examples.correct),
    `**Fix:** ${meta.replacement}`,
    ...(meta.fix ? ["", `**Automatic fix (\`--fix\`):** ${meta.fix}`] : []),
    "",
  ].join("\n");
}
