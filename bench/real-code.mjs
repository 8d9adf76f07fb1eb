// Real published code to read detkit's findings on, as each package's maintainer would: fetches fifteen npm
// packages with `npm pack` into bench/.corpus/packages (git-ignored) and, with --audit, runs the built CLI on
// each with the configuration in bench/real-code/<name>.json when there is one, printing a per-rule count.
//   node bench/real-code.mjs                          fetch, print the package directories
//   node bench/real-code.mjs --audit [name]           audit each (or one) package with its configuration;
//                                                     JSON reports in bench/.corpus/reports
//   node bench/real-code.mjs --audit-defaults [name]  the same with no configuration (detkit's defaults);
//                                                     JSON reports in bench/.corpus/reports-defaults
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const BENCH = dirname(fileURLToPath(import.meta.url));
const CORPUS = join(BENCH, ".corpus", "packages");
const REPORTS = { configured: join(BENCH, ".corpus", "reports"), defaults: join(BENCH, ".corpus", "reports-defaults") };
const CONFIGS = join(BENCH, "real-code");
const CLI = join(BENCH, "..", "dist", "src", "cli", "main.js");

/** The fifteen packages of the adoption study, pinned so that runs compare. */
export const REAL_PACKAGES = [
  "effect@3.19.0",
  "rxjs@7.8.2",
  "date-fns@4.1.0",
  "lodash-es@4.17.21",
  "zod@3.25.76",
  "fastify@5.12.8",
  "pino@10.4.0",
  "express@5.3.0",
  "uuid@14.0.3",
  "nanoid@5.1.12",
  "dayjs@1.11.23",
  "luxon@3.7.2",
  "p-retry@9.0.0",
  "undici@8.13.1",
  "ioredis@5.9.2",
];

function packageName(spec) {
  return spec.slice(0, spec.lastIndexOf("@"));
}

/** Unpacks each package once into bench/.corpus/packages/<name>; returns the directories. */
export function fetchPackages(specs = REAL_PACKAGES) {
  mkdirSync(CORPUS, { recursive: true });
  return specs.map((spec) => {
    const name = packageName(spec);
    const target = join(CORPUS, name.replaceAll("/", "__"));
    if (!existsSync(target)) {
      process.stderr.write(`fetching ${spec}\n`);
      const tarball = execFileSync("npm", ["pack", spec, "--silent", "--pack-destination", CORPUS], { encoding: "utf8" }).trim();
      const unpack = `${target}.unpack`;
      rmSync(unpack, { recursive: true, force: true });
      mkdirSync(unpack);
      execFileSync("tar", ["-xzf", join(CORPUS, tarball), "-C", unpack]);
      renameSync(join(unpack, "package"), target);
      rmSync(unpack, { recursive: true, force: true });
      rmSync(join(CORPUS, tarball));
    }
    return { spec, name, directory: target };
  });
}

/**
 * Audits one package, with its configuration (`configured`) or with none (`defaults`). The configuration is
 * copied to the package root as detkit.config.json, where its maintainer would keep it: globs in a
 * configuration are relative to its own folder, so passing bench/real-code/<name>.json with --config would
 * match none of the package's files.
 */
function audit({ name, directory }, mode) {
  const fileName = `${name.replaceAll("/", "__")}.json`;
  const config = join(CONFIGS, fileName);
  const placed = join(directory, "detkit.config.json");
  rmSync(placed, { force: true });
  if (mode === "configured" && existsSync(config)) copyFileSync(config, placed);
  const args = [CLI, "audit", ".", "--format", "json", "--no-deps"];
  const run = spawnSync(process.execPath, args, { cwd: directory, encoding: "utf8", maxBuffer: 1 << 28 });
  if (run.status === 2) throw new Error(`${name}: ${run.stderr.trim()}`);
  mkdirSync(REPORTS[mode], { recursive: true });
  writeFileSync(join(REPORTS[mode], fileName), run.stdout);
  const report = JSON.parse(run.stdout);
  const byRule = {};
  for (const finding of report.findings) byRule[finding.ruleId] = (byRule[finding.ruleId] ?? 0) + 1;
  return { name, exit: run.status, files: report.summary.filesScanned, errors: report.summary.errorCount, warnings: report.summary.warningCount, byRule };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [flag, only] = process.argv.slice(2);
  const packages = fetchPackages().filter((entry) => only === undefined || entry.name === only);
  if (flag === "--audit" || flag === "--audit-defaults") {
    const mode = flag === "--audit" ? "configured" : "defaults";
    for (const entry of packages) process.stdout.write(`${JSON.stringify(audit(entry, mode))}\n`);
  } else {
    for (const entry of packages) process.stdout.write(`${entry.directory}\n`);
  }
}
