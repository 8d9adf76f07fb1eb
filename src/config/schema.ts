import type { Rule } from "../../rules/util/create-rule.js";
import { DEFAULT_FAIL_ON, DIFF_FLAGS } from "../diff/types.js";
import { DEFAULT_TEST_GLOBS, populatedCategories } from "./index.js";

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
  const ruleSettings = (description: string) => ({
    description,
    type: "object",
    propertyNames: { enum: [...rules.map((rule) => rule.meta.id), ...populatedCategories(rules)] },
    additionalProperties: SEVERITY_SETTING,
  });
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
      rules: ruleSettings(
        "Severity per rule id or category (only categories that have rules); a rule's own setting wins over its category's.",
      ),
      overrides: {
        description:
          "Rule settings for the files some globs match, as in ESLint: a later entry wins over an earlier one and over rules.",
        type: "array",
        items: {
          type: "object",
          additionalProperties: false,
          required: ["files"],
          properties: {
            files: { ...GLOBS("Globs, relative to the configuration file, of the files this entry applies to."), minItems: 1 },
            rules: ruleSettings("Severity per rule id or category in these files."),
          },
        },
      },
      tests: {
        ...GLOBS(
          "Globs, relative to the configuration file, of test code: its findings are warnings unless an override says otherwise. Replaces the default list.",
        ),
        default: [...DEFAULT_TEST_GLOBS],
      },
      zones: GLOBS(
        "Globs, relative to the configuration file, of deterministic zones: every finding in these files is an error, and their exported functions are entry points from which calls into the project's own functions are followed. Functions marked /** @deterministic */ are entry points too.",
      ),
      outsideZones: {
        description:
          "Severity of source findings outside zones and not reached from one: error keeps each rule's own severity, warn makes errors warnings, off reports only what zones reach.",
        enum: ["error", "warn", "off"],
        default: "error",
      },
      deterministicWrappers: {
        description:
          "The project's own safe abstractions: calls into these functions are not followed from zones. A function name, Class.method, or <file glob>#<name>.",
        type: "array",
        items: { type: "string", minLength: 1 },
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
          kind: {
            description:
              "Audit every package.json as a library (ranges in dependencies are left to its consumers; a missing lockfile is a warning) or an application, instead of detecting it (a library is not private and declares main, exports, bin or files).",
            enum: ["library", "application"],
          },
          allowedHosts: {
            description:
              "Hosts besides the configured registry (the project's .npmrc, else registry.npmjs.org) that locked registry packages may be downloaded from.",
            type: "array",
            items: { type: "string", pattern: "^[A-Za-z0-9.-]+(:[0-9]+)?$" },
            default: [],
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
