import npa, { type PackageSpec } from "npm-package-arg";
import semver from "semver";
import type { DeclaredDependency, LockedPackage } from "../../rules/util/dependency-context.js";
import { compareStrings } from "@detkit/runtime/collections";
import { compareFindings } from "../report/build.js";
import type { Finding } from "../report/types.js";
import { DIFF_FLAGS, type Bump, type ChangeKind, type DiffFlag, type PackageChange } from "./types.js";

/** One side of the comparison as the dependency audit read it. */
export interface DiffTree {
  /** Sorted by location. */
  readonly packages: readonly LockedPackage[];
  /** False for a v1 lockfile, which does not record install scripts. */
  readonly installScriptsKnown: boolean;
  /** The root package.json's dependency entries. */
  readonly declared: readonly DeclaredDependency[];
  /** The root package.json as reports name it. */
  readonly manifestFile: string;
  /** The dependency audit's findings for this side (accepted risks already removed). */
  readonly findings: readonly Finding[];
}

const KIND_ORDER: readonly ChangeKind[] = ["removed", "added", "updated", "changed"];

/** Changes in report order: by path, then kind (a package replaced at one path is removed, then added). */
export function compareChanges(a: PackageChange, b: PackageChange): number {
  return compareStrings(a.path, b.path) || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind);
}

export function sortFlags(flags: Iterable<DiffFlag>): DiffFlag[] {
  const present = new Set(flags);
  return DIFF_FLAGS.filter((flag) => present.has(flag));
}

/**
 * The bump from one version to another. A move to a prerelease is `prerelease` whatever numbers change, since
 * nothing about its stability is promised; a release of the prerelease it follows (1.0.0-rc.1 → 1.0.0) too.
 */
export function bumpOf(from: string, to: string): Bump | undefined {
  const before = semver.parse(from, true);
  const after = semver.parse(to, true);
  if (!before || !after || semver.eq(before, after)) return undefined;
  if (semver.lt(after, before)) return "downgrade";
  if (after.prerelease.length > 0) return "prerelease";
  if (after.major !== before.major) return "major";
  if (after.minor !== before.minor) return "minor";
  if (after.patch !== before.patch) return "patch";
  return "prerelease";
}

/**
 * Whether two Subresource Integrity strings certainly name different content: they share a hash algorithm and
 * no shared algorithm agrees. A lockfile rewritten from sha1 to sha512 shares none, and proves nothing.
 */
export function integrityDiffers(before: string | undefined, after: string | undefined): boolean {
  if (before === undefined || after === undefined) return false;
  const parse = (sri: string) =>
    new Map(
      sri
        .trim()
        .split(/\s+/)
        .flatMap((token) => {
          const match = /^([a-z0-9]+)-([^?]+)/i.exec(token);
          return match?.[1] && match[2] ? [[match[1].toLowerCase(), match[2]] as const] : [];
        }),
    );
  const a = parse(before);
  const b = parse(after);
  const shared = [...a.keys()].filter((algorithm) => b.has(algorithm));
  return shared.length > 0 && shared.every((algorithm) => a.get(algorithm) !== b.get(algorithm));
}

/** Where a package comes from: `origin` ignores what changes with every version, `exact` does not. */
interface PackageSource {
  readonly origin: string;
  readonly exact: string;
}

// npm leaves `resolved` out of the lockfile for the registry it used (omit-lockfile-registry-resolved).
const DEFAULT_REGISTRY_ORIGIN = "https://registry.npmjs.org";

/** A registry tarball URL: `<registry>/<name>/-/<file>.tgz`, however the registry is mounted. */
const REGISTRY_TARBALL = /\/-\/[^/]+\.tgz$/;

function urlWithoutSecrets(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

export function sourceOf(locked: LockedPackage): PackageSource {
  if (locked.link) return { origin: "link", exact: `link:${locked.location}` };
  const resolved = locked.resolved;
  if (resolved === undefined) return { origin: DEFAULT_REGISTRY_ORIGIN, exact: DEFAULT_REGISTRY_ORIGIN };
  if (resolved.startsWith("file:")) {
    const isTarball = /\.(tgz|tar|tar\.gz)$/.test(resolved);
    return { origin: isTarball ? "file tarball" : "file folder", exact: resolved };
  }
  let url: URL;
  try {
    url = new URL(resolved.replace(/^git\+/, ""));
  } catch {
    return { origin: resolved, exact: resolved };
  }
  if (resolved.startsWith("git+") || resolved.startsWith("git:")) {
    const repository = `git+${urlWithoutSecrets(url).replace(/\.git$/, "")}`;
    return { origin: repository, exact: `${repository}#${url.hash.slice(1)}` };
  }
  const host = `${url.protocol}//${url.host}`;
  if (REGISTRY_TARBALL.test(url.pathname)) return { origin: host, exact: host };
  return { origin: `${host} (a tarball URL)`, exact: urlWithoutSecrets(url) };
}

/** How reports show a source: the resolved URL as the lockfile has it, or the registry npm used. */
function describeSource(locked: LockedPackage): string {
  if (locked.link) return `a link to ${locked.location}`;
  return locked.resolved ?? `${DEFAULT_REGISTRY_ORIGIN} (the registry npm used; no "resolved" in the lockfile)`;
}

/** The registry spec inside an `npm:` alias, or the spec itself. */
function registryTarget(name: string, spec: string): PackageSpec | undefined {
  try {
    const parsed = npa.resolve(name, spec, "/");
    return parsed.type === "alias" ? parsed.subSpec : parsed;
  } catch {
    return undefined;
  }
}

/** From one exact version to anything that accepts more than one: a range, a dist-tag, `*`. */
export function isWidened(name: string, before: string, after: string): boolean {
  const was = registryTarget(name, before);
  const now = registryTarget(name, after);
  return was?.type === "version" && (now?.type === "range" || now?.type === "tag");
}

/** A dependency finding's identity across the two sides: its rule and what it says, never where it sits. */
function findingKey(finding: Finding): string {
  return `${finding.ruleId}\u0000${finding.message}`;
}

/** The findings of head that base does not have, compared by rule and message (lines move between commits). */
export function newFindings(base: readonly Finding[], head: readonly Finding[]): Finding[] {
  const before = new Map<string, number>();
  for (const finding of base) before.set(findingKey(finding), (before.get(findingKey(finding)) ?? 0) + 1);
  const fresh: Finding[] = [];
  for (const finding of [...head].sort(compareFindings)) {
    const key = findingKey(finding);
    const left = before.get(key) ?? 0;
    if (left > 0) before.set(key, left - 1);
    else fresh.push(finding);
  }
  return fresh;
}

function changeOf(kind: ChangeKind, base: LockedPackage | undefined, head: LockedPackage | undefined, flags: DiffFlag[]): PackageChange {
  const subject = head ?? base;
  if (!subject) throw new Error("a change needs a package on at least one side");
  const bump = kind === "updated" && base && head ? bumpOf(base.version, head.version) : undefined;
  const sourceChanged = flags.includes("source-changed") && base && head;
  return {
    name: subject.name,
    path: subject.location,
    kind,
    ...(base ? { from: base.version } : {}),
    ...(head ? { to: head.version } : {}),
    ...(bump ? { bump } : {}),
    flags: sortFlags(flags),
    ...(sourceChanged ? { source: { from: describeSource(base), to: describeSource(head) } } : {}),
  };
}

function installScriptAdded(base: LockedPackage | undefined, head: LockedPackage, trees: { base: DiffTree; head: DiffTree }): boolean {
  if (!trees.head.installScriptsKnown || !head.hasInstallScript) return false;
  if (!base) return true;
  return trees.base.installScriptsKnown && !base.hasInstallScript;
}

/**
 * The changes between two trees, path by path, with every flag the lockfiles and package.json files show
 * (all but `new-nondeterminism`, which needs the packages' contents). Pure: a function of its arguments.
 */
export function compareTrees(base: DiffTree, head: DiffTree): PackageChange[] {
  const before = new Map(base.packages.map((locked) => [locked.location, locked]));
  const after = new Map(head.packages.map((locked) => [locked.location, locked]));
  const trees = { base, head };
  const changes: PackageChange[] = [];
  for (const [location, old] of before) {
    const current = after.get(location);
    if (!current || current.packageName !== old.packageName) changes.push(changeOf("removed", old, undefined, []));
  }
  for (const [location, current] of after) {
    const old = before.get(location);
    if (!old || old.packageName !== current.packageName) {
      changes.push(changeOf("added", undefined, current, installScriptAdded(undefined, current, trees) ? ["install-script-added"] : []));
      continue;
    }
    const flags: DiffFlag[] = [];
    if (installScriptAdded(old, current, trees)) flags.push("install-script-added");
    const was = sourceOf(old);
    const now = sourceOf(current);
    if (old.version === current.version) {
      if (integrityDiffers(old.integrity, current.integrity)) flags.push("integrity-changed");
      if (was.exact !== now.exact) flags.push("source-changed");
      if (flags.some((flag) => flag === "integrity-changed" || flag === "source-changed")) {
        changes.push(changeOf("changed", old, current, flags));
      }
    } else {
      if (was.origin !== now.origin) flags.push("source-changed");
      changes.push(changeOf("updated", old, current, flags));
    }
  }
  return markWidenedRanges(changes, base, head).sort(compareChanges);
}

/** Adds `range-widened` to the change of the package a widened package.json entry resolves to in head. */
function markWidenedRanges(changes: PackageChange[], base: DiffTree, head: DiffTree): PackageChange[] {
  const specBefore = new Map(base.declared.map((entry) => [`${entry.field}\u0000${entry.name}`, entry.spec]));
  const widened = new Map<string, { from: string; to: string }>();
  for (const entry of head.declared) {
    const before = specBefore.get(`${entry.field}\u0000${entry.name}`);
    const location = entry.lock?.package?.location;
    if (before !== undefined && location !== undefined && isWidened(entry.name, before, entry.spec)) {
      widened.set(location, { from: before, to: entry.spec });
    }
  }
  return changes.map((change) => {
    const range = widened.get(change.path);
    if (!range || change.kind === "removed") return change;
    return { ...change, flags: sortFlags([...change.flags, "range-widened"]), range: { file: head.manifestFile, ...range } };
  });
}
