import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/fixtures.js";

const manifest: { exports: Record<string, unknown> } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
// The wrapper subpaths are the exports that point into dist/wrappers.
const subpaths = Object.entries(manifest.exports)
  .filter(([, target]) => JSON.stringify(target).includes("/dist/wrappers/"))
  .map(([key]) => key);

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

describe.each(subpaths.map((subpath) => subpath.slice(2)))("detkit/%s", (name) => {
  it("imports through the package exports without loading ts-morph, TypeScript or arborist", () => {
    const script = [
      `const module = await import("detkit/${name}");`,
      "const { createRequire } = await import('node:module');",
      "const cached = Object.keys(createRequire(import.meta.url).cache);",
      "console.log(JSON.stringify({ exports: Object.keys(module).sort(), cached }));",
    ].join("\n");
    const result = spawnSync(
      process.execPath,
      ["--import", new URL("../helpers/module-trace.mjs", import.meta.url).href, "--input-type=module", "-e", script],
      { cwd: REPO_ROOT, encoding: "utf8", env: { PATH: process.env.PATH ?? "" } },
    );
    expect(result.status, result.stderr).toBe(0);
    const loaded = result.stderr.split("\n").filter((line) => line.startsWith("loaded "));
    expect(loaded.some((line) => line.includes(`/dist/wrappers/${name}.js`))).toBe(true);
    expect(loaded.filter((line) => HEAVY.test(line))).toEqual([]);
    const { exports, cached }: { exports: string[]; cached: string[] } = JSON.parse(result.stdout);
    expect(cached.filter((path) => HEAVY.test(path))).toEqual([]);
    expect(exports).toEqual(expect.arrayContaining(PROMISED[name] ?? ["(no promise recorded for this subpath)"]));
  });
});

it("the tracer does see a heavy import, so the test above can fail", () => {
  const result = spawnSync(
    process.execPath,
    ["--import", new URL("../helpers/module-trace.mjs", import.meta.url).href, "--input-type=module", "-e", 'await import("ts-morph");'],
    { cwd: REPO_ROOT, encoding: "utf8", env: { PATH: process.env.PATH ?? "" } },
  );
  expect(result.stderr.split("\n").some((line) => HEAVY.test(line))).toBe(true);
});
