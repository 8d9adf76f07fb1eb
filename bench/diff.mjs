// Benchmark of `detkit diff` without content scanning: two lockfiles of about 1,600 packages (bench/deps-fixture,
// and a copy in which every 25th package has a new version and integrity, every 50th is gone), compared in process
// and through the CLI. The baseline, measured in the same run, is @npmcli/arborist's loadVirtual of one of the
// trees: a diff has to load two, so about 2x is the floor. Run `npm run build` first.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Arborist from "@npmcli/arborist";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const FIXTURE = join(ROOT, "bench", "deps-fixture");
const CLI = join(ROOT, "dist", "src", "cli", "main.js");
const RUNS = 7;

function now() {
  // detkit-disable-next-line no-wall-clock -- a benchmark measures elapsed time
  return performance.now();
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function time(run) {
  await run(); // warm-up: imports, JIT, the OS file cache
  const times = [];
  for (let index = 0; index < RUNS; index++) {
    const start = now();
    await run();
    times.push(now() - start);
  }
  return times;
}

// The head: the same tree with some packages upgraded (new version, new integrity) and some removed.
const head = mkdtempSync(join(tmpdir(), "detkit-bench-diff-"));
cpSync(join(FIXTURE, "package.json"), join(head, "package.json"));
const lock = JSON.parse(readFileSync(join(FIXTURE, "package-lock.json"), "utf8"));
const locations = Object.keys(lock.packages).filter((location) => location !== "");
locations.forEach((location, index) => {
  const entry = lock.packages[location];
  if (index % 50 === 49) {
    delete lock.packages[location];
  } else if (index % 25 === 0 && typeof entry.version === "string") {
    entry.version = entry.version.replace(/\d+$/, (patch) => String(Number(patch) + 1));
    if (entry.integrity) entry.integrity = `sha512-${Buffer.from(location).toString("base64")}`;
  }
});
writeFileSync(join(head, "package-lock.json"), `${JSON.stringify(lock, null, 2)}\n`);

try {
  const loadTimes = await time(() => new Arborist({ path: FIXTURE }).loadVirtual());

  const { diffDependencies } = await import("../dist/src/diff/index.js");
  const { DEPENDENCY_RULES } = await import("../dist/src/deps/rules.js");
  const { DEFAULT_DEPS_OPTIONS } = await import("../dist/src/config/deps-options.js");
  const { DEFAULT_FAIL_ON } = await import("../dist/src/diff/types.js");
  let result;
  const engineTimes = await time(async () => {
    result = await diffDependencies({
      cwd: ROOT,
      directory: head,
      base: FIXTURE,
      failOn: DEFAULT_FAIL_ON,
      dependencyAudit: { options: DEFAULT_DEPS_OPTIONS, rules: DEPENDENCY_RULES, severities: new Map() },
      version: "bench",
    });
  });

  const cliTimes = await time(() => {
    const run = spawnSync(process.execPath, [CLI, "diff", head, "--base", FIXTURE, "--no-scan", "--format", "json"], {
      cwd: ROOT,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    if (run.status !== 0 && run.status !== 1) throw new Error(`detkit diff exited ${run.status}: ${run.stderr}`);
  });

  const baseline = median(loadTimes);
  const rows = [
    ["arborist loadVirtual, one tree (baseline)", loadTimes],
    ["diffDependencies() in process, no scan", engineTimes],
    ["detkit diff --no-scan --format json (spawned)", cliTimes],
  ];
  console.log(`detkit diff: ${locations.length} locked packages on each side, median of ${RUNS} warm runs`);
  console.log("");
  console.log(`| ${"what".padEnd(46)} | median ms |  min ms |  max ms | vs loadVirtual |`);
  console.log(`| ${"-".repeat(46)} | --------: | ------: | ------: | -------------: |`);
  for (const [name, times] of rows) {
    console.log(
      `| ${name.padEnd(46)} | ${median(times).toFixed(0).padStart(9)} | ${Math.min(...times).toFixed(0).padStart(7)} | ${Math.max(...times)
        .toFixed(0)
        .padStart(7)} | ${`${(median(times) / baseline).toFixed(2)}x`.padStart(14)} |`,
    );
  }
  const { summary } = result;
  console.log("");
  console.log(
    `${summary.updated} updated, ${summary.removed} removed, ${summary.added} added, ${summary.changed} changed; ` +
      `${result.findings.length} new dependency findings`,
  );
} finally {
  rmSync(head, { recursive: true, force: true });
}
