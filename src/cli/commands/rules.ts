import { RULES } from "../../../rules/index.js";
import { ruleMarkdown, ruleTableMarkdown, ruleText } from "../../docs/rule-docs.js";
import { UsageError } from "../../errors.js";
import { stringOption, type CommandDefinition } from "../command.js";

const CATALOG_FORMATS = ["text", "markdown", "json"] as const;
type CatalogFormat = (typeof CATALOG_FORMATS)[number];

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
