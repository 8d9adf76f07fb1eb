import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { copyFixture, fixturePath } from "../helpers/fixtures.js";
import { depsJson } from "./helpers.js";

const read = (path: string) => readFileSync(path, "utf8");

describe("detkit deps --fix", () => {
  it("pins every flagged spec to what the lockfile holds, and nothing else", async () => {
    const directory = copyFixture("deps", "ranges");
    const manifest = join(directory, "package.json");
    const before = read(manifest);
    const inodeBefore = statSync(manifest).ino;

    const { exitCode, report, stderr } = await depsJson(directory, ["--fix"]);

    const expected = before
      .replace('"^4.3.4"', '"4.4.3"')
      .replace('"~4.1.5"', '"4.1.5"')
      .replace('">=2.1.0"', '"2.1.3"')
      .replace('"6.0.0 || 7.0.0"', '"7.0.0"')
      .replace('"npm:kleur@^4.0.0"', '"npm:kleur@4.1.5"')
      .replace("tiny-lib.git#main", "tiny-lib.git#bb277e37c8827fc5afd0c77ed97f24d7ac6cf34e")
      .replace('"*"', '"1.1.1"')
      .replace('"latest"', '"5.0.0"')
      .replace('"x"', '"5.0.1"')
      .replace('"nanoid": ""', '"nanoid": "5.1.16"')
      .replace('"^7.2.0"', '"7.2.0"');
    expect(read(manifest)).toBe(expected);
    expect(stderr).toBe("detkit: pinned 11 specs in package.json\n");
    // The report is of the project as fixed.
    expect(report.findings).toEqual([]);
    expect(exitCode).toBe(0);
    // Written by rename (a new inode), leaving no temporary file behind.
    expect(statSync(manifest).ino).not.toBe(inodeBefore);
    expect(readdirSync(directory).sort()).toEqual(["local-lib", "package-lock.json", "package.json"]);
    // The lockfile is untouched, and still in sync.
    expect(read(join(directory, "package-lock.json"))).toBe(read(fixturePath("deps", "ranges", "package-lock.json")));
  });

  it("keeps indentation, key order, line endings and the absence of a final newline", async () => {
    const directory = copyFixture("deps", "lockfile-v2");
    const manifest = join(directory, "package.json");
    const original = [
      "{",
      '\t"version": "1.0.0",',
      '\t"name": "lockfile-v2-app",',
      '\t"devDependencies": {"is-number": "7.0.0"},',
      '\t"dependencies": {',
      '\t\t"kleur": "4.1.5", "debug": "^4.3.4"',
      "\t},",
      '\t"engines": { "node": ">=20.17.0" }',
      "}",
    ].join("\r\n");
    writeFileSync(manifest, original);
    const { report } = await depsJson(directory, ["--fix"]);
    expect(read(manifest)).toBe(original.replace('"^4.3.4"', '"4.4.3"'));
    expect(report.findings).toEqual([]);
  });

  it("pins each workspace's package.json and leaves links to sibling workspaces alone", async () => {
    const directory = copyFixture("deps", "workspaces");
    const app = join(directory, "packages", "app", "package.json");
    const lib = join(directory, "packages", "lib", "package.json");
    const appBefore = read(app);
    const libBefore = read(lib);
    const { stderr } = await depsJson(directory, ["--fix"]);
    expect(read(app)).toBe(appBefore.replace('"ms": "^2.1.3"', '"ms": "2.1.3"'));
    expect(read(lib)).toBe(libBefore.replace('"picocolors": "latest"', '"picocolors": "1.1.1"'));
    expect(read(app)).toContain('"@mono/lib": "*"');
    expect(stderr).toBe("detkit: pinned 2 specs in packages/app/package.json, packages/lib/package.json\n");
  });

  it("leaves an accepted range as it is", async () => {
    const directory = copyFixture("deps", "accepted");
    const manifest = join(directory, "package.json");
    const before = read(manifest);
    const { stderr } = await depsJson(directory, ["--fix"]);
    expect(read(manifest)).toBe(before);
    expect(stderr).toBe("detkit: nothing to pin\n");
  });

  it("leaves bounded ranges alone when rangeSeverity is off, and still pins what accepts anything", async () => {
    const directory = copyFixture("deps", "workspaces");
    writeFileSync(join(directory, "detkit.config.json"), '{ "deps": { "rangeSeverity": "off" } }\n');
    const { report } = await depsJson(directory, ["--fix"]);
    expect(read(join(directory, "packages", "app", "package.json"))).toContain('"ms": "^2.1.3"');
    expect(read(join(directory, "packages", "lib", "package.json"))).toContain('"picocolors": "1.1.1"');
    expect(report.findings.map((finding) => finding.ruleId)).toEqual(["no-npm-install-in-ci"]);
  });

  it("refuses, with exit 2 and nothing written, when the lockfile is out of sync", async () => {
    const directory = copyFixture("deps", "out-of-sync");
    const manifest = join(directory, "package.json");
    writeFileSync(manifest, read(manifest).replace('"debug": "4.3.4"', '"debug": "^4.3.4"'));
    const before = read(manifest);
    const result = await runCli(["deps", "--fix"], { cwd: directory });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(
      "detkit: package-lock.json is out of sync with package.json (kleur, ms); run `npm install` to update it, then `detkit deps --fix`\n",
    );
    expect(result.stdout).toBe("");
    expect(read(manifest)).toBe(before);
  });

  it("refuses, with exit 2, when there is no lockfile to take versions from", async () => {
    const directory = copyFixture("deps", "lockfile-missing");
    const result = await runCli(["deps", "--fix"], { cwd: directory });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(
      "detkit: --fix takes exact versions from the lockfile, and there is none beside package.json; run `npm install --package-lock-only` first\n",
    );
  });
});
