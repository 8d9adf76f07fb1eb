/**
 * What each run of `detkit repro` varies. Run 0 is the baseline: the command exactly as the user runs it.
 * Every later run applies each selected kind of perturbation, with values that depend only on the seed, the
 * run number and the kind, so `--replay-run K` (or the same kind alone, when detkit looks for the culprit)
 * gives run K exactly the same perturbation again.
 */
import { compareStrings } from "@detkit/runtime/collections";
import { FAR_APART_TIMEZONES } from "@detkit/runtime/internal/perturb";
import { seeded } from "@detkit/runtime/random";
import type { Random } from "@detkit/runtime/random";
import { FSORDER_SEED_VARIABLE, REPORT_FILE_VARIABLE, SCHEDULE_SEED_VARIABLE } from "./protocol.js";

/** The kinds of perturbation, in the order they are listed and applied. */
export const PERTURBATION_KINDS = ["tz", "locale", "env", "cwd", "schedule", "fsorder"] as const;
export type PerturbationKind = (typeof PERTURBATION_KINDS)[number];

export function isPerturbationKind(value: string): value is PerturbationKind {
  return PERTURBATION_KINDS.some((kind) => kind === value);
}

/**
 * LANG/LC_ALL values: the POSIX locale, Turkish (dotted and dotless i, comma decimals), German (comma decimals,
 * period grouping) and Japanese (another script and calendar era names). Run K takes `LOCALES[K % 4]`.
 */
export const LOCALES: readonly string[] = Object.freeze(["C", "tr_TR.UTF-8", "de_DE.UTF-8", "ja_JP.UTF-8"]);

/** The extra variable of the `env` perturbation: nothing reads it, so nothing may change because of it. */
export const UNRELATED_VARIABLE = "DETKIT_REPRO_UNRELATED";

/** One run's perturbations; a field is set when its kind applies to the run. */
export interface RunPlan {
  readonly run: number;
  /** The seed the run's perturbations are drawn from (`<seed>/<run>`); undefined for the baseline. */
  readonly seed: string | undefined;
  readonly kinds: readonly PerturbationKind[];
  readonly timezone?: string;
  readonly locale?: string;
  /** The value of `UNRELATED_VARIABLE`; the environment's order is shuffled too. */
  readonly unrelated?: string;
  /** The name of the directory the run works in, instead of the original's. */
  readonly directoryName?: string;
  readonly schedule: boolean;
  readonly fsorder: boolean;
}

function hex(random: Random, bytes: number): string {
  return Buffer.from(random.bytes(bytes)).toString("hex");
}

/** The perturbations of run `run` (0 is the baseline, which has none) for the selected `kinds`. */
export function planRun(run: number, seed: string, kinds: readonly PerturbationKind[]): RunPlan {
  if (run === 0) return { run, seed: undefined, kinds: [], schedule: false, fsorder: false };
  const runSeed = `${seed}/${run}`;
  const random = seeded(runSeed);
  const selected = PERTURBATION_KINDS.filter((kind) => kinds.includes(kind));
  const has = (kind: PerturbationKind): boolean => selected.includes(kind);
  return {
    run,
    seed: runSeed,
    kinds: selected,
    ...(has("tz") ? { timezone: FAR_APART_TIMEZONES[run % FAR_APART_TIMEZONES.length] } : {}),
    ...(has("locale") ? { locale: LOCALES[run % LOCALES.length] } : {}),
    ...(has("env") ? { unrelated: hex(random.fork("env"), 8) } : {}),
    ...(has("cwd") ? { directoryName: `moved-${hex(random.fork("cwd"), 3)}` } : {}),
    schedule: has("schedule"),
    fsorder: has("fsorder"),
  };
}

/** What a run needs from the preload: where it is, and where its processes report. */
export interface PreloadRequest {
  /** A `file:` URL of the preload module. */
  readonly url: string;
  readonly reportFile: string;
}

/** Whether a run needs the preload: to perturb scheduling or listings, or to verify its locale or time zone. */
export function needsPreload(plan: RunPlan): boolean {
  return plan.schedule || plan.fsorder || plan.timezone !== undefined || plan.locale !== undefined;
}

/**
 * The environment of a run, in the order the child will see it: the user's, with the run's perturbations
 * set, and shuffled (by the run's seed, from sorted names, so the order depends on nothing else) when `env`
 * is perturbed.
 */
export function runEnvironment(
  base: Readonly<Record<string, string | undefined>>,
  plan: RunPlan,
  preload: PreloadRequest | undefined,
): Record<string, string> {
  const entries = new Map<string, string>();
  for (const [name, value] of Object.entries(base)) if (value !== undefined) entries.set(name, value);
  if (plan.timezone !== undefined) entries.set("TZ", plan.timezone);
  if (plan.locale !== undefined) {
    entries.set("LANG", plan.locale);
    entries.set("LC_ALL", plan.locale);
  }
  if (preload !== undefined && plan.seed !== undefined) {
    // --import is a flag NODE_OPTIONS allows; a URL has no spaces to quote.
    const existing = entries.get("NODE_OPTIONS");
    const flag = `--import=${preload.url}`;
    entries.set("NODE_OPTIONS", existing === undefined || existing.trim() === "" ? flag : `${existing} ${flag}`);
    entries.set(REPORT_FILE_VARIABLE, preload.reportFile);
    if (plan.schedule) entries.set(SCHEDULE_SEED_VARIABLE, plan.seed);
    if (plan.fsorder) entries.set(FSORDER_SEED_VARIABLE, plan.seed);
  }
  if (plan.unrelated !== undefined && plan.seed !== undefined) {
    entries.set(UNRELATED_VARIABLE, plan.unrelated);
    const names = [...entries.keys()].sort(compareStrings);
    const shuffled = seeded(plan.seed).fork("env-order").shuffle(names);
    return Object.fromEntries(shuffled.map((name) => [name, entries.get(name) ?? ""]));
  }
  return Object.fromEntries(entries);
}

/** How a run's perturbation reads in a report: `TZ=Asia/Kolkata`, `LC_ALL=de_DE.UTF-8`, `schedule seed 0/3`. */
export function describeValue(plan: RunPlan, kind: PerturbationKind): string {
  switch (kind) {
    case "tz":
      return plan.timezone ?? "";
    case "locale":
      return plan.locale ?? "";
    case "env":
      return `${UNRELATED_VARIABLE}=${plan.unrelated ?? ""}, order shuffled`;
    case "cwd":
      return plan.directoryName ?? "";
    case "schedule":
    case "fsorder":
      return plan.seed ?? "";
  }
}
