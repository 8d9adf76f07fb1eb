import type { Rule } from "../../rules/util/create-rule.js";
import { CATEGORIES } from "../../rules/util/types.js";
import { DEFAULT_FAIL_ON, DIFF_FLAGS } from "../diff/types.js";

const SEVERITY_SETTING = { enum: ["off", "warn", "error"] };

const GLOBS = (description: string) => ({
  description,
  type: "array",
  items: { type: "string", minLength: 1 },
});

/**
 * The JSON Schema of detkit.config.json, with the rule ids and categories of the registry. The shipped file
 * (`detkit/config.schema.json`) is written from this by `npm run generate`, and a test fails when they differ.
 */
export function configSchema(rules: readonly Rule[]): Record<string, unknown> {
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "detkit.config.schema.json",
    title: 'detkit configuration (detkit.config.json, or the "detkit" key of package.json)',
    type: "object",
    additionalProperties: false,
    properties: {
      $schema: { type: "string" },
      include: GLOBS("Globs, relative to the configuration file, that a source file must match to be scanned."),
      exclude: GLOBS("Globs, relative to the configuration file, of files and directories to leave out."),
      rules: {
        description: "Severity per rule id or category; a rule's own setting wins over its category's.",
        type: "object",
        propertyNames: { enum: [...rules.map((rule) => rule.meta.id), ...CATEGORIES] },
        additionalProperties: SEVERITY_SETTING,
      },
      deps: {
        description: "Options of the dependency audit.",
        type: "object",
        additionalProperties: false,
        properties: {
          rangeSeverity: {
            description: "Severity of bounded ranges (^, ~, >=, ||).",
            ...SEVERITY_SETTING,
            default: "warn",
          },
          accept: {
            description: "Risks reviewed and accepted: matching findings move to suppressed with the reason.",
            type: "array",
            items: {
              type: "object",
              additionalProperties: false,
              required: ["package", "rule", "reason"],
              properties: {
                package: { type: "string", minLength: 1 },
                version: { description: "The one exact version covered; a newer version is reported again.", type: "string" },
                rule: { enum: rules.filter((rule) => rule.kind === "dependency").map((rule) => rule.meta.id) },
                reason: { type: "string", minLength: 1, pattern: "\\S" },
              },
            },
          },
        },
      },
      diff: {
        description: "Options of detkit diff.",
        type: "object",
        additionalProperties: false,
        properties: {
          failOn: {
            description: "The flags that make detkit diff exit 1; the others are warnings.",
            type: "array",
            uniqueItems: true,
            items: { enum: [...DIFF_FLAGS] },
            default: [...DEFAULT_FAIL_ON],
          },
        },
      },
    },
  };
}
