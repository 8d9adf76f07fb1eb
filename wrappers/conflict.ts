import { isDeepStrictEqual } from "node:util";
import { HybridLogicalClock, type HlcTimestamp } from "./clock.js";
import { compareStrings } from "./collections.js";
import { requireHlcTimestamp } from "./internal/clock-arguments.js";
import { quoteText } from "./internal/error-text.js";
import { CounterVector, readCounters, type VectorInit } from "./internal/clock-vector.js";

export type { VectorInit, VectorOrder } from "./internal/clock-vector.js";

/**
 * When a write happened: a number (epoch milliseconds, a Lamport time, any finite number) or a hybrid logical
 * clock timestamp from detkit/clock. All writes to one register must use the same kind.
 */
export type LwwTimestamp = number | HlcTimestamp;

/** One write to a last-writer-wins register: the value, when it was written, and by which replica. */
export interface LwwRegister<T = unknown> {
  /** The value written. */
  readonly value: T;
  /** When it was written; the later write wins. */
  readonly timestamp: LwwTimestamp;
  /** The replica that wrote it; breaks ties between writes with equal timestamps. */
  readonly replica: string;
}

function describeTimestamp(timestamp: LwwTimestamp): string {
  return typeof timestamp === "number" ? String(timestamp) : HybridLogicalClock.serialize(timestamp);
}

function checkRegister(register: unknown, what: string): LwwRegister {
  if (typeof register !== "object" || register === null || !("value" in register)) {
    throw new TypeError(`merge(a, b): ${what} must be a { value, timestamp, replica } object`);
  }
  if (!("replica" in register) || typeof register.replica !== "string") {
    throw new TypeError(`merge(a, b): ${what}.replica must be a string`);
  }
  if (!("timestamp" in register)) {
    throw new TypeError(`merge(a, b): ${what}.timestamp is missing`);
  }
  const { value, timestamp, replica } = register;
  if (typeof timestamp === "number") {
    if (!Number.isFinite(timestamp)) {
      throw new RangeError(`merge(a, b): ${what}.timestamp must be a finite number, got ${timestamp}`);
    }
    return { value, timestamp, replica };
  }
  return { value, timestamp: requireHlcTimestamp(timestamp, `merge(a, b): ${what}.timestamp`), replica };
}

function compareTimestamps(a: LwwTimestamp, b: LwwTimestamp): number {
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a !== "number" && typeof b !== "number") return HybridLogicalClock.compare(a, b);
  throw new TypeError(
    "merge(a, b): cannot order a number timestamp against an HLC timestamp; all writes to a register must use one kind",
  );
}

/**
 * Last-writer-wins merge of two writes to one register: returns whichever of `a` and `b` is later by
 * (timestamp, replica), comparing replica ids with `compareStrings` so that a tie resolves the same way on every
 * replica. The result is one of the two arguments, unchanged (no copy). Commutative, associative and idempotent,
 * so replicas that exchange writes in any order, any number of times, end with the same value.
 *
 * A replica must never issue two different values under one timestamp; if `a` and `b` share timestamp and
 * replica but their values differ (by `util.isDeepStrictEqual`), merge throws rather than pick one silently,
 * because either choice would hide a lost write.
 * @throws TypeError when one timestamp is a number and the other an HLC timestamp, or an argument is malformed.
 * @throws Error when timestamp and replica are equal but the values are not.
 */
export function merge<R extends LwwRegister>(a: R, b: R): R {
  const left = checkRegister(a, "a");
  const right = checkRegister(b, "b");
  const order = compareTimestamps(left.timestamp, right.timestamp) || compareStrings(left.replica, right.replica);
  if (order !== 0) return order > 0 ? a : b;
  if (!isDeepStrictEqual(left.value, right.value)) {
    throw new Error(
      `merge(a, b): replica ${quoteText(left.replica)} wrote two different values at timestamp ` +
        `${describeTimestamp(left.timestamp)}; a replica must issue a new timestamp for every write`,
    );
  }
  return a;
}

/**
 * A version vector: one counter per replica, recording which writes a copy of the data has seen. Two copies
 * whose vectors `compare` as `"concurrent"` hold conflicting writes. The same immutable implementation as
 * `VectorClock` in detkit/clock: `increment` and `merge` return a new vector. JSON form: `[replica, counter]`
 * pairs sorted by replica id with `compareStrings`.
 */
export class VersionVector extends CounterVector<VersionVector> {
  /**
   * @param init counters to start from; absent replicas count 0. @default no counters (all zero)
   * @throws RangeError or TypeError on a counter that is not an integer from 0 to `Number.MAX_SAFE_INTEGER`,
   * a replica id that is not a string, or a replica listed twice.
   */
  constructor(init?: VectorInit) {
    super(init, "VersionVector");
  }

  /** Reads the output of `toJSON()` (or a `{ replica: counter }` object) back, validating it. */
  static fromJSON(json: unknown): VersionVector {
    return new VersionVector(readCounters(json, "VersionVector.fromJSON"));
  }

  protected override create(entries: Iterable<readonly [string, number]>): VersionVector {
    return new VersionVector(entries);
  }
}
