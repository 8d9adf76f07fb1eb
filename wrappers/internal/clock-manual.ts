import type { Clock, ManualClock, ManualClockOptions, TimerId } from "../clock.js";
import { ambientClock, runWithAmbientClock } from "./clock-ambient.js";
import { requireCounter, requireDurationMs, requireEpochMs } from "./clock-arguments.js";

interface Timer {
  readonly id: TimerId;
  readonly dueMs: number;
  readonly intervalMs: number | undefined;
  readonly callback: () => void;
  /** The ambient clock when the timer was scheduled; the callback runs under it. */
  readonly ambient: Clock | undefined;
}

/** Ids grow with creation, so (due time, id) is the documented (due time, creation order) key, and it is unique. */
function runsBefore(a: Timer, b: Timer): boolean {
  return a.dueMs < b.dueMs || (a.dueMs === b.dueMs && a.id < b.id);
}

/**
 * A binary min-heap on (due time, id). Cleared timers are dropped from `#live` at once and from the heap when they
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

/** The implementation behind `manualClock()`; methods are arrow fields so they can be passed around detached. */
export class ManualClockImpl implements ManualClock {
  #nowMs: number;
  #nextId: TimerId = 1;
  #running: string | undefined;
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
    requireDurationMs(ms, "advance(ms)");
    const targetMs = requireEpochMs(this.#nowMs + ms, "advance(ms): the resulting time");
    // Like @sinonjs/fake-timers' tick(): a throwing callback does not stop time; the remaining due timers still
    // run, the clock still reaches the target, and the first error is rethrown at the end.
    let failure: { readonly error: unknown } | undefined;
    this.#enter("advance()");
    try {
      for (let next = this.#queue.first(); next !== undefined && next.dueMs <= targetMs; next = this.#queue.first()) {
        try {
          this.#fireFirst();
        } catch (error) {
          failure ??= { error };
        }
      }
      this.#nowMs = targetMs;
    } finally {
      this.#running = undefined;
    }
    if (failure !== undefined) throw failure.error;
    return this.#nowMs;
  };

  readonly runNext = (): boolean => {
    this.#enter("runNext()");
    try {
      return this.#fireFirst();
    } finally {
      this.#running = undefined;
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
      this.#running = undefined;
    }
  };

  #schedule(callback: () => void, delayMs: number, intervalMs: number | undefined, what: string): TimerId {
    if (typeof callback !== "function") {
      throw new TypeError(`${what}(callback, ms): expected a function, got a value of type ${typeof callback}`);
    }
    const dueMs = requireEpochMs(this.#nowMs + delayMs, `${what}(callback, ms): the due time`);
    const id = this.#nextId;
    this.#nextId += 1;
    // Real timers run their callback in the async context that scheduled it. Only detkit's ambient clock is carried
    // over: capturing the whole context (AsyncResource.bind, AsyncLocalStorage.snapshot) costs 15-30 µs per timer
    // on Node 20, against well under 1 µs for one store.
    this.#queue.add({ id, dueMs, intervalMs, callback, ambient: ambientClock() });
    return id;
  }

  #fireFirst(): boolean {
    const timer = this.#queue.takeFirst();
    if (timer === undefined) return false;
    this.#nowMs = timer.dueMs;
    if (timer.intervalMs !== undefined) {
      // Rescheduled before the callback runs (so the callback can clear it) and under its original id, so it keeps
      // its creation-order place among timers due at the same time, as in @sinonjs/fake-timers.
      this.#queue.add({ ...timer, dueMs: requireEpochMs(timer.dueMs + timer.intervalMs, "setInterval: the next due time") });
    }
    runWithAmbientClock(timer.ambient, timer.callback);
    return true;
  }

  #enter(what: string): void {
    if (this.#running !== undefined) {
      throw new Error(`${what} was called from a timer callback while ${this.#running} is running; schedule a timer instead`);
    }
    this.#running = what;
  }
}
