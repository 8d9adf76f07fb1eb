import { describe, expect, it } from "vitest";
import type { LockedPackage } from "../../rules/util/dependency-context.js";
import { bumpOf, integrityDiffers, isWidened, sourceOf } from "../../src/diff/compare.js";
import { sameNameElsewhere } from "../../src/diff/index.js";
import { newUses, normalisedSnippet, type PackageFinding } from "../../src/diff/nondeterminism.js";
import type { Finding } from "../../src/report/types.js";
import { lockedPackage } from "../helpers/locked-package.js";

describe("bumpOf", () => {
  it.each([
    ["4.1.2", "5.3.0", "major"],
    ["0.21.5", "0.22.0", "minor"],
    ["2.0.0", "2.1.2", "minor"],
    ["1.1.0", "1.1.1", "patch"],
    ["7.6.0", "7.5.4", "downgrade"],
    ["2.1.3", "3.0.0-canary.1", "prerelease"],
    ["1.0.0-rc.1", "1.0.0-rc.2", "prerelease"],
    ["1.0.0-rc.1", "1.0.0", "prerelease"],
    ["1.0.0-rc.1", "1.0.1", "patch"],
    ["2.0.0", "2.0.0-rc.1", "downgrade"],
    ["1.0.0", "1.0.0", undefined],
    ["1.0.0+build.1", "1.0.0+build.2", undefined],
    ["not-semver", "1.0.0", undefined],
  ])("%s → %s is %s", (from, to, bump) => {
    expect(bumpOf(from, to)).toBe(bump);
  });
});

describe("integrityDiffers", () => {
  const a512 = "sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA==";
  const b512 = "sha512-sGkPx+VjMtmA6MX27oA4FBFELFCZZ4S4XqeGOXCv68tT+jb3vk/RyaKWP0PTKyWtmLSM0b+adUTEvbs1PEaH2w==";
  const sha1 = "sha1-7CaRu0EzkFcEwZHa9DBeUS1tL9A=";
  it.each([
    [a512, a512, false],
    [a512, b512, true],
    // A lockfile rewritten from sha1 to sha512 proves nothing about the tarball.
    [sha1, a512, false],
    [`${sha1} ${a512}`, a512, false],
    [`${sha1} ${a512}`, b512, true],
    [undefined, a512, false],
    [a512, undefined, false],
  ])("%s vs %s: %s", (before, after, differs) => {
    expect(integrityDiffers(before, after)).toBe(differs);
  });
});

function locked(resolved: string | undefined): LockedPackage {
  return lockedPackage(resolved === undefined ? {} : { resolved });
}

describe("sourceOf", () => {
  it("a registry tarball, with or without resolved, is the registry's origin", () => {
    expect(sourceOf(locked(undefined))).toEqual(sourceOf(locked("https://registry.npmjs.org/x/-/x-1.0.0.tgz")));
    expect(sourceOf(locked("https://registry.npmjs.org/x/-/x-1.0.0.tgz")).origin).toBe(sourceOf(locked("https://registry.npmjs.org/x/-/x-2.0.0.tgz")).origin);
  });

  it("another host or scheme is another origin", () => {
    const npm = sourceOf(locked("https://registry.npmjs.org/x/-/x-1.0.0.tgz"));
    expect(sourceOf(locked("https://npm.example.com/x/-/x-1.0.0.tgz")).origin).not.toBe(npm.origin);
    expect(sourceOf(locked("http://registry.npmjs.org/x/-/x-1.0.0.tgz")).origin).not.toBe(npm.origin);
  });

  it("git: the repository is the origin, the commit is part of the exact source; credentials are dropped", () => {
    const one = sourceOf(locked("git+ssh://git@github.com/acme/x.git#3a9bfc0d65bbaa5b49e40f93d8643d4f25bc0407"));
    const two = sourceOf(locked("git+ssh://git@github.com/acme/x.git#a2ead4a3b4d545acb93eab07d97f54a83ec4394e"));
    expect(one.origin).toBe(two.origin);
    expect(one.exact).not.toBe(two.exact);
    expect(one.origin).toBe("git+ssh://github.com/acme/x");
  });

  it("tarball URLs and file tarballs: the exact URL or path matters only at the same version", () => {
    const one = sourceOf(locked("https://example.com/builds/x-1.0.0.tgz?token=secret"));
    const two = sourceOf(locked("https://example.com/builds/x-2.0.0.tgz"));
    expect(one.origin).toBe(two.origin);
    expect(one.exact).toBe("https://example.com/builds/x-1.0.0.tgz");
    expect(sourceOf(locked("file:vendor/x-1.0.0.tgz")).origin).toBe(sourceOf(locked("file:vendor/x-2.0.0.tgz")).origin);
  });
});

describe("isWidened", () => {
  it.each([
    ["4.0.0", "^4.1.5", true],
    ["4.0.0", "~4.0.0", true],
    ["4.0.0", "latest", true],
    ["4.0.0", "*", true],
    ["npm:kleur@4.0.0", "npm:kleur@^4.0.0", true],
    ["4.0.0", "4.1.5", false],
    ["^4.0.0", "^4.1.5", false],
    ["4.0.0", "git+https://github.com/acme/x.git#main", false],
  ])("%s → %s: %s", (before, after, widened) => {
    expect(isWidened("kleur", before, after)).toBe(widened);
  });
});

function finding(file: string, line: number, column: number, endColumn: number, ruleId = "no-wall-clock"): Finding {
  return { ruleId, category: "clock", severity: "error", file, line, column, endLine: line, endColumn, message: "m" };
}

describe("normalisedSnippet", () => {
  it("keeps what the code says and drops how it is laid out", () => {
    expect(normalisedSnippet("  return Date.now( );", finding("a.js", 1, 10, 21))).toBe("Date.now()");
    expect(normalisedSnippet("x = new  Date ( 0 )", finding("a.js", 1, 5, 20))).toBe("new Date(0)");
    expect(normalisedSnippet("a(\n  Date\n    .now()\n)", { ...finding("a.js", 2, 3, 11), endLine: 3 })).toBe("Date.now()");
  });
});

describe("newUses", () => {
  const keyed = (file: string, line: number, key: string): PackageFinding => ({ finding: finding(file, line, 1, 2), key });
  it("moved code is not new; a use beyond base's count is, preferring the file base did not have it in", () => {
    const base = [keyed("index.js", 5, "Date.now()")];
    expect(newUses(base, [keyed("index.js", 40, "Date.now()")])).toEqual([]);
    expect(newUses(base, [keyed("lib/index.js", 2, "Date.now()")])).toEqual([]);
    const uses = newUses(base, [keyed("a.js", 1, "Date.now()"), keyed("index.js", 40, "Date.now()")]);
    expect(uses.map((use) => [use.finding.file, use.before, use.after])).toEqual([["a.js", 1, 2]]);
    expect(newUses([], [keyed("a.js", 1, "Math.random()")]).map((use) => use.before)).toEqual([0]);
  });
});

describe("sameNameElsewhere", () => {
  const hoisted = lockedPackage({ location: "node_modules/cacache", name: "cacache", packageName: "cacache", version: "20.0.4" });
  const nestedOld = lockedPackage({ location: "node_modules/a/node_modules/cacache", name: "cacache", packageName: "cacache", version: "19.0.0" });
  const added = lockedPackage({ location: "node_modules/b/node_modules/cacache", name: "cacache", packageName: "cacache", version: "21.0.2" });
  it("compares a new nested copy with the hoisted one base has, else any other copy, else nothing", () => {
    expect(sameNameElsewhere([nestedOld, hoisted], added)).toBe(hoisted);
    expect(sameNameElsewhere([nestedOld], added)).toBe(nestedOld);
    expect(sameNameElsewhere([lockedPackage()], added)).toBeUndefined();
    expect(sameNameElsewhere([{ ...hoisted, link: true }], added)).toBeUndefined();
  });
});
