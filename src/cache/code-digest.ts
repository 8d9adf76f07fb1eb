import { createHash } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { compareStrings } from "@detkit/runtime/collections";

/** The folders whose code decides an audit's results, relative to the folder holding `src` (the package, or dist). */
const ANALYSIS_CODE = ["rules", "src"];

let digest: string | undefined;

/**
 * One hash of detkit's own analysis code (the path, size and modification time of every script under `rules/`
 * and `src/`, in a defined order): part of the cache key, so that a build whose rules changed without a new
 * version number does not reuse results of the old rules. Metadata rather than content keeps the warm run's
 * cost to a few milliseconds; a build rewrites what it changes, and an installed release never changes.
 */
export function analysisCodeDigest(): string {
  // This file is src/cache/code-digest.(ts|js), under the repository (tests) or dist/ (the installed bin).
  digest ??= codeDigestOf(dirname(dirname(dirname(fileURLToPath(import.meta.url)))));
  return digest;
}

/** The digest of the analysis code under `root` (the folder holding `rules/` and `src/`). */
export function codeDigestOf(root: string): string {
  const hash = createHash("sha256");
  for (const file of ANALYSIS_CODE.flatMap((folder) => scriptsUnder(root, folder))) {
    const { size, mtimeMs } = statSync(join(root, file));
    hash.update(`${file}\0${size}\0${mtimeMs}\0`);
  }
  return hash.digest("hex");
}

function scriptsUnder(root: string, folder: string): string[] {
  let entries;
  try {
    entries = readdirSync(join(root, folder), { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => entry.isFile() && /\.(?:[cm]?js|ts)$/.test(entry.name) && !entry.name.endsWith(".d.ts"))
    .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1).replaceAll("\\", "/"))
    .sort(compareStrings);
}
