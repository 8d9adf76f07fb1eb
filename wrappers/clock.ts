/** A source of time. Code that needs the time takes a Clock instead of reading the wall clock. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** `now()` as a Date. */
  date(): Date;
}

/** The real wall clock: the one place a program should read it, injected where time is needed. */
export const systemClock: Clock = {
  // detkit-disable-next-line no-wall-clock -- the system clock wrapper is where real time enters by design
  now: () => Date.now(),
  date() {
    return new Date(this.now());
  },
};
