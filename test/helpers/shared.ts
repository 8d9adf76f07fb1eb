import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { FIXTURES, REPO_ROOT } from "./fixtures.js";

/** A copy of the team's shared folder, so the tests also run in a checkout that has no `../shared` beside it. */
export const SHARED_COPY = join(FIXTURES, "shared");

/**
 * The team's shared folder (contract schemas, test vectors): `DETKIT_SHARED_DIR`, else `../shared` beside the
 * checkout, else the copy in test/fixtures/shared. A test checks the copy still equals the original when both
 * are present, so the copy cannot drift from the contract unnoticed.
 */
export function sharedDirectory(): string {
  const explicit = process.env.DETKIT_SHARED_DIR;
  if (explicit !== undefined) return resolve(explicit);
  const beside = join(REPO_ROOT, "..", "shared");
  return existsSync(join(beside, "schemas", "report.schema.json")) ? beside : SHARED_COPY;
}

/** A URL (with a trailing slash for folders) inside the shared folder. */
export function sharedUrl(relativePath: string): URL {
  return pathToFileURL(join(sharedDirectory(), relativePath) + (relativePath.endsWith("/") ? "/" : ""));
}
