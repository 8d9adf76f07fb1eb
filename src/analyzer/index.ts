import { resolve } from "node:path";
import type { ts } from "@ts-morph/common";
import type { FileOutcome } from "../cache/index.js";
import type { Finding } from "../report/types.js";
import { checkFile, type FileCheckResult } from "./check-file.js";
import { ModuleGraph } from "./module-graph.js";
import { assembleAnalysis, entryHash, failed, markTest, prepareRun, type AnalyzeOptions, type Analysis, type ZoneReport } from "./prepare.js";
import { loadSourceProject } from "./project.js";
import { parseSource, tooDeep } from "./source.js";
import { lazyTypeChecker } from "./type-checker.js";
import { applyZones, withoutZoneMark } from "./zones.js";

export type { ActiveRule, FindingFix, SuppressionPolicy } from "./check-file.js";
export type { AnalyzeOptions, Analysis, FileFix, FilePolicy, ZoneReport } from "./prepare.js";
export { cachedAnalysis } from "./prepare.js";
export { inShard, type Shard } from "./shard.js";

/**
 * Checks source files with the rules each file's policy gives. Pure in the sense of the CLI contract: it
 * returns what it found and never prints, exits or reads the clock; unreadable or broken files become `errors`
 * and the rest is checked.
 */
export function analyze(options: AnalyzeOptions): Analysis {
  const run = prepareRun(options);
  if (run.toCheck.size === 0) return assembleAnalysis(options, run, undefined);
  const project = loadSourceProject(options.cwd, options.projectStart);
  const { display, policies, bytesOf, zones, needsTypes, cache, hashes, outcomes, toCheck } = run;
  const record = (absolute: string, outcome: FileOutcome) => {
    outcomes.set(absolute, outcome);
  };

  // Exports of every scanned file, for following an alias from the file that declares it into the files that
  // use it. Type-aware runs parse every file up front; otherwise a file another file asks about is parsed early
  // and handed over at its turn, so no file is parsed twice.
  let parsed: Map<string, ts.SourceFile> | undefined;
  const parse = (absolute: string): ts.SourceFile | FileOutcome => {
    const bytes = bytesOf.get(absolute);
    if (bytes === undefined) return failed({ file: display(absolute), message: "cannot read file" });
    const source = parseSource(absolute, bytes);
    if (source.ok) return source.sourceFile;
    return failed({ file: display(absolute), ...(source.line === undefined ? {} : { line: source.line }), message: source.message });
  };
  const graph = new ModuleGraph(
    options.files,
    (absolute) => {
      const known = parsed?.get(absolute);
      if (known) return known;
      const sourceFile = parse(absolute);
      return "kind" in sourceFile ? sourceFile : undefined;
    },
    display,
  );

  const check = (absolute: string, sourceFile: ts.SourceFile, getTypeChecker: () => ts.TypeChecker): FileOutcome => {
    const file = display(absolute);
    const policy = policies.get(absolute);
    if (!policy) return { findings: [], suppressed: [], fixes: [], errors: [], checked: false };
    let result: FileCheckResult;
    try {
      const resolver = graph.resolverFor(absolute, sourceFile);
      // A type-aware result depends on the types of what the file imports: the cache keys it on those files too.
      if (needsTypes && cache) graph.recordImports(absolute, sourceFile);
      result = checkFile(sourceFile, file, policy.rules, policy.suppressions, getTypeChecker, resolver);
    } catch (error) {
      if (!tooDeep(error)) throw error;
      return failed({ file, message: "cannot be checked: nested too deeply" });
    } finally {
      graph.release(absolute);
    }
    // A finding a rule reports only inside zones waits for the zone walk; without zones it has nowhere to go.
    const findings = zones ? result.findings : result.findings.filter((finding) => !finding.onlyInZones);
    const suppressed = zones ? result.suppressed.map(withoutZoneMark) : result.suppressed.filter((finding) => !finding.onlyInZones);
    return {
      findings: policy.test ? findings.map(markTest) : findings,
      suppressed: policy.test ? suppressed.map(markTest) : suppressed,
      fixes: result.fixes.flatMap(({ finding, fix }) => {
        const index = findings.indexOf(finding);
        return index < 0 ? [] : [{ finding: index, fix }];
      }),
      errors: [],
      checked: true,
    };
  };

  const total = options.files.length;
  let done = run.done;
  let zoneReport: ZoneReport | undefined;
  const checked = new Set<string>();
  const visit = (absolute: string, getTypeChecker: () => ts.TypeChecker) => {
    if (checked.has(absolute) || !toCheck.has(absolute)) {
      // A file the graph parsed early that was already checked, or whose result came from the cache.
      graph.release(absolute);
      return;
    }
    checked.add(absolute);
    const sourceFile = graph.heldTree(absolute) ?? parsed?.get(absolute) ?? parse(absolute);
    record(absolute, "kind" in sourceFile ? check(absolute, sourceFile, getTypeChecker) : sourceFile);
    options.onProgress?.(++done, total);
  };
  if (needsTypes) {
    // The checker needs the program before the first question, so parse all, then check. Files not parsed
    // here (cached ones) are read from disk by the compiler host when an import needs them.
    const all = new Map<string, ts.SourceFile>();
    for (const absolute of toCheck) {
      const sourceFile = parse(absolute);
      if ("kind" in sourceFile) all.set(absolute, sourceFile);
      else {
        checked.add(absolute);
        record(absolute, sourceFile);
        options.onProgress?.(++done, total);
      }
    }
    parsed = all;
    const getTypeChecker = lazyTypeChecker(project.compilerOptions, all);
    for (const absolute of all.keys()) visit(absolute, getTypeChecker);
    if (zones && all.size > 0) {
      const outcome = applyZones({
        sourceFiles: all,
        findings: new Map([...all.keys()].map((absolute) => [absolute, outcomes.get(absolute)?.findings ?? []])),
        checker: getTypeChecker,
        settings: zones,
        display,
      });
      zoneReport = { entries: outcome.entries, unfollowed: outcome.unfollowed };
      for (const [absolute, refiled] of outcome.findings) {
        const before = outcomes.get(absolute);
        if (before) outcomes.set(absolute, withFindings(before, refiled));
      }
    }
  } else {
    // Without type questions each tree can be dropped as soon as it is checked, keeping memory flat. A file
    // another file's check had to parse early (to learn its exports) is checked next, so that few trees wait.
    for (const absolute of toCheck) {
      visit(absolute, typesNotRequested);
      for (let early = graph.nextEarlyTree(); early !== undefined; early = graph.nextEarlyTree()) visit(early, typesNotRequested);
    }
  }

  if (cache) {
    // A file's result depends on the files whose exports its check (or theirs, in turn) consulted: it is
    // stored with their content hashes, and reused only while every one of them is unchanged.
    for (const absolute of checked) {
      const outcome = outcomes.get(absolute);
      const hash = hashes.get(absolute);
      if (!outcome || hash === undefined) continue;
      const stored = (file: string) => cache.dependenciesOf(display(file))?.map((path) => resolve(options.cwd, path));
      const dependencies = graph.dependencyClosure(absolute, stored).flatMap((file) => {
        const dependencyHash = hashes.get(file);
        return dependencyHash === undefined ? [] : [[display(file), dependencyHash] as const];
      });
      cache.set(display(absolute), entryHash(hash, policies.get(absolute)), outcome, Object.fromEntries(dependencies));
    }
  }
  return assembleAnalysis(options, run, zoneReport);
}

/**
 * A file's outcome with the findings zones re-filed: a fix stays with its finding, or with the first traced copy
 * of it (same place, same text).
 */
function withFindings(outcome: FileOutcome, refiled: readonly Finding[]): FileOutcome {
  const indexOf = (finding: Finding) =>
    refiled.findIndex((candidate) => candidate.line === finding.line && candidate.column === finding.column && candidate.ruleId === finding.ruleId);
  const fixes = outcome.fixes.flatMap(({ finding, fix }) => {
    const original = outcome.findings[finding];
    const index = original ? indexOf(original) : -1;
    return index < 0 ? [] : [{ finding: index, fix }];
  });
  return { ...outcome, findings: refiled, fixes };
}

function typesNotRequested(): never {
  throw new Error("a rule asked for the type checker without declaring requiresTypes in its meta");
}
