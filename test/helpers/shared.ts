import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { join, resolve } from "node:path";
import { REPO_ROOT } from "./fixtures.js";

/**
 * The team's shared folder (contract schemas, test vectors), which sits beside the repository checkout as
 * `../shared`; DETKIT_SHARED_DIR points elsewhere. Without it the contract tests cannot run, so say so plainly.
 */
function findSharedDirectory(): string {
  const candidate = resolve(process.env.DETKIT_SHARED_DIR ?? join(REPO_ROOT, "..", "shared"));
  if (!existsSync(join(candidate, "schemas", "report.schema.json"))) {
    throw new Error(
      `the shared folder (schemas, test vectors) is not at ${candidate}; check it out beside the repository or set DETKIT_SHARED_DIR`,
    );
  }
  return candidate;
}

/** A URL (with a trailing slash for folders) inside the shared folder. */
export function sharedUrl(relativePath: string): URL {
  return pathToFileURL(join(findSharedDirectory(), relativePath) + (relativePath.endsWith("/") ? "/" : ""));
}
