import { RULES } from "../../rules/index.js";
import { configSchema } from "../config/schema.js";
import { ruleTableMarkdown } from "./rule-docs.js";

/**
 * Files, or marked regions of files, whose content is generated from the rule registry. `npm run generate`
 * writes them; a test fails when any has drifted, so adding a rule is its file, its test table and one command.
 */
export interface GeneratedText {
  /** Relative to the repository root. */
  readonly file: string;
  /** The marker pair around the generated region, or undefined when the whole file is generated. */
  readonly region?: { readonly start: string; readonly end: string };
  readonly text: string;
}

export function generatedTexts(): GeneratedText[] {
  return [
    {
      file: "README.md",
      region: { start: "<!-- rules:start -->\n", end: "<!-- rules:end -->" },
      text: ruleTableMarkdown(RULES.map((rule) => rule.meta)),
    },
    { file: "src/config/detkit.config.schema.json", text: `${JSON.stringify(configSchema(RULES), null, 2)}\n` },
  ];
}

/** The file's content with the generated text in place; undefined when a region's markers are missing. */
export function withGenerated(current: string, generated: GeneratedText): string | undefined {
  if (!generated.region) return generated.text;
  const { start, end } = generated.region;
  const from = current.indexOf(start);
  const to = current.indexOf(end, from + start.length);
  if (from === -1 || to === -1) return undefined;
  return current.slice(0, from + start.length) + generated.text + current.slice(to);
}
