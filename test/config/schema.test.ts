import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import { CATEGORIES } from "../../rules/util/types.js";
import { DEFAULT_FAIL_ON, DIFF_FLAGS } from "../../src/diff/types.js";

const schema = JSON.parse(readFileSync(new URL("../../src/config/detkit.config.schema.json", import.meta.url), "utf8"));
const validate = new Ajv2020.default({ strict: true, allErrors: true }).compile(schema);

describe("the configuration's JSON Schema", () => {
  it("names exactly the registered rules and the categories (it is generated from the registry)", () => {
    expect([...schema.properties.rules.propertyNames.enum].sort()).toEqual(
      [...RULES.map((rule) => rule.meta.id), ...CATEGORIES].sort(),
    );
    expect(schema.properties.diff.properties.failOn.items.enum).toEqual(DIFF_FLAGS);
    expect(schema.properties.diff.properties.failOn.default).toEqual(DEFAULT_FAIL_ON);
    expect(schema.properties.deps.properties.accept.items.properties.rule.enum).toEqual(
      RULES.filter((rule) => rule.kind === "dependency").map((rule) => rule.meta.id),
    );
  });

  it("accepts a full configuration", () => {
    const config = {
      $schema: "./node_modules/detkit/src/config/detkit.config.schema.json",
      include: ["src/**"],
      exclude: ["src/generated/**"],
      rules: { "no-wall-clock": "warn", random: "off" },
      deps: { rangeSeverity: "error", accept: [{ package: "esbuild", version: "0.21.5", rule: "install-script", reason: "native binary" }] },
      diff: { failOn: ["install-script-added", "range-widened"] },
    };
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each([
    [{ rulez: {} }],
    [{ rules: { "no-wallclock": "off" } }],
    [{ rules: { "no-wall-clock": "warning" } }],
    [{ deps: { accept: [{ package: "x", rule: "install-script" }] } }],
    [{ deps: { accept: [{ package: "x", rule: "no-wall-clock", reason: "a source rule" }] } }],
    [{ diff: { failOn: ["source-change"] } }],
    [{ diff: { failon: [] } }],
  ])("rejects %j, as the loader does", (config) => {
    expect(validate(config)).toBe(false);
  });
});
