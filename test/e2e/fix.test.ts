import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { ts } from "@ts-morph/common";
import { runCli } from "../helpers/cli.js";
import { temporaryDirectory } from "../helpers/fixtures.js";

/** A project with one fix of each kind that needs no import, and one that imports from @detkit/runtime. */
const SOURCES: Readonly<Record<string, string>> = {
  "src/plugins.ts": [
    'import { readdirSync } from "node:fs";',
    "",
    "export function pluginNames(dir: string): string[] {",
    '  return readdirSync(dir).filter((name) => name.endsWith(".js"));',
    "}",
    "",
  ].join("\n"),
  "src/names.ts": [
    'import { join } from "node:path";',
    "",
    "export function sortedNames(names: string[]): string[] {",
    "  return names.sort((a, b) => a.localeCompare(b)).map((name) => join(\"out\", name));",
    "}",
    "",
    "export function sortedLabels(labels: string[]): string[] {",
    "  return [...labels].sort((a, b) => a.localeCompare(b));",
    "}",
    "",
  ].join("\n"),
};

function project(manifest: Record<string, unknown>): string {
  const root = temporaryDirectory();
  writeFileSync(join(root, "package.json"), JSON.stringify(manifest, null, 2));
  for (const [path, text] of Object.entries(SOURCES)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function parsesCleanly(path: string): boolean {
  const text = readFileSync(path, "utf8");
  const output = ts.transpileModule(text, { reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.ESNext } });
  return (output.diagnostics ?? []).length === 0;
}

describe("detkit audit --fix and --fix-dry-run on source files", () => {
  it("prints the diff of every fix and writes nothing with --fix-dry-run", async () => {
    const root = project({ name: "app", version: "1.0.0" });
    const result = await runCli(["audit", "src", "--no-deps", "--fix-dry-run"], { cwd: root });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("--- a/src/plugins.ts");
    expect(result.stdout).toContain("+  return readdirSync(dir).sort().filter((name) => name.endsWith(\".js\"));");
    expect(result.stdout).toContain('+import { compareStrings } from "@detkit/runtime/collections";');
    expect(result.stderr).toContain("detkit: 3 fixes in 2 files would be applied (dry run, nothing written)");
    for (const [path, text] of Object.entries(SOURCES)) expect(readFileSync(join(root, path), "utf8")).toBe(text);
  });

  it("writes the fixes, imports each name once, leaves code that parses, and reports what is left", async () => {
    const root = project({ name: "app", version: "1.0.0", dependencies: { "@detkit/runtime": "0.1.0" } });
    const result = await runCli(["audit", "src", "--no-deps", "--fix", "--format", "json"], { cwd: root });
    expect(result.stderr).toContain("detkit: applied 3 fixes in 2 files");
    expect(result.stderr).not.toContain("does not list");
    const names = readFileSync(join(root, "src/names.ts"), "utf8");
    expect(names.match(/import \{ compareStrings \} from "@detkit\/runtime\/collections";/g)).toHaveLength(1);
    expect(names).toContain("names.sort((a, b) => compareStrings(a, b))");
    expect(names).toContain("[...labels].sort((a, b) => compareStrings(a, b))");
    for (const path of Object.keys(SOURCES)) expect(parsesCleanly(join(root, path))).toBe(true);
    const report = JSON.parse(result.stdout) as { findings: { ruleId: string }[] };
    expect(report.findings.map((finding) => finding.ruleId)).not.toContain("no-implicit-locale");
    expect(report.findings.map((finding) => finding.ruleId)).not.toContain("no-unsorted-directory-listing");
  });

  it("says which package.json lacks the package a fix imports", async () => {
    const root = project({ name: "app", version: "1.0.0", dependencies: { lodash: "4.17.21" } });
    const dry = await runCli(["audit", "src", "--no-deps", "--fix-dry-run"], { cwd: root });
    const hint =
      "detkit: the fixes import @detkit/runtime, which package.json does not list; add it (npm install @detkit/runtime) before running the fixed code";
    expect(dry.stderr).toContain(hint);
    const applied = await runCli(["audit", "src", "--no-deps", "--fix"], { cwd: root });
    expect(applied.stderr).toContain(hint);
    // A comment that mentions the module is not an import of it.
    const mentioned = project({ name: "app", version: "1.0.0" });
    const names = join(mentioned, "src/names.ts");
    writeFileSync(names, "// compareStrings lives in @detkit/runtime/collections\n" + readFileSync(names, "utf8"));
    expect((await runCli(["audit", "src", "--no-deps", "--fix-dry-run"], { cwd: mentioned })).stderr).toContain(hint);
    // A fix that imports nothing needs nothing installed.
    const plain = project({ name: "app", version: "1.0.0" });
    writeFileSync(join(plain, "src/names.ts"), "export const names = (xs: string[]) => xs;\n");
    expect((await runCli(["audit", "src", "--no-deps", "--fix-dry-run"], { cwd: plain })).stderr).not.toContain("does not list");
  });

  it("names the workspace package that lacks it, passing over a module-format marker and reading a manifest with a byte-order mark", async () => {
    const root = temporaryDirectory();
    writeFileSync(join(root, "package.json"), JSON.stringify({ name: "mono", private: true, workspaces: ["packages/*"] }));
    mkdirSync(join(root, "packages/api/src/esm"), { recursive: true });
    writeFileSync(join(root, "packages/api/package.json"), "\uFEFF" + JSON.stringify({ name: "api", version: "1.0.0" }));
    writeFileSync(join(root, "packages/api/src/esm/package.json"), JSON.stringify({ type: "module" }));
    writeFileSync(join(root, "packages/api/src/esm/names.ts"), SOURCES["src/names.ts"] ?? "");
    const result = await runCli(["audit", "packages", "--no-deps", "--fix-dry-run"], { cwd: root });
    expect(result.stderr).toContain(
      "detkit: the fixes import @detkit/runtime, which packages/api/package.json does not list; add it (npm install @detkit/runtime -w packages/api, from the workspace root) before running the fixed code",
    );
  });
});
