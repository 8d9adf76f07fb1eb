import { describe, expect, it } from "vitest";
import type { Clock } from "../../wrappers/clock.js";
import { seeded } from "../../wrappers/random.js";
import type { Random } from "../../wrappers/random.js";
import {
  expectReproducible,
  expectStableTiming,
  record,
  replay,
  timingStats,
} from "../../wrappers/testing.js";
import type { Recording } from "../../wrappers/testing.js";
import { firstDifference } from "../../wrappers/internal/testing-compare.js";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { totalsByName, totalsInCompletionOrder } from "../fixtures/repro/completion-order.mjs";

const LISTING = fileURLToPath(new URL("../fixtures/repro/listing/", import.meta.url));

/** A clock that only moves when told to. */
function manualClock(start = 0): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    date: () => new Date(now),
    monotonic: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

/** Catches what `fn` throws, so a test can read the message. */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`threw a non-Error: ${String(error)}`);
  }
  throw new Error("did not throw");
}

describe("firstDifference", () => {
  it("finds nothing in equal values, whatever the key order", () => {
    const left = { b: [1, { y: 2, x: 1 }], a: new Map([["k", new Set([1, 2])], ["j", new Set()]]), d: new Date(5) };
    const right = { a: new Map([["j", new Set()], ["k", new Set([2, 1])]]), d: new Date(5), b: [1, { x: 1, y: 2 }] };
    expect(firstDifference(left, right)).toBeUndefined();
    expect(firstDifference(Number.NaN, Number.NaN)).toBeUndefined();
  });

  it("reports the first differing path in sorted key order", () => {
    expect(firstDifference({ b: 1, a: { c: 1 } }, { b: 2, a: { c: 3 } })).toEqual({ path: "$.a.c", left: "1", right: "3" });
    expect(firstDifference({ "a key": [1, 2] }, { "a key": [1] })).toEqual({
      path: '$["a key"][1]',
      left: "2",
      right: "(missing)",
    });
    expect(firstDifference({ a: 1 }, { a: 1, b: undefined })).toEqual({ path: "$.b", left: "(missing)", right: "undefined" });
    expect(firstDifference(new Map([["a", 1]]), new Map([["a", 2]]))?.path).toBe('$.get("a")');
  });

  it("tells -0 from +0, types apart, and class instances from plain objects", () => {
    expect(firstDifference([0], [-0])).toEqual({ path: "$[0]", left: "0", right: "-0" });
    expect(firstDifference({ a: 1 }, { a: "1" })).toEqual({ path: "$.a", left: "1", right: '"1"' });
    class Point {
      constructor(readonly x: number) {}
    }
    expect(firstDifference(new Point(1), { x: 1 })?.path).toBe("$");
    // Members are compared in sorted order: 2 is the first member found on one side only.
    expect(firstDifference(new Set([1, 2]), new Set([1, 3]))).toEqual({ path: "$", left: "2", right: "(missing)" });
    expect(firstDifference(new Uint8Array([1, 2]), new Uint8Array([1, 3]))?.path).toBe("$");
  });

  it("terminates on cyclic structures", () => {
    const a: { self?: unknown; n: number } = { n: 1 };
    a.self = a;
    const b: { self?: unknown; n: number } = { n: 1 };
    b.self = b;
    expect(firstDifference(a, b)).toBeUndefined();
    b.n = 2;
    expect(firstDifference(a, b)?.path).toBe("$.n");
  });
});

/** Catches the rejection of `pending`, so a test can read the message. */
async function rejected(pending: PromiseLike<unknown>): Promise<Error> {
  try {
    await pending;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error("did not reject");
}

describe("expectReproducible", () => {
  it("runs a synchronous function 3 times and returns its result synchronously", () => {
    let calls = 0;
    const result = expectReproducible(() => {
      calls++;
      return { total: 10 };
    });
    expect(result).toEqual({ total: 10 });
    expect(calls).toBe(3);
  });

  it("ignores the insertion order of object keys, Map entries and Set members", () => {
    expect(() =>
      expectReproducible(({ run }) => {
        const keys = run % 2 === 0 ? ["a", "b"] : ["b", "a"];
        return {
          object: Object.fromEntries(keys.map((key) => [key, 1])),
          map: new Map(keys.map((key) => [key, 1])),
          set: new Set(keys),
        };
      }),
    ).not.toThrow();
  });

  it("names the first differing path and the run that differed", () => {
    let counter = 0;
    const error = thrown(() => expectReproducible(() => ({ totals: { eur: counter++ < 2 ? 10.5 : 10.499999999999998 } })));
    expect(error.message).toBe(
      "expectReproducible: run 2 differs from run 0 at $.totals.eur\n  run 0: 10.5\n  run 2: 10.499999999999998",
    );
  });

  it("uses context.random to vary input order, reproducibly", () => {
    const files = ["c", "a", "b", "d", "e"];
    const error = thrown(() => expectReproducible(({ random }) => random.shuffle(files).join(",")));
    expect(error.message).toMatch(/^expectReproducible: run 1 differs from run 0 at \$\n/);
    expect(expectReproducible(({ random }) => random.shuffle(files).sort().join(","))).toBe("a,b,c,d,e");
    const seeds: unknown[] = [];
    expectReproducible(({ random }) => {
      seeds.push(random.seed);
      return 0;
    });
    expect(seeds).toEqual(["expectReproducible/run/0", "expectReproducible/run/1", "expectReproducible/run/2"]);
  });

  it("accepts async functions and returns a promise of the result", async () => {
    let counter = 0;
    const pending = expectReproducible(async () => {
      await Promise.resolve();
      return [1, 2, 3];
    });
    expect(pending).toBeInstanceOf(Promise);
    await expect(pending).resolves.toEqual([1, 2, 3]);
    await expect(
      expectReproducible(async () => {
        await Promise.resolve();
        return { items: counter++ === 0 ? [1, 2] : [1] };
      }),
    ).rejects.toThrow(/run 1 differs from run 0 at \$\.items\[1\]\n {2}run 0: 2\n {2}run 1: \(missing\)/);
  });

  it("wraps an error thrown by a run with the run index, keeping the original as cause", async () => {
    const original = new Error("boom");
    const error = thrown(() =>
      expectReproducible(({ run }) => {
        if (run === 1) throw original;
        return 1;
      }),
    );
    expect(error.message).toBe("expectReproducible: run 1 threw: boom");
    expect(error.cause).toBe(original);
    await expect(
      expectReproducible(async ({ run }) => {
        await Promise.resolve();
        if (run === 2) throw original;
        return 1;
      }),
    ).rejects.toThrow("expectReproducible: run 2 threw: boom");
  });

  it("refuses a function that turns async after a synchronous first run", () => {
    expect(() => expectReproducible(({ run }) => (run === 0 ? 1 : Promise.resolve(1)))).toThrow(/always or never async/);
  });

  it("runs each run in the next time zone, restores TZ, and reports the zones", () => {
    const before = process.env.TZ;
    const zonesSeen: (string | undefined)[] = [];
    expectReproducible(
      () => {
        zonesSeen.push(process.env.TZ);
        return new Date(Date.UTC(2024, 0, 1)).toISOString();
      },
      { perturb: { timezones: ["UTC", "Asia/Kathmandu", "America/St_Johns", "Pacific/Kiritimati"] } },
    );
    expect(zonesSeen).toEqual(["UTC", "Asia/Kathmandu", "America/St_Johns", "Pacific/Kiritimati"]);
    expect(process.env.TZ).toBe(before);

    const error = thrown(() =>
      expectReproducible(() => new Date(Date.UTC(2024, 0, 1)).getHours(), {
        perturb: { timezones: ["UTC", "Asia/Kathmandu"] },
      }),
    );
    expect(error.message).toBe(
      "expectReproducible: run 1 (TZ=Asia/Kathmandu) differs from run 0 (TZ=UTC) at $\n  run 0: 0\n  run 1: 5",
    );
    expect(process.env.TZ).toBe(before);
  });

  it("keeps the time zone set until an async run settles", async () => {
    const before = process.env.TZ;
    const zonesSeen: (string | undefined)[] = [];
    await expectReproducible(
      async () => {
        await new Promise((resolve) => setImmediate(resolve));
        zonesSeen.push(process.env.TZ);
        return 1;
      },
      { perturb: { timezones: ["Asia/Tokyo", "Europe/Paris"] }, runs: 2 },
    );
    expect(zonesSeen).toEqual(["Asia/Tokyo", "Europe/Paris"]);
    expect(process.env.TZ).toBe(before);
  });

  it("validates runs and time zones", () => {
    expect(() => expectReproducible(() => 1, { runs: 1 })).toThrow(RangeError);
    expect(() => expectReproducible(() => 1, { runs: 2.5 })).toThrow(RangeError);
    expect(() => expectReproducible(() => 1, { perturb: { timezones: ["Mars/Olympus_Mons"] } })).toThrow(
      /unknown time zone "Mars\/Olympus_Mons"/,
    );
    expect(() => expectReproducible(() => 1, { runs: 2, perturb: { timezones: ["UTC", "Asia/Tokyo", "Europe/Paris"] } })).toThrow(
      /cannot try all 3 time zones/,
    );
  });

  it("applies custom perturbations before each run and undoes them after, in reverse order", () => {
    const log: string[] = [];
    expectReproducible(
      ({ run }) => {
        log.push(`run ${run}`);
        return 1;
      },
      {
        runs: 2,
        perturb: {
          custom: [
            (run) => {
              log.push(`first ${run}`);
              return () => log.push(`undo first ${run}`);
            },
            (run) => {
              log.push(`second ${run}`);
            },
          ],
        },
      },
    );
    expect(log).toEqual(["first 0", "second 0", "run 0", "undo first 0", "first 1", "second 1", "run 1", "undo first 1"]);
  });

  it("undoes perturbations when a run throws", () => {
    let undone = 0;
    expect(() =>
      expectReproducible(
        () => {
          throw new Error("fails");
        },
        { perturb: { custom: [() => () => undone++] } },
      ),
    ).toThrow(/run 0 threw/);
    expect(undone).toBe(1);
  });
});

describe("expectReproducible with built-in perturbations", () => {
  it("catches a Map filled in completion order under schedule, with the seed and run in the error", async () => {
    const error = await rejected(expectReproducible(() => totalsInCompletionOrder(), { runs: 6, perturb: { schedule: true } }));
    expect(error.message).toMatch(/^expectReproducible: run (\d) \(schedule\) differs from run 0 \(schedule\) at \$\[\d\]\[0\]\n/);
    const run = /run (\d) \(schedule\)/.exec(error.message)?.[1];
    expect(error.message).toContain(
      `\n  seed: "expectReproducible" (run ${run} drew from "expectReproducible/run/${run}"; the same seed replays it)`,
    );
  });

  it("passes the deterministic twin under schedule, and returns its result", async () => {
    await expect(expectReproducible(() => totalsByName(), { runs: 6, perturb: { schedule: true } })).resolves.toEqual([
      ["alpha", 200],
      ["bravo", 50],
      ["charlie", 210],
      ["delta", 100],
      ["echo", 200],
    ]);
  });

  it("jitters each run from its own seed, so another seed tries other orders", async () => {
    const orders = new Set<string>();
    for (const seed of [1, 2, 3]) {
      await expectReproducible(
        async ({ run }) => {
          if (run === 1) orders.add(JSON.stringify(await totalsInCompletionOrder()));
          return 0;
        },
        { runs: 2, seed, perturb: { schedule: true } },
      );
    }
    expect(orders.size).toBeGreaterThan(1);
  });

  it("shuffles directory listings under fsorder, and passes code that sorts them", () => {
    const error = thrown(() => expectReproducible(() => readdirSync(LISTING), { perturb: { fsorder: true } }));
    expect(error.message).toMatch(/^expectReproducible: run \d \(fsorder\) differs from run 0 \(fsorder\) at \$\[\d\]/);
    expect(error.message).toMatch(/\n {2}seed: "expectReproducible"/);
    expect(expectReproducible(() => readdirSync(LISTING).sort(), { perturb: { fsorder: true } })).toHaveLength(8);
  });

  it("turns on every built-in perturbation with perturb: true, and undoes them after each run", async () => {
    const before = { setTimeout: globalThis.setTimeout, readdirSync: readdirSync.name, tz: process.env.TZ };
    const seen: { zone: string | undefined; patched: boolean }[] = [];
    await expectReproducible(
      async () => {
        seen.push({ zone: process.env.TZ, patched: globalThis.setTimeout !== before.setTimeout });
        await new Promise((resolve) => setTimeout(resolve, 1));
        return new Date(Date.UTC(2024, 0, 1)).toISOString();
      },
      { perturb: true },
    );
    expect(seen).toEqual([
      { zone: "UTC", patched: true },
      { zone: "Pacific/Kiritimati", patched: true },
      { zone: "America/St_Johns", patched: true },
      { zone: "Asia/Kolkata", patched: true },
    ]);
    expect(globalThis.setTimeout).toBe(before.setTimeout);
    expect(process.env.TZ).toBe(before.tz);

    const error = thrown(() => expectReproducible(() => new Date(0).getHours(), { perturb: true }));
    expect(error.message).toMatch(/^expectReproducible: run 1 \(TZ=Pacific\/Kiritimati, schedule, fsorder\) differs from run 0 \(TZ=UTC, schedule, fsorder\) at \$\n/);
  });

  it("undoes the patches when a run throws, and names the seed", async () => {
    const original = globalThis.setTimeout;
    const error = await rejected(
      expectReproducible(
        async ({ run }) => {
          await new Promise((resolve) => setTimeout(resolve, 1));
          if (run === 1) throw new Error("boom");
          return 1;
        },
        { perturb: { schedule: true }, seed: "s" },
      ),
    );
    expect(error.message).toBe('expectReproducible: run 1 threw: boom\n  seed: "s" (run 1 drew from "s/run/1"; the same seed replays it)');
    expect(globalThis.setTimeout).toBe(original);
  });

  it("validates the seed", () => {
    expect(() => expectReproducible(() => 1, { seed: 1.5 })).toThrow(/^expectReproducible: a numeric seed must be a safe integer/);
    const seeds: unknown[] = [];
    expectReproducible(
      ({ random }) => {
        seeds.push(random.seed);
        return 0;
      },
      { runs: 2, seed: "mine" },
    );
    expect(seeds).toEqual(["mine/run/0", "mine/run/1"]);
  });
});

/** A small job that reads the clock and draws in several ways, as an application would. */
function job(clock: Clock, random: Random): unknown {
  const started = clock.now();
  const timer = clock.monotonic();
  const id = random.uuid();
  const dice = [random.int(1, 6), random.int(1, 6)];
  const sample = random.shuffle(["a", "b", "c", "d"]).slice(0, 2);
  const child = random.fork("child").next();
  return { id, dice, sample, child, started, finished: clock.date().toISOString(), tookMs: clock.monotonic() - timer };
}

describe("record and replay", () => {
  it("replays the same clock readings and random values, through JSON", () => {
    let now = 1_700_000_000_000;
    let elapsed = 0;
    const ticking: Clock = { now: () => (now += 250), date: () => new Date(now), monotonic: () => (elapsed += 0.5) };
    const recorder = record({ clock: ticking, random: seeded("job") });
    const original = job(recorder.clock, recorder.random);
    const recording: Recording = JSON.parse(JSON.stringify(recorder.recording()));

    const replayer = replay(recording);
    expect(job(replayer.clock, replayer.random)).toEqual(original);
    expect(replayer.remaining).toBe(0);
    expect(() => replayer.assertComplete()).not.toThrow();
    expect(replayer.random.seed).toBe("job");
  });

  it("records each clock reading and each 32-bit word with its stream", () => {
    const clock = manualClock(1000);
    const recorder = record({ clock, random: seeded(5) });
    recorder.clock.now();
    clock.advance(5);
    recorder.clock.date();
    const value = recorder.random.fork("f").int(0, 9);
    const { events, random, version } = recorder.recording();
    expect(version).toBe(1);
    expect(random).toEqual({ seed: 5, path: [] });
    expect(events.slice(0, 2)).toEqual([
      { kind: "clock", value: 1000 },
      { kind: "clock", value: 1005 },
    ]);
    const draw = events[2];
    expect(draw?.kind).toBe("random");
    expect(draw?.kind === "random" ? draw.stream : undefined).toEqual(["f"]);
    expect(draw?.kind === "random" ? draw.value % 10 : undefined).toBe(value);
  });

  it("records monotonic timer readings as their own kind, and replay tells them from clock readings", () => {
    const clock = manualClock(40);
    const recorder = record({ clock, random: seeded(1) });
    recorder.clock.monotonic();
    clock.advance(2);
    recorder.clock.monotonic();
    expect(recorder.recording().events).toEqual([
      { kind: "monotonic", value: 40 },
      { kind: "monotonic", value: 42 },
    ]);
    const replayer = replay(JSON.parse(JSON.stringify(recorder.recording())));
    expect(replayer.clock.monotonic()).toBe(40);
    expect(() => replayer.clock.now()).toThrow("replay: event 1 of the recording is a monotonic timer reading, but the run read the clock");
  });

  it("draws from a copy: the source generator does not advance", () => {
    const source = seeded("source");
    const recorder = record({ clock: manualClock(), random: source });
    const recorded = recorder.random.next();
    expect(source.next()).toBe(recorded);
  });

  it("draws a fresh entropy seed by default and keeps it in the recording", () => {
    const recorder = record({ clock: manualClock() });
    expect(recorder.random.seed).toMatch(/^[0-9a-f]{32}$/);
    expect(recorder.recording().random.seed).toBe(recorder.random.seed);
  });

  it("throws when the run asks for more values than were recorded", () => {
    const recorder = record({ clock: manualClock(), random: seeded(1) });
    recorder.clock.now();
    const replayer = replay(recorder.recording());
    replayer.clock.now();
    expect(() => replayer.clock.now()).toThrow(
      "replay: the run asked for more values than were recorded: it read the clock after all 1 recorded events were used",
    );
    expect(() => replayer.random.next()).toThrow(/drew from random stream \[\] after all 1 recorded events/);
  });

  it("throws when the run asks for a different kind of value or another stream", () => {
    const recorder = record({ clock: manualClock(), random: seeded(1) });
    recorder.clock.now();
    recorder.random.fork("a").bytes(4);
    const recording = recorder.recording();

    expect(() => replay(recording).random.next()).toThrow(
      "replay: event 0 of the recording is a clock reading, but the run drew from random stream []",
    );
    const replayer = replay(recording);
    replayer.clock.now();
    expect(() => replayer.clock.now()).toThrow(
      'replay: event 1 of the recording is a random draw from stream ["a"], but the run read the clock',
    );
    expect(() => replayer.random.fork("b").bytes(4)).toThrow(/stream \["a"\], but the run drew from random stream \["b"\]/);
    expect(Array.from(replayer.random.fork("a").bytes(4))).toHaveLength(4);
  });

  it("reports unread values through assertComplete", () => {
    const recorder = record({ clock: manualClock(), random: seeded(1) });
    recorder.clock.now();
    recorder.random.next();
    const replayer = replay(recorder.recording());
    expect(replayer.remaining).toBe(3);
    expect(() => replayer.assertComplete()).toThrow("replay: the run used fewer values than were recorded: 3 events were not read");
  });

  it("has no generator state to give from a replay", () => {
    const replayer = replay({ version: 1, random: { seed: 1, path: [] }, events: [] });
    expect(() => replayer.random.state()).toThrow(/no generator state/);
    expect(() => record({ random: replayer.random })).toThrow(/no generator state/);
  });

  it("refuses a clock reading a recording cannot hold", () => {
    const recorder = record({ clock: { now: () => Number.NaN, date: () => new Date(0), monotonic: () => 0 }, random: seeded(1) });
    expect(() => recorder.clock.now()).toThrow(/returned NaN/);
  });

  it("names the first malformed field of a recording", () => {
    const malformed = (value: unknown): (() => unknown) => () => replay(value as Recording);
    expect(malformed(null)).toThrow(TypeError);
    expect(malformed({ version: 2, random: { seed: 1, path: [] }, events: [] })).toThrow("replay: $.version must be 1");
    expect(malformed({ version: 1, random: { seed: 1.5, path: [] }, events: [] })).toThrow(/safe integer/);
    expect(malformed({ version: 1, random: { seed: 1, path: [] }, events: [{ kind: "clock", value: "x" }] })).toThrow(
      "replay: $.events[0].value must be a finite number (epoch milliseconds)",
    );
    expect(
      malformed({ version: 1, random: { seed: 1, path: [] }, events: [{ kind: "random", stream: [], value: -1 }] }),
    ).toThrow("replay: $.events[0].value must be an unsigned 32-bit integer");
    expect(malformed({ version: 1, random: { seed: 1, path: [] }, events: [{ kind: "disk" }] })).toThrow(
      'replay: $.events[0].kind must be "clock", "monotonic" or "random"',
    );
  });
});

describe("timingStats", () => {
  it("computes the sample statistics", () => {
    const stats = timingStats([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(stats.n).toBe(8);
    expect(stats.mean).toBe(5);
    expect(stats.stddev).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(stats.cv).toBeCloseTo(Math.sqrt(32 / 7) / 5, 12);
    expect(stats.min).toBe(2);
    expect(stats.max).toBe(9);
    expect(stats.median).toBe(4.5);
  });

  it("takes the middle sample for an odd count, without reordering the input", () => {
    const samples = [9, 1, 5];
    expect(timingStats(samples).median).toBe(5);
    expect(samples).toEqual([9, 1, 5]);
  });

  it("defines cv when the mean is zero or negative", () => {
    expect(timingStats([0, 0, 0]).cv).toBe(0);
    expect(timingStats([-1, 1]).cv).toBe(Number.POSITIVE_INFINITY);
    expect(timingStats([-2, -4]).cv).toBeCloseTo(Math.SQRT2 / 3, 12);
  });

  it("needs at least two finite samples", () => {
    expect(() => timingStats([])).toThrow(RangeError);
    expect(() => timingStats([1])).toThrow(/at least 2 samples/);
    expect(() => timingStats([1, Number.NaN])).toThrow("timingStats: sample 1 is NaN, not a finite number");
  });
});

describe("expectStableTiming", () => {
  /** A function that "takes" the given durations, one per call, on `clock`. */
  function takes(clock: ReturnType<typeof manualClock>, durations: readonly number[]): () => void {
    let call = 0;
    return () => {
      clock.advance(durations[call] ?? Number.NaN);
      call++;
    };
  }

  it("passes and returns the statistics when the variation is within maxCv", () => {
    const clock = manualClock();
    const stats = expectStableTiming(takes(clock, [500, 10, 10, 11, 9, 10]), { clock, runs: 5, maxCv: 0.1 });
    // The 500 ms warmup call is not measured.
    expect(stats.n).toBe(5);
    expect(stats.mean).toBe(10);
    expect(stats.cv).toBeCloseTo(Math.sqrt(0.5) / 10, 12);
  });

  it("throws with the statistics when the variation exceeds maxCv", () => {
    const clock = manualClock();
    expect(() => expectStableTiming(takes(clock, [0, 10, 30, 10, 30]), { clock, runs: 4, maxCv: 0.25 })).toThrow(
      "expectStableTiming: coefficient of variation 0.577 exceeds maxCv 0.25 (4 samples of 1 call: " +
        "mean 20 ms, stddev 11.5 ms, min 10 ms, median 20 ms, max 30 ms)",
    );
  });

  it("divides each sample by the number of iterations", () => {
    const clock = manualClock();
    const stats = expectStableTiming(takes(clock, [1, 3, 2, 2]), { clock, runs: 2, warmup: 0, iterations: 2, maxCv: 1 });
    expect(stats.mean).toBe(2);
    expect(stats.cv).toBe(0);
  });

  it("awaits an async function and returns a promise", async () => {
    const clock = manualClock();
    const step = takes(clock, [5, 5, 5, 5]);
    const pending = expectStableTiming(
      async () => {
        await Promise.resolve();
        step();
      },
      { clock, runs: 3, maxCv: 0 },
    );
    expect(pending).toBeInstanceOf(Promise);
    await expect(pending).resolves.toMatchObject({ n: 3, mean: 5, cv: 0 });
  });

  it("validates its options", () => {
    const clock = manualClock();
    expect(() => expectStableTiming(() => undefined, { clock, maxCv: -1 })).toThrow(/maxCv/);
    expect(() => expectStableTiming(() => undefined, { clock, maxCv: 0.1, runs: 1 })).toThrow(/runs/);
    expect(() => expectStableTiming(() => undefined, { clock, maxCv: 0.1, iterations: 0 })).toThrow(/iterations/);
    expect(() => expectStableTiming(() => undefined, { clock, maxCv: 0.1, warmup: -1 })).toThrow(/warmup/);
  });
});
