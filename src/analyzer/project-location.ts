import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { contentHash } from "../cache/index.js";
import { ancestorsInRepository } from "../paths.js";

/** The nearest tsconfig.json at or above `start`, not looking past the package (package.json) or repository. */
export function findTsconfig(start: string): string | undefined {
  for (const directory of ancestorsInRepository(start)) {
    const candidate = join(directory, "tsconfig.json");
    if (existsSync(candidate)) return candidate;
    if (existsSync(join(directory, "package.json"))) return undefined;
  }
  return undefined;
}

/**
 * What the compiler options of a project depend on, without loading the compiler: the text of its tsconfig.json
 * and of the files it extends by relative path (a package's base config is pinned by the lockfile). Keys the
 * cache of type-aware results.
 */
export function tsconfigFingerprint(tsconfig: string | undefined): string {
  const texts: string[] = [];
  const seen = new Set<string>();
  for (let path = tsconfig; path !== undefined && !seen.has(path); ) {
    seen.add(path);
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch {
      break;
    }
    texts.push(text);
    const extended = /"extends"\s*:\s*"(\.{1,2}\/[^"]+)"/.exec(text)?.[1];
    path = extended === undefined ? undefined : resolve(dirname(path), extended.endsWith(".json") ? extended : `${extended}.json`);
  }
  return contentHash(texts.join("\0"));
}
