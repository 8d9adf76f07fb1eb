import { compareStrings } from "./collections.js";
import {
  hlcTimestamp,
  MAX_LOGICAL,
  requireCounter,
  requireDurationMs,
  requireEpochMs,
  requireHlcTimestamp,
} from "./internal/clock-arguments.js";
import { ambientClock, runWithAmbientClock } from "./internal/clock-ambient.js";
import { quoteText } from "./internal/error-text.js";
import { ManualClockImpl } from "./internal/clock-manual.js";
import { CounterVector, readCounters, type VectorInit } from "./internal/clock-vector.js";

export type { VectorInit, VectorOrder } from "./internal/clock-vector.js";

/** A source of time. Code that needs the time takes a Clock instead of reading the wall clock. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** `now()` as a Date. */
  date(): Date;
  /**
   * Milliseconds on a monotonic timer, from an arbitrary origin: only the difference between two readings
   * means something (elapsed time), and it never goes backwards, even when the wall clock is set back. Use it
   * where code would call `performance.now()` or `process.hrtime()`.
   */
  monotonic(): number;
}

// detkit-disable-next-line no-wall-clock -- the system clock wrapper is where real time enters by design
const readSystemTime = (): number => Date.now();
// detkit-disable-next-line no-wall-clock -- the system clock wrapper is where the real timer enters by design
const readMonotonicTimer = (): number => performance.now();

/**
 * The real clocks: the one place a program should read them, injected where time is needed. Its methods do not
 * depend on `this`, so they work detached (`const { now } = systemClock`); the object is frozen.
 */
export const systemClock: Clock = Object.freeze({
  now: readSystemTime,
  date: () => new Date(readSystemTime()),
  monotonic: readMonotonicTimer,
});

/**
 * A clock stopped at `ms` (epoch milliseconds): every reading returns the same instant, and `monotonic()`
 * returns `ms` too (no time ever elapses).
 */
export function fixedClock(ms: number): Clock {
  const fixedMs = requireEpochMs(ms, "fixedClock(ms)");
  return Object.freeze({ now: () => fixedMs, date: () => new Date(fixedMs), monotonic: () => fixedMs });
}

// ---------------------------------------------------------------------------------------------------------------
// Manual clock

/** The handle `setTimeout`/`setInterval` of a {@link ManualClock} return: a positive integer, in creation order. */
export type TimerId = number;

/** Options of {@link manualClock}. */
export interface ManualClockOptions {
  /**
   * When to assume an endless loop: `runAll()` throws after running this many timers with more pending (an
   * interval, or a timer that keeps rescheduling itself), and `advance`/`advanceAsync` throw when this many timers
   * in a row each scheduled the next with a zero delay at the instant it ran, which keeps time from moving.
   * @default 1000 (the `loopLimit` of @sinonjs/fake-timers)
   */
  loopLimit?: number;
}

/**
 * A clock that moves only when told to, with its own timers; `monotonic()` reads the same value as `now()`.
 * Timers fire in (due time, scheduling order) order — an interval counts as scheduled again each time it fires, as
 * in @sinonjs/fake-timers — and `now()` reads each timer's due time while its callback runs. Methods do not depend
 * on `this`, so they can be passed around on their own (`{ now: clock.now }`).
 */
export interface ManualClock extends Clock {
  /**
   * Moves time forward by `ms`, firing every timer that falls due up to and including the new time, in
   * (due time, scheduling order) order. Timers that callbacks schedule fire in the same call when they fall due
   * within it; intervals fire once per period. A callback that throws does not stop time: the other due timers
   * still run, the clock still reaches the target, then the first error is rethrown. Returns the new `now()`.
   * @throws RangeError when `ms` is negative or not finite, or the new time leaves the `Date` range.
   * @throws Error when `loopLimit` timers in a row each scheduled the next with a zero delay (time could never
   *   move on); the clock then stays at that instant, with the next timer of the chain pending.
   */
  advance(ms: number): number;
  /**
   * `advance(ms)` that lets asynchronous work inside callbacks take part, like @sinonjs/fake-timers' `tickAsync`:
   * before the first timer and after each one it waits one turn of the real event loop, so promise callbacks that
   * are ready (the code after an `await` in a timer callback) run and can schedule timers that fire within the same
   * advance. Resolves to the new `now()`. No other clock method may be called until it settles.
   */
  advanceAsync(ms: number): Promise<number>;
  /**
   * Runs `callback` once, `delayMs` after the current time. Returns its id for `clearTimeout`.
   * @throws RangeError when `delayMs` is negative or not finite.
   */
  setTimeout(callback: () => void, delayMs?: number): TimerId;
  /**
   * Runs `callback` every `intervalMs`, first at now + `intervalMs`. The next run is scheduled before the callback
   * runs (so the callback can clear it), under the same id; among timers due at the same time it then comes after
   * those scheduled before that moment, as in @sinonjs/fake-timers.
   * @throws RangeError when `intervalMs` is below 1 or not finite.
   */
  setInterval(callback: () => void, intervalMs: number): TimerId;
  /** Cancels a pending timer. Unknown or already-fired ids are ignored; as on the web platform, either clear
   * function cancels either kind of timer. */
  clearTimeout(id: TimerId | undefined): void;
  /** Cancels an interval (or a timeout); the same as `clearTimeout`. */
  clearInterval(id: TimerId | undefined): void;
  /** Moves time to the earliest pending timer and runs it. Returns `false` when no timer was pending. */
  runNext(): boolean;
  /**
   * Runs pending timers, moving time to each one's due time, until none is left, including those the callbacks
   * schedule. Like @sinonjs/fake-timers' `runAll`, it throws after `loopLimit` timers while more are pending, so
   * an interval (which never runs out) ends in an error rather than an endless loop: drive intervals with
   * `advance(ms)`. Returns how many timers ran.
   */
  runAll(): number;
  /** How many timers are scheduled and not yet fired or cleared (an interval counts once). */
  readonly pendingTimers: number;
}

/**
 * A clock for tests and simulations, starting at `startMs` epoch milliseconds, that moves only through
 * `advance`, `advanceAsync`, `runNext` and `runAll`. A timer callback runs under the ambient clock (`withClock`) that was current
 * when it was scheduled, as a real timer would; other AsyncLocalStorage stores are not carried over (see the docs).
 * @param startMs the initial time. @default 0
 * @throws RangeError when `startMs` is not finite or outside the `Date` range.
 */
export function manualClock(startMs: number = 0, options: ManualClockOptions = {}): ManualClock {
  return new ManualClockImpl(startMs, options);
}

// ---------------------------------------------------------------------------------------------------------------
// Ambient clock

function isClock(value: unknown): value is Clock {
  return (
    typeof value === "object" &&
    value !== null &&
    "now" in value &&
    typeof value.now === "function" &&
    "date" in value &&
    typeof value.date === "function" &&
    "monotonic" in value &&
    typeof value.monotonic === "function"
  );
}

/**
 * Runs `fn` with `clock` as the ambient clock and returns what `fn` returns (a promise for an async `fn`).
 * Everything `fn` starts, including code after `await`, timers and promise callbacks, reads `clock` from
 * `currentClock()` (AsyncLocalStorage from `node:async_hooks`), so deep code can read time without a parameter.
 * Calls nest: the innermost `withClock` wins, and the outer clock is back once it returns.
 */
export function withClock<T>(clock: Clock, fn: () => T): T {
  if (!isClock(clock)) {
    throw new TypeError("withClock(clock, fn): clock must have now(), date() and monotonic() methods");
  }
  if (typeof fn !== "function") {
    throw new TypeError(`withClock(clock, fn): expected fn to be a function, got a value of type ${typeof fn}`);
  }
  return runWithAmbientClock(clock, fn);
}

/** The clock of the innermost enclosing {@link withClock}, or {@link systemClock} outside any `withClock`. */
export function currentClock(): Clock {
  return ambientClock() ?? systemClock;
}

// ---------------------------------------------------------------------------------------------------------------
// Logical clocks

/**
 * A Lamport clock (Lamport 1978): a counter that orders events consistently with causality. Call `tick()` for a
 * local event or before sending, and `receive(remote)` with the time carried by an incoming message.
 * A clock is per-node mutable state, unlike {@link VectorClock}, which is an immutable value.
 */
export class LamportClock {
  #time: number;

  /**
   * @param start the initial time, e.g. a value saved from `toJSON()`. @default 0
   * @throws RangeError when `start` is not an integer from 0 to `Number.MAX_SAFE_INTEGER`.
   */
  constructor(start: number = 0) {
    this.#time = requireCounter(start, "new LamportClock(start)");
  }

  /** The current time: the last value `tick()` or `receive()` returned (or the start value). */
  get value(): number {
    return this.#time;
  }

  /** Advances the clock for a local or send event and returns the new time. */
  tick(): number {
    return this.#set(this.#time + 1);
  }

  /** Merges the time of a received message: the clock becomes max(local, remote) + 1, which it returns. */
  receive(remote: number): number {
    return this.#set(Math.max(this.#time, requireCounter(remote, "LamportClock.receive(remote)")) + 1);
  }

  /** The current time, for saving the clock: `new LamportClock(JSON.parse(text))` restores it. */
  toJSON(): number {
    return this.#time;
  }

  #set(time: number): number {
    if (!Number.isSafeInteger(time)) {
      throw new RangeError("LamportClock: the time would exceed Number.MAX_SAFE_INTEGER");
    }
    this.#time = time;
    return time;
  }
}

/**
 * A vector clock: one counter per replica, ordered by happened-before. Immutable: `increment` and `merge` return
 * a new clock (`vc = vc.increment("a")`). The same implementation backs `VersionVector` in detkit/conflict.
 * JSON form: `[replica, counter]` pairs sorted by replica id with `compareStrings` (see `toJSON`).
 */
export class VectorClock extends CounterVector<VectorClock> {
  /**
   * @param init counters to start from; absent replicas count 0. @default no counters (all zero)
   * @throws RangeError or TypeError on a counter that is not an integer from 0 to `Number.MAX_SAFE_INTEGER`,
   * a replica id that is not a string, or a replica listed twice.
   */
  constructor(init?: VectorInit) {
    super(init, "VectorClock");
  }

  /** Reads the output of `toJSON()` (or a `{ replica: counter }` object) back, validating it. */
  static fromJSON(json: unknown): VectorClock {
    return new VectorClock(readCounters(json, "VectorClock.fromJSON"));
  }

  protected override create(entries: Iterable<readonly [string, number]>): VectorClock {
    return new VectorClock(entries);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Hybrid logical clock

/**
 * A hybrid logical clock timestamp: close to physical time, yet ordered consistently with causality.
 * Compare with {@link HybridLogicalClock.compare}; store as text with {@link HybridLogicalClock.serialize}.
 */
export interface HlcTimestamp {
  /** The largest physical time (whole epoch milliseconds) known when the timestamp was issued. */
  readonly wallMs: number;
  /** Orders events that share `wallMs`; back to 0 whenever `wallMs` moves forward. At most 4294967295. */
  readonly logical: number;
  /** The node that issued the timestamp; breaks ties between nodes. Absent when the clock has no `node`. */
  readonly node?: string;
}

/** Options of {@link HybridLogicalClock}. */
export interface HybridLogicalClockOptions {
  /**
   * The physical clock the timestamps stay close to. Readings are floored to whole milliseconds.
   * @default currentClock(), looked up at every reading, so `withClock` applies to a clock created outside it
   */
  clock?: Clock;
  /** This node's id, put in every timestamp the clock issues so that equal times from two nodes still differ.
   * @default undefined (timestamps carry no node) */
  node?: string;
  /**
   * How far (ms) a received timestamp may be ahead of the local physical clock. Beyond it `receive` throws a
   * {@link ClockDriftError} instead of dragging this clock (and all later timestamps) into the future, the bound
   * ε of Kulkarni et al. Pass `Infinity` to accept any remote time.
   * @default 60000 (one minute: far above the skew NTP-synchronised machines show, far below a misset clock)
   */
  maxDriftMs?: number;
  /** A timestamp this clock issued before, e.g. saved across a restart; the clock never issues one below it.
   * @default { wallMs: 0, logical: 0 } */
  last?: HlcTimestamp;
}

/** Thrown by {@link HybridLogicalClock.receive} for a remote timestamp too far ahead of the physical clock. */
export class ClockDriftError extends Error {
  override readonly name = "ClockDriftError";

  /**
   * @param remote the rejected timestamp
   * @param physicalMs the local physical time it was checked against
   * @param maxDriftMs the bound it broke
   */
  constructor(
    readonly remote: HlcTimestamp,
    readonly physicalMs: number,
    readonly maxDriftMs: number,
  ) {
    super(
      `HybridLogicalClock.receive: remote timestamp ${HybridLogicalClock.serialize(remote)} is ` +
        `${remote.wallMs - physicalMs} ms ahead of the physical clock (${physicalMs}), more than maxDriftMs ` +
        `(${maxDriftMs}); the remote clock is probably wrong`,
    );
  }
}

// 16 digits hold every safe integer, 10 digits every logical counter: fixed widths make text order match time order.
const WALL_DIGITS = 16;
const LOGICAL_DIGITS = 10;
const SERIALIZED = /^(\d{16})-(\d{10})(?:-([\s\S]*))?$/;

/**
 * A hybrid logical clock (Kulkarni, Demirbas et al., "Logical Physical Clocks", 2014): timestamps that stay
 * within `maxDriftMs` of physical time, never go backwards even when the physical clock does, and respect
 * causality (a received timestamp is always below the next one issued). Per-node mutable state.
 */
export class HybridLogicalClock {
  /** The default of {@link HybridLogicalClockOptions.maxDriftMs}. */
  static readonly DEFAULT_MAX_DRIFT_MS = 60_000;

  readonly #clock: Clock | undefined;
  readonly #node: string | undefined;
  readonly #maxDriftMs: number;
  #wallMs: number;
  #logical: number;

  /** @throws TypeError or RangeError on an invalid option (see {@link HybridLogicalClockOptions}). */
  constructor(options: HybridLogicalClockOptions = {}) {
    const { clock, node, maxDriftMs = HybridLogicalClock.DEFAULT_MAX_DRIFT_MS, last } = options;
    if (clock !== undefined && !isClock(clock)) {
      throw new TypeError("new HybridLogicalClock({ clock }): clock must have now() and date() methods");
    }
    if (node !== undefined && typeof node !== "string") {
      throw new TypeError(`new HybridLogicalClock({ node }): expected a string, got a value of type ${typeof node}`);
    }
    this.#clock = clock;
    this.#node = node;
    this.#maxDriftMs =
      maxDriftMs === Number.POSITIVE_INFINITY
        ? maxDriftMs
        : requireDurationMs(maxDriftMs, "new HybridLogicalClock({ maxDriftMs })");
    const start = last === undefined ? undefined : requireHlcTimestamp(last, "new HybridLogicalClock({ last })");
    this.#wallMs = start?.wallMs ?? 0;
    this.#logical = start?.logical ?? 0;
  }

  /** The last timestamp issued (or the `last` option, or `{ wallMs: 0, logical: 0 }`), without advancing. */
  get last(): HlcTimestamp {
    return hlcTimestamp(this.#wallMs, this.#logical, this.#node);
  }

  /**
   * Issues a timestamp for a local or send event: physical time when it has moved past the last timestamp,
   * otherwise the last wall time with the logical counter one higher. Always greater than every timestamp this
   * clock issued or received before.
   * @throws RangeError when the logical counter would pass 4294967295 (the physical clock is stalled or far behind).
   */
  now(): HlcTimestamp {
    const physicalMs = this.#readPhysical();
    return physicalMs > this.#wallMs ? this.#set(physicalMs, 0) : this.#set(this.#wallMs, this.#logical + 1);
  }

  /** The same as {@link HybridLogicalClock.now}: a timestamp to attach to an outgoing message. */
  send(): HlcTimestamp {
    return this.now();
  }

  /**
   * Merges the timestamp of a received message and issues a timestamp for the receive event, greater than both
   * `remote` and everything this clock issued before.
   * @throws ClockDriftError when `remote.wallMs` is more than `maxDriftMs` ahead of the physical clock; the clock
   * is then unchanged.
   */
  receive(remote: HlcTimestamp): HlcTimestamp {
    const checked = requireHlcTimestamp(remote, "HybridLogicalClock.receive(remote)");
    const physicalMs = this.#readPhysical();
    if (checked.wallMs - physicalMs > this.#maxDriftMs) {
      throw new ClockDriftError(checked, physicalMs, this.#maxDriftMs);
    }
    const wallMs = Math.max(this.#wallMs, checked.wallMs, physicalMs);
    const local = wallMs === this.#wallMs ? this.#logical : -1;
    const received = wallMs === checked.wallMs ? checked.logical : -1;
    // -1 marks a side whose wall time fell behind; when both did, physical time wins and the counter restarts at 0.
    return this.#set(wallMs, Math.max(local, received) + 1);
  }

  /**
   * Total order on timestamps: by `wallMs`, then `logical`, then `node` (absent first, then `compareStrings`).
   * Returns -1, 0 or 1. The same order as `compareStrings` on the serialized forms.
   */
  static compare(a: HlcTimestamp, b: HlcTimestamp): number {
    const left = requireHlcTimestamp(a, "HybridLogicalClock.compare(a, b): a");
    const right = requireHlcTimestamp(b, "HybridLogicalClock.compare(a, b): b");
    if (left.wallMs !== right.wallMs) return left.wallMs < right.wallMs ? -1 : 1;
    if (left.logical !== right.logical) return left.logical < right.logical ? -1 : 1;
    if (left.node === right.node) return 0;
    if (left.node === undefined) return -1;
    if (right.node === undefined) return 1;
    return compareStrings(left.node, right.node);
  }

  /**
   * Fixed-width text that sorts (with `compareStrings` or any code-unit sort) in the same order as
   * {@link HybridLogicalClock.compare}: `wallMs` as 16 digits, `-`, `logical` as 10 digits, then `-node` when there
   * is a node, e.g. `0001700000000000-0000000003-eu-1`.
   */
  static serialize(timestamp: HlcTimestamp): string {
    const { wallMs, logical, node } = requireHlcTimestamp(timestamp, "HybridLogicalClock.serialize(timestamp)");
    const text = `${String(wallMs).padStart(WALL_DIGITS, "0")}-${String(logical).padStart(LOGICAL_DIGITS, "0")}`;
    return node === undefined ? text : `${text}-${node}`;
  }

  /**
   * Reads the output of {@link HybridLogicalClock.serialize} back into an equal timestamp.
   * @throws SyntaxError when `text` is not in that form or holds an out-of-range number.
   */
  static parse(text: string): HlcTimestamp {
    if (typeof text !== "string") {
      throw new TypeError(`HybridLogicalClock.parse(text): expected a string, got a value of type ${typeof text}`);
    }
    const match = SERIALIZED.exec(text);
    const wallMs = Number(match?.[1]);
    const logical = Number(match?.[2]);
    if (match === null || !Number.isSafeInteger(wallMs) || logical > MAX_LOGICAL) {
      throw new SyntaxError(
        `HybridLogicalClock.parse: ${quoteText(text)} is not a serialized HLC timestamp ` +
          `(16-digit wall ms up to ${Number.MAX_SAFE_INTEGER}, "-", 10-digit logical up to ${MAX_LOGICAL}, then optional "-node")`,
      );
    }
    return hlcTimestamp(wallMs, logical, match[3]);
  }

  #readPhysical(): number {
    const clock = this.#clock ?? currentClock();
    const physicalMs = Math.floor(requireEpochMs(clock.now(), "HybridLogicalClock: the physical clock's now()"));
    if (physicalMs < 0) {
      throw new RangeError(`HybridLogicalClock: the physical clock reads ${physicalMs}, before the Unix epoch`);
    }
    return physicalMs;
  }

  #set(wallMs: number, logical: number): HlcTimestamp {
    if (logical > MAX_LOGICAL) {
      throw new RangeError(
        `HybridLogicalClock: the logical counter would pass ${MAX_LOGICAL} at wall time ${wallMs}; ` +
          `the physical clock is stalled or far behind the timestamps seen`,
      );
    }
    this.#wallMs = wallMs;
    this.#logical = logical;
    return hlcTimestamp(wallMs, logical, this.#node);
  }
}
