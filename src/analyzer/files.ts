import { existsSync, readdirSync, readFileSync, statSync, type Dirent } from "node:fs";
import { dirname, extname, isAbsolute, join, relative, resolve, sep } from "node:path";
import ignore, { type Ignore } from "ignore";
import picomatch from "picomatch";
import { compareStrings } from "@detkit/runtime/collections";
import { messageOf, UsageError } from "../errors.js";
import { ancestorsInRepository, displayPath } from "../paths.js";
import type { FileError } from "../report/types.js";

export const SOURCE_EXTENSIONS: ReadonlySet<string> = new Set([".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"]);

/** Installed packages and version control: never the project's own source, at any depth. */
export const DEPENDENCY_DIRECTORIES: ReadonlySet<string> = new Set(["node_modules", ".git"]);

/** Build output, skipped where a package puts it: beside its package.json (or wherever .gitignore lists it). */
export const BUILD_OUTPUT_DIRECTORIES: ReadonlySet<string> = new Set(["dist", "build", "coverage"]);

const DECLARATION_FILE = /\.d\.[mc]?ts$/;

/** Vendored minified bundles: generated, unreadable, and not the project's code to fix. */
const MINIFIED_FILE = /\.min\.[cm]?js$/;

export function isSourceFile(name: string): boolean {
  return SOURCE_EXTENSIONS.has(extname(name)) && !DECLARATION_FILE.test(name);
}

export function isMinifiedFile(name: string): boolean {
  return MINIFIED_FILE.test(name);
}

/** What one path or glob given on the command line stands for. */
export type Target =
  /** An existing file or directory (a symbolic link is followed to what it points at). */
  | { readonly kind: "path"; readonly pattern: string; readonly path: string; readonly directory: boolean }
  /** A glob: the files under `base` whose path matches it. */
  | { readonly kind: "glob"; readonly pattern: string; readonly base: string; readonly matches: (file: string) => boolean }
  /** Neither an existing path nor a glob. */
  | { readonly kind: "missing"; readonly pattern: string };

function toPosix(path: string): string {
  return path.split(sep).join("/");
}

/**
 * Reads the paths and globs of the command line, relative to `cwd`; none means `cwd` itself. An existing path
 * wins over a glob reading of the same text (`src/[id].ts`). A file that is not JavaScript or TypeScript is a
 * usage error: it was named, so scanning nothing would be a silent pass.
 */
export function resolveTargets(cwd: string, patterns: readonly string[]): Target[] {
  return (patterns.length > 0 ? patterns : ["."]).map((pattern): Target => {
    const path = resolve(cwd, pattern);
    let directory: boolean | undefined;
    try {
      directory = statSync(path).isDirectory();
    } catch {
      directory = undefined;
    }
    if (directory === undefined) {
      const scanned = picomatch.scan(pattern);
      if (!scanned.isGlob) return { kind: "missing", pattern };
      const base = resolve(cwd, scanned.base);
      const absolutePattern = toPosix(isAbsolute(pattern) ? pattern : join(cwd, scanned.prefix === "./" ? pattern.slice(2) : pattern));
      const matches = picomatch(absolutePattern);
      return { kind: "glob", pattern, base, matches: (file) => matches(toPosix(file)) };
    }
    if (!directory && !isSourceFile(path)) throw new UsageError(`not a JavaScript or TypeScript source file: ${pattern}`);
    return { kind: "path", pattern, path, directory };
  });
}

/** The directory a target starts in: where the project (tsconfig.json, configuration, package) is looked for. */
export function targetDirectory(cwd: string, target: Target): string {
  switch (target.kind) {
    case "path":
      return target.directory ? target.path : dirname(target.path);
    case "glob":
      return target.base;
    case "missing":
      return cwd;
  }
}

export interface DiscoveryOptions {
  /** The directory file names are reported relative to. */
  readonly cwd: string;
  readonly targets: readonly Target[];
  /** The directory `include` and `exclude` globs are relative to: the configuration file's folder. */
  readonly root: string;
  /** Globs a file must match to be scanned; empty means every source file. */
  readonly include?: readonly string[];
  /** Globs of files and directories to leave out. */
  readonly exclude?: readonly string[];
}

export interface Discovery {
  /** Absolute paths, sorted by their reported name. */
  readonly files: readonly string[];
  /** Paths that could not be listed, stat'ed or read; they are reported and the rest is scanned. */
  readonly errors: readonly FileError[];
  /** Minified files (`*.min.js`) left out by default, absolute, sorted like `files`. */
  readonly skippedMinified: readonly string[];
  /** The targets' patterns (as given) that matched no file to scan, in the order given. */
  readonly unmatched: readonly string[];
}

/**
 * Every source file the targets name, in a defined order whatever order the filesystem lists them in.
 *
 * Inside directories detkit leaves out what is not the project's own source: node_modules and .git at any depth;
 * dist, build and coverage beside a package.json; what .gitignore files list (from the repository root down);
 * and minified bundles, which are counted in `skippedMinified`. An `include` glob that names a skipped folder
 * or file literally (`dist/**`, `vendor/*.min.js`) brings it back. A path named on the command line is scanned
 * even where a default skip would leave it out; the configuration's `exclude` applies everywhere.
 * Directory symlinks inside the tree are not followed (they can loop); file symlinks are, and a broken one is an
 * error entry.
 */
export function discoverFiles(options: DiscoveryOptions): Discovery {
  const include = options.include ?? [];
  const included = include.length > 0 ? picomatch([...include], { dot: true }) : undefined;
  const excluded = options.exclude?.length ? picomatch([...options.exclude], { dot: true }) : undefined;
  const fromRoot = (absolute: string) => toPosix(relative(options.root, absolute));
  const isExcluded = (absolute: string) => excluded !== undefined && excluded(fromRoot(absolute));
  const isIncluded = (absolute: string) => included === undefined || included(fromRoot(absolute));
  const includeBases = include.map((glob) => picomatch.scan(glob).base);
  /** Whether an include glob names this default-skipped path or starts inside it. */
  const broughtBack = (absolute: string) => {
    const path = fromRoot(absolute);
    return includeBases.some((base) => base === path || base.startsWith(`${path}/`));
  };
  const minifiedBroughtBack = include.some((glob) => glob.includes(".min."));

  const files = new Set<string>();
  const skippedMinified = new Set<string>();
  const errors: FileError[] = [];
  const fail = (absolute: string, problem: string) => errors.push({ file: displayPath(options.cwd, absolute), message: problem });
  const gitignores = new GitignoreChain(options.root, fail);

  const addFile = (absolute: string): boolean => {
    if (isExcluded(absolute) || !isIncluded(absolute)) return false;
    files.add(absolute);
    return true;
  };

  /** Walks a directory; `accepts` narrows the files (a glob); returns how many files it added. */
  const walk = (start: string, accepts: (file: string) => boolean): number => {
    let added = 0;
    const visit = (directory: string, ignored: GitignoreLevel) => {
      let entries: Dirent[];
      try {
        // Sorted so that the walk (and the order of its errors and progress) is the same on every file system.
        entries = readdirSync(directory, { withFileTypes: true }).sort((a, b) => compareStrings(a.name, b.name));
      } catch (error) {
        fail(directory, `cannot list directory: ${systemMessage(error)}`);
        return;
      }
      const level = ignored.enter(directory, entries);
      const isPackageRoot = entries.some((entry) => entry.name === "package.json" && !entry.isDirectory());
      for (const entry of entries) {
        const absolute = join(directory, entry.name);
        if (isExcluded(absolute)) continue;
        if (entry.isDirectory()) {
          const gitignored = level.ignores(absolute, true);
          const skipped = gitignored || DEPENDENCY_DIRECTORIES.has(entry.name) || (isPackageRoot && BUILD_OUTPUT_DIRECTORIES.has(entry.name));
          if (!skipped) visit(absolute, level);
          else if (broughtBack(absolute)) visit(absolute, gitignored ? level.detached() : level);
        } else if (isSourceFile(entry.name) && accepts(absolute)) {
          if (level.ignores(absolute, false) && !broughtBack(absolute)) continue;
          if (entry.isSymbolicLink() && !symlinkTargetIsFile(absolute, fail)) continue;
          if (!entry.isFile() && !entry.isSymbolicLink()) continue;
          if (isMinifiedFile(entry.name) && !minifiedBroughtBack && !broughtBack(absolute)) {
            if (!isExcluded(absolute) && isIncluded(absolute)) skippedMinified.add(absolute);
            continue;
          }
          if (addFile(absolute)) added++;
        }
      }
    };
    const above = gitignores.above(start);
    // A folder named on the command line is scanned even when a .gitignore above it leaves it out.
    visit(start, above.ignores(start, true) ? above.detached() : above);
    return added;
  };

  const unmatched: string[] = [];
  for (const target of options.targets) {
    let matched: number;
    switch (target.kind) {
      case "missing":
        matched = 0;
        break;
      case "path":
        matched = target.directory ? walk(target.path, () => true) : addFile(target.path) ? 1 : 0;
        break;
      case "glob":
        matched = existsSync(target.base) ? walk(target.base, target.matches) : 0;
        break;
    }
    if (matched === 0) unmatched.push(target.pattern);
  }

  const byName = (a: string, b: string) => compareStrings(displayPath(options.cwd, a), displayPath(options.cwd, b));
  return { files: [...files].sort(byName), errors, skippedMinified: [...skippedMinified].sort(byName), unmatched };
}

/** The .gitignore files that apply in one directory: its own and its ancestors', deepest first. */
interface GitignoreLevel {
  /** The level of a subdirectory, with its own .gitignore when `entries` (or, when omitted, the disk) has one. */
  enter(directory: string, entries?: readonly Dirent[]): GitignoreLevel;
  ignores(absolute: string, directory: boolean): boolean;
  /**
   * The level for a folder scanned although a .gitignore above leaves it out (named on the command line, or
   * brought back by `include`): the files above stop applying, since git reads a path as ignored whenever a
   * folder above it is.
   */
  detached(): GitignoreLevel;
}

/**
 * .gitignore files as git reads them: each one's patterns are relative to its folder, and a deeper file's
 * decision (ignore, or `!` unignore) wins over a shallower one's. Inside a repository the files above the scanned
 * folder count up to the repository root; outside one, up to the configuration's folder.
 */
class GitignoreChain {
  private readonly cache = new Map<string, Ignore | undefined>();

  constructor(
    private readonly root: string,
    private readonly fail: (absolute: string, problem: string) => void,
  ) {}

  /** The level for a walk starting at `start`: the .gitignore files of the folders above it. */
  above(start: string): GitignoreLevel {
    let level = this.level([]);
    if (existsSync(join(start, ".git"))) return level;
    const ancestors = [...ancestorsInRepository(dirname(start))];
    const top = ancestors.at(-1);
    const inRepository = top !== undefined && existsSync(join(top, ".git"));
    const counted = inRepository ? ancestors : ancestors.filter((directory) => isWithin(this.root, directory));
    for (const directory of counted.reverse()) level = level.enter(directory);
    return level;
  }

  private level(chain: readonly { readonly directory: string; readonly rules: Ignore }[]): GitignoreLevel {
    return {
      detached: () => this.level([]),
      enter: (directory, entries) => {
        const hasFile = entries === undefined ? existsSync(join(directory, ".gitignore")) : entries.some((entry) => entry.name === ".gitignore");
        const rules = hasFile ? this.read(directory) : undefined;
        return rules ? this.level([{ directory, rules }, ...chain]) : this.level(chain);
      },
      ignores: (absolute, directory) => {
        for (const { directory: folder, rules } of chain) {
          const path = toPosix(relative(folder, absolute)) + (directory ? "/" : "");
          const result = rules.test(path);
          if (result.ignored) return true;
          if (result.unignored) return false;
        }
        return false;
      },
    };
  }

  private read(directory: string): Ignore | undefined {
    if (this.cache.has(directory)) return this.cache.get(directory);
    const path = join(directory, ".gitignore");
    let rules: Ignore | undefined;
    try {
      rules = ignore().add(readFileSync(path, "utf8"));
    } catch (error) {
      // What .gitignore leaves out cannot be known: say so rather than guess either way.
      this.fail(path, `cannot read file: ${systemMessage(error)}`);
      rules = undefined;
    }
    this.cache.set(directory, rules);
    return rules;
  }
}

function isWithin(root: string, path: string): boolean {
  const inside = relative(root, path);
  return inside === "" || (!inside.startsWith("..") && !isAbsolute(inside));
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
