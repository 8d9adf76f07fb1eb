// The two packages as users install them: `npm pack` of wrappers/ (@detkit/runtime) and of the repository (detkit),
// installed into fresh projects outside the repository. npm resolves dependencies from its cache first
// (`--prefer-offline`; `npm ci` filled it) and asks the registry only for what is missing.
import { execFileSync, spawnSync } from "node:child_process";
import { lstatSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { PUBLIC_RUNTIME_SUBPATHS } from "../helpers/runtime-subpaths.js";
import { REPO_ROOT, temporaryDirectory } from "../helpers/fixtures.js";

const TIMEOUT_MS = 300_000;
const TSC = join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");

interface Manifest {
  name: string;
  version: string;
  license?: string;
  exports: Record<string, unknown>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const readManifest = (path: string): Manifest => JSON.parse(readFileSync(path, "utf8"));
const detkitManifest = readManifest(join(REPO_ROOT, "package.json"));
const runtimeManifest = readManifest(join(REPO_ROOT, "wrappers", "package.json"));
const subpaths = PUBLIC_RUNTIME_SUBPATHS;

/** The environment without what `npm test` sets for its own run (npm reads npm_config_* as configuration). */
function cleanEnvironment(): NodeJS.ProcessEnv {
  const kept = new Set(["npm_config_cache", "npm_config_registry", "npm_config_userconfig"]);
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("npm_") || kept.has(key)));
}

function npm(cwd: string, args: readonly string[]): string {
  return execFileSync("npm", [...args], { cwd, encoding: "utf8", env: cleanEnvironment(), stdio: ["ignore", "pipe", "pipe"] });
}

interface Packed {
  readonly tarball: string;
  readonly files: readonly string[];
}

/** `npm pack` in `directory` (scripts off: `npm test` has just built dist/, and a rebuild would race other tests). */
function pack(directory: string, destination: string): Packed {
  const [result]: { filename: string; files: { path: string }[] }[] = JSON.parse(
    npm(directory, ["pack", "--json", "--ignore-scripts", "--pack-destination", destination]),
  );
  if (result === undefined) throw new Error(`npm pack in ${directory} reported nothing`);
  return { tarball: join(destination, result.filename), files: result.files.map((file) => file.path).sort() };
}

/** A new ES module project outside the repository with these packages installed. */
function installProject(packages: readonly string[]): string {
  const directory = temporaryDirectory("detkit-consumer-");
  writeFileSync(join(directory, "package.json"), `${JSON.stringify({ name: "consumer", private: true, type: "module" })}\n`);
  npm(directory, ["install", "--prefer-offline", "--ignore-scripts", "--no-audit", "--no-fund", ...packages]);
  return directory;
}

/** Bytes of every file under `path`, as installed (symlinks are not followed). */
function installedBytes(path: string): number {
  const stats = lstatSync(path);
  if (!stats.isDirectory()) return stats.size;
  return readdirSync(path).reduce((total, entry) => total + installedBytes(join(path, entry)), 0);
}

function runNode(cwd: string, script: string): string {
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd, encoding: "utf8" });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

let runtime: Packed;
let detkit: Packed;
let runtimeOnly: string;
let consumer: string;

beforeAll(() => {
  const destination = temporaryDirectory("detkit-pack-");
  runtime = pack(join(REPO_ROOT, "wrappers"), destination);
  detkit = pack(REPO_ROOT, destination);
  runtimeOnly = installProject([runtime.tarball]);
  const typesNode = detkitManifest.devDependencies?.["@types/node"];
  consumer = installProject([runtime.tarball, detkit.tarball, `@types/node@${typesNode}`]);
}, TIMEOUT_MS);

describe("@detkit/runtime, packed from wrappers/", () => {
  it("ships the compiled modules, their types, README and LICENSE, and nothing else", () => {
    const unexpected = runtime.files.filter(
      (file) => !["package.json", "README.md", "LICENSE"].includes(file) && !/^dist\/.+\.(js|d\.ts)$/.test(file),
    );
    expect(unexpected).toEqual([]);
    for (const name of subpaths) expect(runtime.files).toEqual(expect.arrayContaining([`dist/${name}.js`, `dist/${name}.d.ts`]));
    expect(runtime.files).toEqual(expect.arrayContaining(["README.md", "LICENSE"]));
  });

  it("depends on decimal.js alone, pinned, and is MIT like its LICENSE file says", () => {
    expect(Object.keys(runtimeManifest.dependencies ?? {})).toEqual(["decimal.js"]);
    expect(runtimeManifest.dependencies?.["decimal.js"]).toMatch(/^\d+\.\d+\.\d+$/);
    expect(runtimeManifest.license).toBe("MIT");
    expect(readFileSync(join(REPO_ROOT, "wrappers", "LICENSE"), "utf8")).toMatch(/^MIT License\n\nCopyright \(c\) 2026 the detkit authors\n/);
  });

  it("installs on its own: nothing but itself and decimal.js, under 1 MB besides decimal.js", () => {
    const modules = join(runtimeOnly, "node_modules");
    const installed = readdirSync(modules)
      .filter((entry) => !entry.startsWith("."))
      .flatMap((entry) => (entry.startsWith("@") ? readdirSync(join(modules, entry)).map((scoped) => `${entry}/${scoped}`) : [entry]));
    expect(installed.sort()).toEqual(["@detkit/runtime", "decimal.js"]);
    expect(installedBytes(join(modules, "@detkit", "runtime"))).toBeLessThan(1_000_000);
  });

  it("loads every subpath from the installed tarball", () => {
    const script = [
      `const names = ${JSON.stringify(subpaths)};`,
      "const loaded = {};",
      "for (const name of names) loaded[name] = Object.keys(await import(`@detkit/runtime/${name}`)).length;",
      "console.log(JSON.stringify(loaded));",
    ].join("\n");
    const loaded: Record<string, number> = JSON.parse(runNode(runtimeOnly, script));
    expect(Object.keys(loaded)).toEqual(subpaths);
    for (const name of subpaths) expect(loaded[name], name).toBeGreaterThan(0);
  });
});

describe("detkit, packed from the repository", () => {
  it("carries no copy of the runtime: its subpaths are thin re-exports", () => {
    expect(detkit.files.filter((file) => file.startsWith("dist/wrappers/"))).toEqual([]);
    for (const name of subpaths) {
      expect(detkit.files).toContain(`dist/src/runtime/${name}.js`);
      const source = readFileSync(join(consumer, "node_modules", "detkit", "dist", "src", "runtime", `${name}.js`), "utf8");
      expect(source).toContain(`from "@detkit/runtime/${name}"`);
    }
    expect(detkit.files).toContain("LICENSE");
  });

  it("depends on the runtime at exactly its version, and keeps test-only packages out of its dependencies", () => {
    expect(detkitManifest.dependencies?.["@detkit/runtime"]).toBe(runtimeManifest.version);
    expect(detkitManifest.dependencies).not.toHaveProperty("canonicalize");
    expect(detkitManifest.devDependencies).toHaveProperty("canonicalize");
    // Both would provide the TypeScript compiler API: only one is a dependency.
    expect(["ts-morph", "@ts-morph/common"].filter((name) => detkitManifest.dependencies?.[name] !== undefined)).toHaveLength(1);
    expect(detkitManifest.license).toBe("MIT");
    expect(readFileSync(join(REPO_ROOT, "LICENSE"), "utf8")).toBe(readFileSync(join(REPO_ROOT, "wrappers", "LICENSE"), "utf8"));
  });

  it("detkit/<name> is the installed runtime's module: the same classes and functions", () => {
    const script = [
      `const names = ${JSON.stringify(subpaths)};`,
      "const mismatches = [];",
      "for (const name of names) {",
      "  const runtime = await import(`@detkit/runtime/${name}`);",
      "  const convenience = await import(`detkit/${name}`);",
      "  for (const key of new Set([...Object.keys(runtime), ...Object.keys(convenience)])) {",
      "    if (runtime[key] !== convenience[key]) mismatches.push(`${name}.${key}`);",
      "  }",
      "}",
      "const { Decimal } = await import('@detkit/runtime/decimal');",
      "const { dec } = await import('detkit/decimal');",
      "console.log(JSON.stringify({ mismatches, instance: dec('1.5') instanceof Decimal }));",
    ].join("\n");
    expect(JSON.parse(runNode(consumer, script))).toEqual({ mismatches: [], instance: true });
  });
});

describe("types for TypeScript consumers", () => {
  // `module` to go with each resolution mode; node10 is the CommonJS-era mode, served by `typesVersions`.
  const MODES = [
    ["node16", "node16"],
    ["nodenext", "nodenext"],
    ["bundler", "esnext"],
    ["node10", "commonjs"],
  ] as const;

  const consumerSource = (): string => {
    const lines: string[] = [];
    for (const name of subpaths) {
      lines.push(`import * as runtime_${name} from "@detkit/runtime/${name}";`);
      lines.push(`import * as detkit_${name} from "detkit/${name}";`);
    }
    lines.push(
      // The types are the runtime's own: a value typed by one package is accepted where the other's type is expected.
      "const price: runtime_decimal.Decimal = detkit_decimal.dec(\"1.10\");",
      "const clock: detkit_clock.Clock = runtime_clock.manualClock(0);",
      "const random: runtime_random.Random = detkit_random.seeded(1);",
      "export const used: readonly unknown[] = [",
      "  runtime_json.canonicalize({ b: 1, a: [price.toString()] }), detkit_json.parse(\"1\", { numbers: \"bigint\" }),",
      "  clock.now(), random.int(1, 6), runtime_collections.compareStrings(\"a\", \"b\"), detkit_hash.partition(\"k\", 4),",
      "  new runtime_conflict.VersionVector(), detkit_testing.expectReproducible, runtime_testing.record,",
      `  ${subpaths.map((name) => `runtime_${name}, detkit_${name}`).join(", ")},`,
      "];",
      // The check below must fail if the declarations were missing or empty.
      "// @ts-expect-error: not an export of the runtime",
      "export const missing: unknown = runtime_json.noSuchExport;",
      "",
    );
    return lines.join("\n");
  };

  it.each(MODES)("moduleResolution %s type-checks a project importing every subpath of both packages", (mode, module) => {
    writeFileSync(join(consumer, "consumer.ts"), consumerSource());
    const tsconfig = {
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: "ES2022",
        lib: ["ES2023"],
        types: ["node"],
        module,
        moduleResolution: mode,
        skipLibCheck: false,
      },
      files: ["consumer.ts"],
    };
    writeFileSync(join(consumer, `tsconfig.${mode}.json`), JSON.stringify(tsconfig));
    const result = spawnSync(process.execPath, [TSC, "-p", `tsconfig.${mode}.json`], { cwd: consumer, encoding: "utf8" });
    expect(result.stdout + result.stderr).toBe("");
    expect(result.status).toBe(0);
  }, TIMEOUT_MS);
});
