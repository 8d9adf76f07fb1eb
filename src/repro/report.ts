/**
 * The result of `detkit repro` as data, and its two renderings. The JSON form is fixed by
 * `repro.schema.json` (shipped as `detkit/repro.schema.json`); it holds nothing that varies between two
 * invocations with the same inputs (no durations, no temporary paths), so it can itself be compared.
 */
import { createColors } from "picocolors";
import type { PerturbationKind } from "./plan.js";
import { plural } from "../text.js";

/** One perturbation of a run, and whether it was seen in effect. */
export interface AppliedPerturbation {
  readonly kind: PerturbationKind;
  /** `Asia/Kolkata`, `tr_TR.UTF-8`, `DETKIT_REPRO_UNRELATED=…, order shuffled`, `moved-3fa9c1`, or the seed. */
  readonly value: string;
  /**
   * `true` when the run's Node.js process showed it in effect (or detkit applied it itself: env, cwd),
   * `false` when it was asked for and not in effect, `null` when no Node.js process could show it.
   */
  readonly applied: boolean | null;
  /** For tz and locale: the time zone or locale the run's Node.js process reported. */
  readonly observed?: string;
}

export interface RunSummary {
  readonly run: number;
  /** The seed the run's perturbations were drawn from; null for the baseline. */
  readonly seed: string | null;
  readonly perturbations: readonly AppliedPerturbation[];
  /** `exit code 0`, `killed by SIGSEGV`, `timed out after 60 s`, `failed to start: …`. */
  readonly status: string;
  /** Where the run differs from run 0: `exit code`, `stdout`, output file paths. */
  readonly differsIn: readonly string[];
}

export interface FirstDifference {
  readonly run: number;
  /** The first place that differs: `exit code`, `stdout` or an output file's path. */
  readonly item: string;
  /** Both sides were compared as canonical JSON. */
  readonly canonicalized: boolean;
  /** A small unified diff of run 0 and this run at `item`. */
  readonly diff: string;
  /**
   * The perturbations that, each applied alone with the same value, make the output differ too; null when
   * the run had a single perturbation (it is the one) or none.
   */
  readonly culprits: readonly PerturbationKind[] | null;
  /**
   * A run of the same command without any perturbation differs too: the command is not deterministic by
   * itself (it reads the clock, draws random numbers, races), whatever was varied.
   */
  readonly unperturbedDiffers: boolean;
  /** The command line that runs run 0 and this run again, with the same perturbations. */
  readonly replay: string;
  /** The end of the run's standard error, when the difference is in the exit code. */
  readonly stderr?: string;
}

export interface ReproReport {
  readonly tool: { readonly name: "detkit"; readonly version: string };
  readonly command: readonly string[];
  readonly seed: string;
  readonly vary: readonly PerturbationKind[];
  /** What was compared: `exit code`, `stdout`, then the `--output` paths as given. */
  readonly compared: readonly string[];
  /** JSON outputs compared as canonical JSON (false with `--strict-bytes`). */
  readonly canonicalJson: boolean;
  /** The `--ignore` paths. */
  readonly ignored: readonly string[];
  readonly reproducible: boolean;
  readonly runs: readonly RunSummary[];
  readonly firstDifference: FirstDifference | null;
  /** What detkit could not do as asked, said once each (a locale this Node.js lacks, no Node.js process to perturb). */
  readonly notices: readonly string[];
  readonly summary: { readonly runs: number; readonly agreeing: number; readonly differing: number };
}

export const REPRO_FORMATS = ["stylish", "json"] as const;
export type ReproFormat = (typeof REPRO_FORMATS)[number];

export function isReproFormat(value: string): value is ReproFormat {
  return REPRO_FORMATS.some((format) => format === value);
}

function describePerturbation(perturbation: AppliedPerturbation): string {
  const text = (() => {
    switch (perturbation.kind) {
      case "tz":
        return `TZ=${perturbation.value}`;
      case "locale":
        return `LC_ALL=${perturbation.value}`;
      case "env":
        return `env ${perturbation.value}`;
      case "cwd":
        return `cwd renamed ${perturbation.value}`;
      case "schedule":
        return "schedule jitter";
      case "fsorder":
        return "shuffled listings";
    }
  })();
  return perturbation.applied === false ? `${text} (not in effect)` : text;
}


function colorDiff(diff: string, c: ReturnType<typeof createColors>): string {
  return diff
    .split("\n")
    .map((line) => {
      if (line.startsWith("+++") || line.startsWith("---")) return c.bold(line);
      if (line.startsWith("@@")) return c.cyan(line);
      if (line.startsWith("+")) return c.green(line);
      if (line.startsWith("-")) return c.red(line);
      return line;
    })
    .join("\n");
}

function indent(text: string, prefix: string): string {
  return text
    .trimEnd()
    .split("\n")
    .map((line) => `${prefix}${line}`)
    .join("\n");
}

/** The report for a terminal: the verdict first, then the first differing run and its diff. */
export function renderStylish(report: ReproReport, color: boolean): string {
  const c = createColors(color);
  const lines: string[] = [];
  for (const notice of report.notices) lines.push(`${c.yellow("note")}: ${notice}`);
  const varied = report.vary.length === 0 ? "nothing varied" : `varied ${report.vary.join(", ")}`;
  const compared = report.compared.join(", ");
  if (report.reproducible) {
    const verdict = c.green("reproducible");
    lines.push(`${verdict}: ${plural(report.summary.runs, "run")} agreed on ${compared} (${varied}; seed ${report.seed})`);
    return `${lines.join("\n")}\n`;
  }
  const perturbed = report.summary.runs - 1;
  const differing = report.runs.filter((run) => run.differsIn.length > 0).map((run) => run.run);
  const verdict = c.red(c.bold("not reproducible"));
  lines.push(
    `${verdict}: ${report.summary.differing} of ${plural(perturbed, "perturbed run")} differ from run 0 ` +
      `(run${differing.length === 1 ? "" : "s"} ${differing.join(", ")}; ${varied}; seed ${report.seed})`,
  );
  const first = report.firstDifference;
  const run = first === null ? undefined : report.runs.find((summary) => summary.run === first.run);
  if (first !== null && run !== undefined) {
    lines.push("");
    lines.push(`run ${first.run} differs in ${run.differsIn.join(", ")}${first.canonicalized ? " (compared as canonical JSON)" : ""}`);
    const perturbations = run.perturbations.map(describePerturbation).join(", ");
    lines.push(`  perturbations: ${perturbations === "" ? "none" : perturbations} (seed ${run.seed ?? report.seed})`);
    if (first.unperturbedDiffers) {
      lines.push("  a run without any perturbation differs too: the command is not deterministic by itself (clock, randomness, races)");
    } else if (first.culprits !== null) {
      const [only, ...more] = first.culprits;
      lines.push(
        only === undefined
          ? "  no perturbation alone makes it differ: it takes their combination, or the difference comes and goes"
          : more.length === 0
            ? `  ${only} alone makes it differ`
            : `  each of ${first.culprits.slice(0, -1).join(", ")} and ${first.culprits.at(-1) ?? ""} alone makes it differ`,
      );
    }
    lines.push(`  replay: ${first.replay}`);
    lines.push("");
    lines.push(colorDiff(first.diff.trimEnd(), c));
    if (first.stderr !== undefined && first.stderr.trim() !== "") {
      lines.push("");
      lines.push(`standard error of run ${first.run} (end):`);
      lines.push(indent(first.stderr, "  "));
    }
  }
  return `${lines.join("\n")}\n`;
}

export function renderJson(report: ReproReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export function renderReproReport(report: ReproReport, format: ReproFormat, color: boolean): string {
  return format === "json" ? renderJson(report) : renderStylish(report, color);
}
