import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ArboristEdge, ArboristNode } from "@npmcli/arborist";
import npa from "npm-package-arg";
import semver from "semver";
import type { LockedPackage, LockStatus } from "../../rules/util/dependency-context.js";
import { compareStrings } from "@detkit/runtime/collections";
import { UsageError } from "../errors.js";
import { lockEntryPosition, type LockfileFile } from "./lockfile.js";
import type { ManifestDependency } from "./manifest.js";
import { isRecord } from "../json-document/file.js";
import { messageOf } from "../errors.js";

/** The lockfile's tree, as plain packages, with the arborist nodes kept for resolving manifest entries. */
export interface LockedTree {
  readonly root: ArboristNode;
  /** Sorted by location. */
  readonly packages: readonly LockedPackage[];
  readonly installScriptsKnown: boolean;
  /** The plain package for an arborist node. */
  packageOf(node: ArboristNode): LockedPackage | undefined;
}

const INSTALL_SCRIPTS = ["preinstall", "install", "postinstall"];

function isUnderNodeModules(location: string): boolean {
  return location.startsWith("node_modules/") || location.includes("/node_modules/");
}

/**
 * Lockfile v1 does not record install scripts; when node_modules is there, the installed package.json says
 * (and a binding.gyp means npm runs node-gyp as the install script).
 */
function installedHasInstallScript(projectDirectory: string, location: string): boolean {
  const directory = join(projectDirectory, location);
  try {
    const manifest: unknown = JSON.parse(readFileSync(join(directory, "package.json"), "utf8"));
    const scripts = isRecord(manifest) ? manifest.scripts : undefined;
    if (isRecord(scripts) && INSTALL_SCRIPTS.some((name) => typeof scripts[name] === "string")) return true;
  } catch {
    return false;
  }
  return existsSync(join(directory, "binding.gyp"));
}

/**
 * Loads the lockfile with @npmcli/arborist, offline: `loadVirtual` reads package.json files and the lockfile
 * only (never the network, never node_modules, never scripts). The library is imported here, on demand, so
 * that commands and projects that never reach a lockfile do not pay for loading it.
 */
export async function loadLockedTree(projectDirectory: string, lock: LockfileFile): Promise<LockedTree> {
  const { default: Arborist } = await import("@npmcli/arborist");
  let root: ArboristNode;
  try {
    root = await new Arborist({ path: projectDirectory }).loadVirtual();
  } catch (error) {
    throw new UsageError(`${lock.file}: cannot load the dependency tree: ${messageOf(error).split("\n")[0] ?? ""}`);
  }

  const readInstalled = lock.lockfileVersion === 1 && existsSync(join(projectDirectory, "node_modules"));
  const byNode = new Map<ArboristNode, LockedPackage>();
  const packages: LockedPackage[] = [];
  for (const node of root.inventory.values()) {
    if (node.isProjectRoot) continue;
    const requestedAs = [...new Set([...node.edgesIn].map((edge) => edge.spec))].sort(compareStrings);
    const local = !node.isLink && !isUnderNodeModules(node.location);
    const plain: LockedPackage = {
      location: node.location,
      name: node.name,
      packageName: node.packageName ?? node.name,
      version: node.version,
      ...(node.resolved ? { resolved: node.resolved } : {}),
      ...(node.integrity ? { integrity: node.integrity } : {}),
      hasInstallScript: readInstalled ? installedHasInstallScript(projectDirectory, node.location) : node.hasInstallScript,
      link: node.isLink,
      local,
      inBundle: node.inBundle,
      dev: node.dev,
      optional: node.optional,
      requestedAs,
      position: lockEntryPosition(lock, node.location),
    };
    byNode.set(node, plain);
    packages.push(plain);
  }
  packages.sort((a, b) => compareStrings(a.location, b.location));
  return {
    root,
    packages,
    installScriptsKnown: lock.lockfileVersion >= 2 || readInstalled,
    packageOf: (node) => byNode.get(node),
  };
}

/** True for a spec whose locked version cannot be checked offline: a dist-tag (directly or through an alias). */
function isTagSpec(name: string, spec: string): boolean {
  try {
    const parsed = npa.resolve(name, spec, "/");
    return parsed.type === "tag" || (parsed.type === "alias" && parsed.subSpec?.type === "tag");
  } catch {
    return false;
  }
}

/** Whether `version` satisfies a registry spec written differently from the edge arborist kept. */
function acceptsVersion(name: string, spec: string, version: string): boolean {
  try {
    const parsed = npa.resolve(name, spec, "/");
    const target = parsed.type === "alias" ? parsed.subSpec : parsed;
    if (!target || (target.type !== "range" && target.type !== "version")) return true;
    return semver.satisfies(version, target.fetchSpec || "*", true);
  } catch {
    return true;
  }
}

/**
 * What the lockfile holds for one manifest entry of `owner` (the root, or a workspace folder): the package
 * npm would use, and whether it matches the spec. Arborist builds the owner's edges from the package.json
 * on disk, so an edge that is missing or invalid means the two files disagree.
 */
export function resolveDeclared(
  tree: LockedTree,
  owner: ArboristNode,
  dependency: ManifestDependency,
): { readonly status: LockStatus; readonly package?: LockedPackage } {
  const edge: ArboristEdge | undefined = owner.edgesOut.get(dependency.name);
  // One edge per name: a name in two fields keeps one of them (npm's rule); the other is judged by its spec.
  if (!edge) return { status: "ok" };
  const target = edge.to;
  if (!target) {
    // npm 6 never installed peers, and `legacy-peer-deps` keeps them out of newer lockfiles too.
    const peer = dependency.field === "peerDependencies" || edge.type === "peer" || edge.type === "peerOptional";
    return { status: peer ? "ok" : "missing" };
  }
  const locked = tree.packageOf(target);
  const withPackage = locked ? { package: locked } : {};
  if (edge.spec !== dependency.spec) {
    return { status: acceptsVersion(dependency.name, dependency.spec, target.version) ? "ok" : "mismatch", ...withPackage };
  }
  if (edge.valid || edge.peerLocal) return { status: "ok", ...withPackage };
  // Arborist checks a dist-tag only by the locked package's `resolved` URL, which npm may be configured to omit
  // (omit-lockfile-registry-resolved): a locked registry package satisfies a tag as far as anyone can tell offline.
  if (edge.invalid && isTagSpec(dependency.name, dependency.spec) && !target.isLink) return { status: "ok", ...withPackage };
  return { status: "mismatch", ...withPackage };
}
