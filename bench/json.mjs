// Benchmark of detkit/json against the `canonicalize` package and the built-in JSON, on a ~1 MB document.
// Run after building: `npm run build && node bench/json.mjs`. Prints ms per operation (wall clock and CPU) and the
// ratios against the baselines measured in the same run (ratio < 1 means faster than the baseline).
import canonicalizePackage from "canonicalize";
import { canonicalize, parse } from "@detkit/runtime/json";

/** Deterministic pseudo-random stream (mulberry32), so every run benchmarks the same document. */
function seededStream(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ["widget", "Gerät", "café", "naïve", "東京", "数据", "smörgåsbord", "crème brûlée", "emoji 🚀", "Ωmega",
  "plain", "order", "delivery", "\"quoted\"", "tab\there", "line\nbreak", "straße", "Ελληνικά", "עברית", "😀😃"];

/** About 1 MB of orders with nested line items, unicode strings and numbers of many magnitudes. */
function makeDocument(targetBytes) {
  const next = seededStream(20240601);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const orders = [];
  let size = 0;
  for (let id = 0; size < targetBytes; id++) {
    const items = [];
    const itemCount = 1 + Math.floor(next() * 6);
    for (let line = 0; line < itemCount; line++) {
      items.push({
        sku: `SKU-${Math.floor(next() * 1e6)}`,
        name: `${pick(WORDS)} ${pick(WORDS)}`,
        quantity: 1 + Math.floor(next() * 20),
        unitPrice: Math.round(next() * 100000) / 100,
        discountRate: Math.round(next() * 1000) / 10000,
        weightKg: next() * 10 ** (Math.floor(next() * 12) - 6),
      });
    }
    const order = {
      id: 1_000_000_000 + id * 7919,
      customer: { name: `${pick(WORDS)} ${pick(WORDS)}`, email: `user${id}@example.com`, vip: next() < 0.1, tags: [pick(WORDS), pick(WORDS)] },
      createdAt: 1_700_000_000_000 + Math.floor(next() * 1e10),
      currency: pick(["EUR", "USD", "JPY", "CHF"]),
      items,
      total: Math.round(next() * 1e7) / 100,
      exchangeRate: next() * 1e3,
      note: next() < 0.3 ? null : pick(WORDS),
      scientific: [6.02214076e23 * next(), 1.602e-19 * next(), -next() * 1e300],
    };
    orders.push(order);
    size += JSON.stringify(order).length;
  }
  return { orders, generator: "detkit bench", version: 1 };
}

function now() {
  // detkit-disable-next-line no-wall-clock -- a benchmark measures elapsed real time by definition
  return performance.now();
}

/** Milliseconds of CPU time this process has used (all its threads, so the garbage collector's helpers too). */
function cpuNow() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Milliseconds per call of each competitor, in wall-clock time and in CPU time: rounds interleave the competitors, so
 * that load from other processes falls on all of them alike, and the median round is reported. Ratios use CPU time,
 * which waiting for a core on a loaded machine does not inflate.
 */
function measureAll(competitors, rounds = 9, roundMs = 200) {
  const samples = competitors.map(() => ({ wall: [], cpu: [] }));
  for (const competitor of competitors) for (let i = 0; i < 5; i++) competitor.run();
  for (let round = 0; round < rounds; round++) {
    competitors.forEach((competitor, index) => {
      let calls = 0;
      const start = now();
      const cpuStart = cpuNow();
      let elapsed = 0;
      do {
        competitor.run();
        calls++;
        elapsed = now() - start;
      } while (elapsed < roundMs);
      samples[index].wall.push(elapsed / calls);
      samples[index].cpu.push((cpuNow() - cpuStart) / calls);
    });
  }
  const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return competitors.map((competitor, index) => ({
    name: competitor.name,
    ms: median(samples[index].wall),
    cpuMs: median(samples[index].cpu),
  }));
}

/** One row per competitor, with its CPU-time ratio against each baseline named. */
function table(title, baselineNames, rows) {
  const baselines = baselineNames.map((name) => ({ name, cpuMs: rows.find((row) => row.name === name).cpuMs }));
  console.log(`\n${title} (ratios of CPU time: ${baselines.map((baseline, index) => `${index + 1} = against ${baseline.name}`).join(", ")})`);
  const ratioHeads = baselines.map((_, index) => `ratio ${index + 1}`.padStart(8)).join(" ");
  console.log(`${"competitor".padEnd(40)} ${"ms/op".padStart(9)} ${"cpu ms/op".padStart(10)} ${ratioHeads}`);
  for (const row of rows) {
    const ratios = baselines.map((baseline) => (row.cpuMs / baseline.cpuMs).toFixed(2).padStart(8)).join(" ");
    console.log(`${row.name.padEnd(40)} ${row.ms.toFixed(2).padStart(9)} ${row.cpuMs.toFixed(2).padStart(10)} ${ratios}`);
  }
}

const document = makeDocument(1_000_000);
const text = JSON.stringify(document);
const canonical = canonicalize(document);
if (canonical !== canonicalizePackage(document)) throw new Error("detkit and the canonicalize package disagree on the document");
console.log(`document: ${document.orders.length} orders, ${(Buffer.byteLength(text) / 1e6).toFixed(2)} MB as JSON`);

const which = process.argv[2];
if (which === undefined || which === "canonicalize") {
  table("canonicalize", ["JSON.stringify (not canonical)", "canonicalize package"], measureAll([
    { name: "JSON.stringify (not canonical)", run: () => JSON.stringify(document) },
    { name: "canonicalize package", run: () => canonicalizePackage(document) },
    { name: "detkit canonicalize", run: () => canonicalize(document) },
  ]));
}
if (which === undefined || which === "parse") {
  table("parse", ["JSON.parse"], measureAll([
    { name: "JSON.parse", run: () => JSON.parse(text) },
    { name: "detkit parse { numbers: \"number\" }", run: () => parse(text, { numbers: "number" }) },
    { name: "detkit parse { numbers: \"decimal\" }", run: () => parse(text, { numbers: "decimal" }) },
    { name: "detkit parse { numbers: \"bigint\" }", run: () => parse(text, { numbers: "bigint" }) },
  ]));
}
