import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import type { ReproReport } from "../../src/repro/report.js";
import { fixturePath, REPO_ROOT, temporaryDirectory } from "../helpers/fixtures.js";

const CLI = join(REPO_ROOT, "dist", "src", "cli", "main.js");
const FIXTURES = fixturePath("repro");
const schema: object = JSON.parse(readFileSync(join(REPO_ROOT, "src", "repro", "repro.schema.json"), "utf8"));
const validate = new Ajv2020.default({ allErrors: true, strict: true }).compile(schema);

interface Run {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A clean environment: no TZ, LANG or LC_ALL, so run 0 has Node's defaults and every perturbation shows. */
function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/", ...extra };
}

function detkit(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd ?? FIXTURES, env: options.env ?? cleanEnv() });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (exitCode, signal) => resolve({ exitCode, signal, stdout, stderr }));
  });
}

/** `detkit repro --format json`, its report checked against the shipped schema. */
async function reproJson(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<{ exitCode: number | null; report: ReproReport; stderr: string }> {
  const result = await detkit(["repro", "--format", "json", ...args], options);
  if (result.stdout === "") throw new Error(`no report (exit ${result.exitCode}): ${result.stderr}`);
  const report: ReproReport = JSON.parse(result.stdout);
  expect(validate(report) ? [] : validate.errors).toEqual([]);
  return { exitCode: result.exitCode, report, stderr: result.stderr };
}

function nodeProgram(name: string): string[] {
  return ["--", "node", `${name}.mjs`];
}

describe("detkit repro catches each kind of hazard, and passes its deterministic twin", () => {
  it("schedule: a Map filled from Promise.all callbacks", async () => {
    const caught = await reproJson(["--vary", "schedule", "--runs", "3", ...nodeProgram("map-from-promise-all")]);
    expect(caught.exitCode).toBe(1);
    expect(caught.report.reproducible).toBe(false);
    expect(caught.report.firstDifference).toMatchObject({ item: "stdout", canonicalized: true, culprits: null, unperturbedDiffers: false });
    expect(caught.report.runs[1]?.perturbations).toEqual([{ kind: "schedule", value: "0/1", applied: true }]);

    const twin = await reproJson(["--vary", "schedule", "--runs", "4", ...nodeProgram("map-from-promise-all-sorted")]);
    expect(twin.exitCode).toBe(0);
    expect(twin.report).toMatchObject({ reproducible: true, firstDifference: null, summary: { runs: 4, agreeing: 4, differing: 0 } });
  });

  it("fsorder: a directory listing printed unsorted, with fsorder found as the culprit among all perturbations", async () => {
    const caught = await reproJson(["--vary", "fsorder", "--runs", "3", ...nodeProgram("readdir-unsorted")]);
    expect(caught.exitCode).toBe(1);
    expect(caught.report.summary).toEqual({ runs: 3, agreeing: 1, differing: 2 });

    const all = await reproJson(["--runs", "2", ...nodeProgram("readdir-unsorted")]);
    expect(all.report.firstDifference).toMatchObject({ run: 1, culprits: ["fsorder"], unperturbedDiffers: false });
    expect(all.report.runs[1]?.perturbations.map((perturbation) => perturbation.kind)).toEqual(["tz", "locale", "env", "cwd", "schedule", "fsorder"]);

    expect((await reproJson(["--runs", "3", ...nodeProgram("readdir-sorted")])).exitCode).toBe(0);
  });

  it("tz: the epoch printed in local time", async () => {
    const caught = await reproJson(["--vary", "tz", "--runs", "3", ...nodeProgram("date-local")]);
    expect(caught.exitCode).toBe(1);
    expect(caught.report.runs[1]?.perturbations).toEqual([{ kind: "tz", value: "Pacific/Kiritimati", applied: true, observed: "Pacific/Kiritimati" }]);
    // Kiritimati was UTC−10:40 in 1970: the zone's history counts too.
    expect(caught.report.firstDifference?.diff).toContain("+Wed Dec 31 1969 13:20:00 GMT-1040");
    expect((await reproJson(["--vary", "tz", "--runs", "3", ...nodeProgram("date-utc")])).exitCode).toBe(0);
  });

  it("locale: a number formatted for the default locale, the locale checked in the child", async () => {
    const caught = await reproJson(["--vary", "locale", "--runs", "3", ...nodeProgram("number-locale")]);
    const [turkish, german] = [caught.report.runs[1]?.perturbations[0], caught.report.runs[2]?.perturbations[0]];
    expect(turkish).toMatchObject({ kind: "locale", value: "tr_TR.UTF-8" });
    expect(german).toMatchObject({ kind: "locale", value: "de_DE.UTF-8" });
    if (turkish?.applied === false) {
      // This Node.js cannot take its locale from LC_ALL: detkit must say so rather than claim the runs.
      expect(caught.report.notices.join("\n")).toMatch(/LC_ALL=tr_TR\.UTF-8 \(it reported .*\) did not change Node\.js's default locale/);
      return;
    }
    expect(turkish).toMatchObject({ applied: true, observed: "tr-TR" });
    expect(caught.exitCode).toBe(1);
    expect(caught.report.firstDifference?.diff).toContain("-1,234.5\n+1.234,5\n");
    expect(caught.report.notices).toEqual([]);
    expect((await reproJson(["--vary", "locale", "--runs", "3", ...nodeProgram("number-fixed-locale")])).exitCode).toBe(0);
  });

  it("env and cwd: the first environment variable, the working directory's path", async () => {
    const env = await reproJson(["--vary", "env", "--runs", "4", ...nodeProgram("env-first")]);
    expect(env.exitCode).toBe(1);
    expect(env.report.firstDifference?.culprits).toBeNull();
    const cwd = await reproJson(["--vary", "cwd", "--runs", "2", ...nodeProgram("cwd-path")]);
    expect(cwd.exitCode).toBe(1);
    expect(cwd.report.firstDifference?.diff).toMatch(/\n\+.*\/run-1\/elsewhere\/moved-[0-9a-f]{6}\n/);
  });

  it("JSON that differs only in key order and spacing passes, and fails with --strict-bytes", async () => {
    const byData = await reproJson(["--runs", "4", "--vary", "none", ...nodeProgram("key-order")]);
    expect(byData.exitCode).toBe(0);
    expect(byData.report.canonicalJson).toBe(true);
    const strict = await reproJson(["--runs", "4", "--vary", "none", "--strict-bytes", ...nodeProgram("key-order")]);
    expect(strict.exitCode).toBe(1);
    expect(strict.report).toMatchObject({ canonicalJson: false, firstDifference: { canonicalized: false, unperturbedDiffers: true } });
  });
});

describe("detkit repro: what it compares", () => {
  it("compares every file of an --output directory, written in each run's own copy", async () => {
    const project = join(temporaryDirectory(), "project");
    cpSync(FIXTURES, project, { recursive: true });
    const caught = await reproJson(["--vary", "fsorder", "--runs", "3", "--output", "out/", ...nodeProgram("write-outputs")], { cwd: project });
    expect(caught.exitCode).toBe(1);
    expect(caught.report.compared).toEqual(["exit code", "stdout", "out"]);
    expect(caught.report.runs[1]?.differsIn).toEqual(["out/listing.json"]);
    expect(caught.report.firstDifference).toMatchObject({ item: "out/listing.json", canonicalized: true });
    // Runs write in copies: the project itself is untouched.
    expect(existsSync(join(project, "out"))).toBe(false);

    const twin = await reproJson(["--runs", "3", "--jobs", "2", "--output", "out", ...nodeProgram("write-outputs-sorted")], { cwd: project });
    expect(twin.exitCode).toBe(0);
    const missing = await reproJson(["--vary", "none", "--runs", "2", "--output", "out/other.json", ...nodeProgram("write-outputs-sorted")], { cwd: project });
    // A file no run wrote is the same in every run.
    expect(missing.exitCode).toBe(0);

    // An output left in the project from before is not copied into the runs: it cannot stand in for a run
    // that writes nothing.
    writeFileSync(join(project, "stale.txt"), "x");
    const writesInOtherZones = "if (process.env.TZ) require('node:fs').writeFileSync('stale.txt', 'x')";
    const stale = await reproJson(["--vary", "tz", "--runs", "2", "--output", "stale.txt", "--", "node", "-e", writesInOtherZones], { cwd: project });
    expect(stale.report.firstDifference).toMatchObject({ item: "stale.txt", diff: "only in run 1: stale.txt\n" });
  });

  it("compares an absolute --output, one run at a time", async () => {
    const target = join(temporaryDirectory(), "listing.json");
    const passed = await reproJson(["--runs", "3", "--output", target, "--", "node", "write-outputs-sorted.mjs", target]);
    expect(passed.exitCode).toBe(0);
    expect(readFileSync(target, "utf8")).toContain("apple.txt");
    const refused = await detkit(["repro", "--jobs", "2", "--output", target, "--", "node", "write-outputs-sorted.mjs", target]);
    expect(refused).toMatchObject({ exitCode: 2, stdout: "" });
    expect(refused.stderr).toMatch(/^detkit: --jobs: runs that write the same absolute --output cannot run at the same time/);
  });

  it("compares the exit code, and shows the run's standard error", async () => {
    const caught = await reproJson(["--vary", "tz", "--runs", "2", ...nodeProgram("exit-by-zone")]);
    expect(caught.report.runs.map((run) => run.status)).toEqual(["exit code 0", "exit code 3"]);
    expect(caught.report.firstDifference).toMatchObject({ item: "exit code", stderr: "the epoch is at hour 13 here\n" });
    expect(caught.report.firstDifference?.diff).toContain("-exit code 0\n+exit code 3\n");
  });

  it("leaves out --ignore'd JSON values", async () => {
    const report = ["--vary", "none", "--runs", "3", "--", "node", "-e", "console.log(JSON.stringify({ at: Math.random(), n: 1 }))"];
    expect((await reproJson(report)).exitCode).toBe(1);
    expect((await reproJson(["--ignore", "$.at", ...report])).exitCode).toBe(0);
  });
});

describe("detkit repro: runs, replay and reports", () => {
  it("replays one run with the same perturbations", async () => {
    const full = await reproJson(["--runs", "4", "--vary", "cwd,fsorder", ...nodeProgram("readdir-unsorted")]);
    const replay = full.report.firstDifference?.replay ?? "";
    expect(replay).toBe("detkit repro --seed 0 --replay-run 1 --vary cwd,fsorder -- node readdir-unsorted.mjs");
    const again = await reproJson(["--seed", "0", "--replay-run", "3", "--vary", "cwd,fsorder", ...nodeProgram("readdir-unsorted")]);
    expect(again.report.runs.map((run) => run.run)).toEqual([0, 3]);
    expect(again.report.runs[1]).toEqual(full.report.runs[3]);
  });

  it("gives the same report whatever the number of parallel jobs", async () => {
    const args = ["--runs", "3", "--vary", "cwd,fsorder", ...nodeProgram("readdir-unsorted")];
    const [serial, parallel] = [await detkit(["repro", "--format", "json", ...args]), await detkit(["repro", "--format", "json", "--jobs", "3", ...args])];
    expect(parallel.stdout).toBe(serial.stdout);
  });

  it("prints a verdict, the perturbations, the replay command and the diff on a terminal", async () => {
    const result = await detkit(["repro", "--runs", "2", "--vary", "tz,fsorder", ...nodeProgram("readdir-unsorted")]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/^not reproducible: 1 of 1 perturbed run differ from run 0 \(run 1; varied tz, fsorder; seed 0\)\n/);
    expect(result.stdout).toContain("run 1 differs in stdout\n  perturbations: TZ=Pacific/Kiritimati, shuffled listings (seed 0/1)\n");
    expect(result.stdout).toContain("  fsorder alone makes it differ\n  replay: detkit repro --seed 0 --replay-run 1 --vary tz,fsorder -- node readdir-unsorted.mjs\n");
    expect(result.stdout).toContain("--- run 0: stdout\n+++ run 1: stdout\n@@ -1,8 +1,8 @@\n");
    const passed = await detkit(["repro", "--runs", "2", ...nodeProgram("readdir-sorted")]);
    expect(passed.stdout).toBe("reproducible: 2 runs agreed on exit code, stdout (varied tz, locale, env, cwd, schedule, fsorder; seed 0)\n");
  });

  it("says once what it could not do: no Node.js process, a locale that did not take", async () => {
    const shell = await reproJson(["--vary", "schedule,fsorder", "--runs", "3", "--", "sh", "-c", "echo hello"]);
    expect(shell.exitCode).toBe(0);
    expect(shell.report.notices).toEqual([
      "some runs started no Node.js process that loaded detkit's preload (NODE_OPTIONS=--import), so in them schedule and fsorder perturbed nothing",
    ]);
    expect(shell.report.runs[1]?.perturbations.map((perturbation) => perturbation.applied)).toEqual([false, false]);

    // A wrapper that clears the locale variables: the perturbation never reaches Node.js.
    const cleared = await reproJson(["--vary", "locale", "--runs", "3", "--", "env", "-u", "LC_ALL", "-u", "LANG", "node", "number-locale.mjs"]);
    expect(cleared.exitCode).toBe(0);
    expect(cleared.report.notices).toHaveLength(1);
    expect(cleared.report.notices[0]).toMatch(/^LC_ALL=tr_TR\.UTF-8 \(it reported en-US\), LC_ALL=de_DE\.UTF-8 \(it reported en-US\) did not change Node\.js's default locale/);
    expect(cleared.report.runs[1]?.perturbations).toEqual([{ kind: "locale", value: "tr_TR.UTF-8", applied: false, observed: "en-US" }]);
  });
});

describe("detkit repro: failures and limits", () => {
  it("exits 2 with one line when the command cannot start or the baseline does not finish", async () => {
    const missing = await detkit(["repro", "--", "no-such-command-detkit"]);
    expect(missing).toMatchObject({ exitCode: 2, stdout: "" });
    expect(missing.stderr).toBe("detkit: cannot start no-such-command-detkit: spawn no-such-command-detkit ENOENT\n");
    const hung = await detkit(["repro", "--timeout", "0.5", "--", "node", "-e", "setInterval(() => {}, 1000)"]);
    expect(hung.exitCode).toBe(2);
    expect(hung.stderr).toBe("detkit: run 0 (the command without perturbations) did not finish within 0.5 s; allow more with --timeout\n");
    const usage = await detkit(["repro", "--runs", "1", "--", "node", "x.js"]);
    expect(usage).toMatchObject({ exitCode: 2, stderr: 'detkit: --runs takes a whole number of at least 2, not "1"\n' });
    expect((await detkit(["repro"])).stderr).toBe("detkit: give the command to run after --, e.g. detkit repro -- node build.js\n");
  });

  it("stops a run that outlives --timeout, with everything it started, and counts it as differing", async () => {
    const pids = join(temporaryDirectory(), "pids");
    const caught = await reproJson(["--vary", "tz", "--runs", "2", "--timeout", "1", "--", "node", "hang-in-other-zones.mjs", pids]);
    expect(caught.exitCode).toBe(1);
    expect(caught.report.runs[1]?.status).toBe("timed out after 1 s");
    await waitForExit(pids);
  });

  it("cleans up its children and temporary files when interrupted", async () => {
    const root = temporaryDirectory();
    const temporary = join(root, "tmp");
    mkdirSync(temporary);
    const pids = join(root, "pids");
    const child = spawn(
      process.execPath,
      [CLI, "repro", "--vary", "tz,cwd", "--runs", "3", "--jobs", "2", "--", "node", "hang-in-other-zones.mjs", pids],
      { cwd: FIXTURES, env: cleanEnv({ TMPDIR: temporary }), stdio: "ignore" },
    );
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on("close", (code, signal) => resolve({ code, signal })),
    );
    // Both perturbed runs are hanging once both pids are written.
    await waitFor(() => existsSync(pids) && readFileSync(pids, "utf8").trim().split("\n").length === 2);
    expect(readdirSync(temporary)).toHaveLength(1);
    child.kill("SIGINT");
    expect(await exited).toEqual({ code: null, signal: "SIGINT" });
    expect(readdirSync(temporary)).toEqual([]);
    await waitForExit(pids);
  });

  it("documents itself in --help", async () => {
    const help = await detkit(["repro", "--help"]);
    expect(help.exitCode).toBe(0);
    for (const flag of ["--runs", "--output", "--vary", "--seed", "--replay-run", "--strict-bytes", "--ignore", "--timeout", "--jobs", "--format"]) {
      expect(help.stdout).toContain(flag);
    }
    expect((await detkit(["--help"])).stdout).toContain("repro");
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits until every process whose pid is listed in `pidFile` is gone (a killed orphan is reaped by init). */
async function waitForExit(pidFile: string): Promise<void> {
  const pids = readFileSync(pidFile, "utf8").trim().split("\n").map(Number);
  expect(pids.length).toBeGreaterThan(0);
  await waitFor(() => pids.every((pid) => !isAlive(pid)), 10_000);
}

async function waitFor(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  for (let waited = 0; !condition(); waited += 50) {
    if (waited > timeoutMs) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
