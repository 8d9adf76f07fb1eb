import { existsSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";

/** A path as reports show it: relative to the working directory, with `/` separators. */
export function displayPath(cwd: string, absolute: string): string {
  const path = relative(cwd, absolute);
  return (path === "" ? "." : path).split(sep).join("/");
}

/** `parent/child` for report paths, where `parent` may be `""` or `.`. */
export function joinDisplay(parent: string, child: string): string {
  return parent === "" || parent === "." ? child : `${parent}/${child}`;
}

/** The nearest directory at or above `start` with a package.json, not looking past a repository root. */
export function findPackageRoot(start: string): string | undefined {
  for (let directory = start; ; directory = dirname(directory)) {
    if (existsSync(join(directory, "package.json"))) return directory;
    if (existsSync(join(directory, ".git")) || dirname(directory) === directory) return undefined;
  }
}
