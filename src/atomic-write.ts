import {
  closeSync,
  fchmodSync,
  fchownSync,
  fsyncSync,
  lstatSync,
  openSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import type { Stats } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

/** A write that failed, naming the file as the caller gave it (not the temporary file the error came from). */
export class FileWriteError extends Error {
  readonly path: string;
  /** The system error code (`EACCES`), or the cause's message when it has none. */
  readonly reason: string;
  constructor(path: string, cause: unknown) {
    const reason = cause instanceof Error && "code" in cause ? String(cause.code) : cause instanceof Error ? cause.message : String(cause);
    super(`cannot write ${path} (${reason})`, { cause });
    this.path = path;
    this.reason = reason;
  }
}

/** One file of a set written together: the path as given (a symlink is written through), and its new text. */
export interface FileWrite {
  readonly path: string;
  readonly text: string;
}

interface StagedWrite {
  /** The file itself: the symlink's target when `path` is a link. */
  readonly target: string;
  readonly temporary: string;
}

/**
 * Where a write really goes: through a symlink to the file it names, so the link stays a link; for a file that
 * does not exist yet, the end of its chain of links (a dangling link is written through too).
 */
function realTarget(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return danglingLinkTarget(path);
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

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "ENOENT") return undefined;
    throw error;
  }
}

/** Every byte of the text, however many calls the kernel takes (a pipe accepts a bounded amount at a time). */
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

/**
 * Writes the text to a temporary file beside `target` (same filesystem, so the rename is atomic), flushed,
 * with the mode and owner of the file it replaces. Throws when the owner cannot be kept, before anything is
 * replaced.
 */
function stage(target: string, text: string): StagedWrite {
  // detkit-disable-next-line no-host-info -- the process ID only keeps concurrent writers' temporary names apart; it never reaches the output
  const temporary = join(dirname(target), `.${basename(target)}.detkit-${process.pid}.tmp`);
  let existing: { mode: number; uid: number; gid: number } | undefined;
  try {
    const stat = statSync(target);
    existing = { mode: stat.mode & 0o7777, uid: stat.uid, gid: stat.gid };
  } catch {
    existing = undefined;
  }
  try {
    const fd = openSync(temporary, "w", 0o600);
    try {
      writeAll(fd, text);
      // Explicitly, not through open(): the umask must not narrow the mode the file had.
      fchmodSync(fd, existing?.mode ?? 0o644);
      if (existing) fchownSync(fd, existing.uid, existing.gid);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  return { target, temporary };
}

function discard(staged: readonly StagedWrite[]): void {
  for (const write of staged) rmSync(write.temporary, { force: true });
}

/**
 * Writes several files so that they change together or not at all, as far as a filesystem allows: every new
 * text is first written and flushed to a temporary file beside its target (a failure there leaves every file
 * as it was), then each is renamed over its target. Should a rename fail, the files already replaced get their
 * previous text back (`previous`, by path) before the error is thrown. Symlinks are written through (the link
 * stays, its target changes); each file keeps its mode, owner and group.
 */
export function writeFilesAtomically(writes: readonly FileWrite[], previous?: ReadonlyMap<string, string>): void {
  const staged: StagedWrite[] = [];
  for (const write of writes) {
    try {
      staged.push(stage(realTarget(write.path), write.text));
    } catch (error) {
      discard(staged);
      throw new FileWriteError(write.path, error);
    }
  }
  const replaced: FileWrite[] = [];
  for (const [index, write] of writes.entries()) {
    const current = staged[index];
    if (!current) continue;
    try {
      renameSync(current.temporary, current.target);
      replaced.push(write);
    } catch (error) {
      discard(staged.slice(index));
      const restore = replaced.flatMap((done) => {
        const text = previous?.get(done.path);
        return text === undefined ? [] : [{ path: done.path, text }];
      });
      if (restore.length > 0) writeFilesAtomically(restore);
      throw new FileWriteError(write.path, error);
    }
  }
}

/**
 * Writes a file so that readers see either the old content or the new, never half of it (see
 * writeFilesAtomically), and never replaces what `path` is with something else: a regular file (or a new one)
 * is replaced through a temporary file, keeping its mode and owner; a symbolic link is followed and its target
 * written that way; anything else that can be opened for writing (a character device such as /dev/stdout, a
 * FIFO, a socket) is written directly, since renaming over it would replace the device node or pipe.
 */
export function writeFileAtomic(path: string, text: string): void {
  const target = statOrUndefined(path);
  if (target?.isDirectory()) throw Object.assign(new Error("EISDIR: is a directory"), { code: "EISDIR" });
  if (target && !target.isFile()) {
    writeDirectly(path, text);
    return;
  }
  writeFilesAtomically([{ path, text }]);
}
