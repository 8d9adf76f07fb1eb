/**
 * `detkit repro`'s command line, checked: every value that cannot work is refused with a message that names
 * the flag, before anything runs.
 */
import { homedir } from "node:os";
import { isAbsolute, normalize, parse as parsePath, resolve, sep } from "node:path";
import { seeded } from "@detkit/runtime/random";
import { messageOf, UsageError } from "../errors.js";
import { parseJsonPath } from "./compare.js";
import type { ReproOptions } from "./index.js";
import { isPerturbationKind, PERTURBATION_KINDS, type PerturbationKind } from "./plan.js";
import { isInside, type OutputSpec } from "./runner.js";

export const DEFAULT_RUNS = 10;
export const DEFAULT_SEED = "0";
export const DEFAULT_TIMEOUT_SECONDS = 120;

/** The flags as the command line gave them (strings), before checking. */
export interface ReproArguments {
  readonly command: readonly string[];
  readonly runs?: string;
  readonly vary?: string;
  readonly seed?: string;
  readonly replayRun?: string;
  readonly outputs: readonly string[];
  readonly ignore: readonly string[];
  readonly strictBytes: boolean;
  readonly timeout?: string;
  readonly jobs?: string;
}

function wholeNumber(value: string | undefined, flag: string, minimum: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < minimum || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`${flag} takes a whole number of at least ${minimum}, not "${value}"`);
  }
  return Number(value);
}

export function parseVary(value: string | undefined): PerturbationKind[] {
  if (value === undefined) return [...PERTURBATION_KINDS];
  if (value.trim() === "none") return [];
  const names = value.split(",").map((name) => name.trim());
  const unknown = names.filter((name) => !isPerturbationKind(name));
  if (unknown.length > 0 || names.length === 0) {
    throw new UsageError(`--vary: unknown perturbation "${unknown.join(",")}"; expected a list of ${PERTURBATION_KINDS.join(", ")}, or none`);
  }
  return PERTURBATION_KINDS.filter((kind) => names.includes(kind));
}

function parseOutput(path: string, cwd: string): OutputSpec {
  if (path.trim() === "") throw new UsageError("--output takes a path");
  const label = path.split(sep).join("/").replace(/(.)\/+$/, "$1");
  if (isAbsolute(path)) {
    const absolute = normalize(path);
    // detkit clears an absolute output before each run: refuse a path whose removal would take the project,
    // the home directory or the whole file system with it.
    if (absolute === parsePath(absolute).root || isInside(cwd, absolute) || isInside(homedir(), absolute)) {
      throw new UsageError(`--output ${path}: detkit clears an output before each run; give the directory the command writes, not one that holds the project or home`);
    }
    return { label, absolute };
  }
  const inside = resolve(cwd, path);
  if (inside === cwd || !isInside(inside, cwd)) {
    throw new UsageError(`--output ${path}: a relative output must be inside the working directory (give an absolute path for one outside it)`);
  }
  return { label, relative: path };
}

/** The engine's options from the command line, or a UsageError naming the first flag that cannot work. */
export function parseReproArguments(
  given: ReproArguments,
  context: { readonly cwd: string; readonly env: Readonly<Record<string, string | undefined>>; readonly version: string },
): ReproOptions {
  const [command, ...args] = given.command;
  if (command === undefined || command === "") {
    throw new UsageError("give the command to run after --, e.g. detkit repro -- node build.js");
  }
  const runs = wholeNumber(given.runs, "--runs", 2, DEFAULT_RUNS);
  const seed = given.seed ?? DEFAULT_SEED;
  if (seed === "") throw new UsageError("--seed takes a value");
  try {
    // Building a generator is how the runtime checks a seed; the generator itself is not needed here.
    seeded(seed);
  } catch (error) {
    throw new UsageError(`--seed: ${messageOf(error)}`);
  }
  const replayRun = given.replayRun === undefined ? undefined : wholeNumber(given.replayRun, "--replay-run", 1, 1);
  const timeout = given.timeout ?? String(DEFAULT_TIMEOUT_SECONDS);
  const timeoutSeconds = Number(timeout);
  if (!/^\d+(\.\d+)?$/.test(timeout) || !(timeoutSeconds > 0)) {
    throw new UsageError(`--timeout takes a number of seconds greater than 0, not "${timeout}"`);
  }
  const jobs = wholeNumber(given.jobs, "--jobs", 1, 1);
  const outputs = given.outputs.map((path) => parseOutput(path, context.cwd));
  if (jobs > 1 && outputs.some((output) => output.absolute !== undefined)) {
    throw new UsageError("--jobs: runs that write the same absolute --output cannot run at the same time; give relative outputs or --jobs 1");
  }
  if (given.strictBytes && given.ignore.length > 0) {
    throw new UsageError("--ignore needs outputs compared as JSON data; it cannot be combined with --strict-bytes");
  }
  return {
    command,
    args,
    cwd: context.cwd,
    env: context.env,
    runs,
    vary: parseVary(given.vary),
    seed,
    ...(replayRun === undefined ? {} : { replayRun }),
    outputs,
    strictBytes: given.strictBytes,
    ignore: given.ignore.map(parseJsonPath),
    timeoutMs: Math.round(timeoutSeconds * 1000),
    jobs,
    version: context.version,
  };
}
