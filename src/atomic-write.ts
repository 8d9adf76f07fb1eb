import { closeSync, fsyncSync, lstatSync, openSync, readlinkSync, realpathSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import type { Stats } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

/**
 * Writes a file so that readers see either the old content or the new, never half of it, and never replaces
 * what `path` is with something else:
 * - a regular file (or a new one) gets the text in a temporary file beside it (same filesystem, so the rename is
 *   atomic), flushed, then renamed over it, keeping an existing file's permissions;
 * - a symbolic link is followed, and its target is written that way, so the link stays a link;
 * - anything else that can be opened for writing (a character device such as /dev/stdout or /dev/null, a FIFO,
 *   a socket) is written directly: renaming over it would replace the device node or pipe with a plain file.
 */
export function writeFileAtomic(path: string, text: string): void {
  const target = statOrUndefined(path);
  if (target?.isDirectory()) throw Object.assign(new Error(`EISDIR: is a directory`), { code: "EISDIR" });
  if (target && !target.isFile()) {
    writeDirectly(path, text);
    return;
  }
  // realpath of an existing file resolves every link; a new file may still be the dangling end of one.
  const file = target ? realpathSync(path) : danglingLinkTarget(path);
  replaceFile(file, text, target && target.mode & 0o777);
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "ENOENT") return undefined;
    throw error;
  }
}

/** Where a path that does not exist yet will be created: the end of its chain of symbolic links, if any. */
function danglingLinkTarget(path: string): string {
  // The same bound as the kernel's ELOOP, so a cycle of links is an error rather than a hang.
  const maxLinks = 40;
  let current = resolve(path);
  for (let hops = 0; hops < maxLinks; hops++) {
    let isLink: boolean;
    try {
      isLink = lstatSync(current).isSymbolicLink();
    } catch {
      return current;
    }
    if (!isLink) return current;
    current = resolve(dirname(current), readlinkSync(current));
  }
  throw Object.assign(new Error("ELOOP: too many levels of symbolic links"), { code: "ELOOP" });
}

function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, "utf8");
  for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

function writeDirectly(path: string, text: string): void {
  const fd = openSync(path, "w");
  try {
    writeAll(fd, text);
  } finally {
    closeSync(fd);
  }
}

function replaceFile(path: string, text: string, mode: number | undefined): void {
  const temporary = join(dirname(path), `.${basename(path)}.detkit-${process.pid}.tmp`);
  try {
    const fd = openSync(temporary, "w", mode ?? 0o644);
    try {
      writeAll(fd, text);
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
