/**
 * Test helpers for determinism: assert that a computation gives the same result when what should not matter
 * is varied, record and replay the clock and random values a run reads, and check that a function's timing
 * is stable, all measured through injected clocks.
 */
import { systemClock } from "./clock.js";
import type { Clock } from "./clock.js";
import { compareNumbers } from "./collections.js";
import { seeded } from "./random.js";
import type { Random, Seed } from "./random.js";
import { firstDifference } from "./internal/testing-compare.js";
import { drive, isPromiseLike } from "./internal/testing-drive.js";
import { FAR_APART_TIMEZONES, installPerturbations } from "./internal/testing-perturb.js";
import { parseRecording, RecorderImpl, ReplayerImpl } from "./internal/testing-recording.js";
import type { Recording } from "./internal/testing-recording.js";
import { assertSeed, backingFromState } from "./internal/random-xoshiro.js";

export type { RecordedEvent, Recording } from "./internal/testing-recording.js";

// ---------------------------------------------------------------------------------------------------------
// expectReproducible

/** What `expectReproducible` passes to each run. */
export interface RunContext {
  /** The index of this run, from 0. */
  readonly run: number;
  /**
   * A generator seeded differently for each run (seed `"<options.seed>/run/<run>"`, by default
   * `"expectReproducible/run/<run>"`), so the variation is itself reproducible: use it to vary what must not
   * matter, such as input order (`random.shuffle(orders)`).
   */
  readonly random: Random;
}

/**
 * Changes something before run `run` that must not change the result; may return a function that undoes
 * the change, which is called after the run (also when it fails).
 */
export type Perturbation = (run: number) => void | (() => void);

/** What `expectReproducible` varies between runs, besides what the function does with `RunContext.random`. */
export interface Perturb {
  /**
   * IANA time zone names. Run `i` runs with `process.env.TZ` set to `timezones[i % timezones.length]`, which
   * Node applies at once to `Date` and `Intl`; the previous value is restored after the run. The change is
   * process-wide: other code running meanwhile (for example during an async run) sees it too.
   * @default []
   */
  readonly timezones?: readonly string[];
  /**
   * Seeded jitter of scheduling while a run is in progress: `setTimeout`/`setInterval` fire a few
   * milliseconds late, `setImmediate` callbacks wait a few extra turns, the callbacks and promises of `fs`
   * are delivered late, and promise continuations (`then`, `catch`, `finally`, `Promise.all`) run a few
   * microtasks late. Work that completes in a different order each run shows up as a different result, for
   * example a Map filled from `Promise.all` callbacks. Each run draws from its own seed
   * (`"<seed>/run/<run>"`, forked `"schedule"`). The patches are process-wide until the run settles.
   * @default false
   */
  readonly schedule?: boolean;
  /**
   * Seeded shuffle of directory listings while a run is in progress: `fs.readdir`, `readdirSync`, `opendir`,
   * `opendirSync` and `fs.promises.readdir`/`opendir` return their entries in an order drawn from the run's
   * seed (forked `"fsorder"`), as different file systems would.
   * @default false
   */
  readonly fsorder?: boolean;
  /**
   * Further perturbations, applied in order before each run after the built-in ones, and undone in reverse
   * order.
   * @default []
   */
  readonly custom?: readonly Perturbation[];
}

/** What `perturb: true` selects. */
const ALL_PERTURBATIONS: Perturb = Object.freeze({
  timezones: FAR_APART_TIMEZONES,
  schedule: true,
  fsorder: true,
});

/** Options for `expectReproducible`. */
export interface ReproducibleOptions {
  /**
   * How many times to run the function; at least 2, and at least the number of time zones.
   * @default 3, or the number of time zones when that is larger
   */
  readonly runs?: number;
  /**
   * What to vary between runs; `true` for every built-in perturbation: the time zones UTC, Pacific/Kiritimati,
   * America/St_Johns and Asia/Kolkata, `schedule` and `fsorder`.
   * @default {}
   */
  readonly perturb?: Perturb | true;
  /**
   * The root of every seed a run draws from (`context.random`, scheduling jitter, listing order): run `i`
   * uses `"<seed>/run/<i>"`. The same seed repeats the same perturbations, so a failure can be replayed;
   * another seed explores others.
   * @default "expectReproducible"
   */
  readonly seed?: Seed;
}

const DEFAULT_RUNS = 3;
const DEFAULT_SEED = "expectReproducible";

function assertTimezone(zone: string): void {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
  } catch {
    // An unknown TZ would silently fall back to UTC, and the run would not test what it claims to.
    throw new RangeError(`expectReproducible: unknown time zone ${JSON.stringify(zone)}`);
  }
}

function setTimezone(zone: string): () => void {
  const previous = process.env.TZ;
  process.env.TZ = zone;
  return () => {
    if (previous === undefined) delete process.env.TZ;
    else process.env.TZ = previous;
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function* reproducibleRuns(
  fn: (context: RunContext) => unknown,
  options: ReproducibleOptions,
): Generator<unknown, unknown, unknown> {
  const perturb = options.perturb === true ? ALL_PERTURBATIONS : (options.perturb ?? {});
  const zones = perturb.timezones ?? [];
  for (const zone of zones) assertTimezone(zone);
  const custom = perturb.custom ?? [];
  const seed = options.seed ?? DEFAULT_SEED;
  try {
    assertSeed(seed);
  } catch (error) {
    throw new RangeError(`expectReproducible: ${messageOf(error)}`);
  }
  const seedOf = (run: number): string => `${seed}/run/${run}`;
  const jittered = perturb.schedule === true || perturb.fsorder === true;
  // Where a seeded perturbation shaped the run, the seed is what replays it.
  const replayHint = (run: number): string =>
    jittered ? `\n  seed: ${JSON.stringify(seed)} (run ${run} drew from ${JSON.stringify(seedOf(run))}; the same seed replays it)` : "";
  const runFailed = (run: number, error: unknown): Error =>
    new Error(`expectReproducible: run ${run} threw: ${messageOf(error)}${replayHint(run)}`, { cause: error });
  const runs = options.runs ?? Math.max(DEFAULT_RUNS, zones.length);
  if (!Number.isSafeInteger(runs) || runs < 2) {
    throw new RangeError(`expectReproducible: runs must be an integer of at least 2, got ${String(runs)}`);
  }
  if (runs < zones.length) {
    throw new RangeError(`expectReproducible: ${runs} runs cannot try all ${zones.length} time zones`);
  }
  const zoneOf = (run: number): string | undefined => (zones.length === 0 ? undefined : zones[run % zones.length]);
  const describeRun = (run: number): string => {
    const zone = zoneOf(run);
    const varied = [
      ...(zone === undefined ? [] : [`TZ=${zone}`]),
      ...(perturb.schedule === true ? ["schedule"] : []),
      ...(perturb.fsorder === true ? ["fsorder"] : []),
    ];
    return varied.length === 0 ? `run ${run}` : `run ${run} (${varied.join(", ")})`;
  };

  let first: unknown;
  let firstWasSync = false;
  for (let run = 0; run < runs; run++) {
    const undo: (() => void)[] = [];
    let result: unknown;
    try {
      const zone = zoneOf(run);
      if (zone !== undefined) undo.push(setTimezone(zone));
      const random = seeded(seedOf(run));
      if (jittered) {
        undo.push(
          installPerturbations({
            ...(perturb.schedule === true ? { schedule: random.fork("schedule"), continuations: true } : {}),
            ...(perturb.fsorder === true ? { fsorder: random.fork("fsorder") } : {}),
          }),
        );
      }
      for (const perturbation of custom) {
        const undoThis = perturbation(run);
        if (typeof undoThis === "function") undo.push(undoThis);
      }
      let returned: unknown;
      try {
        returned = fn({ run, random });
      } catch (error) {
        throw runFailed(run, error);
      }
      if (run === 0) {
        firstWasSync = !isPromiseLike(returned);
      } else if (firstWasSync && isPromiseLike(returned)) {
        returned.then(undefined, () => undefined);
        throw new TypeError(
          `expectReproducible: run ${run} returned a promise but run 0 did not; the function must be always or never async`,
        );
      }
      try {
        result = yield returned;
      } catch (error) {
        throw runFailed(run, error);
      }
    } finally {
      for (const undoOne of undo.reverse()) undoOne();
    }
    if (run === 0) {
      first = result;
      continue;
    }
    const difference = firstDifference(first, result);
    if (difference !== undefined) {
      throw new Error(
        `expectReproducible: ${describeRun(run)} differs from ${describeRun(0)} at ${difference.path}\n` +
          `  run 0: ${difference.left}\n` +
          `  run ${run}: ${difference.right}` +
          replayHint(run),
      );
    }
  }
  return first;
}

/**
 * Runs `fn` several times, varying what should not matter (`options.perturb`, and whatever `fn` does with
 * `context.random`), and asserts that every run returns the same result as the first. Results are compared
 * structurally: object keys, Map entries and Set members in any insertion order, primitives by `Object.is`
 * (NaN equals NaN, -0 differs from +0), functions and symbols by identity.
 *
 * With a synchronous `fn` it runs synchronously and returns the first run's result; with an async `fn` it
 * returns a promise of it (await it). Invalid options throw synchronously in both cases.
 *
 * @throws Error naming the first differing path and the run that differed, e.g.
 *   `expectReproducible: run 2 (TZ=Asia/Kathmandu) differs from run 0 (TZ=UTC) at $.lines[3].date`; an
 *   error thrown by a run, wrapped with its run index (the original is the `cause`). With `schedule` or
 *   `fsorder`, both end with the seed that replays the run.
 *
 * @example
 * await expectReproducible(({ random }) => buildReport(random.shuffle(files)), {
 *   perturb: { timezones: ["UTC", "Asia/Kathmandu", "America/St_Johns"] },
 * });
 */
export function expectReproducible<T>(fn: (context: RunContext) => PromiseLike<T>, options?: ReproducibleOptions): Promise<T>;
export function expectReproducible<T>(fn: (context: RunContext) => T, options?: ReproducibleOptions): T;
export function expectReproducible(fn: (context: RunContext) => unknown, options: ReproducibleOptions = {}): unknown {
  return drive(reproducibleRuns(fn, options));
}

// ---------------------------------------------------------------------------------------------------------
// record / replay

/** The clock and generator whose values `record` logs. */
export interface RecordSource {
  /**
   * The clock the run reads.
   * @default systemClock
   */
  readonly clock?: Clock;
  /**
   * The generator the run draws from; the recorder draws from a copy at its current position (this generator
   * itself does not advance). It must be made by `seeded` or `restore`.
   * @default seeded() (a fresh entropy seed, kept in the recording)
   */
  readonly random?: Random;
}

/** Hands the run a clock and a generator that log every value they give. */
export interface Recorder {
  /** Reads `source.clock`, logging each `now()` (`date()` reads `now()`). */
  readonly clock: Clock;
  /** Draws from a copy of `source.random`, logging each 32-bit word; forks are logged under their labels. */
  readonly random: Random;
  /** Everything logged so far, as plain JSON. */
  recording(): Recording;
}

/** Hands a second run the recorded values, in the recorded order. */
export interface Replayer {
  /** Returns the recorded clock readings. */
  readonly clock: Clock;
  /**
   * Rebuilds every number, choice, byte and UUID from the recorded words; `fork` works, `state()` throws
   * (a replay has no generator behind it).
   */
  readonly random: Random;
  /** How many recorded values the run has not read yet. */
  readonly remaining: number;
  /**
   * Asserts that the run read every recorded value.
   * @throws Error saying how many values were left.
   */
  assertComplete(): void;
}

/**
 * Starts recording the clock readings and random draws of a run: give the run `recorder.clock` and
 * `recorder.random`, then keep `recorder.recording()` (plain JSON) to replay the run with `replay`.
 *
 * @throws Error when `source.random` has no state to copy (it is itself a replay).
 *
 * @example
 * const recorder = record({ clock: systemClock });
 * const result = runJob({ clock: recorder.clock, random: recorder.random });
 * writeFileSync("job.recording.json", JSON.stringify(recorder.recording()));
 */
export function record(source: RecordSource = {}): Recorder {
  const random = source.random ?? seeded();
  return new RecorderImpl(source.clock ?? systemClock, backingFromState(random.state()));
}

/**
 * A clock and a generator that give a run exactly the values recorded by `record`, in the same order.
 *
 * @param recording - what `Recorder.recording()` returned, possibly through `JSON.stringify`/`JSON.parse`.
 * @throws TypeError naming the first malformed field of `recording`. The replayed clock and generator throw
 *   an Error when the run asks for more values than were recorded, or for a different kind of value than the
 *   next recorded one (the clock instead of a random draw, or another fork stream).
 *
 * @example
 * const replayer = replay(JSON.parse(readFileSync("job.recording.json", "utf8")));
 * const again = runJob({ clock: replayer.clock, random: replayer.random });
 * replayer.assertComplete();
 */
export function replay(recording: Recording): Replayer {
  return new ReplayerImpl(parseRecording(recording));
}

// ---------------------------------------------------------------------------------------------------------
// timing

/** Summary statistics of timing samples. */
export interface TimingStats {
  /** The number of samples. */
  readonly n: number;
  /** The arithmetic mean. */
  readonly mean: number;
  /** The sample standard deviation (divides by n − 1, Bessel's correction: the samples estimate a spread). */
  readonly stddev: number;
  /** The coefficient of variation, stddev / |mean|; 0 when every sample is 0, Infinity when the mean alone is 0. */
  readonly cv: number;
  /** The smallest sample. */
  readonly min: number;
  /** The largest sample. */
  readonly max: number;
  /** The middle sample, or the mean of the two middle samples when n is even. */
  readonly median: number;
}

/**
 * Mean, sample standard deviation, coefficient of variation, extremes and median of `samples`.
 *
 * @throws RangeError with fewer than 2 samples (a sample standard deviation needs two) or a non-finite sample.
 */
export function timingStats(samples: readonly number[]): TimingStats {
  const n = samples.length;
  if (n < 2) throw new RangeError(`timingStats needs at least 2 samples, got ${n}`);
  let sum = 0;
  for (const [index, sample] of samples.entries()) {
    if (typeof sample !== "number" || !Number.isFinite(sample)) {
      throw new RangeError(`timingStats: sample ${index} is ${String(sample)}, not a finite number`);
    }
    sum += sample;
  }
  const mean = sum / n;
  let squares = 0;
  for (const sample of samples) squares += (sample - mean) ** 2;
  const stddev = Math.sqrt(squares / (n - 1));
  const cv = mean === 0 ? (stddev === 0 ? 0 : Number.POSITIVE_INFINITY) : stddev / Math.abs(mean);
  const sorted = samples.slice().sort(compareNumbers);
  const middle = Math.floor(n / 2);
  const upper = sorted[middle] ?? mean;
  const median = n % 2 === 1 ? upper : ((sorted[middle - 1] ?? mean) + upper) / 2;
  return { n, mean, stddev, cv, min: sorted[0] ?? mean, max: sorted[n - 1] ?? mean, median };
}

/** Options for `expectStableTiming`. */
export interface StableTimingOptions {
  /** The largest accepted coefficient of variation (stddev / mean), e.g. 0.1 for 10 %. */
  readonly maxCv: number;
  /**
   * How many samples to measure; at least 2.
   * @default 10
   */
  readonly runs?: number;
  /**
   * Calls made before measuring, so that compilation and caches settle.
   * @default 1
   */
  readonly warmup?: number;
  /**
   * Calls per sample; a sample is their total time divided by this. Raise it when one call is short next to
   * the clock's resolution (`systemClock` counts whole milliseconds).
   * @default 1
   */
  readonly iterations?: number;
  /**
   * The clock timing is read from.
   * @default systemClock
   */
  readonly clock?: Clock;
}

function assertCount(name: string, value: number, minimum: number): void {
  if (!Number.isSafeInteger(value) || value < minimum) {
    throw new RangeError(`expectStableTiming: ${name} must be an integer of at least ${minimum}, got ${String(value)}`);
  }
}

function formatFigure(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(3))) : String(value);
}

function* timedRuns(fn: () => unknown, options: StableTimingOptions): Generator<unknown, TimingStats, unknown> {
  const { maxCv, runs = 10, warmup = 1, iterations = 1, clock = systemClock } = options;
  if (typeof maxCv !== "number" || !(maxCv >= 0)) {
    throw new RangeError(`expectStableTiming: maxCv must be a number of at least 0, got ${String(maxCv)}`);
  }
  assertCount("runs", runs, 2);
  assertCount("warmup", warmup, 0);
  assertCount("iterations", iterations, 1);
  for (let i = 0; i < warmup; i++) yield fn();
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = clock.now();
    for (let i = 0; i < iterations; i++) yield fn();
    samples.push((clock.now() - start) / iterations);
  }
  const stats = timingStats(samples);
  if (stats.cv > maxCv) {
    throw new Error(
      `expectStableTiming: coefficient of variation ${formatFigure(stats.cv)} exceeds maxCv ${maxCv} ` +
        `(${stats.n} samples of ${iterations} call${iterations === 1 ? "" : "s"}: mean ${formatFigure(stats.mean)} ms, ` +
        `stddev ${formatFigure(stats.stddev)} ms, min ${formatFigure(stats.min)} ms, median ${formatFigure(stats.median)} ms, ` +
        `max ${formatFigure(stats.max)} ms)`,
    );
  }
  return stats;
}

/**
 * Times `fn` with `options.clock` (`runs` samples after `warmup` calls) and asserts that the coefficient of
 * variation of the samples is at most `maxCv`. Returns the statistics (in milliseconds per call), or a
 * promise of them when `fn` is async.
 *
 * Timing depends on the machine and its load: keep such checks out of ordinary test runs, and test code that
 * uses this helper with a clock you control.
 *
 * @throws Error with the statistics when the variation is too large; RangeError for invalid options.
 */
export function expectStableTiming(fn: () => PromiseLike<unknown>, options: StableTimingOptions): Promise<TimingStats>;
export function expectStableTiming(fn: () => unknown, options: StableTimingOptions): TimingStats;
export function expectStableTiming(fn: () => unknown, options: StableTimingOptions): TimingStats | Promise<TimingStats> {
  return drive(timedRuns(fn, options));
}
