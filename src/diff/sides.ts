import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { writeFileAtomic } from "../atomic-write.js";
import { messageOf, UsageError } from "../errors.js";
import { displayPath } from "../paths.js";
import { findLockfile, NPM_LOCKFILE_NAMES } from "../deps/lockfile.js";

type LockfileName = (typeof NPM_LOCKFILE_NAMES)[number];

/** The files of one side, read but not yet parsed. */
export interface SideFiles {
  /** What the user named, for messages and reports. */
  readonly label: string;
  /** How reports name the lockfile (`origin/main:package-lock.json`) and the package.json beside it. */
  readonly lockfileDisplay: string;
  readonly manifestDisplay: string;
  readonly lockfileName: LockfileName;
  readonly lockfileText: string;
  /** Undefined when there is no package.json beside the lockfile. */
  readonly manifestText?: string;
  /**
   * The directory the lockfile's relative paths (`file:` specs) and installed packages (`node_modules`) are
   * relative to. For a git ref, the working tree's directory: its tarballs are checked against the lockfile's
   * integrity before use, so a different file there is never mistaken for the base's.
   */
  readonly projectDirectory: string;
  /** Whether `projectDirectory/node_modules` was installed from this side's lockfile (the working tree). */
  readonly installed: boolean;
}

function lockfileNameOf(path: string): LockfileName {
  return basename(path) === "npm-shrinkwrap.json" ? "npm-shrinkwrap.json" : "package-lock.json";
}

function readText(path: string, shown: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`${shown}: cannot read: ${messageOf(error)}`);
  }
}

/** A lockfile named by path, or the npm lockfile of a directory, with the package.json beside it. */
function sideFromPath(label: string, path: string, cwd: string, installed: boolean): SideFiles {
  let lockfilePath = path;
  if (statSync(path).isDirectory()) {
    const lookup = findLockfile(path, displayPath(cwd, path));
    if (lookup.kind === "none") {
      throw new UsageError(`${displayPath(cwd, path)}: no package-lock.json or npm-shrinkwrap.json (generate one with \`npm install --package-lock-only\`)`);
    }
    lockfilePath = lookup.path;
  }
  const directory = dirname(lockfilePath);
  const manifestPath = join(directory, "package.json");
  const lockfileDisplay = displayPath(cwd, lockfilePath);
  const manifestDisplay = displayPath(cwd, manifestPath);
  const manifestText = existsSync(manifestPath) ? readText(manifestPath, manifestDisplay) : undefined;
  return {
    label,
    lockfileDisplay,
    manifestDisplay,
    lockfileName: lockfileNameOf(lockfilePath),
    lockfileText: readText(lockfilePath, lockfileDisplay),
    ...(manifestText === undefined ? {} : { manifestText }),
    projectDirectory: directory,
    installed,
  };
}

interface GitResult {
  readonly status: number | null;
  readonly stdout: Buffer;
}

/**
 * Runs git with arguments (never a shell) and returns its output. Only plumbing commands that read objects
 * are used (rev-parse, cat-file): they run no hooks, filters or fsmonitor, so nothing of the project executes.
 */
function git(directory: string, args: readonly string[]): GitResult {
  const result = spawnSync("git", [...args], { cwd: directory, maxBuffer: 512 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] });
  if (result.error) {
    const missing = "code" in result.error && result.error.code === "ENOENT";
    throw new UsageError(missing ? "git is not installed: --base <git-ref> reads the base lockfile with git; pass a lockfile path instead" : `cannot run git: ${messageOf(result.error)}`);
  }
  return { status: result.status, stdout: result.stdout };
}

/** The lockfile and package.json of `directory` as they are at a git ref, read with `git cat-file`, never checked out. */
function sideFromGit(ref: string, directory: string, cwd: string): SideFiles {
  const shownDirectory = displayPath(cwd, directory);
  if (ref.startsWith("-")) throw new UsageError(`--base ${ref}: not a git ref or a lockfile path`);
  const inside = git(directory, ["rev-parse", "--is-inside-work-tree"]);
  if (inside.status !== 0) {
    throw new UsageError(`--base ${ref}: no such lockfile, and ${shownDirectory} is not in a git repository to read a ref from`);
  }
  const commit = git(directory, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`]);
  if (commit.status !== 0) throw new UsageError(`--base ${ref}: unknown git ref (and no file of that name)`);
  const hash = commit.stdout.toString("utf8").trim();
  const prefix = git(directory, ["rev-parse", "--show-prefix"]).stdout.toString("utf8").trim();
  const show = (name: string): string | undefined => {
    const blob = git(directory, ["cat-file", "blob", `${hash}:${prefix}${name}`]);
    return blob.status === 0 ? blob.stdout.toString("utf8") : undefined;
  };
  const inRepository = (name: string) => `${ref}:${prefix}${name}`;
  for (const name of NPM_LOCKFILE_NAMES) {
    const lockfileText = show(name);
    if (lockfileText === undefined) continue;
    const manifestText = show("package.json");
    return {
      label: ref,
      lockfileDisplay: inRepository(name),
      manifestDisplay: inRepository("package.json"),
      lockfileName: name,
      lockfileText,
      ...(manifestText === undefined ? {} : { manifestText }),
      projectDirectory: directory,
      installed: false,
    };
  }
  throw new UsageError(`--base ${ref}: ${ref} has no package-lock.json or npm-shrinkwrap.json in ${prefix === "" ? "the repository root" : prefix.replace(/\/$/, "")}`);
}

/**
 * The base: a lockfile (or a directory with one) when the path exists, otherwise a git ref of the repository
 * `directory` belongs to.
 */
export function readBase(base: string, directory: string, cwd: string): SideFiles {
  const path = resolve(cwd, base);
  if (existsSync(path)) return sideFromPath(base, path, cwd, false);
  return sideFromGit(base, directory, cwd);
}

/** The head: `--head` (a lockfile or a directory), or the lockfile of `directory` in the working tree. */
export function readHead(head: string | undefined, directory: string, cwd: string): SideFiles {
  if (head === undefined) {
    if (!existsSync(directory)) throw new UsageError(`${displayPath(cwd, directory)}: no such directory`);
    return sideFromPath("working tree", directory, cwd, true);
  }
  const path = resolve(cwd, head);
  if (!existsSync(path)) throw new UsageError(`--head ${head}: no such file`);
  return sideFromPath(head, path, cwd, true);
}

/** One side written to a private temporary directory, where arborist can load it; `dispose` removes it. */
export interface MaterialisedSide {
  readonly directory: string;
  dispose(): void;
}

/**
 * Writes a side's lockfile and package.json into a fresh temporary directory: arborist loads a tree from a
 * directory, and a git ref's files exist nowhere on disk. A missing package.json becomes `{}` so the lockfile
 * can still be compared.
 */
export function materialise(side: SideFiles): MaterialisedSide {
  const directory = mkdtempSync(join(tmpdir(), "detkit-diff-"));
  const dispose = () => rmSync(directory, { recursive: true, force: true });
  try {
    writeFileAtomic(join(directory, side.lockfileName), side.lockfileText);
    writeFileAtomic(join(directory, "package.json"), side.manifestText ?? "{}\n");
  } catch (error) {
    dispose();
    throw error;
  }
  return { directory, dispose };
}
