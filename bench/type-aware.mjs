// What the rules that ask the type checker cost on a large TypeScript project: `detkit audit` of effect (from the
// real-code corpus) with every source rule, and with the type-aware rules turned off, each as a ratio to only
// reading and parsing the same files, measured in the same process and run. Run after building:
// `node bench/type-aware.mjs [package]` (default effect).
import { readFileSync } from "node:fs";
import { ts } from "@ts-morph/common";
import { analyze } from "../dist/src/analyzer/index.js";
import { JSDOC_PARSING_MODE } from "../dist/src/analyzer/source.js";
import { discoverFiles, resolveTargets } from "../dist/src/analyzer/files.js";
import { RULES } from "../dist/rules/index.js";
import { fetchPackages, REAL_PACKAGES } from "./real-code.mjs";

// The baseline parses as the analyzer does (documentation comments only in JavaScript), so the ratio counts
// the rules' work and not a difference in parsing.
const PARSE_OPTIONS = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: JSDOC_PARSING_MODE };

const ROUNDS = 3;
const name = process.argv[2] ?? "effect";
const [target] = fetchPackages(REAL_PACKAGES.filter((spec) => spec.startsWith(`${name}@`)));
if (!target) throw new Error(`${name} is not one of the real-code packages`);
const root = target.directory;

const { files } = discoverFiles({ cwd: root, root, targets: resolveTargets(root, ["src"]) });
const sourceRules = RULES.filter((rule) => rule.kind === "source");
const typeAware = sourceRules.filter((rule) => rule.meta.requiresTypes);
const active = (rules) => rules.map((rule) => ({ rule, severity: rule.meta.severity }));
const suppressions = { knownRuleIds: new Set(RULES.map((rule) => rule.meta.id)), missingReason: "warning", unused: "warning", reportUnused: false };
const audit = (rules) => analyze({ cwd: root, files, projectStart: root, policyFor: () => ({ rules: active(rules), suppressions, test: false }) });

/**
 * CPU time of this process in ms (user + system): on a shared machine it varies far less with other processes'
 * load than elapsed time does, and the ratios compare work done.
 */
function cpuNow() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const findings = {};
const runs = {
  "read + parse only (baseline)": () => {
    for (const file of files) ts.createSourceFile(file, readFileSync(file, "utf8"), PARSE_OPTIONS, true);
  },
  "audit, type-aware rules off": () => {
    findings.off = audit(sourceRules.filter((rule) => !rule.meta.requiresTypes)).findings.length;
  },
  "audit, every source rule": () => {
    findings.on = audit(sourceRules).findings.length;
  },
};

const samples = Object.fromEntries(Object.keys(runs).map((label) => [label, []]));
for (const run of Object.values(runs)) run(); // warm-up: module loading, JIT, file cache
// Interleaved rounds, so that a slow moment of a shared machine falls on every row alike.
for (let round = 0; round < ROUNDS; round++) {
  for (const [label, run] of Object.entries(runs)) {
    const started = cpuNow();
    run();
    samples[label].push(cpuNow() - started);
  }
}

const baseline = median(samples["read + parse only (baseline)"]);
console.log(`type-aware rules on ${target.spec}: ${files.length} files; CPU time, median of ${ROUNDS} interleaved rounds, in-process`);
console.log(`type-aware rules: ${typeAware.map((rule) => rule.meta.id).join(", ")}`);
console.log(`findings: ${findings.off} without them, ${findings.on} with them\n`);
console.log("| what | CPU ms | ratio to parse only |");
console.log("| --- | ---: | ---: |");
for (const [label, values] of Object.entries(samples)) {
  console.log(`| ${label} | ${median(values).toFixed(0)} | ${(median(values) / baseline).toFixed(2)} |`);
}
