import rule from "../../rules/no-promise-race.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    // Waiting for all keeps input order.
    "const results = await Promise.all(tasks);",
    "const settled = await Promise.allSettled(tasks);",
    // Shadowing and look-alikes.
    "function f(Promise: { race(x: unknown[]): unknown }) { return Promise.race([]); }",
    "import { race } from \"rxjs\";\nrace(a$, b$);",
    "const Promise = Bluebird;\nPromise.any(xs);",
    "schema.any();",
    // Every racer continues the same awaitable: the first registered wins (fastify's onReady test).
    "const promises = [1, 2, 3].map((id) => app.ready().then(() => id));\nconst first = await Promise.race(promises);",
    "await Promise.race(jobs.map(() => ready.finally(() => undefined)));",
  ],
  invalid: [
    { code: "const winner = await Promise.race([fetchA(), fetchB()]);", errors: [{ messageId: "race", line: 1, column: 22, endLine: 1, endColumn: 56 }] },
    { code: "const first = await Promise.any(mirrors.map(download));", errors: [{ messageId: "race", line: 1, column: 21, endLine: 1, endColumn: 55 }] },
    { code: "await globalThis.Promise.race([work, backup()]);", errors: [{ messageId: "race", line: 1, column: 7, endLine: 1, endColumn: 48 }] },
    { code: "const { race } = Promise;\nrace([a, b]);", errors: [{ messageId: "race", line: 2, column: 1, endLine: 2, endColumn: 13 }] },
    { code: "const P = Promise;\nP.any([a, b]);", errors: [{ messageId: "race", line: 2, column: 1, endLine: 2, endColumn: 14 }] },
    // The awaitable depends on the element: each racer waits on its own work.
    { code: "await Promise.race(urls.map((url) => fetch(url).then((r) => r.text())));", errors: [{ messageId: "race", line: 1, column: 7, endLine: 1, endColumn: 72 }] },
    { code: "await Promise.race(urls.map(function (url) { return cache.get(url).then(use); }));", errors: [{ messageId: "race", line: 1, column: 7, endLine: 1, endColumn: 82 }] },
    // A race against a timer is a deadline: reported as `deadline`, which the analyzer keeps inside zones only.
    { code: "await Promise.race([app.inject(request), new Promise((resolve) => setTimeout(resolve, 1000))]);", errors: [{ messageId: "deadline", line: 1, column: 7, endLine: 1, endColumn: 95 }] },
    {
      code: "const res = await Promise.race([\n  get(url),\n  new Promise((resolve, reject) => {\n    const hang = setTimeout(() => reject(new Error('hung')), 2000);\n    hang.unref();\n  }),\n]);",
      errors: [{ messageId: "deadline", line: 1, column: 19, endLine: 7, endColumn: 3 }],
    },
    { code: "import { setTimeout } from 'node:timers/promises';\nawait Promise.race([server.close(), setTimeout(500)]);", errors: [{ messageId: "deadline", line: 2, column: 7, endLine: 2, endColumn: 54 }] },
    { code: "const racers = [waitForDrain(stream), sleep(200)];\nawait Promise.race(racers);", errors: [{ messageId: "deadline", line: 2, column: 7, endLine: 2, endColumn: 27 }] },
    // firebase-tools: a const holding the timer's promise, raced in a retry loop.
    {
      code: "const timedOut = new Promise((_, reject) => {\n  setTimeout(() => reject(new Error('timed out')), ms);\n});\nconst res = await Promise.race([fetch(url), timedOut]);",
      errors: [{ messageId: "deadline", line: 4, column: 19, endLine: 4, endColumn: 55 }],
    },
    // firebase-tools' throttler: the timer is pushed into the racer list when the task has a timeout.
    {
      code: "const promises = [this.execute(i)];\nif (ms) promises.push(this.initializeTimeout(i));\nconst result = await Promise.race(promises);",
      errors: [{ messageId: "deadline", line: 3, column: 22, endLine: 3, endColumn: 44 }],
    },
    { code: "const promises = [fetchA()];\npromises.push(fetchB());\nawait Promise.race(promises);", errors: [{ messageId: "race", line: 3, column: 7, endLine: 3, endColumn: 29 }] },
    // firebase-tools' emulators:exec and emulators:start: the work against a request to stop.
    { code: "await Promise.race([shutdownWhenKilled(options), emulatorExec(script, options)]);", errors: [{ messageId: "cancellation", line: 1, column: 7, endLine: 1, endColumn: 81 }] },
    { code: "const killSignalPromise = utils.onSignal(options);\nawait Promise.race([killSignalPromise, start()]);", errors: [{ messageId: "cancellation", line: 2, column: 7, endLine: 2, endColumn: 49 }] },
    // npm's open-url: a question raced against Ctrl-C, the event awaited with events.once.
    {
      code: 'import { once } from "node:events";\nawait Promise.race([rl.question(prompt), once(rl, "error"), once(rl, "SIGINT").then(() => { throw new Error("canceled"); })]);',
      errors: [{ messageId: "cancellation", line: 2, column: 7, endLine: 2, endColumn: 126 }],
    },
    { code: 'import { once } from "node:events";\nawait Promise.race([rl.question(prompt), once(rl, "line")]);', errors: [{ messageId: "race", line: 2, column: 7, endLine: 2, endColumn: 60 }] },
    // Racers that are not timers still race: another event, or a const holding other work.
    { code: "await Promise.race([work(), new Promise((resolve) => emitter.once('done', resolve))]);", errors: [{ messageId: "race", line: 1, column: 7, endLine: 1, endColumn: 86 }] },
    { code: "const first = firstReplica(options);\nawait Promise.race([first, run(script)]);", errors: [{ messageId: "race", line: 2, column: 7, endLine: 2, endColumn: 41 }] },
    { code: "const pick = Promise.race.bind(Promise);", errors: [{ messageId: "raceValue", line: 1, column: 14, endLine: 1, endColumn: 26 }] },
  ],
});
