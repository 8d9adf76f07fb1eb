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

const UTC_C = { TZ: "UTC", LC_ALL: "C" };
const CHATHAM_SLOVAK = { TZ: "Pacific/Chatham", LC_ALL: "sk_SK.UTF-8" };
const NEWFOUNDLAND_TURKISH = { TZ: "America/St_Johns", LC_ALL: "tr_TR.UTF-8", LANG: "ja_JP.UTF-8" };

describe("the same input gives byte-identical output", () => {
  it.each(["json", "sarif", "stylish", "github"])("%s, whatever the time zone, locale and order of paths", (format) => {
    const reference = audit(format, PROJECTS, UTC_C);
    expect(reference.length).toBeGreaterThan(100);
    expect(audit(format, PROJECTS, CHATHAM_SLOVAK)).toBe(reference);
    expect(audit(format, PROJECTS, NEWFOUNDLAND_TURKISH)).toBe(reference);
    expect(audit(format, [...PROJECTS].reverse(), CHATHAM_SLOVAK)).toBe(reference);
    const [first = "", second = "", third = ""] = PROJECTS;
    expect(audit(format, [second, third, first], NEWFOUNDLAND_TURKISH)).toBe(reference);
  });
});
