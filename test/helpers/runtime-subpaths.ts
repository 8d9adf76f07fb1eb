import { readFileSync } from "node:fs";

const runtimeManifest: { exports: Record<string, unknown> } = JSON.parse(
  readFileSync(new URL("../../wrappers/package.json", import.meta.url), "utf8"),
);

/**
 * The public subpaths of @detkit/runtime (`json`, `clock`, …): every export that is a module, except
 * `./package.json` and `./internal/*`, which detkit's own tools use and which carry no stability promise.
 */
export const PUBLIC_RUNTIME_SUBPATHS: readonly string[] = Object.keys(runtimeManifest.exports)
  .filter((subpath) => subpath !== "./package.json" && !subpath.startsWith("./internal/"))
  .map((subpath) => subpath.slice(2));
