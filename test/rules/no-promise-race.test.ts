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
    // In test code a race against a timer is the test's deadline (fastify's tests).
    { code: "await Promise.race([app.inject(request), new Promise((resolve, reject) => setTimeout(resolve, 1000))]);", test: true },
    {
      code: "const res = await Promise.race([\n  get(url),\n  new Promise((resolve, reject) => {\n    const hang = setTimeout(() => reject(new Error('hung')), 2000);\n    hang.unref();\n  }),\n]);",
      test: true,
    },
    { code: "import { setTimeout } from 'node:timers/promises';\nawait Promise.race([server.close(), setTimeout(500)]);", test: true },
    { code: "const racers = [waitForDrain(stream), sleep(200)];\nawait Promise.race(racers);", test: true },
  ],
  invalid: [
    { code: "const winner = await Promise.race([fetchA(), fetchB()]);", errors: [{ messageId: "race", line: 1, column: 22, endLine: 1, endColumn: 56 }] },
    { code: "const first = await Promise.any(mirrors.map(download));", errors: [{ messageId: "race", line: 1, column: 21, endLine: 1, endColumn: 55 }] },
    { code: "await globalThis.Promise.race([work, timeout(1000)]);", errors: [{ messageId: "race", line: 1, column: 7, endLine: 1, endColumn: 53 }] },
    { code: "const { race } = Promise;\nrace([a, b]);", errors: [{ messageId: "race", line: 2, column: 1, endLine: 2, endColumn: 13 }] },
    { code: "const P = Promise;\nP.any([a, b]);", errors: [{ messageId: "race", line: 2, column: 1, endLine: 2, endColumn: 14 }] },
    // The awaitable depends on the element: each racer waits on its own work.
    { code: "await Promise.race(urls.map((url) => fetch(url).then((r) => r.text())));", errors: [{ messageId: "race", line: 1, column: 7, endLine: 1, endColumn: 72 }] },
    { code: "await Promise.race(urls.map(function (url) { return cache.get(url).then(use); }));", errors: [{ messageId: "race", line: 1, column: 7, endLine: 1, endColumn: 82 }] },
    // Outside tests a deadline is still a race: on a slow machine the timer wins.
    { code: "await Promise.race([app.inject(request), new Promise((resolve) => setTimeout(resolve, 1000))]);", errors: [{ messageId: "race", line: 1, column: 7, endLine: 1, endColumn: 95 }] },
    // In tests, racers that are not timers still race.
    { code: "await Promise.race([fetchA(), fetchB()]);", test: true, errors: [{ messageId: "race", line: 1, column: 7, endLine: 1, endColumn: 41 }] },
    { code: "await Promise.race([work(), new Promise((resolve) => emitter.once('done', resolve))]);", test: true, errors: [{ messageId: "race", line: 1, column: 7, endLine: 1, endColumn: 86 }] },
    { code: "const pick = Promise.race.bind(Promise);", errors: [{ messageId: "raceValue", line: 1, column: 14, endLine: 1, endColumn: 26 }] },
  ],
});
