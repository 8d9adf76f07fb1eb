import { spawnSync } from "node:child_process";
import { expect } from "vitest";
import type { DiffResult } from "../../src/diff/types.js";
import { runCli, type CliResult } from "../helpers/cli.js";
import { temporaryDirectory } from "../helpers/fixtures.js";
import { schemaErrors } from "../helpers/schema.js";

/** An environment whose npm cache is a fresh empty folder, so no test depends on what this machine has cached. */
export function emptyCacheEnv(): Record<string, string> {
  return { npm_config_cache: temporaryDirectory("detkit-npm-cache-") };
}

function isDiffResult(value: unknown): value is DiffResult {
  return typeof value === "object" && value !== null && "changes" in value && "summary" in value;
}

/** Runs `detkit diff <args> --format json` in-process; the output must conform to the shared diff schema. */
export async function diffJson(
  cwd: string,
  args: readonly string[],
  env: Record<string, string> = emptyCacheEnv(),
): Promise<CliResult & { readonly result: DiffResult }> {
  const run = await runCli(["diff", ...args, "--format", "json"], { cwd, env });
  expect(run.stderr).toBe("");
  const parsed: unknown = JSON.parse(run.stdout);
  expect(schemaErrors("diff", parsed)).toEqual([]);
  if (!isDiffResult(parsed)) throw new Error("not a diff result");
  return { ...run, result: parsed };
}

/** A change reduced to what a table compares. */
export type ChangeRow = readonly [path: string, kind: string, versions: string, bump: string, flags: string];

export function changeRows(result: DiffResult): ChangeRow[] {
  return result.changes.map((change) => [
    change.path,
    change.kind,
    [change.from, change.to].filter((version) => version !== undefined).join(" → "),
    change.bump ?? "",
    change.flags.join(" "),
  ]);
}

/** Runs git in `cwd` with a fixed identity and no user or system configuration; fails the test on error. */
export function git(cwd: string, ...args: string[]): string {
  const result = spawnSync("git", ["-c", "user.name=detkit tests", "-c", "user.email=tests@detkit.invalid", "-c", "commit.gpgsign=false", ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null" },
  });
  if (result.status !== 0) throw new Error(`git ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout;
}
