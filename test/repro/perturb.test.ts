import { execFileSync, spawnSync } from "node:child_process";
import fs, { readdirSync as namedReaddirSync } from "node:fs";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import timers from "node:timers";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { installPerturbations } from "../../wrappers/internal/testing-perturb.js";
import { seeded } from "../../wrappers/random.js";
import { fixturePath, REPO_ROOT, temporaryDirectory } from "../helpers/fixtures.js";

const LISTING = fixturePath("repro", "listing");
const NAMES = ["apple.txt", "banana.txt", "cherry.txt", "damson.txt", "elder.txt", "fig.txt", "grape.txt", "hazel.txt"];
const PRELOAD = pathToFileURL(join(REPO_ROOT, "dist", "src", "repro", "preload.js")).href;

let uninstall: (() => void) | undefined;
afterEach(() => {
  uninstall?.();
  uninstall = undefined;
});

function sortedCopy(names: readonly string[]): string[] {
  return names.slice().sort();
}

describe("directory order (fsorder)", () => {
  it("shuffles every listing API the same way for one seed, and restores the originals", async () => {
    const originals = { readdirSync: fs.readdirSync, readdir: fs.readdir, promises: fs.promises.readdir, opendirSync: fs.opendirSync };
    uninstall = installPerturbations({ fsorder: seeded("listing").fork("fsorder") });
    const listed = fs.readdirSync(LISTING);
    expect(sortedCopy(listed)).toEqual(NAMES);
    expect(listed).not.toEqual(NAMES);
    // The order depends on the seed and the directory, not on the call or on what the file system gave.
    expect(fs.readdirSync(LISTING)).toEqual(listed);
    expect(await fs.promises.readdir(LISTING)).toEqual(listed);
    expect(await promisify(fs.readdir)(LISTING)).toEqual(listed);
    expect(fs.readdirSync(LISTING, { withFileTypes: true }).map((entry) => entry.name)).toEqual(listed);
    const dir = fs.opendirSync(LISTING);
    const read: string[] = [];
    for (let entry = dir.readSync(); entry !== null; entry = dir.readSync()) read.push(entry.name);
    dir.closeSync();
    expect(read).toEqual(listed);
    const iterated: string[] = [];
    for await (const entry of await fs.promises.opendir(LISTING)) iterated.push(entry.name);
    expect(iterated).toEqual(listed);
    // ESM named imports of node:fs see the patch too.
    expect(namedReaddirSync(LISTING)).toEqual(listed);

    uninstall();
    uninstall = undefined;
    expect(fs.readdirSync).toBe(originals.readdirSync);
    expect(fs.readdir).toBe(originals.readdir);
    expect(fs.promises.readdir).toBe(originals.promises);
    expect(fs.opendirSync).toBe(originals.opendirSync);
    expect(namedReaddirSync).toBe(originals.readdirSync);
  });

  it("gives another order for another seed", () => {
    const orders = new Set<string>();
    for (const seed of ["a", "b", "c", "d"]) {
      const undo = installPerturbations({ fsorder: seeded(seed).fork("fsorder") });
      orders.add(fs.readdirSync(LISTING).join());
      undo();
    }
    expect(orders.size).toBeGreaterThan(1);
  });
});

describe("scheduling jitter (schedule)", () => {
  /** The order in which timers of the given delays fire. */
  async function firingOrder(delays: readonly number[]): Promise<number[]> {
    const fired: number[] = [];
    await Promise.all(delays.map((delay) => new Promise<void>((resolve) => setTimeout(() => resolve(void fired.push(delay)), delay))));
    return fired;
  }

  it("reorders timers and immediates, reproducibly for a seed", async () => {
    const delays = [10, 20, 30, 40, 50];
    const orders: string[] = [];
    for (const seed of ["timers", "timers"]) {
      const undo = installPerturbations({ schedule: seeded(seed).fork("schedule") });
      try {
        orders.push((await firingOrder(delays)).join());
      } finally {
        undo();
      }
    }
    expect(orders[0]).toBe(orders[1]);
    expect(orders[0]).not.toBe(delays.join());

    uninstall = installPerturbations({ schedule: seeded("immediates").fork("schedule") });
    const ran: number[] = [];
    await new Promise<void>((resolve) => {
      for (let i = 0; i < 6; i++) setImmediate(() => ran.push(i));
      setTimeout(resolve, 30);
    });
    expect(sortedCopy(ran.map(String))).toEqual(["0", "1", "2", "3", "4", "5"]);
    expect(ran).not.toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("keeps what the patched functions do: results, cancellation, promisify, extra properties", async () => {
    const originalSetTimeout = globalThis.setTimeout;
    uninstall = installPerturbations({ schedule: seeded("semantics").fork("schedule") });
    expect(globalThis.setTimeout).not.toBe(originalSetTimeout);
    expect(globalThis.setTimeout).toBe(timers.setTimeout);

    const file = fixturePath("repro", "listing", "apple.txt");
    expect(await promisify(fs.readFile)(file, "utf8")).toBe("apple\n");
    expect(await fs.promises.readFile(file, "utf8")).toBe("apple\n");
    await expect(fs.promises.readFile(join(LISTING, "missing"))).rejects.toMatchObject({ code: "ENOENT" });
    expect(typeof fs.realpath.native).toBe("function");
    expect(await promisify(fs.realpath.native)(LISTING)).toBe(fs.realpathSync(LISTING));
    // fs.read's custom promisify gives { bytesRead, buffer }.
    const fd = fs.openSync(file, "r");
    const { bytesRead } = await promisify(fs.read)(fd, Buffer.alloc(5), 0, 5, 0);
    fs.closeSync(fd);
    expect(bytesRead).toBe(5);
    expect(await promisify(setTimeout)(1, "value")).toBe("value");

    let cancelled = true;
    for (let i = 0; i < 20; i++) clearImmediate(setImmediate(() => (cancelled = false)));
    await new Promise((resolve) => originalSetTimeout(resolve, 30));
    expect(cancelled).toBe(true);

    uninstall();
    uninstall = undefined;
    expect(globalThis.setTimeout).toBe(originalSetTimeout);
  });

  it("delays promise continuations when asked, without changing their results", async () => {
    uninstall = installPerturbations({ schedule: seeded("continuations").fork("schedule"), continuations: true });
    const order: string[] = [];
    const chains = ["a", "b", "c", "d", "e", "f"].map((name) => Promise.resolve(name).then((value) => void order.push(value)));
    await Promise.all(chains);
    expect(sortedCopy(order)).toEqual(["a", "b", "c", "d", "e", "f"]);
    expect(order).not.toEqual(["a", "b", "c", "d", "e", "f"]);
    await expect(Promise.reject(new Error("kept")).catch((error: Error) => error.message)).resolves.toBe("kept");
    await expect(Promise.resolve(1).finally(() => undefined)).resolves.toBe(1);
  });
});

describe("the preload", () => {
  /** Runs a small program under `node`, with the preload or without it. */
  function runNode(source: string, env: Record<string, string>, withPreload: boolean): string {
    return execFileSync(process.execPath, [...(withPreload ? ["--import", PRELOAD] : []), "--input-type=module", "-e", source], {
      encoding: "utf8",
      env: { PATH: process.env.PATH ?? "", ...env },
    });
  }

  it("changes nothing when no perturbation is asked for", () => {
    const fingerprint = `
      import fs from "node:fs"; import timers from "node:timers"; import tp from "node:timers/promises";
      const functions = { setTimeout, setImmediate, setInterval, clearImmediate, then: Promise.prototype.then,
        readdir: fs.readdir, readdirSync: fs.readdirSync, readFile: fs.readFile, promisesReaddir: fs.promises.readdir,
        opendir: fs.opendir, timersSetTimeout: timers.setTimeout, tpSetTimeout: tp.setTimeout };
      console.log(JSON.stringify(Object.entries(functions).map(([name, fn]) => [name, fn.name, fn.length, String(fn).length])));
      console.log(JSON.stringify(fs.readdirSync(${JSON.stringify(LISTING)})));`;
    expect(runNode(fingerprint, {}, true)).toBe(runNode(fingerprint, {}, false));
  });

  it("loads nothing but detkit's own runtime files and Node's built-ins into the program", () => {
    const trace = new URL("../helpers/module-trace.mjs", import.meta.url).href;
    const { stderr } = spawnSync(process.execPath, ["--import", trace, "--import", PRELOAD, "-e", "0"], {
      encoding: "utf8",
      env: { PATH: process.env.PATH ?? "", DETKIT_REPRO_SCHEDULE: "1", DETKIT_REPRO_FSORDER: "1" },
    });
    const modules = stderr.split("\n").filter((line) => line.startsWith("loaded ")).map((line) => line.slice("loaded ".length));
    expect(modules).toContain(PRELOAD);
    expect(modules.filter((url) => !url.startsWith("node:") && !url.includes("/wrappers/dist/") && !url.includes("/dist/src/repro/"))).toEqual([]);
  });

  it("reports the locale and zone the process got, and shuffles listings by the seed it is given", () => {
    const report = join(temporaryDirectory(), "processes.jsonl");
    const program = `import { readdirSync } from "node:fs"; console.log(readdirSync(${JSON.stringify(LISTING)}).join());`;
    const env = { DETKIT_REPRO_REPORT: report, DETKIT_REPRO_FSORDER: "0/1", TZ: "Asia/Kolkata" };
    const first = runNode(program, env, true);
    expect(runNode(program, env, true)).toBe(first);
    expect(first.trim()).not.toBe(NAMES.join());
    expect(sortedCopy(first.trim().split(","))).toEqual(NAMES);
    const lines = readFileSync(report, "utf8").trim().split("\n").map((line) => JSON.parse(line));
    expect(lines).toHaveLength(2);
    // ICU may name the zone by its older canonical id (Asia/Calcutta).
    const zone = new Intl.DateTimeFormat("en-US", { timeZone: "Asia/Kolkata" }).resolvedOptions().timeZone;
    expect(lines[0]).toMatchObject({ timeZone: zone, locale: expect.any(String), pid: expect.any(Number) });
  });
});
