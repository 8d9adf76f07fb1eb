import { describe, expect, it } from "vitest";
import { canonicalJson, compareContent, compareRuns, parseJsonPath, type CompareOptions, type RunOutputs } from "../../src/repro/compare.js";
import { UsageError } from "../../src/errors.js";

const byData: CompareOptions = { strictBytes: false, ignore: [] };
const byBytes: CompareOptions = { strictBytes: true, ignore: [] };
const labels = ["run 0: stdout", "run 1: stdout"] as const;
const text = (value: string): Buffer => Buffer.from(value, "utf8");

describe("canonicalJson", () => {
  it("orders members by code units and ignores spacing", () => {
    expect(canonicalJson('{"b":1,"a":{"d":[1,2],"c":null},"B":true}', [])).toBe(
      '{\n  "B": true,\n  "a": {\n    "c": null,\n    "d": [\n      1,\n      2\n    ]\n  },\n  "b": 1\n}\n',
    );
    expect(canonicalJson('{ "a" : 1 }\n', [])).toBe(canonicalJson('{"a":1}', []));
  });

  it("compares numbers by value and exactly, beyond double precision", () => {
    expect(canonicalJson("[1e3, 1000, 1000.0, -0.0, 0]", [])).toBe(canonicalJson("[1000, 1000, 1000, 0, 0]", []));
    expect(canonicalJson("[12345678901234567890]", [])).not.toBe(canonicalJson("[12345678901234567891]", []));
    expect(canonicalJson("[0.10000000000000000001]", [])).not.toBe(canonicalJson("[0.1]", []));
  });

  it("canonicalizes JSON Lines line by line", () => {
    expect(canonicalJson('{"b":2,"a":1}\n\n{"c":3}\n', [])).toBe('{"a":1,"b":2}\n{"c":3}\n');
  });

  it("leaves what is not JSON alone", () => {
    expect(canonicalJson("1,234.5\n", [])).toBeUndefined();
    expect(canonicalJson("", [])).toBeUndefined();
    expect(canonicalJson('{"a":1}\nnot json\n', [])).toBeUndefined();
    // Duplicate keys have no single meaning as data.
    expect(canonicalJson('{"a":1,"a":2}', [])).toBeUndefined();
  });

  it("leaves out ignored values but keeps their place", () => {
    const ignore = [parseJsonPath("$.summary.durationMs"), parseJsonPath("$.items[*].at")];
    const a = '{"summary":{"durationMs":812,"files":3},"items":[{"at":1,"id":"x"},{"at":2,"id":"y"}]}';
    const b = '{"items":[{"id":"x","at":9},{"id":"y","at":7}],"summary":{"files":3,"durationMs":1044}}';
    expect(canonicalJson(a, ignore)).toBe(canonicalJson(b, ignore));
    expect(canonicalJson(a, ignore)).toContain('"durationMs": (ignored)');
    // A value that is missing on one side still differs.
    expect(canonicalJson('{"summary":{"files":3},"items":[]}', ignore)).not.toBe(canonicalJson('{"summary":{"files":3,"durationMs":1},"items":[]}', ignore));
  });
});

describe("parseJsonPath", () => {
  it("reads members, quoted members, indices and wildcards", () => {
    expect(parseJsonPath('$.a["b c"][2].*[*]').steps).toEqual([{ key: "a" }, { key: "b c" }, { index: 2 }, { any: true }, { any: true }]);
    expect(parseJsonPath("$").steps).toEqual([]);
  });

  it("refuses what is not a path, naming it", () => {
    expect(() => parseJsonPath("summary.durationMs")).toThrow(UsageError);
    expect(() => parseJsonPath("$.a..b")).toThrow(/--ignore "\$\.a\.\.b": "\.\.b" is not a member name/);
    expect(() => parseJsonPath('$["open')).toThrow(/unterminated/);
    expect(() => parseJsonPath("$[x]")).toThrow(/unexpected "\[x\]"/);
  });
});

describe("compareContent", () => {
  it("treats JSON that differs only in key order as equal, unless strict", () => {
    const left = text('{"id":7,"total":1234.5}\n');
    const right = text('{\n  "total": 1234.5,\n  "id": 7\n}\n');
    expect(compareContent(left, right, labels, byData)).toBeUndefined();
    const strict = compareContent(left, right, labels, byBytes);
    expect(strict?.canonicalized).toBe(false);
    expect(strict?.diff).toContain('-{"id":7,"total":1234.5}');
  });

  it("diffs canonical forms, so the changed member shows", () => {
    const difference = compareContent(text('{"b":[1,2],"a":1}'), text('{"a":1,"b":[2,1]}'), labels, byData);
    expect(difference?.canonicalized).toBe(true);
    expect(difference?.diff).toContain("-    1,\n-    2\n+    2,\n+    1\n");
  });

  it("diffs text line by line", () => {
    expect(compareContent(text("a\nb\n"), text("a\nc\n"), labels, byData)?.diff).toContain("-b\n+c\n");
  });

  it("describes binary content and missing files in one line", () => {
    expect(compareContent(Buffer.from([0, 1, 2]), Buffer.from([0, 1, 3, 4]), labels, byData)?.diff).toBe(
      "binary content differs: run 0: stdout has 3 bytes, run 1: stdout has 4 bytes; first difference at byte 2\n",
    );
    expect(compareContent(undefined, text("x"), labels, byData)?.diff).toBe("only in run 1: stdout\n");
    expect(compareContent(undefined, undefined, labels, byData)).toBeUndefined();
  });
});

describe("compareRuns", () => {
  it("lists the exit code, stdout, then files by path", () => {
    const baseline: RunOutputs = {
      status: "exit code 0",
      stdout: text("ok\n"),
      files: new Map([["out/b.txt", text("b")], ["out/a.txt", text("a")]]),
    };
    const other: RunOutputs = {
      status: "exit code 1",
      stdout: text("not ok\n"),
      files: new Map([["out/a.txt", text("A")], ["out/c.txt", text("c")]]),
    };
    const differences = compareRuns(baseline, other, ["run 0", "run 2"], byData);
    expect(differences.map((difference) => difference.item)).toEqual(["exit code", "stdout", "out/a.txt", "out/b.txt", "out/c.txt"]);
    expect(differences[0]?.diff).toContain("--- run 0: exit code\n+++ run 2: exit code\n@@ -1 +1 @@\n-exit code 0\n+exit code 1\n");
    expect(compareRuns(baseline, baseline, ["run 0", "run 1"], byData)).toEqual([]);
  });
});
