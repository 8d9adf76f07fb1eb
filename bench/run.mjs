// `npm run bench`: runs every benchmark script in this folder, one after another, each in its own process so
// that one benchmark's garbage and JIT state cannot skew the next. Each script prints its own table with ratios
// against a baseline it measures in the same run.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const scripts = readdirSync(here)
  .filter((name) => name.endsWith(".mjs") && name !== "run.mjs")
  .filter((name) => only.length === 0 || only.some((wanted) => name.startsWith(wanted)))
  .sort();

let failed = 0;
for (const script of scripts) {
  console.log(`\n## ${script}\n`);
  const result = spawnSync(process.execPath, [join(here, script)], { stdio: "inherit" });
  if (result.status !== 0) {
    failed++;
    console.error(`${script} failed with exit code ${result.status}`);
  }
}
process.exitCode = failed === 0 ? 0 : 1;
