import { join } from "node:path";
import type { ConfiguredRegistry } from "../../rules/util/dependency-context.js";
import { displayPath } from "../paths.js";
import type { FileError } from "../report/types.js";
import { listDirectory, readText } from "./project-files.js";

/** What the audit reads from a project's own .npmrc (the one npm ci uses beside package.json). */
export interface ProjectNpmrc {
  readonly registries: readonly ConfiguredRegistry[];
  /** `legacy-peer-deps=true`: npm neither installs nor expects peer dependencies. */
  readonly legacyPeerDeps: boolean;
  readonly filesRead: number;
}

const SCOPED_REGISTRY = /^(@[^:]+):registry$/;

/** A value as npm's ini reader gives it: trimmed, outer quotes removed. */
function iniValue(raw: string): string {
  const value = raw.trim();
  return /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value;
}

/**
 * The project-level .npmrc of `directory`, in the `key=value` syntax npm reads (comments start with `;` or `#`).
 * Only the keys that change what a lockfile means are kept; user and global configuration are not the
 * project's and are not read.
 */
export function readProjectNpmrc(directory: string, cwd: string, errors: FileError[]): ProjectNpmrc {
  if (!listDirectory(directory).some((entry) => entry.isFile() && entry.name === ".npmrc")) {
    return { registries: [], legacyPeerDeps: false, filesRead: 0 };
  }
  const path = join(directory, ".npmrc");
  const text = readText(path, cwd, errors);
  const file = displayPath(cwd, path);
  const registries: ConfiguredRegistry[] = [];
  let legacyPeerDeps = false;
  for (const line of (text ?? "").split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith(";") || trimmed.startsWith("#")) continue;
    const equals = trimmed.indexOf("=");
    if (equals === -1) continue;
    const key = trimmed.slice(0, equals).trim();
    const value = iniValue(trimmed.slice(equals + 1));
    if (key === "registry") registries.push({ url: value, file });
    const scoped = SCOPED_REGISTRY.exec(key);
    if (scoped?.[1]) registries.push({ scope: scoped[1], url: value, file });
    if (key === "legacy-peer-deps") legacyPeerDeps = value === "true";
  }
  return { registries, legacyPeerDeps, filesRead: 1 };
}
