import npa from "npm-package-arg";
import type { LockedPackage } from "./dependency-context.js";

/** Where a locked package comes from, as far as the lockfile tells. */
export type LockedSource =
  /** The project's own code: a link, a workspace, a folder or tarball under the project. */
  | { readonly kind: "local" }
  /** The npm registry (a `resolved` URL npm chose, or none when npm omits it for registry packages). */
  | { readonly kind: "registry"; readonly url?: string }
  | { readonly kind: "git"; readonly url: string; readonly commit?: string }
  /** A tarball URL that package.json (or a dependency's package.json) names directly. */
  | { readonly kind: "tarball-url"; readonly url: string };

const FULL_COMMIT = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/i;

function specType(spec: string): string | undefined {
  try {
    return npa(spec).type;
  } catch {
    return undefined;
  }
}

/** Classifies a locked package by its `resolved` URL and by the specs it was requested with. */
export function lockedSource(locked: LockedPackage): LockedSource {
  if (locked.link || locked.local) return { kind: "local" };
  const url = locked.resolved;
  if (url === undefined) return { kind: "registry" };
  if (url.startsWith("file:")) return { kind: "local" };
  if (/^git(?:\+|:|@)/.test(url) || specType(url) === "git") {
    const hash = url.includes("#") ? url.slice(url.lastIndexOf("#") + 1) : "";
    return FULL_COMMIT.test(hash) ? { kind: "git", url, commit: hash } : { kind: "git", url };
  }
  // A registry tarball and a tarball URL look alike in the lockfile; the request tells them apart.
  const requestedByUrl = locked.requestedAs.some((spec) => {
    const alias = spec.startsWith("npm:") ? spec.slice(spec.lastIndexOf("@") + 1) : spec;
    return specType(alias) === "remote";
  });
  return requestedByUrl ? { kind: "tarball-url", url } : { kind: "registry", url };
}

/** `name@version (location)`, and the real name of an alias: how lockfile findings name a package. */
export function describeLocked(locked: LockedPackage): string {
  const alias = locked.packageName !== locked.name ? ` (npm:${locked.packageName})` : "";
  return `${locked.name}@${locked.version}${alias} at ${locked.location}`;
}
