import { RULES } from "../../../rules/index.js";
import type { RuleExample, RuleMeta } from "../../../rules/types.js";
import { UsageError } from "../../errors.js";
import { compareStrings } from "@detkit/runtime/collections";
import { stringOption, type CommandDefinition } from "../command.js";

const CATALOG_FORMATS = ["text", "markdown", "json"] as const;
type CatalogFormat = (typeof CATALOG_FORMATS)[number];

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

function ruleMarkdown(meta: RuleMeta): string {
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
    "",
  ].join("\n");
}

function parseCatalogFormat(value: string | undefined): CatalogFormat {
  const format = CATALOG_FORMATS.find((candidate) => candidate === (value ?? "text"));
  if (!format) throw new UsageError(`unknown format "${value}"; expected one of ${CATALOG_FORMATS.join(", ")}`);
  return format;
}

export const rulesCommand: CommandDefinition = {
  name: "rules",
  summary: "list the rules, or explain one",
  description:
    "Without an id, lists every rule with its category, default severity and what it finds. With an id, prints " +
    "the rule's documentation: why it matters, incorrect and correct code, and the fix.",
  arguments: [{ name: "id", description: "a rule id, e.g. no-wall-clock" }],
  options: [{ flags: "-f, --format <name>", description: `output format: ${CATALOG_FORMATS.join(", ")}`, defaultValue: "text" }],
  epilog: ["Examples:", "  $ detkit rules", "  $ detkit rules no-wall-clock", "  $ detkit rules --format markdown"].join("\n"),
  async exec({ args, options, io }) {
    const format = parseCatalogFormat(stringOption(options, "format"));
    const [id] = args;
    const metas = RULES.map((rule) => rule.meta);
    if (typeof id === "string") {
      const meta = metas.find((candidate) => candidate.id === id);
      if (!meta) throw new UsageError(`unknown rule "${id}"; run \`detkit rules\` for the list`);
      io.stdout.write(format === "json" ? `${JSON.stringify(meta, null, 2)}\n` : format === "markdown" ? ruleMarkdown(meta) : ruleText(meta));
      return 0;
    }
    if (format === "json") {
      io.stdout.write(`${JSON.stringify(metas, null, 2)}\n`);
    } else if (format === "markdown") {
      io.stdout.write(ruleTableMarkdown(metas));
    } else {
      const width = Math.max(...metas.map((meta) => meta.id.length));
      const lines = metas.map(
        (meta) => `${meta.id.padEnd(width)}  ${meta.category.padEnd(11)} ${meta.severity.padEnd(7)}  ${meta.description}`,
      );
      io.stdout.write(`${lines.join("\n")}\n\nRun \`detkit rules <id>\` for the documentation of one rule.\n`);
    }
    return 0;
  },
};
