import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/**
 * Writes a file so that readers see either the old content or the new, never half of it: the text goes to a
 * temporary file beside the target (same filesystem, so the rename is atomic), is flushed, then renamed over
 * it. An existing file's permissions are kept.
 */
export function writeFileAtomic(path: string, text: string): void {
  // detkit-disable-next-line no-host-info -- the process ID only keeps concurrent writers' temporary names apart; it never reaches the output
  const temporary = join(dirname(path), `.${basename(path)}.detkit-${process.pid}.tmp`);
  let mode: number | undefined;
  try {
    mode = statSync(path).mode & 0o777;
  } catch {
    mode = undefined;
  }
  try {
    const fd = openSync(temporary, "w", mode ?? 0o644);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
