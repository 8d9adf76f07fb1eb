import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function readOwnVersion(): string {
  // The same code runs from src/ (tests) and dist/src/ (the installed bin), at different depths.
  let directory = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const manifest: unknown = JSON.parse(readFileSync(join(directory, "package.json"), "utf8"));
      if (
        typeof manifest === "object" &&
        manifest !== null &&
        "name" in manifest &&
        manifest.name === "detkit" &&
        "version" in manifest &&
        typeof manifest.version === "string"
      ) {
        return manifest.version;
      }
    } catch {
      // no package.json here; keep walking up
    }
    const parent = dirname(directory);
    if (parent === directory) return "0.0.0";
    directory = parent;
  }
}

/** detkit's own version, as written in its package.json. */
export const VERSION = readOwnVersion();
