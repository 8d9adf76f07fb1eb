/**
 * `detkit repro` as a function: runs a command several times under perturbations that should not matter,
 * compares what the runs produced with the unperturbed run 0, and returns a report. It never prints or
 * exits; the child processes and temporary files live in `runner.ts`.
 */
import { UsageError } from "../errors.js";
import { compareRuns, type CompareOptions, type Difference, type JsonPath } from "./compare.js";
import { describeValue, needsPreload, PERTURBATION_KINDS, planRun, type PerturbationKind, type RunPlan } from "./plan.js";
import type { ProcessReport } from "./protocol.js";
import type { AppliedPerturbation, FirstDifference, ReproReport, RunSummary } from "./report.js";
import { RunSession, type OutputSpec, type RunResult } from "./runner.js";

export type { ReproReport } from "./report.js";

export interface ReproOptions {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Runs in all, run 0 (the baseline) included; at least 2. */
  readonly runs: number;
  readonly vary: readonly PerturbationKind[];
  readonly seed: string;
  /** Run only run 0 and this run. */
  readonly replayRun?: number;
  readonly outputs: readonly OutputSpec[];
  readonly strictBytes: boolean;
  readonly ignore: readonly JsonPath[];
  readonly timeoutMs: number;
  /** Runs at a time. */
  readonly jobs: number;
  readonly version: string;
  /** The preload module's `file:` URL; by default the one built beside this file. */
  readonly preloadUrl?: string;
  readonly onProgress?: (done: number, total: number) => void;
}

/** Runs `work` over `items`, at most `jobs` at a time, keeping the results in the items' order. */
async function inParallel<T, R>(items: readonly T[], jobs: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      const item = items[index];
      if (item !== undefined) results[index] = await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, items.length) }, worker));
  return results;
}

/** The zone name as this process's ICU resolves it, so `Asia/Kolkata` and an alias ICU prefers compare equal. */
function resolvedZone(zone: string): string {
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return zone;
  }
}

/** The language a LANG/LC_ALL value should give ICU: `tr_TR.UTF-8` → `tr`; the POSIX locale → `en`. */
function languageOf(locale: string): string {
  if (locale === "C" || locale === "POSIX" || locale.startsWith("C.")) return "en";
  return (locale.split(/[_.@-]/)[0] ?? locale).toLowerCase();
}

/** Each perturbation of a run, checked against what its first Node.js process reported. */
function appliedPerturbations(plan: RunPlan, reports: readonly ProcessReport[]): AppliedPerturbation[] {
  const root = reports[0];
  return plan.kinds.map((kind): AppliedPerturbation => {
    const value = describeValue(plan, kind);
    switch (kind) {
      case "tz":
        return root === undefined
          ? { kind, value, applied: null }
          : { kind, value, applied: root.timeZone === resolvedZone(value), observed: root.timeZone };
      case "locale":
        return root === undefined
          ? { kind, value, applied: null }
          : { kind, value, applied: languageOf(root.locale) === languageOf(value), observed: root.locale };
      case "schedule":
      case "fsorder":
        // The preload runs in every Node.js process that reported; without one there was nothing to perturb.
        return { kind, value, applied: root !== undefined };
      case "env":
      case "cwd":
        return { kind, value, applied: true };
    }
  });
}

function notApplied(summaries: readonly RunSummary[], kind: "tz" | "locale"): Map<string, string> {
  const failed = new Map<string, string>();
  for (const summary of summaries) {
    for (const perturbation of summary.perturbations) {
      if (perturbation.kind === kind && perturbation.applied === false) failed.set(perturbation.value, perturbation.observed ?? "");
    }
  }
  return failed;
}

function listed(values: ReadonlyMap<string, string>, variable: string): string {
  return [...values].map(([value, observed]) => `${variable}=${value} (it reported ${observed})`).join(", ");
}

/** What detkit could not do as asked, each said once. */
function noticesOf(summaries: readonly RunSummary[], plans: readonly RunPlan[], results: readonly RunResult[]): string[] {
  const notices: string[] = [];
  const locales = notApplied(summaries, "locale");
  if (locales.size > 0) {
    notices.push(
      `${listed(locales, "LC_ALL")} did not change Node.js's default locale: this Node.js lacks the locale's ICU data ` +
        "or does not take its locale from LANG/LC_ALL, so those runs are not counted as locale-perturbed",
    );
  }
  const zones = notApplied(summaries, "tz");
  if (zones.size > 0) {
    notices.push(`${listed(zones, "TZ")} did not change Node.js's time zone: the machine lacks that zone's data`);
  }
  const silent = plans.some((plan, index) => plan.run !== 0 && needsPreload(plan) && results[index]?.reports.length === 0);
  if (silent) {
    const kinds = new Set(plans.flatMap((plan) => plan.kinds));
    const inert = (["schedule", "fsorder"] as const).filter((kind) => kinds.has(kind));
    const unverified = (["tz", "locale"] as const).filter((kind) => kinds.has(kind));
    const parts = [
      ...(inert.length > 0 ? [`${inert.join(" and ")} perturbed nothing`] : []),
      ...(unverified.length > 0 ? [`${unverified.join(" and ")} were set but could not be checked`] : []),
    ];
    notices.push(
      `some runs started no Node.js process that loaded detkit's preload (NODE_OPTIONS=--import), so in them ${parts.join(", and ")}`,
    );
  }
  return notices;
}

/** A word as a POSIX shell reads it back. */
function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function replayCommand(options: ReproOptions, run: number): string {
  const words = ["detkit", "repro", "--seed", options.seed, "--replay-run", String(run)];
  if (options.vary.length !== PERTURBATION_KINDS.length) words.push("--vary", options.vary.length === 0 ? "none" : options.vary.join(","));
  for (const output of options.outputs) words.push("--output", output.label);
  for (const path of options.ignore) words.push("--ignore", path.text);
  if (options.strictBytes) words.push("--strict-bytes");
  words.push("--", options.command, ...options.args);
  return words.map(shellQuote).join(" ");
}

function runLabel(run: number): string {
  return `run ${run}`;
}

/**
 * Which perturbations of a differing run are to blame: the run again with each of them alone, and once with
 * none, which tells a command that differs by itself (clock, randomness, races) from a perturbed one.
 */
async function blame(
  plan: RunPlan,
  options: ReproOptions,
  differs: (plan: RunPlan, name: string) => Promise<boolean>,
): Promise<{ culprits: PerturbationKind[] | null; unperturbedDiffers: boolean }> {
  const kinds = plan.kinds;
  if (kinds.length === 0) return { culprits: null, unperturbedDiffers: true };
  const alone: PerturbationKind[][] = kinds.length > 1 ? kinds.map((kind) => [kind]) : [];
  const checked = await inParallel([...alone, []], options.jobs, (only) =>
    differs(planRun(plan.run, options.seed, only), `run-${plan.run}-${only[0] ?? "none"}`),
  );
  return {
    culprits: kinds.length > 1 ? kinds.filter((_, index) => checked[index] === true) : null,
    unperturbedDiffers: checked.at(-1) === true,
  };
}

/**
 * Runs `options.command` `options.runs` times (or run 0 and `options.replayRun`) and reports whether every run
 * produced what run 0 produced.
 *
 * @throws UsageError when the command cannot be started or run 0 does not finish in time: then nothing can
 *   be compared.
 */
export async function repro(options: ReproOptions): Promise<ReproReport> {
  const runNumbers =
    options.replayRun === undefined ? Array.from({ length: options.runs }, (_, run) => run) : [0, options.replayRun];
  const plans = runNumbers.map((run) => planRun(run, options.seed, options.vary));
  const compareOptions: CompareOptions = { strictBytes: options.strictBytes, ignore: options.ignore };
  const session = new RunSession(options.preloadUrl ?? new URL("./preload.js", import.meta.url).href);
  try {
    const execute = (plan: RunPlan, name: string): Promise<RunResult> =>
      session.execute({
        plan,
        name,
        command: options.command,
        args: options.args,
        cwd: options.cwd,
        env: options.env,
        outputs: options.outputs,
        timeoutMs: options.timeoutMs,
      });
    let done = 0;
    const progress = (): void => options.onProgress?.(++done, plans.length);

    const [baselinePlan, ...perturbedPlans] = plans;
    if (baselinePlan === undefined) throw new UsageError("nothing to run");
    const baseline = await execute(baselinePlan, "run-0");
    progress();
    if (baseline.startError !== undefined) {
      throw new UsageError(`cannot start ${options.command}: ${baseline.startError}`);
    }
    if (baseline.timedOut) {
      throw new UsageError(
        `run 0 (the command without perturbations) did not finish within ${options.timeoutMs / 1000} s; allow more with --timeout`,
      );
    }
    const perturbed = await inParallel(perturbedPlans, options.jobs, async (plan) => {
      const result = await execute(plan, `run-${plan.run}`);
      progress();
      return result;
    });
    const results = [baseline, ...perturbed];
    const differences = results.map((result, index): Difference[] =>
      index === 0 ? [] : compareRuns(baseline.outputs, result.outputs, [runLabel(0), runLabel(plans[index]?.run ?? index)], compareOptions),
    );
    const summaries = plans.map((plan, index): RunSummary => ({
      run: plan.run,
      seed: plan.seed ?? null,
      perturbations: appliedPerturbations(plan, results[index]?.reports ?? []),
      status: results[index]?.outputs.status ?? "",
      differsIn: (differences[index] ?? []).map((difference) => difference.item),
    }));

    let firstDifference: FirstDifference | null = null;
    const firstIndex = differences.findIndex((found) => found.length > 0);
    const firstPlan = plans[firstIndex];
    const first = differences[firstIndex]?.[0];
    if (firstPlan !== undefined && first !== undefined) {
      const { culprits, unperturbedDiffers } = await blame(firstPlan, options, async (plan, name) => {
        const result = await execute(plan, name);
        return compareRuns(baseline.outputs, result.outputs, [runLabel(0), runLabel(plan.run)], compareOptions).length > 0;
      });
      const stderr = first.item === "exit code" ? results[firstIndex]?.stderrTail : undefined;
      firstDifference = {
        run: firstPlan.run,
        item: first.item,
        canonicalized: first.canonicalized,
        diff: first.diff,
        culprits,
        unperturbedDiffers,
        replay: replayCommand(options, firstPlan.run),
        ...(stderr === undefined ? {} : { stderr }),
      };
    }
    const differing = summaries.filter((summary) => summary.differsIn.length > 0).length;
    return {
      tool: { name: "detkit", version: options.version },
      command: [options.command, ...options.args],
      seed: options.seed,
      vary: PERTURBATION_KINDS.filter((kind) => options.vary.includes(kind)),
      compared: ["exit code", "stdout", ...options.outputs.map((output) => output.label)],
      canonicalJson: !options.strictBytes,
      ignored: options.ignore.map((path) => path.text),
      reproducible: differing === 0,
      runs: summaries,
      firstDifference,
      notices: noticesOf(summaries, plans, results),
      summary: { runs: summaries.length, agreeing: summaries.length - differing, differing },
    };
  } finally {
    session.close();
  }
}
