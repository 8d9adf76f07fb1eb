import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ArboristEdge, ArboristNode } from "@npmcli/arborist";
import npa from "npm-package-arg";
import semver from "semver";
import type {
  DependencyOverride,
  LockedPackage,
  LockStatus,
  UnsatisfiedDependency,
} from "../../rules/util/dependency-context.js";
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
  readonly unsatisfied: readonly UnsatisfiedDependency[];
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

function stringList(value: unknown): readonly string[] | undefined {
  return Array.isArray(value) && value.every((item): item is string => typeof item === "string") && value.length > 0 ? value : undefined;
}

/** The npm settings of a project that change how arborist reads its lockfile. */
export interface ArboristSettings {
  /** `legacy-peer-deps` in the project's .npmrc: peer dependencies are neither installed nor expected. */
  readonly legacyPeerDeps: boolean;
}

/**
 * Loads the lockfile with @npmcli/arborist, offline: `loadVirtual` reads package.json files and the lockfile
 * only (never the network, never node_modules, never scripts). The library is imported here, on demand, so
 * that commands and projects that never reach a lockfile do not pay for loading it.
 */
export async function loadLockedTree(projectDirectory: string, lock: LockfileFile, settings: ArboristSettings): Promise<LockedTree> {
  const { default: Arborist } = await import("@npmcli/arborist");
  let root: ArboristNode;
  try {
    root = await new Arborist({ path: projectDirectory, legacyPeerDeps: settings.legacyPeerDeps }).loadVirtual();
  } catch (error) {
    const code = error instanceof Error && "code" in error ? String(error.code) : "";
    const detail = messageOf(error).split("\n")[0] ?? "";
    if (code === "EOVERRIDE") {
      throw new UsageError(
        `${lock.file}: npm refuses this project (EOVERRIDE): ${detail}; a dependency of package.json that "overrides" also names must have the same spec in both`,
      );
    }
    throw new UsageError(`${lock.file}: cannot load the dependency tree: ${detail}`);
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
      ...platformsOf(node),
      requestedAs,
      position: lockEntryPosition(lock, node.location),
    };
    byNode.set(node, plain);
    packages.push(plain);
  }
  packages.sort((a, b) => compareStrings(a.location, b.location));
  const packageOf = (node: ArboristNode) => byNode.get(node);
  return {
    root,
    packages,
    installScriptsKnown: lock.lockfileVersion >= 2 || readInstalled,
    unsatisfied: unsatisfiedDependencies(root, packageOf),
    packageOf,
  };
}

function platformsOf(node: ArboristNode): { os?: readonly string[]; cpu?: readonly string[] } {
  const os = stringList(node.package.os);
  const cpu = stringList(node.package.cpu);
  return { ...(os ? { os } : {}), ...(cpu ? { cpu } : {}) };
}

/** Whether an edge's spec comes from an `overrides` rule for its own package. */
export function overrideOf(edge: ArboristEdge): DependencyOverride | undefined {
  const rule = edge.overrides;
  if (!rule || rule.name !== edge.name || rule.value === undefined || rule.value === "*") return undefined;
  let spec: string;
  try {
    spec = edge.spec;
  } catch {
    // A `$name` reference to a dependency the root does not declare: npm fails on it too.
    spec = rule.value;
  }
  return { value: rule.value, spec };
}

/** What `npm ci` would have to resolve again, as far as can be told offline. */
export interface ProblemEdges {
  readonly problems: readonly ArboristEdge[];
  /**
   * Dist-tag specs (`latest`) on locked registry packages: arborist judges them by the `resolved` URL, which
   * npm may omit, and npm ci settles them by asking the registry what the tag means today. Offline they are
   * taken as satisfied, and counted here.
   */
  readonly distTags: number;
}

/**
 * The dependencies `npm ci` would have to resolve again, found as npm finds them (arborist's buildIdealTree
 * "problem edges"): from the project root, following every dependency, each edge with no package or with one
 * its spec (after overrides) does not accept. Bundled dependencies and those inside a shrinkwrapped package are
 * theirs to resolve.
 */
export function problemEdges(root: ArboristNode): ProblemEdges {
  const problems: ArboristEdge[] = [];
  let distTags = 0;
  const seen = new Set<ArboristNode>();
  const queue: ArboristNode[] = [root];
  for (let next = 0, node = queue[0]; node !== undefined; node = queue[++next]) {
    if (seen.has(node)) continue;
    seen.add(node);
    if (node.isLink) {
      // A link out of the project (`file:../..`) is "somebody else's problem" to npm: its dependencies are not locked here.
      if (!node.target.location.startsWith("..")) queue.push(node.target);
      continue;
    }
    const bundled = new Set(node.isProjectRoot || node.isWorkspace ? [] : (stringList(node.package.bundleDependencies) ?? []));
    for (const edge of node.edgesOut.values()) {
      if (edge.to) queue.push(edge.to);
      if (bundled.has(edge.name) || edge.to?.inShrinkwrap || satisfiesPlainRange(edge) || edge.valid) continue;
      // Peers are left out: npm 6 and `legacy-peer-deps` never lock them, and npm ci accepts a lockfile whose
      // peer is missing or conflicting (lerna's lockfile lacks the peer search-insights, and npm ci installs it).
      if (edge.type === "peer" || edge.type === "peerOptional") continue;
      if (edge.invalid && edge.to && !edge.to.isLink && overrideOf(edge) === undefined && isTagSpec(edge.name, edge.rawSpec)) {
        distTags++;
        continue;
      }
      problems.push(edge);
    }
  }
  return { problems, distTags };
}

/**
 * The problem edges of locked packages, as plain data. Those of the project's own manifests (root and
 * workspaces) are left to the per-entry check, which can point at the line in package.json.
 */
const ranges = new Map<string, semver.Range | null>();

/**
 * The common case of an edge, decided without arborist's `edge.valid` (which parses the spec again for every
 * edge and costs most of a large tree's check): a registry range, no override, and a locked package of that name
 * whose version satisfies it, as npm's own check would find. Anything else is left to `edge.valid`.
 */
function satisfiesPlainRange(edge: ArboristEdge): boolean {
  const to = edge.to;
  if (!to || to.isLink || edge.overrides || to.package.name !== edge.name || typeof to.version !== "string") return false;
  const spec = edge.rawSpec;
  let range = ranges.get(spec);
  if (range === undefined) {
    range = /^[\s\d^~<>=*xX.|-]*$/.test(spec) && spec.trim() !== "" ? safeRange(spec) : null;
    ranges.set(spec, range);
  }
  return range !== null && range.test(to.version);
}

function safeRange(spec: string): semver.Range | null {
  try {
    return new semver.Range(spec, { loose: true });
  } catch {
    return null;
  }
}

function unsatisfiedDependencies(root: ArboristNode, packageOf: (node: ArboristNode) => LockedPackage | undefined): UnsatisfiedDependency[] {
  const found: UnsatisfiedDependency[] = [];
  for (const edge of problemEdges(root).problems) {
    const from = edge.from && !edge.from.isProjectRoot && !edge.from.isWorkspace ? packageOf(edge.from) : undefined;
    if (!from) continue;
    const locked = edge.to ? packageOf(edge.to) : undefined;
    found.push({ from, name: edge.name, spec: edge.spec, overridden: overrideOf(edge) !== undefined, ...(locked ? { locked } : {}) });
  }
  return found.sort((a, b) => compareStrings(a.from.location, b.from.location) || compareStrings(a.name, b.name));
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
 * npm would use, whether it matches the spec, and the `overrides` rule that replaces the spec if any. Arborist
 * builds the owner's edges from the package.json on disk (and the root's overrides), so an edge that is
 * missing or invalid means the two files disagree as `npm ci` sees them.
 */
export function resolveDeclared(
  tree: LockedTree,
  owner: ArboristNode,
  dependency: ManifestDependency,
): { readonly status: LockStatus; readonly package?: LockedPackage; readonly override?: DependencyOverride } {
  const edge: ArboristEdge | undefined = owner.edgesOut.get(dependency.name);
  // One edge per name: a name in two fields keeps one of them (npm's rule); the other is judged by its spec.
  if (!edge) return { status: "ok" };
  const override = edge.rawSpec === dependency.spec ? overrideOf(edge) : undefined;
  const withOverride = override ? { override } : {};
  const target = edge.to;
  if (!target) {
    // npm 6 never installed peers, and `legacy-peer-deps` keeps them out of newer lockfiles too.
    const peer = dependency.field === "peerDependencies" || edge.type === "peer" || edge.type === "peerOptional";
    return { status: peer ? "ok" : "missing", ...withOverride };
  }
  const locked = tree.packageOf(target);
  const withPackage = { ...(locked ? { package: locked } : {}), ...withOverride };
  if (edge.rawSpec !== dependency.spec) {
    return { status: acceptsVersion(dependency.name, dependency.spec, target.version) ? "ok" : "mismatch", ...withPackage };
  }
  // `valid` is arborist's own judgement, overrides included (a workspace's "^2.1.0" overridden to "2.0.0" is fine).
  if (edge.valid || edge.peerLocal) return { status: "ok", ...withPackage };
  // Arborist checks a dist-tag only by the locked package's `resolved` URL, which npm may be configured to omit
  // (omit-lockfile-registry-resolved): a locked registry package satisfies a tag as far as anyone can tell offline.
  if (edge.invalid && override === undefined && isTagSpec(dependency.name, dependency.spec) && !target.isLink) return { status: "ok", ...withPackage };
  return { status: "mismatch", ...withPackage };
}
