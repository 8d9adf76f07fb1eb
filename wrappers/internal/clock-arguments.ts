import type { HlcTimestamp } from "../clock.js";

/**
 * Argument checks shared by the clock and conflict wrappers, so that every entry point rejects bad time values
 * with the same kind of error and the same wording.
 */

/** The largest distance from the epoch a `Date` can represent (ECMA-262 §21.4.1.1): 100,000,000 days. */
export const MAX_EPOCH_MS = 8.64e15;

function describe(value: unknown): string {
  return typeof value === "number" ? String(value) : `a value of type ${typeof value}`;
}

/** A point in time in epoch milliseconds that `new Date(ms)` can represent. */
export function requireEpochMs(ms: unknown, what: string): number {
  if (typeof ms !== "number") {
    throw new TypeError(`${what}: expected epoch milliseconds as a number, got ${describe(ms)}`);
  }
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_EPOCH_MS) {
    throw new RangeError(
      `${what}: expected a finite number of epoch milliseconds within ±${MAX_EPOCH_MS}, got ${describe(ms)}`,
    );
  }
  return ms;
}

/** A length of time in milliseconds: finite and not negative. */
export function requireDurationMs(ms: unknown, what: string): number {
  if (typeof ms !== "number") {
    throw new TypeError(`${what}: expected milliseconds as a number, got ${describe(ms)}`);
  }
  if (!Number.isFinite(ms) || ms < 0) {
    throw new RangeError(`${what}: expected a finite, non-negative number of milliseconds, got ${describe(ms)}`);
  }
  return ms;
}

/** A counter value: an integer in [0, max]. */
export function requireCounter(value: unknown, what: string, max: number = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== "number") {
    throw new TypeError(`${what}: expected an integer counter, got ${describe(value)}`);
  }
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${what}: expected an integer between 0 and ${max}, got ${describe(value)}`);
  }
  return value;
}

/** The largest logical counter of an HLC timestamp: it must fit the 10 digits of the serialized form. */
export const MAX_LOGICAL = 0xffff_ffff;

/** A frozen HLC timestamp, with no `node` key at all when there is no node (so equal timestamps deep-equal). */
export function hlcTimestamp(wallMs: number, logical: number, node: string | undefined): HlcTimestamp {
  return Object.freeze(node === undefined ? { wallMs, logical } : { wallMs, logical, node });
}

/** An HLC timestamp from an untrusted source: `wallMs` a safe non-negative integer, `logical` up to MAX_LOGICAL. */
export function requireHlcTimestamp(value: unknown, what: string): HlcTimestamp {
  if (typeof value !== "object" || value === null || !("wallMs" in value) || !("logical" in value)) {
    throw new TypeError(`${what}: expected an HLC timestamp { wallMs, logical, node? }`);
  }
  const wallMs = requireCounter(value.wallMs, `${what}: wallMs`);
  const logical = requireCounter(value.logical, `${what}: logical`, MAX_LOGICAL);
  const node = "node" in value ? value.node : undefined;
  if (node !== undefined && typeof node !== "string") {
    throw new TypeError(`${what}: node must be a string when present, got a value of type ${typeof node}`);
  }
  return hlcTimestamp(wallMs, logical, node);
}
