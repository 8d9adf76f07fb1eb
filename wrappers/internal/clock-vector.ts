import { compareStrings } from "../collections.js";
import { requireCounter } from "./clock-arguments.js";
import { quoteText } from "./error-text.js";

/** How two vectors relate in the happened-before partial order. */
export type VectorOrder = "before" | "after" | "equal" | "concurrent";

/**
 * The counters a vector starts from: `[replica, counter]` pairs or a `{ replica: counter }` record. Counters are
 * integers from 0 to `Number.MAX_SAFE_INTEGER`; a replica that is absent has counter 0.
 */
export type VectorInit = Iterable<readonly [string, number]> | Readonly<Record<string, number>>;

function isPairIterable(value: object): value is Iterable<unknown> {
  return Symbol.iterator in value;
}

/**
 * Validates counters from an untrusted source (a constructor argument or parsed JSON): replica ids are strings,
 * each listed once, counters are integers from 0 to `Number.MAX_SAFE_INTEGER`.
 */
export function readCounters(init: unknown, kind: string): Map<string, number> {
  const counters = new Map<string, number>();
  const put = (replica: unknown, counter: unknown): void => {
    if (typeof replica !== "string") {
      throw new TypeError(`${kind}: a replica id must be a string, got a value of type ${typeof replica}`);
    }
    if (counters.has(replica)) {
      throw new Error(`${kind}: replica ${quoteText(replica)} appears twice`);
    }
    counters.set(replica, requireCounter(counter, `${kind}: the counter of replica ${quoteText(replica)}`));
  };
  if (init === undefined) return counters;
  if (typeof init !== "object" || init === null) {
    throw new TypeError(`${kind}: expected [replica, counter] pairs or a { replica: counter } object`);
  }
  if (isPairIterable(init)) {
    for (const pair of init) {
      if (!Array.isArray(pair) || pair.length !== 2) {
        throw new TypeError(`${kind}: expected each entry to be a [replica, counter] pair`);
      }
      put(pair[0], pair[1]);
    }
  } else {
    for (const [replica, counter] of Object.entries(init)) put(replica, counter);
  }
  return counters;
}

type SortedCounters = ReadonlyArray<readonly [string, number]>;

/** Walks two replica-sorted counter lists in step, yielding every replica of either with both counters (0 if absent). */
function* alignCounters(left: SortedCounters, right: SortedCounters): Generator<[string, number, number]> {
  let i = 0;
  let j = 0;
  for (;;) {
    const a = left[i];
    const b = right[j];
    if (a === undefined && b === undefined) return;
    const order = a === undefined ? 1 : b === undefined ? -1 : compareStrings(a[0], b[0]);
    if (order === 0 && a !== undefined && b !== undefined) {
      yield [a[0], a[1], b[1]];
      i += 1;
      j += 1;
    } else if (order < 0 && a !== undefined) {
      yield [a[0], a[1], 0];
      i += 1;
    } else if (b !== undefined) {
      yield [b[0], 0, b[1]];
      j += 1;
    }
  }
}

/**
 * The one implementation of a vector of per-replica counters with its partial order, shared by
 * `VectorClock` (detkit/clock) and `VersionVector` (detkit/conflict). Instances are immutable values:
 * `increment` and `merge` return a new vector and leave the receiver unchanged, so a vector can be attached to a
 * record, shared between replicas or used in a property test without defensive copies.
 */
export abstract class CounterVector<Self extends CounterVector<Self>> {
  /** Sorted by replica id (`compareStrings`), with zero counters left out, so that equal vectors look the same. */
  readonly #entries: SortedCounters;

  protected constructor(init: unknown, kind: string) {
    const counters = readCounters(init, kind);
    this.#entries = [...counters]
      .filter(([, counter]) => counter > 0)
      .sort(([a], [b]) => compareStrings(a, b));
  }

  /** Builds a vector of the receiver's own class, so `increment` and `merge` keep the type they were called on. */
  protected abstract create(entries: Iterable<readonly [string, number]>): Self;

  /** The counter of `replica`; 0 when the vector has never seen it. */
  get(replica: string): number {
    let low = 0;
    let high = this.#entries.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const entry = this.#entries[middle];
      if (entry === undefined) break;
      const order = compareStrings(entry[0], replica);
      if (order === 0) return entry[1];
      if (order < 0) low = middle + 1;
      else high = middle - 1;
    }
    return 0;
  }

  /** `[replica, counter]` pairs with a non-zero counter, sorted by replica id with `compareStrings`. */
  entries(): Array<[string, number]> {
    return this.#entries.map(([replica, counter]): [string, number] => [replica, counter]);
  }

  /** A new vector with the counter of `replica` one higher (an event on that replica). The receiver is unchanged. */
  increment(replica: string): Self {
    if (typeof replica !== "string") {
      throw new TypeError(`increment(replica): expected a string, got a value of type ${typeof replica}`);
    }
    const next = this.get(replica) + 1;
    if (!Number.isSafeInteger(next)) {
      throw new RangeError(`increment(${quoteText(replica)}): the counter would exceed Number.MAX_SAFE_INTEGER`);
    }
    return this.create([...this.#entries.filter(([id]) => id !== replica), [replica, next]]);
  }

  /**
   * A new vector holding, for every replica, the larger of the two counters: the least upper bound of both.
   * Commutative, associative and idempotent. The receiver is unchanged.
   */
  merge(other: Self): Self {
    const merged: Array<readonly [string, number]> = [];
    for (const [replica, mine, theirs] of alignCounters(this.#entries, other.#entries)) {
      merged.push([replica, Math.max(mine, theirs)]);
    }
    return this.create(merged);
  }

  /**
   * Where this vector stands relative to `other`: `"before"` when every counter is ≤ and one is <, `"after"` for
   * the reverse, `"equal"` when all counters match, and `"concurrent"` when each has a counter larger than the
   * other's (neither saw the other's latest event).
   */
  compare(other: Self): VectorOrder {
    let someLess = false;
    let someGreater = false;
    for (const [, mine, theirs] of alignCounters(this.#entries, other.#entries)) {
      if (mine < theirs) someLess = true;
      if (mine > theirs) someGreater = true;
    }
    if (someLess && someGreater) return "concurrent";
    if (someLess) return "before";
    if (someGreater) return "after";
    return "equal";
  }

  /** Whether both vectors hold the same counters (`compare(other) === "equal"`). */
  equals(other: Self): boolean {
    return this.compare(other) === "equal";
  }

  /**
   * `[replica, counter]` pairs sorted by replica id with `compareStrings`. Pairs rather than an object because
   * JavaScript lists integer-like keys ("2", "10") first in numeric order whatever order they were added in.
   */
  toJSON(): Array<[string, number]> {
    return this.entries();
  }
}
