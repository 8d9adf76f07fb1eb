/**
 * Record and replay of the two sources of nondeterminism detkit injects: clock readings and random words.
 * Random draws are recorded as the 32-bit words the generator produced, not as the numbers, UUIDs or
 * shuffles made of them: the replayed `Random` runs the same derivations over the same words, so every
 * method gives what it gave while recording, and a recording stays small and plain JSON.
 */
import type { Clock } from "../clock.js";
import { createRandom } from "./random-core.js";
import type { Random, RandomBacking, RandomState, Seed } from "./random-core.js";
import { assertSeed } from "./random-xoshiro.js";

/** One value the recorded run read. */
export type RecordedEvent =
  | {
      /** A `clock.now()` reading (`clock.date()` reads `now()`). */
      readonly kind: "clock";
      /** Milliseconds since the Unix epoch, as the clock returned them. */
      readonly value: number;
    }
  | {
      /** A `clock.monotonic()` reading. */
      readonly kind: "monotonic";
      /** Milliseconds from the timer's origin, as the clock returned them. */
      readonly value: number;
    }
  | {
      /** A 32-bit word drawn by the random generator. */
      readonly kind: "random";
      /** The `fork` labels from the recorded generator to the stream that drew the word (empty for itself). */
      readonly stream: readonly string[];
      /** The word, an unsigned 32-bit integer. */
      readonly value: number;
    };

/** What `Recorder.recording()` returns and `replay` takes: plain JSON. */
export interface Recording {
  /** The format version; `replay` refuses others. */
  readonly version: 1;
  /** The seed and fork path of the recorded generator, so a replayed `Random` reports the same `seed` and `path`. */
  readonly random: { readonly seed: Seed; readonly path: readonly string[] };
  /** Every value the run read, in the order it read them. */
  readonly events: readonly RecordedEvent[];
}

type Event = RecordedEvent;

function describeStream(stream: readonly string[]): string {
  return JSON.stringify(stream);
}

/** What a run did to read an event of each kind, as replay errors say it. */
const READ: Readonly<Record<Exclude<Event["kind"], "random">, { readonly event: string; readonly asked: string }>> = {
  clock: { event: "a clock reading", asked: "read the clock" },
  monotonic: { event: "a monotonic timer reading", asked: "read the monotonic timer" },
};

function describeEvent(event: Event): string {
  return event.kind === "random" ? `a random draw from stream ${describeStream(event.stream)}` : READ[event.kind].event;
}

class RecordingBacking implements RandomBacking {
  readonly #inner: RandomBacking;
  readonly #stream: readonly string[];
  readonly #events: Event[];

  constructor(inner: RandomBacking, stream: readonly string[], events: Event[]) {
    this.#inner = inner;
    this.#stream = Object.freeze(stream.slice());
    this.#events = events;
  }

  get seed(): Seed {
    return this.#inner.seed;
  }

  get path(): readonly string[] {
    return this.#inner.path;
  }

  nextWord(): number {
    const value = this.#inner.nextWord();
    this.#events.push({ kind: "random", stream: this.#stream, value });
    return value;
  }

  fork(label: string): RandomBacking {
    return new RecordingBacking(this.#inner.fork(label), [...this.#stream, label], this.#events);
  }

  state(): RandomState {
    return this.#inner.state();
  }
}

/** The recorder behind `record`: wraps a clock and a generator backing, logging every value they give. */
export class RecorderImpl {
  readonly clock: Clock;
  readonly random: Random;
  readonly #events: Event[] = [];
  readonly #seed: Seed;
  readonly #path: readonly string[];

  constructor(clock: Clock, backing: RandomBacking) {
    const events = this.#events;
    this.#seed = backing.seed;
    this.#path = backing.path.slice();
    const reading = (kind: "clock" | "monotonic", read: () => number) => (): number => {
      const value = read();
      if (!Number.isFinite(value)) {
        throw new TypeError(`record: the clock returned ${String(value)}, which a recording cannot hold`);
      }
      events.push({ kind, value });
      return value;
    };
    const now = reading("clock", () => clock.now());
    this.clock = { now, date: () => new Date(now()), monotonic: reading("monotonic", () => clock.monotonic()) };
    this.random = createRandom(new RecordingBacking(backing, [], events));
  }

  recording(): Recording {
    return {
      version: 1,
      random: { seed: this.#seed, path: this.#path.slice() },
      events: this.#events.map((event) =>
        event.kind === "random" ? { kind: "random", stream: event.stream.slice(), value: event.value } : { kind: event.kind, value: event.value },
      ),
    };
  }
}

class ReplayCursor {
  readonly #events: readonly Event[];
  #next = 0;

  constructor(events: readonly Event[]) {
    this.#events = events;
  }

  get remaining(): number {
    return this.#events.length - this.#next;
  }

  take(wanted: Event["kind"], stream: readonly string[]): number {
    const asked = wanted === "random" ? `drew from random stream ${describeStream(stream)}` : READ[wanted].asked;
    const event = this.#events[this.#next];
    if (event === undefined) {
      throw new Error(
        `replay: the run asked for more values than were recorded: it ${asked} after all ${this.#events.length} recorded events were used`,
      );
    }
    if (event.kind !== wanted || (event.kind === "random" && describeStream(event.stream) !== describeStream(stream))) {
      throw new Error(`replay: event ${this.#next} of the recording is ${describeEvent(event)}, but the run ${asked}`);
    }
    this.#next++;
    return event.value;
  }
}

class ReplayBacking implements RandomBacking {
  readonly seed: Seed;
  readonly path: readonly string[];
  readonly #cursor: ReplayCursor;
  readonly #stream: readonly string[];

  constructor(cursor: ReplayCursor, seed: Seed, path: readonly string[], stream: readonly string[]) {
    this.#cursor = cursor;
    this.seed = seed;
    this.path = Object.freeze(path.slice());
    this.#stream = Object.freeze(stream.slice());
  }

  nextWord(): number {
    return this.#cursor.take("random", this.#stream);
  }

  fork(label: string): RandomBacking {
    return new ReplayBacking(this.#cursor, this.seed, [...this.path, label], [...this.#stream, label]);
  }

  state(): RandomState {
    throw new Error("replay: a replayed Random has no generator state; it can only repeat the recorded values");
  }
}

/** The replayer behind `replay`: a clock and a generator that hand out the recorded values in order. */
export class ReplayerImpl {
  readonly clock: Clock;
  readonly random: Random;
  readonly #cursor: ReplayCursor;

  constructor(recording: Recording) {
    const cursor = new ReplayCursor(recording.events);
    this.#cursor = cursor;
    const now = (): number => cursor.take("clock", []);
    this.clock = { now, date: () => new Date(now()), monotonic: () => cursor.take("monotonic", []) };
    this.random = createRandom(new ReplayBacking(cursor, recording.random.seed, recording.random.path, []));
  }

  get remaining(): number {
    return this.#cursor.remaining;
  }

  assertComplete(): void {
    if (this.#cursor.remaining > 0) {
      throw new Error(`replay: the run used fewer values than were recorded: ${this.#cursor.remaining} events were not read`);
    }
  }
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}

function field(value: object, name: string): unknown {
  return name in value ? Reflect.get(value, name) : undefined;
}

function parseEvent(value: unknown, path: string): Event {
  if (typeof value !== "object" || value === null) throw new TypeError(`replay: ${path} is not an event object`);
  const kind = field(value, "kind");
  const eventValue = field(value, "value");
  if (kind === "clock" || kind === "monotonic") {
    if (typeof eventValue !== "number" || !Number.isFinite(eventValue)) {
      throw new TypeError(`replay: ${path}.value must be a finite number (${kind === "clock" ? "epoch milliseconds" : "milliseconds"})`);
    }
    return { kind, value: eventValue };
  }
  if (kind === "random") {
    const stream = field(value, "stream");
    if (!isStringArray(stream)) throw new TypeError(`replay: ${path}.stream must be an array of fork labels`);
    if (typeof eventValue !== "number" || !Number.isInteger(eventValue) || eventValue < 0 || eventValue > 0xffffffff) {
      throw new TypeError(`replay: ${path}.value must be an unsigned 32-bit integer`);
    }
    return { kind, stream: Object.freeze(stream.slice()), value: eventValue };
  }
  throw new TypeError(`replay: ${path}.kind must be "clock", "monotonic" or "random"`);
}

/** Validates a recording, which may come straight from `JSON.parse`, naming the first malformed field. */
export function parseRecording(value: unknown): Recording {
  if (typeof value !== "object" || value === null) throw new TypeError("replay: the recording is not an object");
  if (field(value, "version") !== 1) throw new TypeError("replay: $.version must be 1");
  const random = field(value, "random");
  if (typeof random !== "object" || random === null) throw new TypeError("replay: $.random must be an object");
  const seed = field(random, "seed");
  assertSeed(seed);
  const path = field(random, "path");
  if (!isStringArray(path)) throw new TypeError("replay: $.random.path must be an array of fork labels");
  const events = field(value, "events");
  if (!Array.isArray(events)) throw new TypeError("replay: $.events must be an array");
  const parsed = events.map((event: unknown, index) => parseEvent(event, `$.events[${index}]`));
  return { version: 1, random: { seed, path }, events: parsed };
}
