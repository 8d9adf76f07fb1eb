import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import { runCli } from "../helpers/cli.js";
import { PUBLIC_RUNTIME_SUBPATHS } from "../helpers/runtime-subpaths.js";
import { REPO_ROOT } from "../helpers/fixtures.js";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

describe("README.md", () => {
  it("has a section with code for every subpath the runtime package exports", () => {
    const wrappers = PUBLIC_RUNTIME_SUBPATHS.map((subpath) => `@detkit/runtime/${subpath}`);
    expect(wrappers.length).toBeGreaterThan(0);
    for (const name of wrappers) {
      const section = readme.split(`### \`${name}\``)[1]?.split(/\n### |\n## /)[0] ?? "";
      expect(section, name).toMatch(/```ts\n[\s\S]*?```/);
    }
  });

  it("opens with the install-and-audit command and the install-and-test command", () => {
    const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]?.trim());
    expect(blocks.slice(0, 2)).toEqual(["npm ci && npx detkit audit examples/hazardous-service", "npm ci && npm test"]);
  });
});

describe("detkit rules", () => {
  it("lists every rule", async () => {
    const result = await runCli(["rules"], { cwd: REPO_ROOT });
    expect(result.exitCode).toBe(0);
    for (const rule of RULES) expect(result.stdout).toContain(rule.meta.id);
  });

  it("documents one rule in oxlint's sections, from its meta", async () => {
    const result = await runCli(["rules", "no-wall-clock"], { cwd: REPO_ROOT });
    expect(result.exitCode).toBe(0);
    for (const heading of ["What it does:", "Why is this bad?", "Incorrect:", "Correct:", "Fix:"]) {
      expect(result.stdout).toContain(heading);
    }
    expect(result.stdout).toContain("Date.now()");
    expect(result.stdout).toContain("@detkit/runtime/clock");
  });

  it("gives the catalog as JSON", async () => {
    const result = await runCli(["rules", "--format", "json"], { cwd: REPO_ROOT });
    const catalog: { id: string }[] = JSON.parse(result.stdout);
    expect(catalog.map((meta) => meta.id)).toEqual(RULES.map((rule) => rule.meta.id));
  });

  it("fails with exit 2 for an unknown rule", async () => {
    const result = await runCli(["rules", "no-such-rule"], { cwd: REPO_ROOT });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe('detkit: unknown rule "no-such-rule"; run `detkit rules` for the list\n');
  });
});
