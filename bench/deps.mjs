// Benchmark of the dependency audit: `detkit deps` (the built CLI, spawned) against
// `npm ls --all --package-lock-only` on the same lockfile of about 1,600 packages (bench/deps-fixture:
// a React, webpack, Babel, Jest and ESLint toolchain), plus the engine in process. Run `npm run build` first.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const FIXTURE = join(ROOT, "bench", "deps-fixture");
const CLI = join(ROOT, "dist", "src", "cli", "main.js");
const RUNS = 5;

function elapsedMs(start) {
  // detkit-disable-next-line no-wall-clock -- a benchmark measures elapsed time
  return performance.now() - start;
}

function now() {
  // detkit-disable-next-line no-wall-clock -- a benchmark measures elapsed time
  return performance.now();
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Spawns a command RUNS times (after one warm-up run that fills the OS file cache) and returns the times. */
function timeSpawn(command, args, options, check) {
  const run = () => {
    const start = now();
    const result = spawnSync(command, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, ...options });
    const ms = elapsedMs(start);
    if (result.error) throw result.error;
    check(result);
    return ms;
  };
  run();
  return Array.from({ length: RUNS }, run);
}

const lock = JSON.parse(readFileSync(join(FIXTURE, "package-lock.json"), "utf8"));
const packageCount = Object.keys(lock.packages).length - 1;

const detkitTimes = timeSpawn(process.execPath, [CLI, "deps", FIXTURE, "--format", "json"], { cwd: ROOT }, (result) => {
  // 0 or 1 (findings) are both a completed audit; 2 would be a usage error.
  if (result.status !== 0 && result.status !== 1) throw new Error(`detkit deps exited ${result.status}: ${result.stderr}`);
  JSON.parse(result.stdout);
});

const npmTimes = timeSpawn("npm", ["ls", "--all", "--package-lock-only"], { cwd: FIXTURE }, (result) => {
  // npm ls exits 1 when it finds invalid peers, which this tree has; it still prints the whole tree.
  if (!result.stdout.includes("react@18.3.1")) throw new Error(`npm ls printed no tree: ${result.stderr.slice(0, 500)}`);
});

const { auditDependencies } = await import("../dist/src/deps/index.js");
const engineTimes = [];
let engineResult;
for (let run = 0; run <= RUNS; run++) {
  const start = now();
  engineResult = await auditDependencies({ root: FIXTURE, cwd: ROOT });
  // The first run also imports @npmcli/arborist; keep the warm runs.
  if (run > 0) engineTimes.push(elapsedMs(start));
}

// Which modules the `deps` command loads: the compiler (ts-morph) must not be among them.
const probeDirectory = mkdtempSync(join(tmpdir(), "detkit-bench-"));
const probe = join(probeDirectory, "probe.cjs");
writeFileSync(
  probe,
  'process.on("exit", () => { const keys = Object.keys(require.cache);' +
    ' process.stderr.write("\\n@@" + JSON.stringify({ modules: keys.length, tsMorph: keys.some((key) => key.includes("ts-morph")) }) + "\\n"); });\n',
);
const probed = spawnSync(process.execPath, ["--require", probe, CLI, "deps", FIXTURE, "--format", "json"], { cwd: ROOT, encoding: "utf8" });
rmSync(probeDirectory, { recursive: true, force: true });
const loaded = JSON.parse(probed.stderr.slice(probed.stderr.lastIndexOf("@@") + 2));

const baseline = median(npmTimes);
const rows = [
  ["npm ls --all --package-lock-only (spawned)", npmTimes],
  ["detkit deps --format json (spawned)", detkitTimes],
  ["auditDependencies() in process, warm", engineTimes],
];
console.log(`detkit deps: ${packageCount} locked packages (bench/deps-fixture/package-lock.json), median of ${RUNS} runs`);
console.log("");
console.log(`| ${"what".padEnd(44)} | median ms |  min ms |  max ms | vs npm ls |`);
console.log(`| ${"-".repeat(44)} | --------: | ------: | ------: | --------: |`);
for (const [name, times] of rows) {
  const ratio = median(times) / baseline;
  console.log(
    `| ${name.padEnd(44)} | ${median(times).toFixed(0).padStart(9)} | ${Math.min(...times).toFixed(0).padStart(7)} | ${Math.max(...times)
      .toFixed(0)
      .padStart(7)} | ${`${ratio.toFixed(2)}x`.padStart(9)} |`,
  );
}
console.log("");
console.log(
  `detkit deps is ${(baseline / median(detkitTimes)).toFixed(1)}x faster than npm ls; ` +
    `${engineResult.findings.length} findings; the deps command loaded ${loaded.modules} CommonJS modules, ts-morph ${loaded.tsMorph ? "LOADED (should not be)" : "not loaded"}`,
);
