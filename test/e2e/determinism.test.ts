import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/fixtures.js";

const BIN = join(REPO_ROOT, "dist", "src", "cli", "main.js");
const PROJECTS = ["test/fixtures/audit/ts-project", "test/fixtures/audit/js-project", "test/fixtures/audit/broken"];

/** Runs the built CLI as a user would, in a fresh process with the given time zone and locale. */
function audit(format: string, paths: readonly string[], env: Record<string, string>): string {
  const result = spawnSync(process.execPath, [BIN, "audit", ...paths, "--format", format], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? "", ...env },
    encoding: "utf8",
  });
  expect(result.stderr).toBe("");
  expect(result.status).toBe(1);
  // The one field that measures the run rather than describing the input.
  return result.stdout.replace(/"durationMs": \d+(\.\d+)?/, '"durationMs": 0');
}

const ENVIRONMENTS = [
  { TZ: "UTC", LC_ALL: "C" },
  { TZ: "Pacific/Chatham", LC_ALL: "sk_SK.UTF-8" },
  { TZ: "America/St_Johns", LC_ALL: "tr_TR.UTF-8", LANG: "ja_JP.UTF-8" },
];

describe("the same input gives byte-identical output", () => {
  it.each(["json", "sarif", "stylish", "github"])("%s, whatever the time zone, locale and order of paths", (format) => {
    const reference = audit(format, PROJECTS, ENVIRONMENTS[0] ?? {});
    expect(reference.length).toBeGreaterThan(100);
    for (const env of ENVIRONMENTS.slice(1)) expect(audit(format, PROJECTS, env)).toBe(reference);
    expect(audit(format, [...PROJECTS].reverse(), ENVIRONMENTS[1] ?? {})).toBe(reference);
    expect(audit(format, [PROJECTS[1] ?? "", PROJECTS[2] ?? "", PROJECTS[0] ?? ""], ENVIRONMENTS[2] ?? {})).toBe(reference);
  });
});
