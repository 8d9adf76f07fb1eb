import type { Clock, ManualClock, ManualClockOptions, TimerId } from "../clock.js";
import { ambientClock, runWithAmbientClock } from "./clock-ambient.js";
import { requireCounter, requireDurationMs, requireEpochMs } from "./clock-arguments.js";
import { drive } from "./testing-drive.js";

interface Timer {
  readonly id: TimerId;
  readonly dueMs: number;
  /**
   * When the timer was last (re)scheduled, counted across the clock. Timers due at the same time run in this
   * order, as in @sinonjs/fake-timers: an interval takes a new sequence number each time it is rescheduled, so it
   * runs after the timers scheduled before that, like a timer scheduled at that moment.
   */
  readonly sequence: number;
  readonly intervalMs: number | undefined;
  readonly callback: () => void;
  /** The ambient clock when the timer was scheduled; the callback runs under it. */
  readonly ambient: Clock | undefined;
  /**
   * How many timers before this one were scheduled, each by the previous one's run, with a zero delay at the
   * instant they ran, within the clock operation (`advance`, …) that scheduled it: a chain that grows without end
   * keeps time from moving (see `advance`).
   */
  readonly zeroDelayChain: number;
  /** The clock operation during which the timer was scheduled (0 outside any); its chain counts only there. */
  readonly operation: number;
}

/** (due time, sequence) is the documented order, and it is unique. */
function runsBefore(a: Timer, b: Timer): boolean {
  return a.dueMs < b.dueMs || (a.dueMs === b.dueMs && a.sequence < b.sequence);
}

/**
 * A binary min-heap on (due time, sequence). Cleared timers are dropped from `#live` at once and from the heap when they
 * reach its top, so clearing stays O(1); the heap is rebuilt when dead entries outnumber live ones.
 */
class TimerQueue {
  readonly #heap: Timer[] = [];
  readonly #live = new Map<TimerId, Timer>();

  get size(): number {
    return this.#live.size;
  }

  add(timer: Timer): void {
    this.#live.set(timer.id, timer);
    this.#heap.push(timer);
    this.#siftUp(this.#heap.length - 1);
  }

  delete(id: TimerId): void {
    if (this.#live.delete(id) && this.#heap.length > 64 && this.#heap.length > 2 * this.#live.size) {
      this.#rebuild();
    }
  }

  first(): Timer | undefined {
    let top = this.#heap[0];
    while (top !== undefined && this.#live.get(top.id) !== top) {
      this.#popTop();
      top = this.#heap[0];
    }
    return top;
  }

  takeFirst(): Timer | undefined {
    const top = this.first();
    if (top !== undefined) {
      this.#popTop();
      this.#live.delete(top.id);
    }
    return top;
  }

  #rebuild(): void {
    this.#heap.length = 0;
    for (const timer of this.#live.values()) {
      this.#heap.push(timer);
      this.#siftUp(this.#heap.length - 1);
    }
  }

  #popTop(): void {
    const last = this.#heap.pop();
    if (last !== undefined && this.#heap.length > 0) {
      this.#heap[0] = last;
      this.#siftDown(0);
    }
  }

  #siftUp(index: number): void {
    const heap = this.#heap;
    const item = heap[index];
    if (item === undefined) return;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = heap[parentIndex];
      if (parent === undefined || !runsBefore(item, parent)) break;
      heap[index] = parent;
      index = parentIndex;
    }
    heap[index] = item;
  }

  #siftDown(index: number): void {
    const heap = this.#heap;
    const item = heap[index];
    if (item === undefined) return;
    for (;;) {
      const leftIndex = 2 * index + 1;
      const left = heap[leftIndex];
      if (left === undefined) break;
      const right = heap[leftIndex + 1];
      const useRight = right !== undefined && runsBefore(right, left);
      const childIndex = useRight ? leftIndex + 1 : leftIndex;
      const child = useRight ? right : left;
      if (!runsBefore(child, item)) break;
      heap[index] = child;
      index = childIndex;
    }
    heap[index] = item;
  }
}

/** The default of {@link ManualClockOptions.loopLimit}, the same as @sinonjs/fake-timers' `loopLimit`. */
export const DEFAULT_LOOP_LIMIT = 1000;

// The real event loop's next turn, taken when the module loads so that fake timers installed later by a test
// framework cannot stall advanceAsync. A macrotask: every promise callback that is ready runs before it.
const realSetImmediate = globalThis.setImmediate;
const nextTurn = (): Promise<void> => new Promise((resolve) => void realSetImmediate(resolve));
const noPause = (): undefined => undefined;

/** The implementation behind `manualClock()`; methods are arrow fields so they can be passed around detached. */
export class ManualClockImpl implements ManualClock {
  #nowMs: number;
  #nextId: TimerId = 1;
  #nextSequence = 1;
  #running: string | undefined;
  /** Counts `advance`, `advanceAsync`, `runNext` and `runAll` calls, so each starts its zero-delay chains anew. */
  #operation = 0;
  /** The timer that ran last during the current advance, whose zero-delay follow-ups extend its chain. */
  #lastFired: Timer | undefined;
  readonly #queue = new TimerQueue();
  readonly #loopLimit: number;

  constructor(startMs: number, options: ManualClockOptions) {
    this.#nowMs = requireEpochMs(startMs, "manualClock(startMs)");
    const loopLimit = options.loopLimit ?? DEFAULT_LOOP_LIMIT;
    this.#loopLimit = requireCounter(loopLimit, "manualClock(startMs, { loopLimit })");
  }

  get pendingTimers(): number {
    return this.#queue.size;
  }

  readonly now = (): number => this.#nowMs;

  readonly date = (): Date => new Date(this.#nowMs);

  // Manual time never goes backwards, so the clock's own time serves as its monotonic timer.
  readonly monotonic = (): number => this.#nowMs;

  readonly setTimeout = (callback: () => void, delayMs: number = 0): TimerId =>
    this.#schedule(callback, requireDurationMs(delayMs, "setTimeout(callback, delayMs)"), undefined, "setTimeout");

  readonly setInterval = (callback: () => void, intervalMs: number): TimerId => {
    const checked = requireDurationMs(intervalMs, "setInterval(callback, intervalMs)");
    // An interval under 1 ms would fire without end inside one advance(), and near the end of the Date range a
    // smaller step could even be lost to rounding; Node clamps such intervals to 1 ms, detkit refuses them.
    if (checked < 1) {
      throw new RangeError(`setInterval(callback, intervalMs): expected at least 1 ms, got ${checked}`);
    }
    return this.#schedule(callback, checked, checked, "setInterval");
  };

  readonly clearTimeout = (id: TimerId | undefined): void => {
    if (typeof id === "number") this.#queue.delete(id);
  };

  readonly clearInterval = (id: TimerId | undefined): void => {
    if (typeof id === "number") this.#queue.delete(id);
  };

  readonly advance = (ms: number): number => {
    const steps = this.#advanceSteps(ms, "advance(ms)", noPause);
    for (;;) {
      const step = steps.next();
      if (step.done === true) return step.value;
    }
  };

  readonly advanceAsync = async (ms: number): Promise<number> => drive(this.#advanceSteps(ms, "advanceAsync(ms)", nextTurn));

  readonly runNext = (): boolean => {
    this.#enter("runNext()");
    try {
      return this.#fireFirst();
    } finally {
      this.#leave();
    }
  };

  readonly runAll = (): number => {
    this.#enter("runAll()");
    try {
      let ran = 0;
      while (this.#queue.size > 0) {
        if (ran >= this.#loopLimit) {
          throw new Error(
            `runAll(): aborted after running ${ran} timers with ${this.#queue.size} still pending, assuming an ` +
              `infinite loop (an interval never runs out: use advance(ms) to run intervals for a span of time, ` +
              `or raise manualClock's loopLimit)`,
          );
        }
        this.#fireFirst();
        ran += 1;
      }
      return ran;
    } finally {
      this.#leave();
    }
  };

  /**
   * The loop of `advance` and `advanceAsync`, written once: `pause()` is yielded before the first timer and after
   * each one. `advance` runs it straight through; `advanceAsync` awaits each pause (a turn of the real event loop),
   * which lets promise callbacks (awaited work inside timer callbacks) run and schedule timers in between.
   */
  *#advanceSteps(ms: number, what: string, pause: () => Promise<void> | undefined): Generator<unknown, number, unknown> {
    requireDurationMs(ms, what);
    const targetMs = requireEpochMs(this.#nowMs + ms, `${what}: the resulting time`);
    // Like @sinonjs/fake-timers' tick(): a throwing callback does not stop time; the remaining due timers still
    // run, the clock still reaches the target, and the first error is rethrown at the end.
    let failure: { readonly error: unknown } | undefined;
    this.#enter(what.replace("(ms)", "()"));
    try {
      yield pause();
      for (let next = this.#queue.first(); next !== undefined && next.dueMs <= targetMs; next = this.#queue.first()) {
        if (next.operation === this.#operation && next.zeroDelayChain >= this.#loopLimit) {
          throw this.#zeroDelayLoop(what, next);
        }
        try {
          this.#fireFirst();
        } catch (error) {
          failure ??= { error };
        }
        yield pause();
      }
      this.#nowMs = targetMs;
    } finally {
      this.#leave();
    }
    if (failure !== undefined) throw failure.error;
    return this.#nowMs;
  }

  #zeroDelayLoop(what: string, timer: Timer): Error {
    return new Error(
      `${what}: aborted at ${new Date(this.#nowMs).toISOString()} (${this.#nowMs} ms) after ${timer.zeroDelayChain} ` +
        `timers in a row each scheduled the next with a zero delay (e.g. a callback that calls setTimeout(itself, 0)), ` +
        `so time could never move on; give the follow-up a delay of at least 1 ms, or raise manualClock's loopLimit ` +
        `(${this.#loopLimit}) if the chain does end. The clock stays at that instant with the chain's next timer pending`,
    );
  }

  #schedule(callback: () => void, delayMs: number, intervalMs: number | undefined, what: string): TimerId {
    if (typeof callback !== "function") {
      throw new TypeError(`${what}(callback, ms): expected a function, got a value of type ${typeof callback}`);
    }
    const dueMs = requireEpochMs(this.#nowMs + delayMs, `${what}(callback, ms): the due time`);
    const id = this.#nextId;
    this.#nextId += 1;
    const parent = this.#lastFired;
    let zeroDelayChain = 0;
    if (delayMs === 0 && parent !== undefined && parent.dueMs === dueMs) {
      zeroDelayChain = (parent.operation === this.#operation ? parent.zeroDelayChain : 0) + 1;
    }
    const operation = this.#running === undefined ? 0 : this.#operation;
    // Real timers run their callback in the async context that scheduled it. Only detkit's ambient clock is carried
    // over: capturing the whole context (AsyncResource.bind, AsyncLocalStorage.snapshot) costs 15-30 µs per timer
    // on Node 20, against well under 1 µs for one store.
    const sequence = this.#takeSequence();
    this.#queue.add({ id, dueMs, sequence, intervalMs, callback, ambient: ambientClock(), zeroDelayChain, operation });
    return id;
  }

  #takeSequence(): number {
    const sequence = this.#nextSequence;
    this.#nextSequence += 1;
    return sequence;
  }

  #fireFirst(): boolean {
    const timer = this.#queue.takeFirst();
    if (timer === undefined) return false;
    this.#nowMs = timer.dueMs;
    this.#lastFired = timer;
    if (timer.intervalMs !== undefined) {
      // Rescheduled before the callback runs, so the callback can clear it; under the same id, with a new sequence
      // number (see Timer.sequence).
      const dueMs = requireEpochMs(timer.dueMs + timer.intervalMs, "setInterval: the next due time");
      this.#queue.add({ ...timer, dueMs, sequence: this.#takeSequence(), zeroDelayChain: 0, operation: this.#operation });
    }
    runWithAmbientClock(timer.ambient, timer.callback);
    return true;
  }

  #enter(what: string): void {
    if (this.#running === "advanceAsync()") {
      throw new Error(`${what} was called while advanceAsync() is running; await it first, or schedule a timer instead`);
    }
    if (this.#running !== undefined) {
      throw new Error(`${what} was called from a timer callback while ${this.#running} is running; schedule a timer instead`);
    }
    this.#running = what;
    this.#operation += 1;
  }

  #leave(): void {
    this.#running = undefined;
    this.#lastFired = undefined;
  }
}
