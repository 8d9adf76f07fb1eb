import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ArboristEdge, ArboristNode } from "@npmcli/arborist";
import { messageOf } from "../errors.js";
import { problemEdges, type ArboristSettings } from "./tree.js";

function firstLine(error: unknown): string {
  return messageOf(error).split("\n")[0] ?? "";
}

function describeEdge(edge: ArboristEdge): string {
  const from = edge.from;
  const dependent = !from || from.isProjectRoot ? "package.json" : from.isWorkspace ? `${from.location}/package.json` : `${from.name}@${from.version}`;
  return edge.to
    ? `${dependent} requires ${edge.name}@${JSON.stringify(edge.spec)}, and the lockfile holds ${edge.to.version}`
    : `${dependent} requires ${edge.name}@${JSON.stringify(edge.spec)}, which the lockfile does not hold`;
}

/**
 * Why `npm ci` would refuse to install the project in `directory`, checked the way npm ci checks it and without
 * the network; an empty list when it would install. npm ci loads the lockfile's tree (`loadVirtual`, which
 * also rejects a dependency whose spec contradicts its root override, EOVERRIDE), builds the tree it would
 * install (`buildIdealTree`), and refuses when the two differ (`validateLockfile`: a package missing from the
 * lockfile, or at another version). Here the tree is first searched for the dependencies buildIdealTree would
 * resolve again; any of them means a difference (and resolving needs the registry), so the ideal tree is built
 * only when there are none, offline and with an empty cache, and compared as npm compares it. A dist-tag spec
 * (`latest`) that npm would settle by asking the registry is taken as satisfied by the locked package, as the
 * audit takes it.
 */
export async function npmCiRefusals(directory: string, settings: ArboristSettings): Promise<string[]> {
  const { default: Arborist } = await import("@npmcli/arborist");
  const cache = mkdtempSync(join(tmpdir(), "detkit-npm-cache-"));
  const options = {
    path: directory,
    legacyPeerDeps: settings.legacyPeerDeps,
    offline: true,
    cache,
    packageLock: true,
    save: false,
    audit: false,
    fund: false,
  };
  try {
    let virtual: ArboristNode;
    try {
      virtual = await new Arborist(options).loadVirtual();
    } catch (error) {
      const code = error instanceof Error && "code" in error ? String(error.code) : "";
      return [`${code ? `${code}: ` : ""}${firstLine(error)}`];
    }
    const { problems, distTags } = problemEdges(virtual);
    if (problems.length > 0) return problems.map(describeEdge);
    // A dist-tag is settled by asking the registry; offline, the search above is the whole answer.
    if (distTags > 0) return [];
    const lockedVersions = new Map([...virtual.inventory].map(([location, node]) => [location, node.version]));
    let ideal: ArboristNode;
    try {
      ideal = await new Arborist(options).buildIdealTree();
    } catch (error) {
      return [firstLine(error)];
    }
    // npm's validateLockfile (lib/utils/validate-lockfile.js), entry for entry.
    const refusals: string[] = [];
    for (const [location, node] of ideal.inventory) {
      const locked = lockedVersions.get(location);
      if (locked === undefined) refusals.push(`Missing: ${node.name}@${node.version} from lock file`);
      else if (locked !== node.version) refusals.push(`Invalid: lock file's ${node.name}@${locked} does not satisfy ${node.name}@${node.version}`);
    }
    return refusals;
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}
