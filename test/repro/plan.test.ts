import { describe, expect, it } from "vitest";
import { LOCALES, PERTURBATION_KINDS, planRun, runEnvironment, UNRELATED_VARIABLE } from "../../src/repro/plan.js";
import { FSORDER_SEED_VARIABLE, REPORT_FILE_VARIABLE, SCHEDULE_SEED_VARIABLE } from "../../src/repro/protocol.js";

const ALL = [...PERTURBATION_KINDS];
const preload = { url: "file:///pkg/dist/src/repro/preload.js", reportFile: "/tmp/x/run-3.processes.jsonl" };

describe("planRun", () => {
  it("leaves run 0 unperturbed", () => {
    expect(planRun(0, "0", ALL)).toEqual({ run: 0, seed: undefined, kinds: [], schedule: false, fsorder: false });
  });

  it("cycles time zones and locales so that four runs try each once", () => {
    const plans = [1, 2, 3, 4].map((run) => planRun(run, "0", ALL));
    expect(plans.map((plan) => plan.timezone)).toEqual(["Pacific/Kiritimati", "America/St_Johns", "Asia/Kolkata", "UTC"]);
    expect(new Set(plans.map((plan) => plan.locale))).toEqual(new Set(LOCALES));
    expect(plans[0]).toMatchObject({ seed: "0/1", kinds: ALL, schedule: true, fsorder: true });
    expect(plans[0]?.directoryName).toMatch(/^moved-[0-9a-f]{6}$/);
  });

  it("gives a kind the same value whatever else the run varies, so it can be tried alone", () => {
    const full = planRun(5, "seed", ALL);
    for (const kind of ALL) {
      const alone = planRun(5, "seed", [kind]);
      expect(alone.kinds).toEqual([kind]);
      expect(alone.timezone).toBe(kind === "tz" ? full.timezone : undefined);
      expect(alone.locale).toBe(kind === "locale" ? full.locale : undefined);
      expect(alone.unrelated).toBe(kind === "env" ? full.unrelated : undefined);
      expect(alone.directoryName).toBe(kind === "cwd" ? full.directoryName : undefined);
    }
    expect(planRun(5, "other", ALL).unrelated).not.toBe(full.unrelated);
  });
});

describe("runEnvironment", () => {
  const base = { PATH: "/usr/bin", HOME: "/home/me", TZ: "Europe/Paris", NODE_OPTIONS: "--max-old-space-size=512", EMPTY: undefined };

  it("gives the baseline the user's environment as it is", () => {
    const env = runEnvironment(base, planRun(0, "0", ALL), undefined);
    expect(Object.entries(env)).toEqual([["PATH", "/usr/bin"], ["HOME", "/home/me"], ["TZ", "Europe/Paris"], ["NODE_OPTIONS", "--max-old-space-size=512"]]);
  });

  it("sets the zone, the locale and the preload, keeping the user's NODE_OPTIONS", () => {
    const env = runEnvironment(base, planRun(3, "0", ["tz", "locale", "schedule", "fsorder"]), preload);
    expect(env).toMatchObject({
      TZ: "Asia/Kolkata",
      LANG: "ja_JP.UTF-8",
      LC_ALL: "ja_JP.UTF-8",
      NODE_OPTIONS: "--max-old-space-size=512 --import=file:///pkg/dist/src/repro/preload.js",
      [REPORT_FILE_VARIABLE]: preload.reportFile,
      [SCHEDULE_SEED_VARIABLE]: "0/3",
      [FSORDER_SEED_VARIABLE]: "0/3",
    });
    expect(env[UNRELATED_VARIABLE]).toBeUndefined();
    expect(runEnvironment(base, planRun(3, "0", ["schedule"]), preload)[FSORDER_SEED_VARIABLE]).toBeUndefined();
  });

  it("shuffles the order by the run's seed alone and adds an unrelated variable", () => {
    const plan = planRun(2, "0", ["env"]);
    const env = runEnvironment(base, plan, undefined);
    const reordered = runEnvironment(Object.fromEntries(Object.entries(base).reverse()), plan, undefined);
    expect(Object.keys(env)).toEqual(Object.keys(reordered));
    expect(env[UNRELATED_VARIABLE]).toBe(plan.unrelated);
    expect(Object.keys(env).sort()).toEqual([...Object.keys(base).filter((name) => name !== "EMPTY"), UNRELATED_VARIABLE].sort());
    const orders = new Set([2, 3, 4, 5, 6].map((run) => Object.keys(runEnvironment(base, planRun(run, "0", ["env"]), undefined)).join()));
    expect(orders.size).toBeGreaterThan(1);
  });
});
