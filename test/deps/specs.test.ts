import { describe, expect, it } from "vitest";
import type { DeclaredDependency } from "../../rules/util/dependency-context.js";
import { lockedSource } from "../../rules/util/locked-source.js";
import { findNpmInstalls } from "../../rules/no-npm-install-in-ci.js";
import { classifySpec, exactSpecFor } from "../../rules/no-unpinned-range.js";
import { lockedPackage } from "../helpers/locked-package.js";

const COMMIT = "bb277e37c8827fc5afd0c77ed97f24d7ac6cf34e";

describe("classifySpec", () => {
  it.each([
    ["1.2.3"],
    ["=1.2.3"],
    ["v1.2.3"],
    ["1.2.3-beta.1"],
    ["npm:ms@2.1.3"],
    ["npm:@scope/pkg@1.0.0"],
    [`github:acme/tiny-lib#${COMMIT}`],
    [`git+https://github.com/acme/tiny-lib.git#${COMMIT}`],
    ["file:./local-lib"],
    ["file:../vendor/x-1.0.0.tgz"],
    ["./local-lib"],
    ["workspace:*"],
    ["workspace:^1.0.0"],
    ["link:../x"],
    ["https://example.com/x-1.0.0.tgz"],
  ])("%j is pinned", (spec) => {
    expect(classifySpec("pkg", spec)).toEqual({ kind: "pinned" });
  });

  it.each([
    ["^1.2.3"],
    ["~1.2.3"],
    [">=1.2.3"],
    [">1 <3"],
    ["<2"],
    ["1.0.0 || 2.0.0"],
    ["1.2.3 - 2.0.0"],
    ["1.x"],
    ["1"],
    ["npm:ms@^2"],
    ["git+https://github.com/acme/tiny-lib.git#semver:^1.0.0"],
  ])("%j is bounded", (spec) => {
    expect(classifySpec("pkg", spec).kind).toBe("bounded");
  });

  it.each([
    ["*", "accepts any version"],
    ["", "accepts any version"],
    ["x", "accepts any version"],
    ["X", "accepts any version"],
    ["x.x.x", "accepts any version"],
    ["latest", 'is the dist-tag "latest", which moves with every release'],
    ["next", 'is the dist-tag "next", which moves with every release'],
    ["npm:ms", "accepts any version"],
    ["npm:ms@latest", 'is the dist-tag "latest", which moves with every release'],
    ["github:acme/tiny-lib", "follows the repository's default branch, not a commit"],
    ["acme/tiny-lib#main", 'follows the git ref "main" (a branch, tag or short hash), not a full commit'],
    ["git+ssh://git@github.com/acme/tiny-lib.git#v1.0.0", 'follows the git ref "v1.0.0" (a branch, tag or short hash), not a full commit'],
    ["git+ssh://git@github.com/acme/tiny-lib.git#bb277e3", 'follows the git ref "bb277e3" (a branch, tag or short hash), not a full commit'],
  ])("%j is unbounded: %s", (spec, why) => {
    expect(classifySpec("pkg", spec)).toEqual({ kind: "unbounded", why });
  });
});

const locked = lockedPackage;

function declared(spec: string, lock: DeclaredDependency["lock"]): DeclaredDependency {
  return {
    name: "pkg",
    spec,
    field: "dependencies",
    position: { file: "package.json", line: 1, column: 1 },
    specRange: { start: 0, end: 0 },
    workspace: false,
    ...(lock ? { lock } : {}),
  };
}

describe("exactSpecFor", () => {
  it.each([
    ["^1.2.3", locked(), "1.4.0"],
    ["latest", locked(), "1.4.0"],
    ["", locked(), "1.4.0"],
    ["npm:other@^1.0.0", locked({ packageName: "other" }), "npm:other@1.4.0"],
    ["github:acme/pkg#main", locked({ resolved: `git+ssh://git@github.com/acme/pkg.git#${COMMIT}` }), `github:acme/pkg#${COMMIT}`],
    ["github:acme/pkg", locked({ resolved: `git+ssh://git@github.com/acme/pkg.git#${COMMIT}` }), `github:acme/pkg#${COMMIT}`],
  ])("%j locked as given becomes %j", (spec, pkg, expected) => {
    expect(exactSpecFor(declared(spec, { status: "ok", package: pkg }))).toBe(expected);
  });

  it("gives nothing without a lockfile, out of sync, or for a link", () => {
    expect(exactSpecFor(declared("^1.2.3", undefined))).toBeUndefined();
    expect(exactSpecFor(declared("^1.2.3", { status: "mismatch", package: locked({ version: "2.0.0" }) }))).toBeUndefined();
    expect(exactSpecFor(declared("^1.2.3", { status: "missing" }))).toBeUndefined();
    expect(exactSpecFor(declared("*", { status: "ok", package: locked({ link: true }) }))).toBeUndefined();
  });
});

describe("lockedSource", () => {
  it.each([
    ["a registry package whose resolved npm omitted", locked(), { kind: "registry" }],
    [
      "a registry tarball",
      locked({ resolved: "https://registry.npmjs.org/pkg/-/pkg-1.4.0.tgz" }),
      { kind: "registry", url: "https://registry.npmjs.org/pkg/-/pkg-1.4.0.tgz" },
    ],
    [
      "the same URL requested as a tarball",
      locked({ resolved: "https://registry.npmjs.org/pkg/-/pkg-1.4.0.tgz", requestedAs: ["https://registry.npmjs.org/pkg/-/pkg-1.4.0.tgz"] }),
      { kind: "tarball-url", url: "https://registry.npmjs.org/pkg/-/pkg-1.4.0.tgz" },
    ],
    [
      "git at a commit",
      locked({ resolved: `git+ssh://git@github.com/acme/pkg.git#${COMMIT}` }),
      { kind: "git", url: `git+ssh://git@github.com/acme/pkg.git#${COMMIT}`, commit: COMMIT },
    ],
    ["git without a commit", locked({ resolved: "git+ssh://git@github.com/acme/pkg.git" }), { kind: "git", url: "git+ssh://git@github.com/acme/pkg.git" }],
    ["git at a branch", locked({ resolved: "git+https://github.com/acme/pkg.git#main" }), { kind: "git", url: "git+https://github.com/acme/pkg.git#main" }],
    ["a link", locked({ link: true, resolved: "file:../pkg" }), { kind: "local" }],
    ["a local tarball", locked({ resolved: "file:vendor/pkg-1.4.0.tgz" }), { kind: "local" }],
    ["a workspace folder", locked({ local: true }), { kind: "local" }],
  ])("%s", (_name, pkg, expected) => {
    expect(lockedSource(pkg)).toEqual(expected);
  });
});

describe("findNpmInstalls", () => {
  it.each([
    ["npm install", ["npm install"]],
    ["npm i", ["npm i"]],
    ["npm isntall", ["npm isntall"]],
    ["npm add left-pad", ["npm add"]],
    ["npm update", ["npm update"]],
    ["npm up", ["npm up"]],
    ["npm install-test", ["npm install-test"]],
    ["npm --no-audit --loglevel=warn install", ["npm install"]],
    ["RUN npm install --omit=dev", ["npm install"]],
    ["cd app && npm i && npm test", ["npm i"]],
    ["npm ci && npm install", ["npm install"]],
    ["npm i -D eslint; npm install -g pm2", ["npm i"]],
    ["sudo npm install", ["npm install"]],
    ['"setup": "npm install"', ["npm install"]],
  ])("%j finds %j", (text, commands) => {
    expect(findNpmInstalls(text).map((match) => match.command)).toEqual(commands);
  });

  it.each([
    ["npm ci"],
    ["npm install-ci-test"],
    ["npm cit"],
    ["npm run install"],
    ["npm test"],
    ["npm install -g pnpm@9.0.0"],
    ["npm i --global typescript@5.6.2"],
    ["npm install --location=global pm2"],
    ["npm install --package-lock-only"],
    ["pnpm install"],
    ["yarn install"],
    ["npminstall"],
    ["./npm install"],
    ["echo npm-install"],
  ])("%j finds nothing", (text) => {
    expect(findNpmInstalls(text)).toEqual([]);
  });

  it("gives the offset of npm and the length of the whole command", () => {
    expect(findNpmInstalls("  - run: npm --no-audit i")).toEqual([{ index: 9, length: 16, command: "npm i" }]);
  });
});
