import { existsSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import type { ArboristNode } from "@npmcli/arborist";
import type {
  DeclaredDependency,
  DependencyProject,
  ProjectLockfile,
  ProjectManifest,
} from "../../rules/util/dependency-context.js";
import { compareStrings } from "@detkit/runtime/collections";
import { UsageError } from "../errors.js";
import type { FileError } from "../report/types.js";
import { findLockfile, readLockfile } from "./lockfile.js";
import {
  manifestDependencies,
  manifestPosition,
  manifestScripts,
  readManifest,
  stringField,
  type ManifestFile,
} from "./manifest.js";
import { messageOf } from "../errors.js";
import { ancestorsInRepository, displayPath, joinDisplay } from "../paths.js";
import { collectCiFiles, collectRuntimePins } from "./project-files.js";
import { loadLockedTree, resolveDeclared, type LockedTree } from "./tree.js";

/** A project as the audit read it, with the parsed files kept for `--fix`. */
export interface LoadedDependencyProject {
  /** Absolute project directory. */
  readonly directory: string;
  readonly project: DependencyProject;
  /** Root first, then workspaces by directory; parallel to `project.manifests`. */
  readonly manifestFiles: readonly ManifestFile[];
  readonly errors: readonly FileError[];
  readonly filesScanned: number;
}

function toPosix(path: string): string {
  return path.split(sep).join("/");
}

/** The workspace folders of the root manifest, found the way npm finds them (@npmcli/map-workspaces). */
async function workspaceFolders(directory: string, root: ManifestFile): Promise<string[]> {
  if (root.data.workspaces === undefined) return [];
  const { default: mapWorkspaces } = await import("@npmcli/map-workspaces");
  let found: Map<string, string>;
  try {
    found = await mapWorkspaces({ cwd: directory, pkg: root.data });
  } catch (error) {
    throw new UsageError(`${root.file}: cannot resolve "workspaces": ${messageOf(error).split("\n")[0] ?? ""}`);
  }
  return [...found.values()].map((path) => resolve(path)).sort(compareStrings);
}

function ownerNode(tree: LockedTree, location: string): ArboristNode | undefined {
  if (location === "") return tree.root;
  const node = tree.root.inventory.get(location);
  return node && !node.isLink ? node : undefined;
}

function buildManifest(
  manifest: ManifestFile,
  tree: LockedTree | undefined,
  workspaceNames: ReadonlySet<string>,
): ProjectManifest {
  const owner = tree ? ownerNode(tree, manifest.directory) : undefined;
  const dependencies: DeclaredDependency[] = manifestDependencies(manifest).map((entry) => {
    const lock = tree ? (owner ? resolveDeclared(tree, owner, entry) : { status: "missing" as const }) : undefined;
    const workspace = workspaceNames.has(entry.name) && (lock === undefined || lock.package?.link === true);
    return { ...entry, workspace, ...(lock ? { lock } : {}) };
  });
  const name = stringField(manifest.data, "name");
  const version = stringField(manifest.data, "version");
  return {
    file: manifest.file,
    directory: manifest.directory,
    isRoot: manifest.directory === "",
    ...(name === undefined ? {} : { name }),
    ...(version === undefined ? {} : { version }),
    position: manifestPosition(manifest),
    dependencies,
    scripts: manifestScripts(manifest),
  };
}

/**
 * The project a package folder is audited in: the nearest enclosing package whose `workspaces` list the folder
 * (found as npm finds a workspace's root), whose lockfile and manifest then cover it; else the folder itself. An
 * enclosing package.json that cannot be read is passed over here: it is not the package being audited.
 */
export async function workspaceRootOf(packageRoot: string): Promise<string> {
  if (existsSync(join(packageRoot, ".git"))) return packageRoot;
  for (const directory of ancestorsInRepository(dirname(packageRoot))) {
    const manifestPath = join(directory, "package.json");
    if (!existsSync(manifestPath)) continue;
    let folders: string[];
    try {
      const manifest = readManifest(manifestPath, manifestPath, "");
      folders = await workspaceFolders(directory, manifest);
    } catch (error) {
      if (error instanceof UsageError) continue;
      throw error;
    }
    if (folders.includes(packageRoot)) return directory;
  }
  return packageRoot;
}

/**
 * Reads a project for the dependency audit: its package.json, its workspaces' package.json files, the npm
 * lockfile through arborist, CI workflows, Dockerfiles and runtime pins. Offline and read-only. Malformed
 * manifests or lockfiles, a missing package.json and a foreign lockfile are UsageErrors (exit 2).
 */
export async function loadDependencyProject(root: string, cwd: string): Promise<LoadedDependencyProject> {
  const directory = resolve(cwd, root);
  const shownDirectory = displayPath(cwd, directory);
  let isDirectory: boolean;
  try {
    isDirectory = statSync(directory).isDirectory();
  } catch {
    throw new UsageError(`${shownDirectory}: no such directory`);
  }
  if (!isDirectory) throw new UsageError(`${shownDirectory} is not a directory`);
  const manifestPath = join(directory, "package.json");
  if (!existsSync(manifestPath)) {
    throw new UsageError(`no package.json in ${shownDirectory}: detkit deps audits an npm project, a directory with a package.json`);
  }

  const rootManifest = readManifest(manifestPath, displayPath(cwd, manifestPath), "");
  const folders = await workspaceFolders(directory, rootManifest);
  const manifestFiles: ManifestFile[] = [rootManifest];
  for (const folder of folders) {
    const path = join(folder, "package.json");
    manifestFiles.push(readManifest(path, displayPath(cwd, path), toPosix(relative(directory, folder))));
  }
  const workspaceNames = new Set(
    manifestFiles.slice(1).flatMap((manifest) => {
      const name = stringField(manifest.data, "name");
      return name === undefined ? [] : [name];
    }),
  );

  // Throws for a directory locked only by another package manager.
  const lookup = findLockfile(directory, shownDirectory);
  let tree: LockedTree | undefined;
  let lockfile: ProjectLockfile | undefined;
  let filesScanned = manifestFiles.length;
  if (lookup.kind === "npm") {
    const lock = readLockfile(lookup.path, joinDisplay(shownDirectory, lookup.name));
    tree = await loadLockedTree(directory, lock);
    lockfile = {
      file: lock.file,
      lockfileVersion: lock.lockfileVersion,
      packages: tree.packages,
      installScriptsKnown: tree.installScriptsKnown,
    };
    filesScanned++;
  }

  const ci = collectCiFiles(directory, folders, cwd);
  const pins = collectRuntimePins(directory, rootManifest, cwd);
  filesScanned += ci.filesRead + pins.filesRead;

  const project: DependencyProject = {
    manifests: manifestFiles.map((manifest) => buildManifest(manifest, tree, workspaceNames)),
    ...(lockfile ? { lockfile } : {}),
    ciFiles: ci.items,
    runtimePins: pins.items,
  };
  return { directory, project, manifestFiles, errors: [...ci.errors, ...pins.errors], filesScanned };
}
