import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";

export const FIXTURES = fileURLToPath(new URL("../fixtures/", import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

export function fixturePath(...parts: string[]): string {
  return join(FIXTURES, ...parts);
}

const temporaryDirectories: string[] = [];
afterAll(() => {
  for (const directory of temporaryDirectories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** A fresh, empty temporary directory removed after the test file. */
export function temporaryDirectory(prefix = "detkit-test-"): string {
  const directory = mkdtempSync(join(tmpdir(), prefix));
  temporaryDirectories.push(directory);
  return directory;
}

/** A private copy of a fixture that a test may change. */
export function copyFixture(...parts: string[]): string {
  const directory = join(temporaryDirectory(), parts.join("-"));
  cpSync(fixturePath(...parts), directory, { recursive: true });
  return directory;
}
