import { existsSync } from "node:fs";
import { join } from "node:path";
import type { SourcePosition } from "../../rules/util/dependency-context.js";
import { UsageError } from "../errors.js";
import { getProperty, type JsonNode, type JsonObjectNode } from "../json-document/parse.js";
import { readJsonObjectFile, shapeError, type JsonFile } from "../json-document/file.js";

/** npm's lockfiles, in the order npm prefers them: a shrinkwrap wins over a package-lock. */
export const NPM_LOCKFILE_NAMES = ["npm-shrinkwrap.json", "package-lock.json"] as const;

/** Lockfiles of other package managers, which arborist cannot load as the source of truth. */
const FOREIGN_LOCKFILES: readonly { readonly name: string; readonly tool: string }[] = [
  { name: "bun.lock", tool: "Bun" },
  { name: "bun.lockb", tool: "Bun" },
  { name: "pnpm-lock.yaml", tool: "pnpm" },
  { name: "yarn.lock", tool: "Yarn" },
];

export const SUPPORTED_LOCKFILES_TEXT =
  "detkit reads npm lockfiles only: package-lock.json or npm-shrinkwrap.json, lockfile versions 1, 2 and 3";

export type LockfileLookup =
  | {
      readonly kind: "npm";
      readonly path: string;
      readonly name: string;
      /** Lockfiles of other package managers beside it (`yarn.lock`), by name. */
      readonly others: readonly string[];
    }
  | { readonly kind: "none" };

/**
 * The npm lockfile of a project directory. A directory whose only lockfile belongs to another package
 * manager is an error rather than "no lockfile": auditing it as unlocked would be a wrong answer, and passing
 * it silently would be worse.
 */
export function findLockfile(directory: string, displayDirectory: string): LockfileLookup {
  const foreign = FOREIGN_LOCKFILES.filter((candidate) => existsSync(join(directory, candidate.name)));
  for (const name of NPM_LOCKFILE_NAMES) {
    const path = join(directory, name);
    if (existsSync(path)) return { kind: "npm", path, name, others: foreign.map((candidate) => candidate.name) };
  }
  const [first] = foreign;
  if (first) {
    const shown = foreign.map((candidate) => (displayDirectory === "." ? candidate.name : `${displayDirectory}/${candidate.name}`));
    throw new UsageError(
      `${shown.join(", ")}: ${first.tool} lockfiles are not supported; ${SUPPORTED_LOCKFILES_TEXT} (generate one with \`npm install --package-lock-only\`)`,
    );
  }
  return { kind: "none" };
}

export interface LockfileFile extends JsonFile {
  readonly lockfileVersion: 1 | 2 | 3;
}

const ENTRY_STRINGS = ["version", "resolved", "integrity", "name"];
const ENTRY_BOOLEANS = [
  "link",
  "dev",
  "optional",
  "devOptional",
  "peer",
  "inBundle",
  "hasInstallScript",
  "hasShrinkwrap",
  "extraneous",
];
const ENTRY_DEPENDENCY_MAPS = ["dependencies", "devDependencies", "optionalDependencies", "peerDependencies"];

function expectObject(file: string, node: JsonNode, path: readonly string[], what = "an object"): JsonObjectNode {
  if (node.kind !== "object") throw shapeError(file, node, path, what);
  return node;
}

function validateFields(file: string, entry: JsonObjectNode, path: readonly string[], version: 1 | 2 | 3): void {
  for (const { key, value } of entry.properties) {
    const here = [...path, key];
    if (ENTRY_STRINGS.includes(key)) {
      if (value.kind !== "string") throw shapeError(file, value, here, "a string");
    } else if (ENTRY_BOOLEANS.includes(key) || (version === 1 && key === "bundled")) {
      if (value.kind !== "boolean") throw shapeError(file, value, here, "true or false");
    } else if (ENTRY_DEPENDENCY_MAPS.includes(key) && !(version === 1 && key === "dependencies")) {
      const map = expectObject(file, value, here, "an object of package names to version specs");
      for (const spec of map.properties) {
        if (spec.value.kind !== "string") throw shapeError(file, spec.value, [...here, spec.key], "a string");
      }
    } else if (version === 1 && key === "requires") {
      const map = expectObject(file, value, here, "an object of package names to version specs");
      for (const spec of map.properties) {
        if (spec.value.kind !== "string") throw shapeError(file, spec.value, [...here, spec.key], "a string");
      }
    }
  }
}

/** Lockfile v1 (npm 5 and 6): a tree of `dependencies`, each entry with a `version`. */
function validateV1Tree(file: string, dependencies: JsonNode, path: readonly string[]): void {
  const map = expectObject(file, dependencies, path, "an object of package entries");
  for (const { key, value } of map.properties) {
    const entryPath = [...path, key];
    const entry = expectObject(file, value, entryPath, "an object (a package entry)");
    const version = getProperty(entry, "version");
    if (!version) {
      throw new UsageError(`${file}:${entry.line}:${entry.column}: the entry for "${key}" has no "version"`);
    }
    validateFields(file, entry, entryPath, 1);
    const nested = getProperty(entry, "dependencies");
    if (nested) validateV1Tree(file, nested.value, [...entryPath, "dependencies"]);
  }
}

/**
 * Reads an npm lockfile and checks the shape of everything arborist and the audit read, so that a damaged
 * file fails with its name, line and key instead of an exception from deep inside a library.
 */
export function readLockfile(path: string, file: string): LockfileFile {
  const json = readJsonObjectFile(path, file);
  const versionProperty = getProperty(json.root, "lockfileVersion");
  if (!versionProperty) {
    throw new UsageError(`${file}: no "lockfileVersion"; this is not an npm lockfile (${SUPPORTED_LOCKFILES_TEXT})`);
  }
  const versionNode = versionProperty.value;
  if (versionNode.kind !== "number" || ![1, 2, 3].includes(versionNode.value)) {
    const shown = versionNode.kind === "number" ? String(versionNode.value) : JSON.stringify(json.text.slice(versionNode.start, versionNode.end));
    throw new UsageError(`${file}:${versionNode.line}:${versionNode.column}: lockfileVersion ${shown} is not supported; ${SUPPORTED_LOCKFILES_TEXT}`);
  }
  const lockfileVersion = versionNode.value === 1 ? 1 : versionNode.value === 2 ? 2 : 3;
  if (lockfileVersion === 1) {
    const dependencies = getProperty(json.root, "dependencies");
    if (dependencies) validateV1Tree(file, dependencies.value, ["dependencies"]);
  } else {
    const packages = getProperty(json.root, "packages");
    if (!packages) throw new UsageError(`${file}: lockfileVersion ${lockfileVersion} requires a "packages" object, and there is none`);
    const map = expectObject(file, packages.value, ["packages"], "an object of package entries");
    for (const { key, value } of map.properties) {
      const entry = expectObject(file, value, ["packages", key], "an object (a package entry)");
      validateFields(file, entry, ["packages", key], lockfileVersion);
    }
  }
  return { ...json, lockfileVersion };
}

/**
 * Where the lockfile describes the package at `location` (e.g. `node_modules/a/node_modules/b`): the key of
 * its entry in `packages` (v2, v3) or in the nested `dependencies` tree (v1). Falls back to the top of the file.
 */
export function lockEntryPosition(lock: LockfileFile, location: string): SourcePosition {
  const found = lock.lockfileVersion === 1 ? v1Entry(lock.root, location) : v2Entry(lock.root, location);
  return found
    ? { file: lock.file, line: found.line, column: found.column }
    : { file: lock.file, line: lock.root.line, column: lock.root.column };
}

function v2Entry(root: JsonObjectNode, location: string): { line: number; column: number } | undefined {
  const packages = getProperty(root, "packages");
  if (!packages || packages.value.kind !== "object") return undefined;
  return getProperty(packages.value, location);
}

function v1Entry(root: JsonObjectNode, location: string): { line: number; column: number } | undefined {
  if (!location.startsWith("node_modules/")) return undefined;
  const names = location.slice("node_modules/".length).split("/node_modules/");
  let container: JsonObjectNode = root;
  let found: { line: number; column: number } | undefined;
  for (const name of names) {
    const dependencies = getProperty(container, "dependencies");
    if (!dependencies || dependencies.value.kind !== "object") return undefined;
    const entry = getProperty(dependencies.value, name);
    if (!entry || entry.value.kind !== "object") return undefined;
    found = entry;
    container = entry.value;
  }
  return found;
}
