// Benchmark of detkit/random against Math.random (the baseline) and pure-rand's xoroshiro128+ with its
// uniform distributions, all measured in this one run. Run after building:
// `npx tsc -p tsconfig.build.json && node bench/random.mjs`. Prints ops/s and the ratio of each competitor's
// throughput to the baseline's (ratio < 1 means slower than Math.random).
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { seeded } from "@detkit/runtime/random";

const CALLS_PER_BATCH = 1_000_000;
const BATCH_MS = 60;
const ROUNDS = 7;

function now() {
  // detkit-disable-next-line no-wall-clock -- a benchmark measures elapsed real time by definition
  return performance.now();
}

function mathRandom() {
  // detkit-disable-next-line no-unseeded-random -- the unseeded built-in is the baseline being compared against
  return Math.random();
}

/** Each competitor makes `calls` draws and returns their sum, so the work cannot be optimized away. */
function floatCompetitors() {
  const detkit = seeded(20240601);
  const pure = xoroshiro128plus(20240601);
  return [
    { name: "Math.random()", run: (calls) => sumOf(calls, mathRandom) },
    { name: "detkit seeded().next()", run: (calls) => sumOf(calls, () => detkit.next()) },
    { name: "pure-rand xoroshiro128+ uniformFloat64", run: (calls) => sumOf(calls, () => uniformFloat64(pure)) },
  ];
}

function intCompetitors() {
  const detkit = seeded(20240601);
  const pure = xoroshiro128plus(20240601);
  return [
    { name: "1 + floor(Math.random() * 6) (naive)", run: (calls) => sumOf(calls, () => 1 + Math.floor(mathRandom() * 6)) },
    { name: "detkit seeded().int(1, 6)", run: (calls) => sumOf(calls, () => detkit.int(1, 6)) },
    { name: "pure-rand xoroshiro128+ uniformInt(1, 6)", run: (calls) => sumOf(calls, () => uniformInt(pure, 1, 6)) },
  ];
}

function sumOf(calls, draw) {
  let sum = 0;
  for (let i = 0; i < calls; i++) sum += draw();
  return sum;
}

let sink = 0;

/** Calls per batch so that one batch takes about BATCH_MS. */
function calibrate(competitor) {
  let calls = CALLS_PER_BATCH / 10;
  for (;;) {
    const start = now();
    sink += competitor.run(calls);
    const elapsed = now() - start;
    if (elapsed >= BATCH_MS / 4) return Math.max(1, Math.round((calls * BATCH_MS) / elapsed));
    calls *= 4;
  }
}

/**
 * Best throughput of each competitor over ROUNDS rounds; competitors take turns within a round, so a change
 * in machine load affects all of them alike.
 */
function measure(competitors) {
  const calls = competitors.map(calibrate);
  const best = competitors.map(() => 0);
  for (let round = 0; round < ROUNDS; round++) {
    competitors.forEach((competitor, i) => {
      const start = now();
      sink += competitor.run(calls[i]);
      const opsPerSecond = (calls[i] / (now() - start)) * 1000;
      best[i] = Math.max(best[i], opsPerSecond);
    });
  }
  return competitors.map((competitor, i) => ({ name: competitor.name, opsPerSecond: best[i] }));
}

function table(title, rows) {
  const [baseline] = rows;
  console.log(`\n${title} (ratio = ops/s against ${baseline.name})`);
  console.log(`${"competitor".padEnd(42)} ${"ops/s".padStart(14)} ${"ratio".padStart(7)}`);
  for (const row of rows) {
    const ops = Math.round(row.opsPerSecond).toLocaleString("en-US");
    console.log(`${row.name.padEnd(42)} ${ops.padStart(14)} ${(row.opsPerSecond / baseline.opsPerSecond).toFixed(2).padStart(7)}`);
  }
}

const started = now();
table("Floats in [0, 1)", measure(floatCompetitors()));
table("Integers in [1, 6]", measure(intCompetitors()));
console.log(`\n(${((now() - started) / 1000).toFixed(1)} s; checksum ${sink > 0 ? "ok" : "unexpected"})`);
