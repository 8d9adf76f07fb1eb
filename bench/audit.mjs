// Benchmark of `detkit audit` on real published code, against the cost of only parsing the same files with the
// TypeScript parser (the floor for any syntax-aware linter), measured in the same run. The corpus is fetched
// once with `npm pack` into bench/.corpus (git-ignored). Run after building: `node bench/audit.mjs`.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ts } from "@ts-morph/common";
import { analyze } from "../dist/src/analyzer/index.js";
import { JSDOC_PARSING_MODE } from "../dist/src/analyzer/source.js";
import { discoverFiles, resolveTargets } from "../dist/src/analyzer/files.js";
import { RULES } from "../dist/rules/index.js";

// The baseline parses as the analyzer does (documentation comments only in JavaScript), so the ratio counts
// the rules' work and not a difference in parsing.
const PARSE_OPTIONS = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: JSDOC_PARSING_MODE };

const BENCH = dirname(fileURLToPath(import.meta.url));
const CORPUS = join(BENCH, ".corpus");
const ROUNDS = 5;

/** Published packages whose shipped JavaScript and TypeScript make a varied, realistic corpus. */
const PACKAGES = ["rxjs@7.8.2", "date-fns@4.1.0", "lodash-es@4.17.21", "zod@3.25.76", "effect@3.19.0"];

function fetchCorpus() {
  mkdirSync(CORPUS, { recursive: true });
  const directories = [];
  for (const spec of PACKAGES) {
    const name = spec.slice(0, spec.lastIndexOf("@"));
    const target = join(CORPUS, name);
    if (!existsSync(target)) {
      process.stderr.write(`fetching ${spec}\n`);
      const tarball = execFileSync("npm", ["pack", spec, "--silent", "--pack-destination", CORPUS], { encoding: "utf8" }).trim();
      const unpack = join(CORPUS, `${name}.unpack`);
      rmSync(unpack, { recursive: true, force: true });
      mkdirSync(unpack);
      execFileSync("tar", ["-xzf", join(CORPUS, tarball), "-C", unpack]);
      renameSync(join(unpack, "package"), target);
      rmSync(unpack, { recursive: true, force: true });
      rmSync(join(CORPUS, tarball));
    }
    // Packages ship their code under dist/ or build/, which a project audit skips; name them explicitly.
    const shipped = readdirSync(target).filter((entry) => entry === "dist" || entry === "build");
    directories.push(...(shipped.length > 0 ? shipped.map((entry) => join(target, entry)) : [target]));
  }
  return directories;
}

function now() {
  // detkit-disable-next-line no-wall-clock -- a benchmark measures elapsed real time by definition
  return performance.now();
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function measure(run) {
  const samples = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = now();
    run();
    samples.push(now() - started);
  }
  return median(samples);
}

const paths = fetchCorpus();
const { files } = discoverFiles({ cwd: CORPUS, root: CORPUS, targets: resolveTargets(CORPUS, paths) });
const bytes = files.reduce((total, file) => total + readFileSync(file).length, 0);
const rules = RULES.filter((rule) => rule.kind === "source").map((rule) => ({ rule, severity: rule.meta.severity }));
const policy = {
  rules,
  suppressions: { knownRuleIds: new Set(RULES.map((rule) => rule.meta.id)), missingReason: "warning", unused: "warning", reportUnused: false },
  test: false,
};

const readAndParse = () => {
  for (const file of files) ts.createSourceFile(file, readFileSync(file, "utf8"), PARSE_OPTIONS, true);
};
let findings = 0;
const audit = () => {
  findings = analyze({ cwd: CORPUS, files, projectStart: CORPUS, policyFor: () => policy }).findings.length;
};

readAndParse();
audit();
const parseMs = measure(readAndParse);
const auditMs = measure(audit);

const cliStarted = now();
// Exit code 1 is expected: the corpus has findings.
spawnSync(process.execPath, [join(BENCH, "..", "dist", "src", "cli", "main.js"), "audit", ...paths, "--format", "json"], {
  cwd: CORPUS,
  stdio: "ignore",
});
const cliMs = now() - cliStarted;

console.log(`detkit audit benchmark: ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB from ${PACKAGES.join(", ")}`);
console.log(`median of ${ROUNDS} rounds, in-process; ${findings} findings\n`);
console.log("| what | ms | ratio to parse only |");
console.log("| --- | ---: | ---: |");
console.log(`| read + parse only (baseline) | ${parseMs.toFixed(0)} | 1.00 |`);
console.log(`| detkit audit (all source rules) | ${auditMs.toFixed(0)} | ${(auditMs / parseMs).toFixed(2)} |`);
console.log(`| detkit audit CLI, one cold run (process start, output) | ${cliMs.toFixed(0)} | ${(cliMs / parseMs).toFixed(2)} |`);
