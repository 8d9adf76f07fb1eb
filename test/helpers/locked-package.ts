import type { LockedPackage } from "../../rules/util/dependency-context.js";

/** A plain registry package as the dependency audit reads it from a lockfile, with the fields a test sets. */
export function lockedPackage(overrides: Partial<LockedPackage> = {}): LockedPackage {
  return {
    location: "node_modules/pkg",
    name: "pkg",
    packageName: "pkg",
    version: "1.4.0",
    hasInstallScript: false,
    link: false,
    local: false,
    inBundle: false,
    dev: false,
    optional: false,
    requestedAs: ["^1.2.3"],
    position: { file: "package-lock.json", line: 1, column: 1 },
    ...overrides,
  };
}
