import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/fixtures.js";
import { PUBLIC_RUNTIME_SUBPATHS } from "../helpers/runtime-subpaths.js";

const subpaths = PUBLIC_RUNTIME_SUBPATHS;

/** The exported names DESIGN.md promises for each subpath (types are not visible at run time). */
const PROMISED: Record<string, string[]> = {
  json: ["canonicalize", "parse", "hash", "equal"],
  decimal: ["Decimal", "dec", "sum", "round", "allocate"],
  clock: ["systemClock", "fixedClock", "manualClock", "withClock", "currentClock", "LamportClock", "VectorClock", "HybridLogicalClock"],
  random: ["seeded"],
  collections: ["sortedKeys", "sortedEntries", "compareStrings", "compareNumbers", "sortBy", "groupBy", "readdirSorted"],
  hash: ["stableHash", "partition"],
  conflict: ["merge", "VersionVector"],
  testing: ["expectReproducible", "record", "replay", "timingStats", "expectStableTiming"],
};

const HEAVY = /\/node_modules\/(ts-morph|@ts-morph|typescript|@npmcli)\//;
const TRACER = new URL("../helpers/module-trace.mjs", import.meta.url).href;

/** Runs an ES module script from the repository root with the module tracer; returns what it loaded and printed. */
function traced(script: string): { loaded: string[]; cached: string[]; stdout: string } {
  const probe = [
    script,
    "const { createRequire } = await import('node:module');",
    "process.stderr.write('cached ' + JSON.stringify(Object.keys(createRequire(import.meta.url).cache)) + '\\n');",
  ].join("\n");
  const result = spawnSync(process.execPath, ["--import", TRACER, "--input-type=module", "-e", probe], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "" },
  });
  expect(result.status, result.stderr).toBe(0);
  const lines = result.stderr.split("\n");
  const cachedLine = lines.find((line) => line.startsWith("cached ")) ?? "cached []";
  return {
    loaded: lines.filter((line) => line.startsWith("loaded ")),
    cached: JSON.parse(cachedLine.slice("cached ".length)),
    stdout: result.stdout,
  };
}

describe.each(subpaths)("@detkit/runtime/%s", (name) => {
  it("imports through the runtime package's exports without loading ts-morph, TypeScript or arborist", () => {
    const { loaded, cached, stdout } = traced(
      `const module = await import("@detkit/runtime/${name}"); console.log(JSON.stringify(Object.keys(module).sort()));`,
    );
    expect(loaded.some((line) => line.endsWith(`/wrappers/dist/${name}.js`))).toBe(true);
    expect(loaded.filter((line) => HEAVY.test(line))).toEqual([]);
    expect(cached.filter((path) => HEAVY.test(path))).toEqual([]);
    const exported: string[] = JSON.parse(stdout);
    expect(exported).toEqual(expect.arrayContaining(PROMISED[name] ?? ["(no promise recorded for this subpath)"]));
  });

  it(`detkit/${name} re-exports the very same module: every export identical, nothing heavy loaded`, () => {
    const { loaded, cached, stdout } = traced(
      [
        `const runtime = await import("@detkit/runtime/${name}");`,
        `const convenience = await import("detkit/${name}");`,
        "const names = Object.keys(runtime).sort();",
        "const same = names.filter((key) => convenience[key] === runtime[key]);",
        "console.log(JSON.stringify({ names, convenience: Object.keys(convenience).sort(), same }));",
      ].join("\n"),
    );
    expect(loaded.filter((line) => HEAVY.test(line))).toEqual([]);
    expect(cached.filter((path) => HEAVY.test(path))).toEqual([]);
    const { names, convenience, same }: { names: string[]; convenience: string[]; same: string[] } = JSON.parse(stdout);
    expect(names.length).toBeGreaterThan(0);
    expect(convenience).toEqual(names);
    expect(same).toEqual(names);
    // Only one copy of the runtime exists: detkit's re-export loads the runtime's own file, nothing under detkit.
    expect(loaded.filter((line) => line.includes("/dist/wrappers/"))).toEqual([]);
  });
});

it("the runtime package exports every subpath detkit re-exports, and no other", () => {
  const detkitManifest: { exports: Record<string, unknown> } = JSON.parse(
    readFileSync(new URL("../../package.json", import.meta.url), "utf8"),
  );
  const reExported = Object.entries(detkitManifest.exports)
    .filter(([, target]) => JSON.stringify(target).includes("/dist/src/runtime/"))
    .map(([subpath]) => subpath.slice(2));
  expect(reExported).toEqual(subpaths);
  expect(Object.keys(PROMISED)).toEqual(subpaths);
});

it("the tracer does see a heavy import, so the tests above can fail", () => {
  const { loaded } = traced('await import("@ts-morph/common");');
  expect(loaded.some((line) => HEAVY.test(line))).toBe(true);
});
