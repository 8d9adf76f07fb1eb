import { lstatSync, readdirSync, statSync, type Dirent } from "node:fs";
import { extname, join, relative, sep } from "node:path";
import picomatch from "picomatch";
import { compareStrings } from "@detkit/runtime/collections";
import { messageOf } from "../errors.js";
import { displayPath } from "../paths.js";
import type { FileError } from "../report/types.js";

export const SOURCE_EXTENSIONS: ReadonlySet<string> = new Set([".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"]);

/** Dependencies, build output and VCS data: never the project's own source. */
export const NON_SOURCE_DIRECTORIES: ReadonlySet<string> = new Set(["node_modules", "dist", "build", "coverage", ".git"]);

const DECLARATION_FILE = /\.d\.[mc]?ts$/;

export interface DiscoveryOptions {
  /** The directory file names are reported relative to, and globs are matched against. */
  readonly cwd: string;
  /** Absolute paths of files or directories to scan. */
  readonly paths: readonly string[];
  /** Globs (relative to `root`) a file must match to be scanned; empty means every source file. */
  readonly include?: readonly string[];
  /** Globs (relative to `root`) of files and directories to leave out. */
  readonly exclude?: readonly string[];
  /** The directory `include` and `exclude` globs are relative to: the project root. */
  readonly root: string;
}

export interface Discovery {
  /** Absolute paths, sorted by their reported name. */
  readonly files: readonly string[];
  /** Paths that could not be listed or stat'ed; they are reported and the rest is scanned. */
  readonly errors: readonly FileError[];
}

export function isSourceFile(name: string): boolean {
  return SOURCE_EXTENSIONS.has(extname(name)) && !DECLARATION_FILE.test(name);
}

/**
 * Every source file under the given paths, in a defined order whatever order the filesystem lists them in.
 * Directory symlinks are not followed (they can loop); file symlinks are, and a broken one is an error entry.
 */
export function discoverFiles(options: DiscoveryOptions): Discovery {
  const included = options.include?.length ? picomatch([...options.include], { dot: true }) : undefined;
  const excluded = options.exclude?.length ? picomatch([...options.exclude], { dot: true }) : undefined;
  const fromRoot = (absolute: string) => relative(options.root, absolute).split(sep).join("/");
  const isExcluded = (absolute: string) => excluded !== undefined && excluded(fromRoot(absolute));

  const files = new Set<string>();
  const errors: FileError[] = [];
  const fail = (absolute: string, problem: string) =>
    errors.push({ file: displayPath(options.cwd, absolute), message: problem });

  const visitDirectory = (directory: string) => {
    let entries: Dirent[];
    try {
      // Sorted so that the walk (and the order of its errors and progress) is the same on every file system.
      entries = readdirSync(directory, { withFileTypes: true }).sort((a, b) => compareStrings(a.name, b.name));
    } catch (error) {
      fail(directory, `cannot list directory: ${systemMessage(error)}`);
      return;
    }
    for (const entry of entries) {
      const absolute = join(directory, entry.name);
      if (isExcluded(absolute)) continue;
      if (entry.isDirectory()) {
        if (!NON_SOURCE_DIRECTORIES.has(entry.name)) visitDirectory(absolute);
      } else if (isSourceFile(entry.name)) {
        if (entry.isSymbolicLink() && !symlinkTargetIsFile(absolute, fail)) continue;
        if (entry.isFile() || entry.isSymbolicLink()) addFile(absolute);
      }
    }
  };
  const addFile = (absolute: string) => {
    if (included === undefined || included(fromRoot(absolute))) files.add(absolute);
  };

  for (const path of options.paths) {
    // A path named on the command line is scanned even where a default skip (dist, build) would leave it out.
    if (lstatSync(path).isDirectory()) visitDirectory(path);
    else addFile(path);
  }

  const sorted = [...files].sort((a, b) => compareStrings(displayPath(options.cwd, a), displayPath(options.cwd, b)));
  return { files: sorted, errors };
}

function symlinkTargetIsFile(absolute: string, fail: (absolute: string, problem: string) => void): boolean {
  try {
    return statSync(absolute).isFile();
  } catch (error) {
    const broken = error instanceof Error && "code" in error && error.code === "ENOENT";
    fail(absolute, broken ? "cannot read file: broken symbolic link (its target does not exist)" : `cannot read file: ${systemMessage(error)}`);
    return false;
  }
}

export function systemMessage(error: unknown): string {
  if (error instanceof Error && "code" in error && typeof error.code === "string") {
    const descriptions: Record<string, string> = {
      ENOENT: "no such file or directory",
      EACCES: "permission denied",
      EPERM: "operation not permitted",
      EISDIR: "is a directory",
      ELOOP: "too many levels of symbolic links",
    };
    return descriptions[error.code] ?? error.code;
  }
  return messageOf(error);
}
