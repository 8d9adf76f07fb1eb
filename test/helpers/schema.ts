import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import { sharedUrl } from "./shared.js";

const schemaDirectory = sharedUrl("schemas/");

function loadSchema(name: string): object {
  const parsed: unknown = JSON.parse(readFileSync(new URL(name, schemaDirectory), "utf8"));
  if (typeof parsed !== "object" || parsed === null) throw new Error(`${name} is not a JSON schema`);
  return parsed;
}

const ajv = new Ajv2020.default({ allErrors: true, strict: false });
const validators = {
  report: ajv.compile(loadSchema("report.schema.json")),
  diff: ajv.compile(loadSchema("diff.schema.json")),
};

/** The schema violations of a document, as readable lines; empty when it conforms. */
export function schemaErrors(kind: keyof typeof validators, document: unknown): string[] {
  const validate = validators[kind];
  if (validate(document)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message ?? ""}`);
}
