import { createServer } from "node:http";
import { backoffDelays } from "./retry.js";
import { createOrder } from "./orders.js";
import { openSession } from "./sessions.js";

const startedAt = Date.now();

const server = createServer((request, response) => {
  const begin = process.hrtime.bigint();
  if (request.url === "/orders" && request.method === "POST") {
    const session = openSession("demo-user");
    const order = createOrder(session.userId, [{ sku: "tea", quantity: 2, unitPrice: "4.20" }]);
    response.setHeader("x-retry-after", String(backoffDelays({ attempts: 1, baseDelayMs: 100 })[0]));
    response.end(JSON.stringify(order));
  } else if (request.url === "/health") {
    response.end(JSON.stringify({ uptimeSeconds: process.uptime(), startedAt }));
  } else {
    response.statusCode = 404;
    response.end();
  }
  const elapsed = process.hrtime.bigint() - begin;
  // detkit-disable-next-line no-wall-clock -- the access log is for humans; its timestamps never feed a result
  console.log(`${new Date().toISOString()} ${request.method} ${request.url} ${elapsed}ns`);
});

server.listen(Number(process.env.PORT ?? 8080));
