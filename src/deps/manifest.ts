import {
  DEPENDENCY_FIELDS,
  type DependencyField,
  type ManifestScript,
  type SourcePosition,
} from "../../rules/util/dependency-context.js";
import { getProperty, type JsonNode, type JsonObjectNode, type JsonStringNode } from "../json-document/parse.js";
import { isRecord, readJsonObjectFile, shapeError, toPlainValue, type JsonFile } from "../json-document/file.js";

/** A package.json read with positions and checked for the shape of every field the audit reads. */
export interface ManifestFile extends JsonFile {
  /** The plain value, as JSON.parse gives it (for npm's own libraries and the configuration). */
  readonly data: Readonly<Record<string, unknown>>;
  /** Directory relative to the project root, `""` for the root. */
  readonly directory: string;
}

/** A dependency entry before the lockfile is consulted. */
export interface ManifestDependency {
  readonly name: string;
  readonly spec: string;
  readonly field: DependencyField;
  readonly position: SourcePosition;
  readonly specRange: { readonly start: number; readonly end: number };
}

function expectString(file: string, node: JsonNode, path: readonly string[]): void {
  if (node.kind !== "string") throw shapeError(file, node, path, "a string");
}

function expectObjectOfStrings(file: string, node: JsonNode, path: readonly string[], what: string): void {
  if (node.kind !== "object") throw shapeError(file, node, path, `an object of ${what}`);
  for (const property of node.properties) {
    if (property.value.kind !== "string") throw shapeError(file, property.value, [...path, property.key], "a string");
  }
}

function expectObjectWithString(file: string, node: JsonNode, path: readonly string[], key: string): void {
  if (node.kind !== "object") throw shapeError(file, node, path, "an object");
  const inner = getProperty(node, key);
  if (inner) expectString(file, inner.value, [...path, key]);
}

function expectStringArray(file: string, node: JsonNode, path: readonly string[]): void {
  if (node.kind !== "array") throw shapeError(file, node, path, "an array of glob strings");
  node.items.forEach((item, index) => {
    if (item.kind !== "string") throw shapeError(file, item, [...path, String(index)], "a string");
  });
}

/** Checks the fields npm and the audit read; a wrong type is a UsageError with the file, line and key. */
function validateManifest(file: string, root: JsonObjectNode): void {
  for (const property of root.properties) {
    const { key, value } = property;
    switch (key) {
      case "name":
      case "version":
      case "packageManager":
        expectString(file, value, [key]);
        break;
      case "dependencies":
      case "devDependencies":
      case "optionalDependencies":
      case "peerDependencies":
        expectObjectOfStrings(file, value, [key], "package names to version specs");
        break;
      case "scripts":
        expectObjectOfStrings(file, value, [key], "script names to commands");
        break;
      case "engines":
        expectObjectWithString(file, value, [key], "node");
        break;
      case "volta":
        expectObjectWithString(file, value, [key], "node");
        break;
      case "workspaces":
        if (value.kind === "object") {
          const packages = getProperty(value, "packages");
          if (packages) expectStringArray(file, packages.value, [key, "packages"]);
        } else {
          expectStringArray(file, value, [key]);
        }
        break;
      default:
        break;
    }
  }
}

/** Reads a package.json; throws UsageError for anything that is not a well-formed manifest. */
export function readManifest(path: string, file: string, directory: string): ManifestFile {
  const json = readJsonObjectFile(path, file);
  validateManifest(file, json.root);
  const data = toPlainValue(json.root);
  return { ...json, data: isRecord(data) ? data : {}, directory };
}

/** Where a string value ends: JSON strings never span lines. */
function stringPosition(file: string, key: { line: number; column: number }, value: JsonStringNode): SourcePosition {
  return {
    file,
    line: key.line,
    column: key.column,
    endLine: value.line,
    endColumn: value.column + (value.end - value.start),
  };
}

/** Every dependency entry, field by field in DEPENDENCY_FIELDS order, in file order within a field. */
export function manifestDependencies(manifest: ManifestFile): ManifestDependency[] {
  const entries: ManifestDependency[] = [];
  for (const field of DEPENDENCY_FIELDS) {
    const section = getProperty(manifest.root, field);
    if (!section || section.value.kind !== "object") continue;
    for (const property of section.value.properties) {
      const value = property.value;
      if (value.kind !== "string") continue;
      entries.push({
        name: property.key,
        spec: value.value,
        field,
        position: stringPosition(manifest.file, property, value),
        specRange: { start: value.start, end: value.end },
      });
    }
  }
  return entries;
}

export function manifestScripts(manifest: ManifestFile): ManifestScript[] {
  const section = getProperty(manifest.root, "scripts");
  if (!section || section.value.kind !== "object") return [];
  const scripts: ManifestScript[] = [];
  for (const property of section.value.properties) {
    const value = property.value;
    if (value.kind !== "string") continue;
    scripts.push({
      name: property.key,
      rawCommand: manifest.text.slice(value.start + 1, value.end - 1),
      position: { file: manifest.file, line: value.line, column: value.column + 1 },
    });
  }
  return scripts;
}

/** The manifest's top-level object, where findings about the whole project point. */
export function manifestPosition(manifest: ManifestFile): SourcePosition {
  return { file: manifest.file, line: manifest.root.line, column: manifest.root.column };
}

export function stringField(data: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const value = data[key];
  return typeof value === "string" ? value : undefined;
}
