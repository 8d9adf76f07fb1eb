/**
 * Runs a loop written once as a generator either synchronously or asynchronously: each `yield x` hands back
 * `x` at once while the yielded values are plain, and switches to awaiting them from the first promise on.
 * A helper that runs a user function several times can then stay synchronous for synchronous functions
 * (no forgotten `await` can hide its failure) and still accept async ones.
 */

/** A value with a `then` method, as `await` recognizes it. */
export function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    "then" in value &&
    typeof value.then === "function"
  );
}

/** Runs `steps` to completion; returns its result directly, or a promise of it once a step yielded a promise. */
export function drive<R>(steps: Generator<unknown, R, unknown>): R | Promise<R> {
  let input: unknown;
  for (;;) {
    const step = steps.next(input);
    if (step.done === true) return step.value;
    if (isPromiseLike(step.value)) return driveAsync(steps, step.value);
    input = step.value;
  }
}

async function driveAsync<R>(steps: Generator<unknown, R, unknown>, first: PromiseLike<unknown>): Promise<R> {
  let pending: unknown = first;
  for (;;) {
    const step = await resume(steps, pending);
    if (step.done === true) return step.value;
    pending = step.value;
  }
}

async function resume<R>(steps: Generator<unknown, R, unknown>, pending: unknown): Promise<IteratorResult<unknown, R>> {
  let settled: unknown;
  try {
    settled = await pending;
  } catch (error) {
    return steps.throw(error);
  }
  return steps.next(settled);
}
