import { createServer } from "node:http";
import { systemClock, type Clock } from "@detkit/runtime/clock";
import { canonicalize } from "@detkit/runtime/json";
import { seeded } from "@detkit/runtime/random";
import { createOrder } from "./orders.js";
import { backoffDelays } from "./retry.js";
import { openSession } from "./sessions.js";

/**
 * Production wiring: the real clock and a seed drawn once at start-up and logged, so that an incident can be
 * replayed with `SEED=<logged seed>`. Everything below takes its time and randomness from these two.
 */
export function startServer(clock: Clock = systemClock, seed: string = process.env.SEED ?? String(seeded().seed)) {
  const random = seeded(seed);
  const startedAt = clock.now();
  console.log(`seed ${seed}`);

  return createServer((request, response) => {
    const begin = clock.now();
    const requestRandom = random.fork(`${begin}:${request.method}:${request.url}`);
    if (request.url === "/orders" && request.method === "POST") {
      const session = openSession("demo-user", clock, requestRandom);
      const order = createOrder(session.userId, [{ sku: "tea", quantity: 2, unitPrice: "4.20" }], clock, requestRandom);
      response.setHeader("x-retry-after", String(backoffDelays({ attempts: 1, baseDelayMs: 100 }, requestRandom)[0]));
      response.end(canonicalize(order));
    } else if (request.url === "/health") {
      response.end(canonicalize({ uptimeMs: clock.now() - startedAt, startedAt }));
    } else {
      response.statusCode = 404;
      response.end();
    }
    console.log(`${clock.date().toISOString()} ${request.method} ${request.url} ${clock.now() - begin}ms`);
  });
}

startServer().listen(Number(process.env.PORT ?? 8080));
