import picomatch from "picomatch";

/** What is advisory outside zones: `error` keeps every rule's own severity (the default). */
export type OutsideZones = "error" | "warn" | "off";

export interface ZoneSettings {
  /** Whether a file (absolute) is matched by a `zones` glob: its exported functions are entry points. */
  readonly isZoneFile: (absolute: string) => boolean;
  readonly outsideZones: OutsideZones;
  /** The project's own safe abstractions: calls into them are not followed. */
  readonly isWrapper: (absolute: string, name: string) => boolean;
}

/** A matcher for `deterministicWrappers` entries: `name`, `Class.method`, or `<file glob>#<name>`. */
export function wrapperMatcher(entries: readonly string[], relative: (absolute: string) => string): (absolute: string, name: string) => boolean {
  const parsed = entries.map((entry) => {
    const hash = entry.lastIndexOf("#");
    return hash < 0
      ? { name: entry, file: undefined }
      : { name: entry.slice(hash + 1), file: picomatch(entry.slice(0, hash), { dot: true }) };
  });
  return (absolute, name) => parsed.some((entry) => entry.name === name && (entry.file === undefined || entry.file(relative(absolute))));
}

/** Whether zones apply to a run at all: a `zones` glob matches a file, or a file's text carries the tag. */
export function mayHaveZones(settings: ZoneSettings | undefined, files: ReadonlyMap<string, Buffer>): boolean {
  if (!settings) return false;
  for (const [absolute, bytes] of files) {
    if (settings.isZoneFile(absolute) || bytes.includes("@deterministic")) return true;
  }
  return false;
}
