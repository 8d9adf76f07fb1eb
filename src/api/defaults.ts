import { resolve } from "node:path";
import { systemClock, type Clock } from "@detkit/runtime/clock";

/** The working directory of a library call: the one given, else the process's own. */
export function resolveCwd(cwd: string | undefined): string {
  return resolve(cwd ?? process.cwd());
}

/** The clock that measures a run's duration: the one given, else the system clock. */
export function runClock(clock: Clock | undefined): Clock {
  return clock ?? systemClock;
}
