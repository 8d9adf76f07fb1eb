import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ts } from "@ts-morph/common";
import { describe, expect, it } from "vitest";
import noUnseededRandom from "../../rules/no-unseeded-random.js";
import noWallClock from "../../rules/no-wall-clock.js";
import { createRule } from "../../rules/util/create-rule.js";
import { ModuleGraph } from "../../src/analyzer/module-graph.js";
import { compareFindings } from "../../src/report/build.js";
import type { Finding } from "../../src/report/types.js";
import { analyzeWith } from "../helpers/analyze.js";
import { fixturePath, temporaryDirectory } from "../helpers/fixtures.js";

const rules = [noWallClock, noUnseededRandom].map((rule) => ({ rule, severity: rule.meta.severity }));

function summary(findings: readonly Finding[]) {
  return [...findings]
    .sort(compareFindings)
    .map(({ file, line, column, messageId, trace }) => ({ at: `${file}:${line}:${column}`, messageId, ...(trace ? { trace } : {}) }));
}

/** What the fixture yields: every call through another file's alias, with the declaration it came through. */
const EXPECTED = [
  // The global object reached through a variable, from two files away.
  {
    at: "lib/now.js:4:10",
    messageId: "readsClock",
    trace: [
      'lib/root.js:5 root = freeGlobal || freeSelf || Function("return this")()',
      // Long declarations are shortened to 80 characters.
      'lib/free-global.js:2 freeGlobal = typeof global == "object" && global && global.Object === Object &&…',
    ],
  },
  { at: "lib/use.cjs:5:1", messageId: "measuresElapsed", trace: ["lib/legacy.cjs:3 exports.timer = performance.now"] },
  { at: "lib/use.cjs:6:1", messageId: "unseeded", trace: ["lib/legacy.cjs:4 module.exports.rand = Math.random"] },
  { at: "lib/use.cjs:7:1", messageId: "readsClock", trace: ["lib/whole.cjs:1 stamp: Date.now"] },
  { at: "src/app.ts:9:5", messageId: "readsClock", trace: ["src/time.ts:2 now = Date.now"] },
  // readNow(): re-exported under another name by the barrel.
  { at: "src/app.ts:11:5", messageId: "readsClock", trace: ["src/time.ts:2 now = Date.now"] },
  // time.now(): through `export * as time`.
  { at: "src/app.ts:12:5", messageId: "readsClock", trace: ["src/time.ts:2 now = Date.now"] },
  // roll(): a default export; bytes(4): through `export *`.
  { at: "src/app.ts:13:5", messageId: "unseeded", trace: ["src/random.ts:4 export default Math.random"] },
  { at: "src/app.ts:14:5", messageId: "secureRandom", trace: ["src/random.ts:3 bytes = randomBytes"] },
  // stamp() from a file in an import cycle; a() is the cycle itself and holds nothing known.
  { at: "src/app.ts:15:5", messageId: "readsClock", trace: ["src/cycle-b.ts:4 stamp = Date.now"] },
  // timer(): the bound copy is handed over where it is made, so it is reported there and not again at the call.
  { at: "src/time.ts:4:22", messageId: "elapsedValue" },
];

describe("cross-file resolution", () => {
  it("follows aliases exported by one file into the calls of the files that import them, with a trace", () => {
    const { findings, errors } = analyzeWith(fixturePath("audit", "cross-file"), [], rules);
    expect(errors).toEqual([]);
    expect(summary(findings)).toEqual(EXPECTED);
  });

  it("finds the same when every file is parsed up front for the type checker", () => {
    const typed = createRule({
      meta: { ...noWallClock.meta, id: "test-typed", requiresTypes: true, messages: { never: "never" }, onlyInZones: [] },
      create: () => ({}),
    });
    const { findings } = analyzeWith(fixturePath("audit", "cross-file"), [], [...rules, { rule: typed, severity: "error" }]);
    expect(summary(findings)).toEqual(EXPECTED);
  });

  it("follows only the files being scanned", () => {
    const { findings } = analyzeWith(fixturePath("audit", "cross-file"), ["src/app.ts"], rules);
    expect(summary(findings)).toEqual([]);
  });
});

describe("ModuleGraph.resolveModule", () => {
  const root = temporaryDirectory();
  const files = ["src/a.ts", "src/b.tsx", "src/lib/index.ts", "src/c.mts", "src/d.js", "src/e.cjs"].map((file) => join(root, file));
  for (const file of files) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, "");
  }
  const graph = new ModuleGraph(files, () => undefined, (file) => file);
  const from = join(root, "src/main.ts");

  it.each([
    ["./a", "src/a.ts"],
    ["./a.js", "src/a.ts"],
    ["./b.js", "src/b.tsx"],
    ["./lib", "src/lib/index.ts"],
    ["./lib/index.js", "src/lib/index.ts"],
    ["./c.mjs", "src/c.mts"],
    ["./d.js", "src/d.js"],
    ["./e.cjs", "src/e.cjs"],
    ["../src/a", "src/a.ts"],
  ])("%s from src/main.ts is %s", (specifier, expected) => {
    expect(graph.resolveModule(from, specifier)).toBe(join(root, expected));
  });

  it.each(["node:crypto", "lodash", "./missing", "@scope/pkg/a"])("%s is not a scanned file", (specifier) => {
    expect(graph.resolveModule(from, specifier)).toBeUndefined();
  });

  it("parses nothing to resolve a specifier", () => {
    const parsed: string[] = [];
    const counting = new ModuleGraph(files, (file) => {
      parsed.push(file);
      return ts.createSourceFile(file, "", ts.ScriptTarget.Latest);
    }, (file) => file);
    counting.resolveModule(from, "./a");
    expect(parsed).toEqual([]);
  });
});

describe("ModuleGraph parsing", () => {
  const root = fixturePath("audit", "cross-file");
  const files = ["src/app.ts", "src/time.ts", "src/cycle-a.ts", "src/cycle-b.ts"].map((file) => join(root, file));
  const parse = (file: string) => ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);

  it("parses a file another file asks about once, hands its tree over at its turn, and settles its exports", () => {
    const parsed: string[] = [];
    const graph = new ModuleGraph(files, (file) => {
      parsed.push(file);
      return parse(file);
    }, (file) => file);
    const [app, time] = files as [string, string];
    const appTree = parse(app);
    const resolver = graph.resolverFor(app, appTree);
    // `now` in app.ts is time.ts's `now = Date.now`.
    const nowImport = appTree.statements.find((statement) => ts.isImportDeclaration(statement) && statement.getText().includes("./time.js"));
    const nowName = nowImport && ts.isImportDeclaration(nowImport) ? nowImport.importClause?.namedBindings : undefined;
    const identifier = nowName && ts.isNamedImports(nowName) ? nowName.elements[0]?.name : undefined;
    expect(identifier?.text).toBe("now");
    expect(resolver.resolve(identifier as ts.Identifier)).toEqual({ kind: "global", path: ["Date", "now"], trace: [`${time}:2 now = Date.now`] });
    expect(parsed).toEqual([time]);
    expect(graph.nextEarlyTree()).toBe(time);
    expect(graph.nextEarlyTree()).toBeUndefined();
    const held = graph.heldTree(time);
    expect(held).toBeDefined();
    graph.resolverFor(time, held as ts.SourceFile);
    graph.release(time);
    graph.release(app);
    expect(graph.heldTree(time)).toBeUndefined();
    // Answered from the summary, without parsing again.
    expect(graph.exportOf(time, "now")).toEqual({ kind: "global", path: ["Date", "now"], trace: [`${time}:2 now = Date.now`] });
    expect(parsed).toEqual([time]);
  });

  it("ends on a cycle between files, and a cycle holds nothing known", () => {
    const graph = new ModuleGraph(files, parse, (file) => file);
    const [, , cycleA, cycleB] = files as [string, string, string, string];
    expect(graph.exportOf(cycleA, "a")).toBeUndefined();
    expect(graph.exportOf(cycleB, "stamp")).toEqual({ kind: "global", path: ["Date", "now"], trace: [`${cycleB}:4 stamp = Date.now`] });
    for (let file = graph.nextEarlyTree(); file !== undefined; file = graph.nextEarlyTree()) graph.release(file);
    expect(graph.exportOf(cycleA, "a")).toBeUndefined();
    expect(graph.nextEarlyTree()).toBeUndefined();
  });
});
