// What detkit/clock costs compared with reading Date.now() directly: the price of injecting a clock, of the
// ambient clock (AsyncLocalStorage), of logical clocks, and how manualClock's timer queue scales.
// Run after a build: `npx tsc -p tsconfig.build.json && node bench/clock.mjs`.
import {
  currentClock,
  fixedClock,
  HybridLogicalClock,
  LamportClock,
  manualClock,
  systemClock,
  withClock,
} from "@detkit/runtime/clock";

function elapsedNs() {
  // detkit-disable-next-line no-wall-clock -- a benchmark measures elapsed real time
  return process.hrtime.bigint();
}

const ROUNDS = 5;
const ROUND_NS = 150_000_000n;

/** Median ops/s of `run(n)` (which performs n operations) over ROUNDS rounds of about ROUND_NS each. */
async function measure(run) {
  let n = 1000;
  for (;;) {
    const start = elapsedNs();
    await run(n);
    if (elapsedNs() - start > ROUND_NS / 10n) break;
    n *= 4;
  }
  const rates = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const start = elapsedNs();
    await run(n * 10);
    rates.push((n * 10 * 1e9) / Number(elapsedNs() - start));
  }
  return rates.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)];
}

async function table(title, unit, cases) {
  const rows = [];
  for (const [name, run] of cases) rows.push([name, await measure(run)]);
  const baseline = rows[0][1];
  const width = Math.max(...rows.map(([name]) => name.length));
  console.log(`\n${title}`);
  console.log(`${"case".padEnd(width)}  ${unit.padStart(14)}  vs first`);
  for (const [name, rate] of rows) {
    console.log(`${name.padEnd(width)}  ${Math.round(rate).toLocaleString("en-US").padStart(14)}  ${(rate / baseline).toFixed(2)}x`);
  }
}

let sink = 0;

// Async cases first: once AsyncLocalStorage has been used, Node keeps its async hook on for the whole process.
await table("awaits in a loop (ambient clock cost on async code)", "awaits/s", [
  ["plain await, before any withClock", async (n) => {
    for (let i = 0; i < n; i += 1) await null;
  }],
  ["await inside withClock", (n) =>
    withClock(fixedClock(0), async () => {
      for (let i = 0; i < n; i += 1) await null;
    })],
  ["plain await, after withClock was used", async (n) => {
    for (let i = 0; i < n; i += 1) await null;
  }],
  ["await + currentClock().now() inside withClock", (n) =>
    withClock(fixedClock(0), async () => {
      for (let i = 0; i < n; i += 1) {
        await null;
        sink += currentClock().now();
      }
    })],
]);

const injected = fixedClock(1_700_000_000_000);
const hlc = new HybridLogicalClock({ clock: systemClock, node: "bench" });
const lamport = new LamportClock();

await table("reading the time", "reads/s", [
  ["Date.now()", (n) => {
    // detkit-disable-next-line no-wall-clock -- the baseline the wrappers are compared against
    for (let i = 0; i < n; i += 1) sink += Date.now();
  }],
  ["systemClock.now()", (n) => {
    for (let i = 0; i < n; i += 1) sink += systemClock.now();
  }],
  ["injected clock.now() (fixedClock)", (n) => {
    for (let i = 0; i < n; i += 1) sink += injected.now();
  }],
  ["currentClock().now() outside withClock", (n) => {
    for (let i = 0; i < n; i += 1) sink += currentClock().now();
  }],
  ["currentClock().now() inside withClock", (n) =>
    withClock(injected, () => {
      for (let i = 0; i < n; i += 1) sink += currentClock().now();
    })],
  ["HybridLogicalClock.now() (systemClock)", (n) => {
    for (let i = 0; i < n; i += 1) sink += hlc.now().logical;
  }],
  ["LamportClock.tick()", (n) => {
    for (let i = 0; i < n; i += 1) sink += lamport.tick();
  }],
]);

/** Schedules `pending` timers, then per operation: schedule one more and fire the earliest. */
function timerChurn(pending) {
  const clock = manualClock(0);
  const noop = () => undefined;
  let seed = 1;
  const nextDelay = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed % 10_000;
  };
  for (let i = 0; i < pending; i += 1) clock.setTimeout(noop, nextDelay());
  return (n) => {
    for (let i = 0; i < n; i += 1) {
      clock.setTimeout(noop, nextDelay());
      clock.runNext();
    }
  };
}

await table("manualClock: schedule one timer and run the earliest, with N timers pending", "timers/s", [
  ["N = 100", timerChurn(100)],
  ["N = 10,000", timerChurn(10_000)],
  ["N = 100,000", timerChurn(100_000)],
]);

if (Number.isNaN(sink)) console.log("unreachable");
