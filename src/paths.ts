import { existsSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";

/** A path as reports show it: relative to the working directory, with `/` separators. */
export function displayPath(cwd: string, absolute: string): string {
  const path = relative(cwd, absolute);
  return (path === "" ? "." : path).split(sep).join("/");
}

/**
 * A path found by detkit (not typed by the user) as messages name it: relative to the working directory when
 * it lies inside it, absolute otherwise, never a climb of `../..` the user has to count.
 */
export function messagePath(cwd: string, absolute: string): string {
  const path = displayPath(cwd, absolute);
  return path === ".." || path.startsWith("../") ? absolute.split(sep).join("/") : path;
}

/** `parent/child` for report paths, where `parent` may be `""` or `.`. */
export function joinDisplay(parent: string, child: string): string {
  return parent === "" || parent === "." ? child : `${parent}/${child}`;
}

/**
 * `start` and the directories above it, up to and including the repository root (a directory with `.git`) or
 * the filesystem root: where project files (tsconfig.json, package.json, configuration) are looked for.
 */
export function* ancestorsInRepository(start: string): Generator<string> {
  for (let directory = start; ; directory = dirname(directory)) {
    yield directory;
    if (existsSync(join(directory, ".git")) || dirname(directory) === directory) return;
  }
}

/** The nearest directory at or above `start` with a package.json, not looking past a repository root. */
export function findPackageRoot(start: string): string | undefined {
  for (const directory of ancestorsInRepository(start)) {
    if (existsSync(join(directory, "package.json"))) return directory;
  }
  return undefined;
}
