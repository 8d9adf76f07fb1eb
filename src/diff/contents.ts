import { mkdtempSync, readdirSync, readFileSync, rmSync, type Dirent } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import type { LockedPackage } from "../../rules/util/dependency-context.js";
import { compareStrings } from "@detkit/runtime/collections";
import { isSourceFile } from "../analyzer/files.js";
import { isRecord } from "../json-document/file.js";
import { messageOf } from "../errors.js";

/** Where package contents may come from besides node_modules. */
export interface ContentSources {
  /** npm's content-addressed cache, `<npm cache>/_cacache`. */
  readonly cache: string;
  /** The registry packages locked without a `resolved` URL come from. */
  readonly registry: string;
  /** Download what the cache does not hold (`--fetch`); otherwise strictly offline. */
  readonly fetch: boolean;
}

const NPM_REGISTRY = "https://registry.npmjs.org/";

/** The npm cache and registry as npm itself would pick them from the environment (`npm_config_*`), else npm's defaults. */
export function contentSourcesFrom(env: Readonly<Record<string, string | undefined>>, fetch: boolean): ContentSources {
  // detkit-disable-next-line no-host-info -- npm's own default cache location, found the way npm finds it
  const cache = env.npm_config_cache || join(homedir(), ".npm");
  const registry = env.npm_config_registry || NPM_REGISTRY;
  return { cache: join(cache, "_cacache"), registry: registry.endsWith("/") ? registry : `${registry}/`, fetch };
}

/** One version of a package, unpacked or installed, ready to scan. */
export type PackageFiles =
  | {
      readonly available: true;
      readonly root: string;
      /** Source files relative to `root`, `/`-separated, sorted. */
      readonly files: readonly string[];
      dispose(): void;
    }
  | {
      readonly available: false;
      /** Why, e.g. NOT_AVAILABLE; `refused` when detkit never unpacks such a package (git, folders). */
      readonly reason: string;
      readonly refused?: boolean;
    };

/** Why a version's files could not be had: it is in neither node_modules nor the npm cache (and --fetch was not given). */
export const NOT_AVAILABLE = "not in node_modules or the npm cache";

/**
 * The shipped source files of a package directory: every JavaScript and TypeScript file, build output included
 * (unlike a project scan, `dist/` is what a package runs), nested node_modules and symbolic links left out.
 */
export function shippedSourceFiles(root: string): string[] {
  const files: string[] = [];
  const visit = (directory: string, prefix: string) => {
    let entries: Dirent[];
    try {
      // Sorted so that the walk visits the same order on every file system (the result is sorted as well).
      entries = readdirSync(directory, { withFileTypes: true }).sort((a, b) => compareStrings(a.name, b.name));
    } catch {
      return;
    }
    for (const entry of entries) {
      const relative = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules" && entry.name !== ".git") visit(join(directory, entry.name), relative);
      } else if (entry.isFile() && isSourceFile(entry.name)) {
        files.push(relative);
      }
    }
  };
  visit(root, "");
  return files.sort(compareStrings);
}

function installedDirectory(projectDirectory: string, locked: LockedPackage): string | undefined {
  const directory = join(projectDirectory, locked.location);
  try {
    const manifest: unknown = JSON.parse(readFileSync(join(directory, "package.json"), "utf8"));
    if (isRecord(manifest) && manifest.name === locked.packageName && manifest.version === locked.version) return directory;
  } catch {
    return undefined;
  }
  return undefined;
}

/** The registry tarball URL of a package locked without `resolved` (npm's omit-lockfile-registry-resolved). */
function registryTarball(registry: string, locked: LockedPackage): string {
  const unscoped = locked.packageName.slice(locked.packageName.indexOf("/") + 1);
  return `${registry}${locked.packageName}/-/${unscoped}-${locked.version}.tgz`;
}

/** What pacote is asked for, or why a package is not unpacked at all. */
function fetchSpec(locked: LockedPackage, sources: ContentSources): { spec: string; resolved?: string } | { refused: string } {
  const resolved = locked.resolved;
  if (locked.link || locked.local) return { refused: "a local folder, not a downloaded package" };
  if (resolved === undefined) return { spec: `${locked.packageName}@${locked.version}`, resolved: registryTarball(sources.registry, locked) };
  if (/^git[+:]/.test(resolved)) return { refused: "a git dependency: unpacking one runs its prepare script, which detkit never does" };
  if (resolved.startsWith("file:")) {
    return /\.(tgz|tar|tar\.gz)$/.test(resolved) ? { spec: resolved } : { refused: "a local folder, not a downloaded package" };
  }
  // npm reads the public registry's URLs from the registry it is configured with (replace-registry-host).
  const rehosted = resolved.startsWith(NPM_REGISTRY) ? `${sources.registry}${resolved.slice(NPM_REGISTRY.length)}` : resolved;
  return /\/-\/[^/]+\.tgz$/.test(rehosted) ? { spec: `${locked.packageName}@${locked.version}`, resolved: rehosted } : { spec: rehosted, resolved: rehosted };
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : undefined;
}

/**
 * A package version's files: the installed copy in node_modules when `installedIn` has the same name and
 * version, else the tarball from npm's cache, read offline through pacote and checked against the lockfile's
 * integrity (downloaded only with `fetch`). Git and folder dependencies are never unpacked: that runs scripts.
 */
export async function packageFiles(locked: LockedPackage, installedIn: string | undefined, where: string, sources: ContentSources): Promise<PackageFiles> {
  const installed = installedIn === undefined ? undefined : installedDirectory(installedIn, locked);
  if (installed) return { available: true, root: installed, files: shippedSourceFiles(installed), dispose() {} };

  const request = fetchSpec(locked, sources);
  if ("refused" in request) return { available: false, reason: request.refused, refused: true };
  const destination = mkdtempSync(join(tmpdir(), "detkit-diff-package-"));
  const dispose = () => rmSync(destination, { recursive: true, force: true });
  try {
    const { default: pacote } = await import("pacote");
    await pacote.extract(request.spec, destination, {
      cache: sources.cache,
      ...(locked.integrity ? { integrity: locked.integrity } : {}),
      ...(request.resolved ? { resolved: request.resolved } : {}),
      offline: !sources.fetch,
      registry: sources.registry,
      where,
      allowGit: "none",
      allowDirectory: "none",
    });
  } catch (error) {
    dispose();
    const code = errorCode(error);
    if (code === "EINTEGRITY") return { available: false, reason: "the tarball found does not match the lockfile's integrity" };
    if (!sources.fetch || code === "ENOENT") return { available: false, reason: NOT_AVAILABLE };
    return { available: false, reason: `cannot download: ${messageOf(error).split("\n")[0] ?? ""}` };
  }
  return { available: true, root: destination, files: shippedSourceFiles(destination), dispose };
}
