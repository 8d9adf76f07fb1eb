/**
 * Perturbations of what a correct program must not depend on, installed into a running process: seeded jitter
 * of when timers, immediates and file-system callbacks run (and, optionally, of promise continuations), and a
 * seeded shuffle of directory listings. `expectReproducible` installs them around each run; the preload that
 * `detkit repro` injects with `--import` installs them for the whole life of the programs it runs. Both draw
 * from a seeded generator, so a run that exposed a bug can be repeated with the same seed.
 *
 * Only macrotask sources are delayed in a program: a bug that depends on completion order shows up when one
 * timer, immediate or I/O callback overtakes another, which delaying microtasks alone never causes.
 */
import fs from "node:fs";
import type { Dir, Dirent } from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import timers from "node:timers";
import timersPromises from "node:timers/promises";
import { compareStrings } from "../collections.js";
import type { Random } from "./random-core.js";

/**
 * UTC and three zones far from it and from each other (UTC+14, UTC−3:30, UTC+5:30), so that a date computed
 * in local time lands on another day, and a half-hour offset breaks code that assumes whole hours.
 */
export const FAR_APART_TIMEZONES: readonly string[] = Object.freeze([
  "UTC",
  "Pacific/Kiritimati",
  "America/St_Johns",
  "Asia/Kolkata",
]);

/** What to perturb; each source is a generator only these perturbations draw from. */
export interface PerturbationSources {
  /** Jitter timers, immediates and the callbacks and promises of `fs`. */
  readonly schedule?: Random;
  /** With `schedule`: also run promise continuations (`then`, `catch`, `finally`, `Promise.all`) a few microtasks late. */
  readonly continuations?: boolean;
  /** Shuffle what `readdir`, `readdirSync`, `opendir` and `fs.promises.readdir` return. */
  readonly fsorder?: Random;
}

type Callable = (...args: unknown[]) => unknown;

function isCallable(value: unknown): value is Callable {
  return typeof value === "function";
}

// Node clamps a delay outside [1, TIMEOUT_MAX] to 1 ms (lib/internal/timers.js).
const TIMEOUT_MAX = 2 ** 31 - 1;
// The widest extra delay of a timer, in ms: wide enough to reorder timers a few ms apart, small enough not to
// slow a program with many timers by much.
const MAX_TIMER_JITTER = 20;
const MIN_TIMER_JITTER = 4;

/** The callback-taking functions of `fs` whose callbacks are delivered late (the last argument is the callback). */
const FS_CALLBACK_APIS = [
  "access", "appendFile", "chmod", "chown", "close", "copyFile", "cp", "exists", "fchmod", "fchown", "fdatasync",
  "fstat", "fsync", "ftruncate", "futimes", "lchown", "link", "lstat", "lutimes", "mkdir", "mkdtemp", "open",
  "opendir", "read", "readdir", "readFile", "readlink", "readv", "realpath", "rename", "rm", "rmdir", "stat",
  "statfs", "symlink", "truncate", "unlink", "utimes", "write", "writeFile", "writev",
] as const;

/** The functions of `fs.promises` whose promises settle late. */
const FS_PROMISE_APIS = [
  "access", "appendFile", "chmod", "chown", "copyFile", "cp", "lchown", "link", "lstat", "lutimes", "mkdir",
  "mkdtemp", "open", "opendir", "readdir", "readFile", "readlink", "realpath", "rename", "rm", "rmdir", "stat",
  "statfs", "symlink", "truncate", "unlink", "utimes", "writeFile",
] as const;

// Taken before anything is patched, so that the perturbations never perturb themselves.
const original = {
  setTimeout: timers.setTimeout,
  setImmediate: timers.setImmediate,
  clearImmediate: timers.clearImmediate,
  then: Promise.prototype.then,
};

/** Replaces functions on objects and puts them back; one replacement per original, so aliases stay equal. */
class Patches {
  readonly #undo: (() => void)[] = [];
  readonly #made = new Map<Callable, Callable>();

  replace(target: object, key: PropertyKey, make: (original: Callable) => Callable): void {
    const descriptor = Object.getOwnPropertyDescriptor(target, key);
    const current: unknown = descriptor?.value;
    if (descriptor === undefined || !isCallable(current)) return;
    let replacement = this.#made.get(current);
    if (replacement === undefined) {
      replacement = make(current);
      copyProperties(current, replacement);
      this.#made.set(current, replacement);
    }
    Object.defineProperty(target, key, { ...descriptor, value: replacement });
    this.#undo.push(() => Object.defineProperty(target, key, descriptor));
  }

  undo(): void {
    for (const undoOne of this.#undo.splice(0).reverse()) undoOne();
    this.#made.clear();
  }
}

/**
 * Gives a replacement the name and the extra properties of the function it replaces: `fs.realpath.native`,
 * the `util.promisify` hooks of `setTimeout`, `fs.read` and `fs.exists`.
 */
function copyProperties(from: Callable, to: Callable): void {
  for (const key of Reflect.ownKeys(from)) {
    if (key === "length" || key === "prototype") continue;
    const descriptor = Object.getOwnPropertyDescriptor(from, key);
    if (descriptor !== undefined) Object.defineProperty(to, key, { ...descriptor, configurable: true });
  }
}

/** When a timer fires and a callback is delivered, drawn from one generator. */
class Jitter {
  readonly #random: Random;

  constructor(random: Random) {
    this.#random = random;
  }

  /** A timer's delay with a few extra milliseconds; a delay Node would not read as a number is left to Node. */
  delay(requested: unknown): unknown {
    if (requested !== undefined && typeof requested !== "number") return requested;
    const base = requested !== undefined && requested >= 1 && requested <= TIMEOUT_MAX ? requested : 1;
    const window = Math.min(MAX_TIMER_JITTER, Math.max(MIN_TIMER_JITTER, Math.floor(base)));
    return Math.min(TIMEOUT_MAX, base + this.#random.int(0, window));
  }

  /** How many extra turns of the event loop an immediate waits. */
  hops(): number {
    return this.#random.int(0, 2);
  }

  /** Runs `callback` now, after a few immediates, or after a short timer: another I/O callback may overtake it. */
  defer(callback: () => void): void {
    const draw = this.#random.next();
    if (draw < 0.25) {
      callback();
    } else if (draw < 0.75) {
      let hops = this.#random.int(1, 3);
      const step = (): void => {
        if (--hops > 0) original.setImmediate(step);
        else callback();
      };
      original.setImmediate(step);
    } else {
      original.setTimeout(callback, this.#random.int(1, 4));
    }
  }

  /** A promise that settles like `promise`, later. */
  settleLater<T>(promise: PromiseLike<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      Reflect.apply(original.then, promise, [
        (value: T) => this.defer(() => resolve(value)),
        (error: unknown) => this.defer(() => reject(error)),
      ]);
    });
  }
}

function patchTimers(patches: Patches, jitter: Jitter): void {
  // Immediates that were passed over for a turn: the handle the program holds, and the one now queued.
  const requeued = new WeakMap<object, NodeJS.Immediate>();
  const targets = [globalThis, timers];
  for (const target of targets) {
    for (const name of ["setTimeout", "setInterval"] as const) {
      patches.replace(target, name, (originalTimer) =>
        function (this: unknown, callback: unknown, delay?: unknown, ...args: unknown[]) {
          return Reflect.apply(originalTimer, this, [callback, jitter.delay(delay), ...args]);
        },
      );
    }
    patches.replace(target, "setImmediate", (originalImmediate) =>
      function (this: unknown, callback: unknown, ...args: unknown[]) {
        if (!isCallable(callback)) return Reflect.apply(originalImmediate, this, [callback, ...args]);
        let hops = jitter.hops();
        // Node forgets whether an immediate was unref'd once it has run, so the program's choice is kept here
        // and given to each requeued immediate: a ref'd one must keep the loop from blocking in poll.
        let refed = true;
        const first: NodeJS.Immediate = original.setImmediate(function step() {
          if (hops-- > 0) {
            const next = original.setImmediate(step);
            if (!refed) next.unref();
            requeued.set(first, next);
            return;
          }
          requeued.delete(first);
          Reflect.apply(callback, first, args);
        });
        const track = (method: "ref" | "unref", refs: boolean): PropertyDescriptor => {
          const inherited = first[method];
          return {
            value: function (this: NodeJS.Immediate) {
              refed = refs;
              requeued.get(first)?.[method]();
              return Reflect.apply(inherited, this, []);
            },
            configurable: true,
            writable: true,
          };
        };
        Object.defineProperties(first, { ref: track("ref", true), unref: track("unref", false) });
        return first;
      },
    );
    patches.replace(target, "clearImmediate", (originalClear) =>
      function (this: unknown, handle: unknown) {
        const queued = typeof handle === "object" && handle !== null ? requeued.get(handle) : undefined;
        if (queued !== undefined) original.clearImmediate(queued);
        return Reflect.apply(originalClear, this, [handle]);
      },
    );
  }
  patches.replace(timersPromises, "setTimeout", (originalTimer) =>
    function (this: unknown, delay?: unknown, ...rest: unknown[]) {
      return Reflect.apply(originalTimer, this, [jitter.delay(delay), ...rest]);
    },
  );
  patches.replace(timersPromises, "setImmediate", (originalImmediate) =>
    async function (this: unknown, value?: unknown, options?: unknown) {
      const result: unknown = await Reflect.apply(originalImmediate, this, [value, options]);
      for (let hops = jitter.hops(); hops > 0; hops--) await Reflect.apply(originalImmediate, this, [undefined, options]);
      return result;
    },
  );
}

function patchFileSystemCallbacks(patches: Patches, jitter: Jitter): void {
  const patchCallbackApi = (target: object, name: PropertyKey): void =>
    patches.replace(target, name, (originalApi) =>
      function (this: unknown, ...args: unknown[]) {
        const callback = args.at(-1);
        if (isCallable(callback)) {
          args[args.length - 1] = function (this: unknown, ...results: unknown[]) {
            jitter.defer(() => Reflect.apply(callback, this, results));
          };
        }
        return Reflect.apply(originalApi, this, args);
      },
    );
  for (const name of FS_CALLBACK_APIS) patchCallbackApi(fs, name);
  patchCallbackApi(fs.realpath, "native");
  for (const name of FS_PROMISE_APIS) {
    patches.replace(fs.promises, name, (originalApi) =>
      function (this: unknown, ...args: unknown[]) {
        const pending: unknown = Reflect.apply(originalApi, this, args);
        return pending instanceof Promise ? jitter.settleLater(pending) : pending;
      },
    );
  }
}

/**
 * Runs promise reactions a few microtasks late. `await` of a native promise does not look up `then`, so this
 * reaches explicit `then`/`catch`/`finally`, the combinators (`Promise.all` calls `then` on each element) and
 * a promise resolved with another promise, such as an async function returning one.
 */
function patchContinuations(patches: Patches, jitter: Jitter): void {
  // The promises that carry the delay: their own reactions must not be delayed again.
  const carriers = new WeakSet<object>();
  const later = (handler: unknown): unknown => {
    if (!isCallable(handler)) return handler;
    const hops = jitter.hops();
    if (hops === 0) return handler;
    return (value: unknown) => {
      let carrier: Promise<unknown> = Promise.resolve();
      carriers.add(carrier);
      for (let hop = 1; hop < hops; hop++) {
        carrier = Reflect.apply(original.then, carrier, [undefined]);
        carriers.add(carrier);
      }
      return Reflect.apply(original.then, carrier, [() => handler(value)]);
    };
  };
  patches.replace(Promise.prototype, "then", (originalThen) =>
    function (this: unknown, onFulfilled?: unknown, onRejected?: unknown) {
      if (typeof this === "object" && this !== null && carriers.has(this)) {
        return Reflect.apply(originalThen, this, [onFulfilled, onRejected]);
      }
      return Reflect.apply(originalThen, this, [later(onFulfilled), later(onRejected)]);
    },
  );
}

function nameOf(entry: unknown): string {
  if (typeof entry === "string") return entry;
  if (Buffer.isBuffer(entry)) return entry.toString("latin1");
  if (typeof entry === "object" && entry !== null && "name" in entry) return String(entry.name);
  return String(entry);
}

/**
 * A directory listing in an order drawn from `random` and the names listed: sorted first, so that the order
 * depends on the seed and the names alone, not on the order the file system gave nor on where the directory
 * is (a run in a moved copy gets the same order).
 */
function shuffleListing<T>(random: Random, entries: readonly T[]): T[] {
  const sorted = entries.slice().sort((a, b) => compareStrings(nameOf(a), nameOf(b)));
  return random.fork(`readdir:${sorted.map(nameOf).join("\u0000")}`).shuffle(sorted);
}

/** Makes a `Dir` hand out its entries in shuffled order: the first read drains it, later reads take from the rest. */
function shuffleDir(random: Random, dir: Dir): Dir {
  const prototype: unknown = Object.getPrototypeOf(dir);
  const readSync: unknown = typeof prototype === "object" && prototype !== null ? Reflect.get(prototype, "readSync") : undefined;
  const close: unknown = typeof prototype === "object" && prototype !== null ? Reflect.get(prototype, "close") : undefined;
  if (!isCallable(readSync) || !isCallable(close)) return dir;
  let remaining: Dirent[] | undefined;
  const next = (): Dirent | null => {
    if (remaining === undefined) {
      const all: Dirent[] = [];
      for (;;) {
        const entry: unknown = Reflect.apply(readSync, dir, []);
        if (!(entry instanceof fs.Dirent)) break;
        all.push(entry);
      }
      remaining = shuffleListing(random, all);
    }
    return remaining.shift() ?? null;
  };
  const entries = async function* (): AsyncGenerator<Dirent> {
    try {
      for (let entry = next(); entry !== null; entry = next()) yield entry;
    } finally {
      await Reflect.apply(close, dir, []);
    }
  };
  const methods: Record<PropertyKey, unknown> = {
    readSync: next,
    read(callback?: unknown) {
      if (!isCallable(callback)) {
        try {
          return Promise.resolve(next());
        } catch (error) {
          return Promise.reject(error);
        }
      }
      let entry: Dirent | null;
      try {
        entry = next();
      } catch (error) {
        process.nextTick(callback, error);
        return undefined;
      }
      process.nextTick(callback, null, entry);
      return undefined;
    },
    entries,
    [Symbol.asyncIterator]: entries,
  };
  for (const key of Reflect.ownKeys(methods)) {
    Object.defineProperty(dir, key, { value: methods[key], writable: true, configurable: true });
  }
  return dir;
}

function patchDirectoryOrder(patches: Patches, random: Random): void {
  const isDir = (value: unknown): value is Dir => value instanceof fs.Dir;
  patches.replace(fs, "readdirSync", (originalApi) =>
    function (this: unknown, ...args: unknown[]) {
      const listing: unknown = Reflect.apply(originalApi, this, args);
      return Array.isArray(listing) ? shuffleListing(random, listing) : listing;
    },
  );
  patches.replace(fs, "opendirSync", (originalApi) =>
    function (this: unknown, ...args: unknown[]) {
      const dir: unknown = Reflect.apply(originalApi, this, args);
      return isDir(dir) ? shuffleDir(random, dir) : dir;
    },
  );
  const patchCallback = (name: string, transform: (result: unknown) => unknown): void =>
    patches.replace(fs, name, (originalApi) =>
      function (this: unknown, ...args: unknown[]) {
        const callback = args.at(-1);
        if (isCallable(callback)) {
          args[args.length - 1] = function (this: unknown, error: unknown, result: unknown) {
            Reflect.apply(callback, this, error ? [error] : [null, transform(result)]);
          };
        }
        return Reflect.apply(originalApi, this, args);
      },
    );
  const listing = (result: unknown): unknown => (Array.isArray(result) ? shuffleListing(random, result) : result);
  const directory = (result: unknown): unknown => (isDir(result) ? shuffleDir(random, result) : result);
  patchCallback("readdir", listing);
  patchCallback("opendir", directory);
  const patchPromise = (name: string, transform: (result: unknown) => unknown): void =>
    patches.replace(fs.promises, name, (originalApi) =>
      async function (this: unknown, ...args: unknown[]) {
        return transform(await Reflect.apply(originalApi, this, args));
      },
    );
  patchPromise("readdir", listing);
  patchPromise("opendir", directory);
}

/**
 * Installs the perturbations `sources` asks for and returns the function that removes them. ESM imports of
 * `node:fs`, `node:timers` and `node:timers/promises` see the change too (`syncBuiltinESMExports`). The
 * change is process-wide: other code running meanwhile is perturbed as well.
 */
export function installPerturbations(sources: PerturbationSources): () => void {
  const patches = new Patches();
  // Directory order first, so that a shuffled listing is also delivered late.
  if (sources.fsorder !== undefined) patchDirectoryOrder(patches, sources.fsorder);
  if (sources.schedule !== undefined) {
    const jitter = new Jitter(sources.schedule);
    patchTimers(patches, jitter);
    patchFileSystemCallbacks(patches, jitter);
    if (sources.continuations === true) patchContinuations(patches, jitter);
  }
  syncBuiltinESMExports();
  let installed = true;
  return () => {
    if (!installed) return;
    installed = false;
    patches.undo();
    syncBuiltinESMExports();
  };
}
