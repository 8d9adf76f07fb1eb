import { homedir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseReproArguments, type ReproArguments } from "../../src/repro/options.js";

const cwd = join(homedir(), "project");
const context = { cwd, env: {}, version: "1.0.0" };
const given = (overrides: Partial<ReproArguments>): ReproArguments => ({
  command: ["node", "build.js"],
  outputs: [],
  ignore: [],
  strictBytes: false,
  ...overrides,
});
const parse = (overrides: Partial<ReproArguments>) => parseReproArguments(given(overrides), context);

describe("parseReproArguments", () => {
  it("has the documented defaults", () => {
    expect(parse({})).toMatchObject({
      command: "node",
      args: ["build.js"],
      runs: 10,
      vary: ["tz", "locale", "env", "cwd", "schedule", "fsorder"],
      seed: "0",
      timeoutMs: 120_000,
      jobs: 1,
      strictBytes: false,
    });
    expect(parse({}).replayRun).toBeUndefined();
  });

  it("reads every flag", () => {
    const options = parse({
      runs: "4",
      vary: "schedule, tz",
      seed: "abc",
      replayRun: "3",
      outputs: ["dist/", "/var/tmp/out.json"],
      ignore: ["$.summary.durationMs"],
      timeout: "2.5",
    });
    expect(options).toMatchObject({ runs: 4, vary: ["tz", "schedule"], seed: "abc", replayRun: 3, timeoutMs: 2500 });
    expect(options.outputs).toEqual([
      { label: "dist", relative: "dist/" },
      { label: "/var/tmp/out.json", absolute: "/var/tmp/out.json" },
    ]);
    expect(options.ignore.map((path) => path.text)).toEqual(["$.summary.durationMs"]);
    expect(parse({ vary: "none" }).vary).toEqual([]);
  });

  it("refuses what cannot work, naming the flag", () => {
    const cases: [Partial<ReproArguments>, RegExp][] = [
      [{ command: [] }, /give the command to run after --/],
      [{ runs: "1" }, /--runs takes a whole number of at least 2, not "1"/],
      [{ runs: "ten" }, /--runs/],
      [{ vary: "tz,clock" }, /--vary: unknown perturbation "clock"/],
      [{ replayRun: "0" }, /--replay-run takes a whole number of at least 1/],
      [{ timeout: "0" }, /--timeout takes a number of seconds greater than 0/],
      [{ timeout: "1m" }, /--timeout/],
      [{ jobs: "0" }, /--jobs takes a whole number of at least 1/],
      [{ outputs: ["../elsewhere"] }, /a relative output must be inside the working directory/],
      [{ outputs: ["."] }, /a relative output must be inside the working directory/],
      [{ outputs: [join(cwd, "..")] }, /not one that holds the project or home/],
      [{ outputs: [homedir()] }, /not one that holds the project or home/],
      [{ outputs: ["/"] }, /not one that holds the project or home/],
      [{ outputs: ["/var/tmp/out"], jobs: "2" }, /--jobs: runs that write the same absolute --output cannot run at the same time/],
      [{ ignore: ["$.a"], strictBytes: true }, /--ignore .* cannot be combined with --strict-bytes/],
      [{ ignore: ["a.b"] }, /--ignore "a\.b": a path starts with \$/],
    ];
    for (const [overrides, message] of cases) expect(() => parse(overrides), JSON.stringify(overrides)).toThrow(message);
  });
});
