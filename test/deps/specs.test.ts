import { describe, expect, it } from "vitest";
import type { DeclaredDependency } from "../../rules/util/dependency-context.js";
import { lockedSource } from "../../rules/util/locked-source.js";
import type { CiFileKind } from "../../rules/util/dependency-context.js";
import { allCommands, npmInstallIn, scriptInvocation, simpleCommands } from "../../rules/util/shell-commands.js";
import { commandsOf } from "../../src/deps/ci-files.js";
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

/** The npm installs a shell text runs, as the rule names them. */
function installs(text: string): string[] {
  return allCommands(text).flatMap((command) => npmInstallIn(command)?.command ?? []);
}

describe("npm installs in shell text", () => {
  it.each([
    ["npm install", ["npm install"]],
    ["npm i", ["npm i"]],
    ["npm isntall", ["npm isntall"]],
    ["npm add left-pad", ["npm add"]],
    ["npm update", ["npm update"]],
    ["npm up", ["npm up"]],
    ["npm install-test", ["npm install-test"]],
    ["npm install --no-save eslint@9", ["npm install"]],
    ["npm --no-audit --loglevel=warn install", ["npm --no-audit --loglevel=warn install"]],
    ["npm --prefix web install", ["npm --prefix web install"]],
    ["npm -C web i", ["npm -C web i"]],
    ["npx npm@10 install", ["npx npm@10 install"]],
    ["npx -y npm@10.9.0 i --omit=dev", ["npx -y npm@10.9.0 i"]],
    ["npm exec -- npm@10 install", ["npm exec -- npm@10 install"]],
    ["cd app && npm i && npm test", ["npm i"]],
    ["npm ci && npm install", ["npm install"]],
    ["npm i -D eslint; npm install -g pm2", ["npm i"]],
    ["sudo -E npm install", ["npm install"]],
    ["CI=1 npm install 2>&1 | tee install.log", ["npm install"]],
    ["if [ -d web ]; then npm install; fi", ["npm install"]],
    ["(cd functions && npm i)", ["npm i"]],
    ["echo $(npm install)", ["npm install"]],
    ['sh -c "npm install"', ["npm install"]],
    ["npm \\\n  install", ["npm install"]],
    ["/usr/local/bin/npm install", ["/usr/local/bin/npm install"]],
  ])("%j runs %j", (text, commands) => {
    expect(installs(text)).toEqual(commands);
  });

  it.each([
    ["npm ci"],
    ["npm install-ci-test"],
    ["npm cit"],
    ["npm run install"],
    ["npm test -- --install"],
    ["npm install -g pnpm@9.0.0"],
    ["npm i --global typescript@5.6.2"],
    ["npm install --location=global pm2"],
    ["npm install --location global pm2"],
    ["npm install --package-lock-only"],
    ["npm install --dry-run"],
    ["npx -y npm@10 ci"],
    ["npx create-react-app install"],
    ["pnpm install"],
    ["yarn install"],
    ["npminstall"],
    ["./npm install"],
    ["echo npm install"],
    ['echo "::warning ::npm install failed, exit $code"'],
    ["printf 'npm install\\n'"],
    ["npm run build # then npm install"],
    ["# npm install"],
    ["cat <<EOF\nnpm install\nEOF"],
  ])("%j runs none", (text) => {
    expect(installs(text)).toEqual([]);
  });

  it("gives the offsets of the command, from npm to the subcommand", () => {
    const [command] = allCommands("cd x && npm --no-audit i --omit=dev");
    expect(command && npmInstallIn(command)).toBeUndefined();
    const [, install] = allCommands("cd x && npm --no-audit i --omit=dev");
    expect(install && npmInstallIn(install)).toEqual({ start: 8, end: 24, command: "npm --no-audit i" });
  });
});

describe("scripts a command runs", () => {
  it.each([
    ["./scripts/ci.sh", "./scripts/ci.sh"],
    ["bash scripts/setup.sh --fast", "scripts/setup.sh"],
    ["sh -e tools/install.sh", "tools/install.sh"],
    [". ./env.sh", "./env.sh"],
    ["tools/scripts/build.sh", "tools/scripts/build.sh"],
  ])("%j runs %j", (text, script) => {
    const [command] = simpleCommands(text);
    expect(command && scriptInvocation(command)?.value).toBe(script);
  });

  it.each([["node scripts/build.js"], ["bash -c 'npm ci'"], ["/usr/bin/setup.sh"], ["make install"], ["bash $SCRIPT"]])("%j runs no script file", (text) => {
    const [command] = simpleCommands(text);
    expect(command && scriptInvocation(command)).toBeUndefined();
  });
});

/** The blocks of a file as `line:column text` per line, for the tables below. */
function blocks(kind: CiFileKind, text: string): string[][] {
  return commandsOf(kind, text).map((block) => block.lines.map((line) => `${line.line}:${line.column} ${line.text}`));
}

describe("commands of CI files", () => {
  it("takes a workflow's run: values, in every YAML spelling, and nothing else", () => {
    const workflow = [
      "name: npm install", // 1: the workflow's name
      "on: push",
      "jobs:",
      "  build:",
      "    steps:",
      "    - name: npm install", // 6: a step name, compact list style
      "      run: npm ci",
      "    - run: 'npm run build'", // 8: single-quoted
      '    - run: "echo \\"done\\""', // 9: double-quoted with escapes
      "    - uses: actions/github-script@v7",
      "      with:",
      "        script: |",
      "          npm install", // 13: an input, not a command
      "        run: npm install", // 14: `run` under with:, an input
      "    - run: |-",
      "        npm ci",
      "",
      "        npm test",
      "      env:",
      "        RUN: npm install", // 20
      "    - name: >",
      "        npm install",
      "      run: >",
      "        npm",
      "        install",
      "defaults:",
      "  run:",
      "    shell: bash",
      "",
    ].join("\n");
    expect(blocks("github-workflow", workflow)).toEqual([
      ["7:12 npm ci"],
      ["8:13 npm run build"],
      ['9:13 echo "done"'],
      ["16:9 npm ci", "17:1 ", "18:9 npm test"],
      ["24:9 npm", "25:9 install"],
    ]);
  });

  it("takes GitLab script items, as a list or one value", () => {
    const gitlab = ["image: node:20", "test:", "  script:", "    - npm ci", "    - |", "      npm install", "  after_script: npm test", "  variables:", "    X: npm install", ""].join("\n");
    expect(blocks("gitlab-ci", gitlab)).toEqual([["4:7 npm ci"], ["6:7 npm install"], ["7:17 npm test"]]);
  });

  it("takes a Dockerfile's RUN instructions with continuations, here-documents and the exec form", () => {
    const dockerfile = [
      "FROM node:20",
      "RUN --mount=type=cache,target=/root/.npm npm ci",
      "RUN apt-get update && \\",
      "  # a comment line inside the instruction",
      "  npm install",
      'RUN ["npm", "install"]',
      "RUN <<EOF",
      "npm install",
      "EOF",
      "ENV NOTE=npm \\",
      "  RUN=npm",
      "run npm test",
      "",
    ].join("\n");
    expect(blocks("dockerfile", dockerfile)).toEqual([
      ["2:42 npm ci"],
      ["3:5 apt-get update && \\", "5:1   npm install"],
      ['6:5 ["npm", "install"]'],
      ["8:1 npm install"],
      ["12:5 npm test"],
    ]);
    expect(commandsOf("dockerfile", dockerfile)[2]?.argv?.map((word) => word.value)).toEqual(["npm", "install"]);
  });
});
