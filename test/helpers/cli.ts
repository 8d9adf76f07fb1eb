import { expect } from "vitest";
import { run } from "../../src/cli/run.js";
import type { Clock } from "../../wrappers/clock.js";

export interface CliResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A clock that never moves, so in-process reports have `durationMs: 0` and compare byte for byte. */
const stoppedClock: Clock = {
  now: () => 0,
  date: () => new Date(0),
  monotonic: () => 0,
};

/** Runs the CLI in this process with captured output, as a user would call `detkit <argv>` from `cwd`. */
export async function runCli(
  argv: readonly string[],
  options: { cwd: string; env?: Record<string, string | undefined>; tty?: boolean },
): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const exitCode = await run(argv, {
    cwd: options.cwd,
    env: options.env ?? {},
    stdout: { write: (text) => void (stdout += text), isTTY: options.tty ?? false },
    stderr: { write: (text) => void (stderr += text), isTTY: options.tty ?? false },
    clock: stoppedClock,
  });
  return { exitCode, stdout, stderr };
}

/** A usage or input error as the CLI contract wants it: exit 2, one prefixed line on stderr, no stack trace. */
export function expectOneLineUsageError(result: CliResult, message: string | RegExp): void {
  expect(result.exitCode).toBe(2);
  expect(result.stdout).toBe("");
  expect(result.stderr.endsWith("\n")).toBe(true);
  expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stderr).not.toContain("internal error");
  expect(result.stderr.trimEnd()).toMatch(message);
}
