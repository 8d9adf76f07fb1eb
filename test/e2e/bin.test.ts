import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/fixtures.js";

const manifest: { version: string; bin: { detkit: string } } = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8"));

it("the built bin runs on its own, as npx runs it, even after a rebuild", () => {
  // `npm test` rebuilds dist/ in pretest; tsc writes files without the executable bit, so the build sets it.
  const output = execFileSync(join(REPO_ROOT, manifest.bin.detkit), ["--version"], { encoding: "utf8" });
  expect(output.trim()).toBe(manifest.version);
});
