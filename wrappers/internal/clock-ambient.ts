import { AsyncLocalStorage } from "node:async_hooks";
import type { Clock } from "../clock.js";

// Created on the first withClock() so that importing detkit/clock does nothing. `undefined` as a store value means
// "no ambient clock": it lets a manual-clock callback scheduled outside withClock run outside it too.
let storage: AsyncLocalStorage<Clock | undefined> | undefined;

/** The clock of the innermost enclosing `withClock`, if any. */
export function ambientClock(): Clock | undefined {
  return storage?.getStore();
}

/** Runs `fn` with `clock` (or no clock) as the ambient clock of everything it starts, synchronously or not. */
export function runWithAmbientClock<T>(clock: Clock | undefined, fn: () => T): T {
  if (storage === undefined) {
    if (clock === undefined) return fn();
    storage = new AsyncLocalStorage<Clock | undefined>();
  }
  return storage.run(clock, fn);
}
