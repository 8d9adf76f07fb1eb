import { readdirSync, readFileSync, type Dirent } from "node:fs";
import { join } from "node:path";
import semver from "semver";
import type { CiFile, CiFileKind, RuntimePin } from "../../rules/util/dependency-context.js";
import { compareStrings } from "@detkit/runtime/collections";
import type { FileError } from "../report/types.js";
import { isRecord } from "../json-document/file.js";
import type { ManifestFile } from "./manifest.js";
import { displayPath } from "../paths.js";

/** What reading the project's other files produced; an unreadable file is an error entry, not a crash. */
export interface FileScan<T> {
  readonly items: T[];
  readonly errors: FileError[];
  readonly filesRead: number;
}

const DOCKERFILE = /^(?:Dockerfile|Containerfile)(?:\.[\w.-]+)?$|\.(?:[Dd]ockerfile|[Cc]ontainerfile)$/;
const WORKFLOW = /\.ya?ml$/;
/** Directories never searched for Dockerfiles: installed packages and version control. */
const DOCKERFILE_SEARCH_SKIPS = new Set(["node_modules", ".git"]);

function listDirectory(directory: string): Dirent[] {
  try {
    return readdirSync(directory, { withFileTypes: true }).sort((a, b) => compareStrings(a.name, b.name));
  } catch {
    return [];
  }
}

function readText(path: string, cwd: string, errors: FileError[]): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = error instanceof Error && "code" in error ? String(error.code) : "unknown error";
    errors.push({ file: displayPath(cwd, path), message: `cannot read the file (${code})` });
    return undefined;
  }
}

/**
 * The files whose commands install packages: GitHub workflows (`.github/workflows/*.yml|yaml`),
 * `.gitlab-ci.yml`, and Dockerfiles (`Dockerfile`, `Dockerfile.*`, `*.Dockerfile`, `Containerfile`) in the
 * project root, its direct subdirectories and every workspace folder. Sorted by path.
 */
export function collectCiFiles(projectDirectory: string, workspaceDirectories: readonly string[], cwd: string): FileScan<CiFile> {
  const found = new Map<string, CiFileKind>();
  const workflows = join(projectDirectory, ".github", "workflows");
  for (const entry of listDirectory(workflows)) {
    if (entry.isFile() && WORKFLOW.test(entry.name)) found.set(join(workflows, entry.name), "github-workflow");
  }
  const gitlab = join(projectDirectory, ".gitlab-ci.yml");
  const dockerDirectories = [projectDirectory, ...workspaceDirectories];
  for (const entry of listDirectory(projectDirectory)) {
    if (entry.isFile() && entry.name === ".gitlab-ci.yml") found.set(gitlab, "gitlab-ci");
    if (entry.isDirectory() && !DOCKERFILE_SEARCH_SKIPS.has(entry.name)) dockerDirectories.push(join(projectDirectory, entry.name));
  }
  for (const directory of dockerDirectories) {
    for (const entry of listDirectory(directory)) {
      if (entry.isFile() && DOCKERFILE.test(entry.name)) found.set(join(directory, entry.name), "dockerfile");
    }
  }

  const items: CiFile[] = [];
  const errors: FileError[] = [];
  for (const [path, kind] of found) {
    const text = readText(path, cwd, errors);
    if (text !== undefined) items.push({ file: displayPath(cwd, path), kind, text });
  }
  items.sort((a, b) => compareStrings(a.file, b.file));
  return { items, errors, filesRead: found.size };
}

function nonEmpty(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}

/**
 * Everything at the project root that fixes the Node.js version: `engines.node` (any range but `*`),
 * `volta.node`, `packageManager`, `.nvmrc`, `.node-version`, or a `nodejs` line in `.tool-versions`.
 */
export function collectRuntimePins(projectDirectory: string, manifest: ManifestFile, cwd: string): FileScan<RuntimePin> {
  const items: RuntimePin[] = [];
  const errors: FileError[] = [];
  let filesRead = 0;
  const { data } = manifest;
  const engines = data.engines;
  if (isRecord(engines) && nonEmpty(engines.node) && semver.validRange(engines.node) !== "*") {
    items.push({ source: "engines.node", file: manifest.file, value: engines.node });
  }
  const volta = data.volta;
  if (isRecord(volta) && nonEmpty(volta.node)) items.push({ source: "volta.node", file: manifest.file, value: volta.node });
  if (nonEmpty(data.packageManager)) items.push({ source: "packageManager", file: manifest.file, value: data.packageManager });

  const present = new Set(listDirectory(projectDirectory).filter((entry) => entry.isFile()).map((entry) => entry.name));
  for (const name of [".node-version", ".nvmrc"] as const) {
    if (!present.has(name)) continue;
    filesRead++;
    const path = join(projectDirectory, name);
    const text = readText(path, cwd, errors);
    if (text !== undefined && text.trim() !== "") items.push({ source: name, file: displayPath(cwd, path), value: text.trim() });
  }
  if (present.has(".tool-versions")) {
    filesRead++;
    const path = join(projectDirectory, ".tool-versions");
    const text = readText(path, cwd, errors);
    const line = text?.split(/\r?\n/).find((candidate) => /^\s*nodejs\s+\S/.test(candidate));
    if (line !== undefined) items.push({ source: ".tool-versions", file: displayPath(cwd, path), value: line.trim() });
  }
  items.sort((a, b) => compareStrings(a.source, b.source));
  return { items, errors, filesRead };
}
