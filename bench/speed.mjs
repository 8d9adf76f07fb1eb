// The speed benchmark of issue "zones, cache, speed": detkit against ESLint with typescript-eslint type-aware
// parsing and the equivalent restricted rules, and against `tsc --noEmit`, all on the src/ tree of a pinned
// effect 3.x release (fetched with `npm pack` into bench/.corpus, git-ignored), measured in the same run.
// Each tool runs in its own process, timed from spawn to exit, with its peak RSS read by /usr/bin/time.
//   node bench/speed.mjs [rounds]      (default 3 rounds; the median is reported)
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { RULES } from "../dist/rules/index.js";
import { fetchPackages } from "./real-code.mjs";

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = join(BENCH, "..");
const ROUNDS = Number(process.argv[2] ?? 3);
const EFFECT = "effect@3.19.0";

const [{ directory: corpus }] = fetchPackages([EFFECT]);

// A tsconfig for the shipped sources, as the package's own build would type-check them.
writeFileSync(
  join(corpus, "tsconfig.bench.json"),
  JSON.stringify({
    compilerOptions: {
      target: "ES2022",
      lib: ["ES2022", "DOM"],
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      exactOptionalPropertyTypes: true,
      noEmit: true,
      skipLibCheck: true,
      types: [],
    },
    include: ["src"],
  }),
);

// The clock and random hazards as ESLint users write them by hand.
const restrictedConfig = `
import tseslint from ${JSON.stringify(join(ROOT, "node_modules", "typescript-eslint", "dist", "index.js"))};
export default [
  {
    files: ["src/**/*.ts"],
    languageOptions: { parser: tseslint.parser, parserOptions: { project: "./tsconfig.bench.json", tsconfigRootDir: ${JSON.stringify(corpus)} } },
    rules: {
      "no-restricted-properties": ["error",
        { object: "Date", property: "now" }, { object: "Math", property: "random" },
        { object: "performance", property: "now" }, { object: "process", property: "hrtime" },
        { object: "crypto", property: "randomUUID" }, { object: "crypto", property: "getRandomValues" }],
      "no-restricted-syntax": ["error", "NewExpression[callee.name='Date'][arguments.length=0]"],
    },
  },
];
`;
writeFileSync(join(corpus, "eslint.config.mjs"), restrictedConfig);

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Runs a command to completion `ROUNDS` times; the median wall time and the largest peak RSS. */
function measure(command, args, options = {}) {
  const walls = [];
  let peakKb = 0;
  let status;
  for (let round = 0; round < ROUNDS; round++) {
    options.before?.();
    const run = spawnSync("/usr/bin/time", ["-f", "%e %M", command, ...args], { cwd: corpus, encoding: "utf8", maxBuffer: 1 << 28 });
    const [wall, kb] = run.stderr.trim().split("\n").at(-1).split(" ").map(Number);
    walls.push(wall * 1000);
    peakKb = Math.max(peakKb, kb);
    status = run.status;
  }
  return { ms: median(walls), rssMb: peakKb / 1024, status };
}

const detkit = join(ROOT, "dist", "src", "cli", "main.js");
const cacheDirectory = mkdtempSync(join(tmpdir(), "detkit-bench-cache-"));
const auditArgs = [detkit, "audit", "src", "--no-deps", "--format", "json", "--output", join(cacheDirectory, "report.json")];
const rows = [
  ["ESLint + typescript-eslint, type-aware, restricted rules (baseline)", measure(process.execPath, [join(ROOT, "node_modules", "eslint", "bin", "eslint.js"), "src"])],
  ["tsc --noEmit", measure(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.bench.json"])],
  ["detkit audit, cold (full catalog)", measure(process.execPath, auditArgs)],
];
{
  // The cost of the type checker: the same run with every rule that asks for types turned off.
  // Written beside the sources: globs in a configuration are relative to its folder.
  const syntaxOnly = join(corpus, "detkit.syntax-only.json");
  const typeAware = RULES.filter((rule) => rule.kind === "source" && rule.meta.requiresTypes).map((rule) => rule.meta.id);
  writeFileSync(syntaxOnly, JSON.stringify({ rules: Object.fromEntries(typeAware.map((id) => [id, "off"])) }));
  rows.push(["detkit audit, cold, rules that need types off", measure(process.execPath, [...auditArgs, "--config", syntaxOnly])]);
  // Zones on: the exported functions of effect's core modules as entry points, followed across the tree.
  const zones = join(corpus, "detkit.zones.json");
  writeFileSync(zones, JSON.stringify({ zones: ["src/Effect.ts", "src/Schema.ts", "src/Stream.ts"] }));
  rows.push(["detkit audit, cold, zones on (Effect, Schema, Stream)", measure(process.execPath, [...auditArgs, "--config", zones])]);
}
{
  const cached = [...auditArgs, "--cache", "--cache-location", join(cacheDirectory, "cache")];
  spawnSync(process.execPath, cached, { cwd: corpus, stdio: "ignore" });
  rows.push(["detkit audit, warm cache", measure(process.execPath, cached)]);
}
rmSync(cacheDirectory, { recursive: true, force: true });

const files = spawnSync("find", ["src", "-name", "*.ts"], { cwd: corpus, encoding: "utf8" }).stdout.trim().split("\n").length;
const baseline = rows[0][1].ms;
console.log(`speed benchmark: ${EFFECT} src/ (${files} files); median of ${ROUNDS} cold runs per tool\n`);
console.log("| tool | wall ms | peak RSS MB | ratio to ESLint type-aware |");
console.log("| --- | ---: | ---: | ---: |");
for (const [name, { ms, rssMb }] of rows) {
  console.log(`| ${name} | ${ms.toFixed(0)} | ${rssMb.toFixed(0)} | ${(ms / baseline).toFixed(3)} |`);
}
