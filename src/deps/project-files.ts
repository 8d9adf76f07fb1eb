import { readdirSync, readFileSync, type Dirent } from "node:fs";
import { join } from "node:path";
import semver from "semver";
import type { RuntimePin } from "../../rules/util/dependency-context.js";
import { compareStrings } from "@detkit/runtime/collections";
import type { FileError } from "../report/types.js";
import { isRecord } from "../json-document/file.js";
import type { ManifestFile } from "./manifest.js";
import { displayPath } from "../paths.js";

/** What reading the project's other files produced; an unreadable file is an error entry, not a crash. */
export interface FileScan<T> {
  readonly items: T[];
  readonly errors: FileError[];
  readonly filesRead: number;
}

/**
 * Reports a directory that exists but cannot be listed (permissions, a symbolic link loop): what it holds was not
 * audited, and saying nothing would pass the project silently.
 */
export type ListingProblem = (directory: string, code: string) => void;

/** A directory's entries by name; none when it does not exist or cannot be listed (then `onProblem` hears of it). */
export function listDirectory(directory: string, onProblem?: ListingProblem): Dirent[] {
  try {
    return readdirSync(directory, { withFileTypes: true }).sort((a, b) => compareStrings(a.name, b.name));
  } catch (error) {
    const code = error instanceof Error && "code" in error ? String(error.code) : "unknown error";
    if (code !== "ENOENT" && code !== "ENOTDIR") onProblem?.(directory, code);
    return [];
  }
}

/** A ListingProblem that files each unlistable directory once as an error entry. */
export function listingErrors(cwd: string, errors: FileError[]): ListingProblem {
  const reported = new Set<string>();
  return (directory, code) => {
    if (reported.has(directory)) return;
    reported.add(directory);
    errors.push({ file: displayPath(cwd, directory), message: `cannot list the directory (${code})` });
  };
}

export function readText(path: string, cwd: string, errors: FileError[]): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = error instanceof Error && "code" in error ? String(error.code) : "unknown error";
    errors.push({ file: displayPath(cwd, path), message: `cannot read the file (${code})` });
    return undefined;
  }
}

function nonEmpty(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}

/**
 * Everything at the project root that fixes the Node.js version: `engines.node` (any range but `*`),
 * `volta.node`, `packageManager`, `.nvmrc`, `.node-version`, or a `nodejs` line in `.tool-versions`.
 */
export function collectRuntimePins(projectDirectory: string, manifest: ManifestFile, cwd: string): FileScan<RuntimePin> {
  const items: RuntimePin[] = [];
  const errors: FileError[] = [];
  let filesRead = 0;
  const { data } = manifest;
  const engines = data.engines;
  if (isRecord(engines) && nonEmpty(engines.node) && semver.validRange(engines.node) !== "*") {
    items.push({ source: "engines.node", file: manifest.file, value: engines.node });
  }
  const volta = data.volta;
  if (isRecord(volta) && nonEmpty(volta.node)) items.push({ source: "volta.node", file: manifest.file, value: volta.node });
  if (nonEmpty(data.packageManager)) items.push({ source: "packageManager", file: manifest.file, value: data.packageManager });

  const present = new Set(listDirectory(projectDirectory, listingErrors(cwd, errors)).filter((entry) => entry.isFile()).map((entry) => entry.name));
  for (const name of [".node-version", ".nvmrc"] as const) {
    if (!present.has(name)) continue;
    filesRead++;
    const path = join(projectDirectory, name);
    const text = readText(path, cwd, errors);
    if (text !== undefined && text.trim() !== "") items.push({ source: name, file: displayPath(cwd, path), value: text.trim() });
  }
  if (present.has(".tool-versions")) {
    filesRead++;
    const path = join(projectDirectory, ".tool-versions");
    const text = readText(path, cwd, errors);
    const line = text?.split(/\r?\n/).find((candidate) => /^\s*nodejs\s+\S/.test(candidate));
    if (line !== undefined) items.push({ source: ".tool-versions", file: displayPath(cwd, path), value: line.trim() });
  }
  items.sort((a, b) => compareStrings(a.source, b.source));
  return { items, errors, filesRead };
}
