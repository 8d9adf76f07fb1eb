import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectOneLineUsageError, runCli } from "../helpers/cli.js";
import { copyFixture, temporaryDirectory } from "../helpers/fixtures.js";

/** A copy of the clean fixture with one file replaced by `text` (or removed when `text` is undefined). */
function cleanWith(file: string, text: string | undefined): string {
  const directory = copyFixture("deps", "clean");
  const path = join(directory, file);
  if (text === undefined) rmSync(path);
  else writeFileSync(path, text);
  return directory;
}

function original(file: string): string {
  return readFileSync(join(copyFixture("deps", "clean"), file), "utf8");
}

function withJson(file: string, change: (value: Record<string, unknown>) => void): string {
  const value: unknown = JSON.parse(original(file));
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("fixture is not an object");
  const record: Record<string, unknown> = { ...value };
  change(record);
  return `${JSON.stringify(record, null, 2)}\n`;
}

async function expectUsageError(directory: string, message: string | RegExp): Promise<void> {
  expectOneLineUsageError(await runCli(["deps", "--format", "json"], { cwd: directory }), message);
}

describe("malformed package.json", () => {
  it("truncated", async () => {
    const text = original("package.json");
    await expectUsageError(
      cleanWith("package.json", text.slice(0, text.indexOf('"debug"') + 4)),
      /^detkit: package\.json:\d+:\d+: not valid JSON: unterminated string \(the file looks truncated\)$/,
    );
  });

  it("truncated between tokens", async () => {
    const text = original("package.json");
    await expectUsageError(
      cleanWith("package.json", text.slice(0, text.indexOf('"dependencies"'))),
      /^detkit: package\.json:12:3: not valid JSON: unexpected end of file, expected a property name \(the file looks truncated\)$/,
    );
  });

  it("not JSON", async () => {
    await expectUsageError(cleanWith("package.json", "name: app\nversion: 1.0.0\n"), "detkit: package.json:1:1: not valid JSON: unexpected 'n', expected a value");
  });

  it("empty", async () => {
    await expectUsageError(cleanWith("package.json", ""), "detkit: package.json: the file is empty, expected a JSON object");
  });

  it("not an object", async () => {
    await expectUsageError(cleanWith("package.json", '["debug"]\n'), "detkit: package.json:1:1: expected a JSON object at the top level, found an array");
  });

  it("dependencies of the wrong shape", async () => {
    await expectUsageError(
      cleanWith("package.json", withJson("package.json", (value) => (value.dependencies = ["debug"]))),
      /^detkit: package\.json:\d+:\d+: dependencies must be an object of package names to version specs, not an array$/,
    );
  });

  it("a spec that is not a string", async () => {
    await expectUsageError(
      cleanWith("package.json", withJson("package.json", (value) => (value.devDependencies = { kleur: 4 }))),
      /^detkit: package\.json:\d+:\d+: devDependencies\.kleur must be a string, not a number$/,
    );
  });

  it("workspaces of the wrong shape", async () => {
    await expectUsageError(
      cleanWith("package.json", withJson("package.json", (value) => (value.workspaces = "packages/*"))),
      /^detkit: package\.json:\d+:\d+: workspaces must be an array of glob strings, not a string$/,
    );
  });

  it("a malformed workspace package.json", async () => {
    const directory = copyFixture("deps", "workspaces");
    writeFileSync(join(directory, "packages", "lib", "package.json"), '{ "name": "@mono/lib", "dependencies": { "ms": 2 } }\n');
    await expectUsageError(directory, "detkit: packages/lib/package.json:1:48: dependencies.ms must be a string, not a number");
  });
});

describe("malformed lockfile", () => {
  it("truncated", async () => {
    const text = original("package-lock.json");
    await expectUsageError(
      cleanWith("package-lock.json", text.slice(0, Math.floor(text.length / 2))),
      /^detkit: package-lock\.json:\d+:\d+: not valid JSON: .*\(the file looks truncated\)$/,
    );
  });

  it("not JSON", async () => {
    await expectUsageError(cleanWith("package-lock.json", "lockfileVersion: 3\n"), "detkit: package-lock.json:1:1: not valid JSON: unexpected 'l', expected a value");
  });

  it("without lockfileVersion", async () => {
    await expectUsageError(
      cleanWith("package-lock.json", '{ "name": "clean-app" }\n'),
      'detkit: package-lock.json: no "lockfileVersion"; this is not an npm lockfile (detkit reads npm lockfiles only: package-lock.json or npm-shrinkwrap.json, lockfile versions 1, 2 and 3)',
    );
  });

  it("an unknown lockfileVersion", async () => {
    await expectUsageError(
      cleanWith("package-lock.json", withJson("package-lock.json", (value) => (value.lockfileVersion = 4))),
      /^detkit: package-lock\.json:4:22: lockfileVersion 4 is not supported; detkit reads npm lockfiles only: package-lock\.json or npm-shrinkwrap\.json, lockfile versions 1, 2 and 3$/,
    );
  });

  it("packages of the wrong shape", async () => {
    await expectUsageError(
      cleanWith("package-lock.json", withJson("package-lock.json", (value) => (value.packages = "node_modules"))),
      /^detkit: package-lock\.json:\d+:\d+: packages must be an object of package entries, not a string$/,
    );
  });

  it("an entry field of the wrong type", async () => {
    await expectUsageError(
      cleanWith("package-lock.json", original("package-lock.json").replace('"version": "4.3.4"', '"version": 4.3')),
      /^detkit: package-lock\.json:\d+:\d+: packages\["node_modules\/debug"\]\.version must be a string, not a number$/,
    );
  });

  it("a v1 entry without a version", async () => {
    const directory = copyFixture("deps", "lockfile-v1");
    const lock = join(directory, "package-lock.json");
    writeFileSync(lock, readFileSync(lock, "utf8").replace('"version": "7.0.0",', ""));
    await expectUsageError(directory, /^detkit: package-lock\.json:\d+:\d+: the entry for "is-number" has no "version"$/);
  });
});

describe("lockfiles detkit cannot read", () => {
  it.each([
    ["pnpm-lock.yaml", "lockfileVersion: '9.0'\n", "pnpm"],
    ["yarn.lock", "# yarn lockfile v1\n", "Yarn"],
    ["bun.lockb", "\u0000", "Bun"],
  ])("%s without an npm lockfile is an error naming it and what is supported", async (file, content, tool) => {
    const directory = cleanWith("package-lock.json", undefined);
    writeFileSync(join(directory, file), content);
    await expectUsageError(
      directory,
      `detkit: ${file}: ${tool} lockfiles are not supported; detkit reads npm lockfiles only: package-lock.json or npm-shrinkwrap.json, lockfile versions 1, 2 and 3 (generate one with \`npm install --package-lock-only\`)`,
    );
  });

  it("a yarn.lock beside package-lock.json is ignored: npm uses package-lock.json", async () => {
    const directory = copyFixture("deps", "clean");
    writeFileSync(join(directory, "yarn.lock"), "# yarn lockfile v1\n");
    const result = await runCli(["deps", "--format", "json"], { cwd: directory });
    expect(result.exitCode).toBe(0);
  });
});

describe("no project", () => {
  it("a directory without package.json", async () => {
    const directory = temporaryDirectory();
    mkdirSync(join(directory, "empty"));
    const result = await runCli(["deps", "empty"], { cwd: directory });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe("detkit: no package.json in empty: detkit deps audits an npm project, a directory with a package.json\n");
  });

  it("a directory that does not exist", async () => {
    const result = await runCli(["deps", "nowhere"], { cwd: temporaryDirectory() });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe("detkit: nowhere: no such directory\n");
  });

  it("a file instead of a directory", async () => {
    const directory = copyFixture("deps", "clean");
    const result = await runCli(["deps", "package.json"], { cwd: directory });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe("detkit: package.json is not a directory\n");
  });
});
