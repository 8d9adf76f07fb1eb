import { existsSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import type { ArboristNode } from "@npmcli/arborist";
import type {
  DeclaredDependency,
  DependencyProject,
  LockedPackage,
  ProjectKind,
  ProjectLockfile,
  ProjectManifest,
} from "../../rules/util/dependency-context.js";
import { compareStrings } from "@detkit/runtime/collections";
import { messageOf, UsageError } from "../errors.js";
import { getProperty } from "../json-document/parse.js";
import { ancestorsInRepository, displayPath, joinDisplay } from "../paths.js";
import type { FileError } from "../report/types.js";
import { collectCiFiles } from "./ci-files.js";
import { findLockfile, readLockfile, type LockfileFile } from "./lockfile.js";
import {
  manifestDependencies,
  manifestPosition,
  manifestScripts,
  readManifest,
  stringField,
  type ManifestFile,
} from "./manifest.js";
import { readProjectNpmrc } from "./npmrc.js";
import { collectRuntimePins } from "./project-files.js";
import { loadLockedTree, resolveDeclared, type LockedTree } from "./tree.js";

/** The project kind the configuration sets (`deps.kind`), and the file that sets it, for the report. */
export interface ConfiguredKind {
  readonly kind: ProjectKind["kind"];
  readonly file: string;
}

export interface LoadOptions {
  /** `deps.kind`: audit every package.json as this kind instead of detecting it. */
  readonly kind?: ConfiguredKind;
}

/** A project as the audit read it, with the parsed files kept for `--fix`. */
export interface LoadedDependencyProject {
  /** Absolute directory of the package.json the lockfile belongs to (the workspace root for a workspace audited alone). */
  readonly directory: string;
  readonly project: DependencyProject;
  /** The audited manifests, parallel to `project.manifests`: the root first, then workspaces by directory. */
  readonly manifestFiles: readonly ManifestFile[];
  /** The npm lockfile as read, when there is one. */
  readonly lockfile?: LockfileFile;
  /** Set when a workspace was audited on its own: its directory relative to the workspace root. */
  readonly workspaceMember?: string;
  readonly errors: readonly FileError[];
  readonly filesScanned: number;
}

function toPosix(path: string): string {
  return path.split(sep).join("/");
}

/** The workspace folders of a root manifest, found the way npm finds them (@npmcli/map-workspaces). */
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

/**
 * The workspace root a directory belongs to, when it is a workspace of a project above it (npm runs `npm ci` for
 * a workspace from that root, with its lockfile). A package.json above that cannot be read is not this
 * project's concern: the search stops there.
 */
async function enclosingWorkspaceRoot(directory: string, cwd: string): Promise<{ directory: string; manifest: ManifestFile; folders: string[] } | undefined> {
  for (const ancestor of ancestorsInRepository(dirname(directory))) {
    const manifestPath = join(ancestor, "package.json");
    if (ancestor === directory || !existsSync(manifestPath)) continue;
    let manifest: ManifestFile;
    let folders: string[];
    try {
      manifest = readManifest(manifestPath, displayPath(cwd, manifestPath), "");
      folders = await workspaceFolders(ancestor, manifest);
    } catch {
      return undefined;
    }
    if (folders.includes(directory)) return { directory: ancestor, manifest, folders };
  }
  return undefined;
}

/**
 * Library or application: a package that is not `"private": true` and declares what it publishes (`main`,
 * `exports`, `bin` or `files`) is a library, unless the configuration says otherwise.
 */
export function projectKindOf(data: Readonly<Record<string, unknown>>, configured: ConfiguredKind | undefined): ProjectKind {
  if (configured) return { kind: configured.kind, reason: `deps.kind is "${configured.kind}" in ${configured.file}` };
  if (data.private === true) return { kind: "application", reason: '"private": true' };
  const published = ["main", "exports", "bin", "files"].filter((key) => data[key] !== undefined);
  if (published.length === 0) return { kind: "application", reason: "declares none of main, exports, bin, files" };
  return { kind: "library", reason: `not private, declares ${published.map((key) => `"${key}"`).join(", ")}` };
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
  kind: ProjectKind,
): ProjectManifest {
  const owner = tree ? ownerNode(tree, manifest.directory) : undefined;
  const dependencies: DeclaredDependency[] = manifestDependencies(manifest).map((entry) => {
    const resolved = tree ? (owner ? resolveDeclared(tree, owner, entry) : { status: "missing" as const }) : undefined;
    const lock = resolved ? { status: resolved.status, ...(resolved.package ? { package: resolved.package } : {}) } : undefined;
    const workspace = workspaceNames.has(entry.name) && (lock === undefined || lock.package?.link === true);
    const override = resolved && "override" in resolved ? resolved.override : undefined;
    return { ...entry, workspace, ...(override ? { override } : {}), ...(lock ? { lock } : {}) };
  });
  const name = stringField(manifest.data, "name");
  const version = stringField(manifest.data, "version");
  const packageManager = getProperty(manifest.root, "packageManager");
  const isRoot = manifest.directory === "";
  // npm links every workspace from the root; a workspace the lockfile does not list makes `npm ci` refuse.
  const rootEdge = tree && !isRoot && name !== undefined ? tree.root.edgesOut.get(name) : undefined;
  return {
    file: manifest.file,
    directory: manifest.directory,
    isRoot,
    kind,
    ...(tree && !isRoot ? { inLockfile: rootEdge?.to !== null && rootEdge?.to !== undefined && owner !== undefined } : {}),
    ...(name === undefined ? {} : { name }),
    ...(version === undefined ? {} : { version }),
    position: manifestPosition(manifest),
    ...(packageManager?.value.kind === "string"
      ? { packageManager: { value: packageManager.value.value, position: { file: manifest.file, line: packageManager.line, column: packageManager.column } } }
      : {}),
    dependencies,
    scripts: manifestScripts(manifest),
  };
}

/**
 * The locked packages a workspace installs: everything reachable from it, the dependencies of sibling
 * workspaces it uses included, but only its own devDependencies (a sibling's are that sibling's business).
 */
function closureOf(tree: LockedTree, location: string): Set<LockedPackage> {
  const reached = new Set<LockedPackage>();
  const start = tree.root.inventory.get(location);
  const seen = new Set<ArboristNode>();
  const queue = start ? [start] : [];
  for (let next = 0, node = queue[0]; node !== undefined; node = queue[++next]) {
    if (seen.has(node)) continue;
    seen.add(node);
    const locked = tree.packageOf(node);
    if (locked) reached.add(locked);
    if (node.isLink) queue.push(node.target);
    for (const edge of node.edgesOut.values()) {
      if (edge.to && (node === start || edge.type !== "dev")) queue.push(edge.to);
    }
  }
  return reached;
}

/**
 * Reads a project for the dependency audit: its package.json, its workspaces' package.json files, the npm
 * lockfile through arborist, CI workflows, Dockerfiles, shell scripts and runtime pins. Offline and read-only.
 * A directory that is a workspace of a project above it is audited alone, against that project's lockfile and
 * runtime pins. Malformed manifests or lockfiles, a missing package.json and a foreign lockfile are UsageErrors.
 */
export async function loadDependencyProject(root: string, cwd: string, options: LoadOptions = {}): Promise<LoadedDependencyProject> {
  const requested = resolve(cwd, root);
  const shownRequested = displayPath(cwd, requested);
  // What is wrong with the directory itself is said with the path as the user wrote it, not as `../../x`.
  const typedDirectory = root === "" ? "." : root;
  let isDirectory: boolean;
  try {
    isDirectory = statSync(requested).isDirectory();
  } catch {
    throw new UsageError(`${typedDirectory}: no such directory`);
  }
  if (!isDirectory) throw new UsageError(`${typedDirectory} is not a directory`);
  const requestedManifest = join(requested, "package.json");
  if (!existsSync(requestedManifest)) {
    throw new UsageError(`no package.json in ${typedDirectory}: detkit deps audits an npm project, a directory with a package.json`);
  }

  const ownLockfile = findLockfile(requested, shownRequested);
  const enclosing = ownLockfile.kind === "none" ? await enclosingWorkspaceRoot(requested, cwd) : undefined;
  const directory = enclosing?.directory ?? requested;
  const shownDirectory = displayPath(cwd, directory);
  const rootManifest = enclosing?.manifest ?? readManifest(requestedManifest, displayPath(cwd, requestedManifest), "");
  const folders = enclosing?.folders ?? (await workspaceFolders(directory, rootManifest));
  const allManifests: ManifestFile[] = [rootManifest];
  for (const folder of folders) {
    const path = join(folder, "package.json");
    allManifests.push(readManifest(path, displayPath(cwd, path), toPosix(relative(directory, folder))));
  }
  const workspaceMember = enclosing ? toPosix(relative(directory, requested)) : undefined;
  const audited = workspaceMember === undefined ? allManifests : allManifests.filter((manifest) => manifest.directory === workspaceMember);
  const workspaceNames = new Set(
    allManifests.slice(1).flatMap((manifest) => {
      const name = stringField(manifest.data, "name");
      return name === undefined ? [] : [name];
    }),
  );

  const errors: FileError[] = [];
  // Throws for a directory locked only by another package manager.
  const lookup = enclosing ? findLockfile(directory, shownDirectory) : ownLockfile;
  const npmrc = readProjectNpmrc(directory, cwd, errors);
  let tree: LockedTree | undefined;
  let lockfile: ProjectLockfile | undefined;
  let lock: LockfileFile | undefined;
  let filesScanned = audited.length + npmrc.filesRead;
  if (lookup.kind === "npm") {
    lock = readLockfile(lookup.path, joinDisplay(shownDirectory, lookup.name));
    tree = await loadLockedTree(directory, lock, { legacyPeerDeps: npmrc.legacyPeerDeps });
    const closure = workspaceMember === undefined ? undefined : closureOf(tree, workspaceMember);
    const inScope = (locked: LockedPackage) => closure === undefined || closure.has(locked);
    lockfile = {
      file: lock.file,
      lockfileVersion: lock.lockfileVersion,
      packages: tree.packages.filter(inScope),
      installScriptsKnown: tree.installScriptsKnown,
      unsatisfied: tree.unsatisfied.filter((problem) => inScope(problem.from)),
    };
    filesScanned++;
  }

  const memberDirectory = (manifest: ManifestFile) => join(directory, manifest.directory);
  const ci = collectCiFiles({
    projectDirectory: directory,
    includeCiDefinitions: workspaceMember === undefined,
    searchDirectory: requested,
    manifests: audited.map((manifest) => ({ manifest, directory: memberDirectory(manifest) })),
    cwd,
  });
  const pins = collectRuntimePins(directory, rootManifest, cwd);
  // A workspace may pin its own runtime as well as inherit the root's.
  const memberPins = enclosing && audited[0] ? collectRuntimePins(requested, audited[0], cwd) : undefined;
  filesScanned += ci.filesRead + pins.filesRead + (memberPins?.filesRead ?? 0);
  errors.push(...ci.errors, ...pins.errors, ...(memberPins?.errors ?? []));

  const project: DependencyProject = {
    manifests: audited.map((manifest) => buildManifest(manifest, tree, workspaceNames, projectKindOf(manifest.data, options.kind))),
    ...(lockfile ? { lockfile } : {}),
    ciFiles: ci.items,
    runtimePins: [...pins.items, ...(memberPins?.items ?? [])].sort((a, b) => compareStrings(a.source, b.source) || compareStrings(a.file, b.file)),
    otherLockfiles: lookup.kind === "npm" ? lookup.others.map((name) => joinDisplay(shownDirectory, name)) : [],
    registries: npmrc.registries,
  };
  return {
    directory,
    project,
    manifestFiles: audited,
    ...(lock ? { lockfile: lock } : {}),
    ...(workspaceMember === undefined ? {} : { workspaceMember }),
    errors,
    filesScanned,
  };
}
