import { readFileSync } from "node:fs";
import type { DependencyField, TextEdit } from "../../rules/util/dependency-context.js";
import { compareStrings } from "@detkit/runtime/collections";
import { FileWriteError, writeFilesAtomically, type FileWrite } from "../atomic-write.js";
import { messageOf, UsageError } from "../errors.js";
import { getProperty } from "../json-document/parse.js";
import type { DependencyAuditRequest } from "./audit.js";
import { runDependencyRules } from "./audit.js";
import type { LockfileFile } from "./lockfile.js";
import type { ManifestFile } from "./manifest.js";
import { readProjectNpmrc } from "./npmrc.js";
import { displayPath } from "../paths.js";
import { loadDependencyProject } from "./project.js";
import { npmCiRefusals } from "./verify.js";
import { DEPENDENCY_RULES } from "../../rules/index.js";

/** One spec `--fix` rewrote. */
export interface PinnedSpec {
  /** The package.json, relative to the working directory. */
  readonly file: string;
  readonly line: number;
  readonly name: string;
  /** The spec as it was, e.g. `"^4.3.4"` (JSON-quoted, as in the file). */
  readonly from: string;
  /** The spec written, e.g. `"4.4.3"`. */
  readonly to: string;
}

export interface FixResult {
  /** Sorted by file and line. */
  readonly pinned: readonly PinnedSpec[];
  /**
   * The lockfile, when `--fix` also updated the copies of package.json specs npm keeps in it (`packages[""]` and
   * each workspace's entry), so that a following `npm install` changes nothing.
   */
  readonly lockfileUpdated?: string;
  /**
   * When the lockfile holds no copy of some pinned specs (lockfile v1 keeps none): the npm command after which
   * a following `npm install` changes nothing (for v1, it rewrites the lockfile as version 3).
   */
  readonly lockfileCommand?: string;
}

function applyEdits(text: string, edits: readonly { start: number; end: number; text: string }[]): string {
  let result = text;
  let limit = Number.POSITIVE_INFINITY;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) {
    // Two fixes for the same bytes cannot both be right; keep the first and leave the other for the next run.
    if (edit.end > limit) continue;
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
    limit = edit.start;
  }
  return result;
}

/**
 * The lockfile edit that records a pinned spec in the lockfile's copy of the manifest (`packages[""]` for the
 * root, `packages["packages/app"]` for a workspace), or undefined when the lockfile keeps no such copy of it.
 */
function lockfileEdit(lock: LockfileFile, manifest: ManifestFile, field: DependencyField, name: string, from: string, to: string) {
  if (lock.lockfileVersion === 1) return undefined;
  const packages = getProperty(lock.root, "packages")?.value;
  const entry = packages?.kind === "object" ? getProperty(packages, manifest.directory)?.value : undefined;
  const section = entry?.kind === "object" ? getProperty(entry, field)?.value : undefined;
  const spec = section?.kind === "object" ? getProperty(section, name)?.value : undefined;
  if (spec?.kind !== "string" || spec.value !== from) return undefined;
  return { start: spec.start, end: spec.end, text: JSON.stringify(to) };
}

/**
 * `detkit deps --fix`: rewrites every spec flagged by no-unpinned-range (and not accepted) to the exact version
 * the lockfile holds, in each package.json of the project, and the same specs in the lockfile's copies of those
 * manifests. Only the spec strings change, so indentation, key order, line endings and the final newline stay
 * as they were.
 *
 * It never leaves a project that npm refuses: it refuses to start when there is no lockfile or `npm ci` would
 * already refuse it; it writes every file together (all or none; through symlinks, keeping mode and owner);
 * then it checks the result the way `npm ci` does, and on any refusal puts every file back as it was and
 * throws a UsageError that says why.
 */
export async function fixRanges(request: DependencyAuditRequest): Promise<FixResult> {
  const options = request.options;
  const loaded = await loadDependencyProject(request.root, request.cwd, {
    ...(options?.kind === undefined ? {} : { kind: { kind: options.kind, file: request.configFile ?? "the configuration" } }),
  });
  const { project, lockfile: lock } = loaded;
  const rootFile = project.manifests[0]?.file ?? "package.json";
  if (!project.lockfile || !lock) {
    throw new UsageError(
      `--fix takes exact versions from the lockfile, and there is none beside ${rootFile}; run \`npm install --package-lock-only\` first`,
    );
  }
  const outOfSync = [
    ...project.manifests.flatMap((manifest) => [
      ...(manifest.inLockfile === false ? [manifest.name ?? manifest.directory] : []),
      ...manifest.dependencies.filter((dependency) => dependency.lock !== undefined && dependency.lock.status !== "ok").map((dependency) => dependency.name),
    ]),
    ...project.lockfile.unsatisfied.map((problem) => problem.name),
  ];
  if (outOfSync.length > 0) {
    const names = [...new Set(outOfSync)];
    const shown = names.length > 3 ? `${names.slice(0, 3).join(", ")} and ${names.length - 3} more` : names.join(", ");
    throw new UsageError(
      `${project.lockfile.file} is out of sync with package.json (${shown}); run \`npm install\` to update it, then \`detkit deps --fix\``,
    );
  }

  const outcomes = runDependencyRules(project, options, request.rules ?? DEPENDENCY_RULES);
  const editsByFile = new Map<string, TextEdit[]>();
  const lockEdits: { start: number; end: number; text: string }[] = [];
  let lockfileMissesSpecs = false;
  const pinned: PinnedSpec[] = [];
  for (const outcome of outcomes) {
    if (outcome.acceptedBy || !outcome.report.fix) continue;
    for (const edit of outcome.report.fix) {
      const index = loaded.manifestFiles.findIndex((candidate) => candidate.file === edit.file);
      const manifest = loaded.manifestFiles[index];
      const declared = project.manifests[index]?.dependencies.find((dependency) => dependency.specRange.start === edit.start);
      if (!manifest || !declared) continue;
      editsByFile.set(edit.file, [...(editsByFile.get(edit.file) ?? []), edit]);
      const to: unknown = JSON.parse(edit.text);
      const recorded = typeof to === "string" ? lockfileEdit(lock, manifest, declared.field, declared.name, declared.spec, to) : undefined;
      if (recorded) lockEdits.push(recorded);
      else lockfileMissesSpecs = true;
      pinned.push({ file: edit.file, line: outcome.finding.line, name: declared.name, from: manifest.text.slice(edit.start, edit.end), to: edit.text });
    }
  }
  pinned.sort((a, b) => compareStrings(a.file, b.file) || a.line - b.line);
  if (pinned.length === 0) return { pinned };

  const writes: FileWrite[] = [];
  const previous = new Map<string, string>();
  for (const file of [...editsByFile.keys()].sort(compareStrings)) {
    const manifest = loaded.manifestFiles.find((candidate) => candidate.file === file);
    if (!manifest) continue;
    writes.push({ path: manifest.path, text: applyEdits(manifest.text, editsByFile.get(file) ?? []) });
    previous.set(manifest.path, manifest.text);
  }
  if (lockEdits.length > 0) {
    writes.push({ path: lock.path, text: applyEdits(lock.text, lockEdits) });
    previous.set(lock.path, lock.text);
  }
  try {
    writeFilesAtomically(writes, previous);
  } catch (error) {
    const file = error instanceof FileWriteError ? displayPath(request.cwd, error.path) : undefined;
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    throw new UsageError(`--fix changed nothing: cannot write ${file ?? "the files"}: ${messageOf(cause).split("\n")[0] ?? ""}`);
  }

  const npmrc = readProjectNpmrc(loaded.directory, request.cwd, []);
  let refusals: string[];
  try {
    refusals = await npmCiRefusals(loaded.directory, { legacyPeerDeps: npmrc.legacyPeerDeps });
  } catch (error) {
    refusals = [messageOf(error).split("\n")[0] ?? "unknown error"];
  }
  if (refusals.length > 0) {
    restore(writes, previous);
    const shown = refusals.length > 2 ? `${refusals.slice(0, 2).join("; ")} and ${refusals.length - 2} more` : refusals.join("; ");
    throw new UsageError(
      `--fix was rolled back, every file is as it was: npm ci would refuse the pinned project (${shown})`,
    );
  }
  const lockfile = lockEdits.length > 0 ? { lockfileUpdated: lock.file } : {};
  return {
    pinned,
    ...lockfile,
    ...(lockfileMissesSpecs ? { lockfileCommand: `npm install --package-lock-only --ignore-scripts` } : {}),
  };
}

/** Puts every file back as it was before `--fix` wrote it (the text as read, mode and owner kept). */
function restore(writes: readonly FileWrite[], previous: ReadonlyMap<string, string>): void {
  const originals = writes.flatMap((write) => {
    const text = previous.get(write.path);
    return text === undefined ? [] : [{ path: write.path, text }];
  });
  writeFilesAtomically(originals);
  // The restored bytes are checked, not assumed: a rollback that silently failed would be the worst outcome.
  for (const original of originals) {
    if (readFileSync(original.path, "utf8") !== original.text) {
      throw new UsageError(`--fix could not restore ${original.path}; restore it from version control`);
    }
  }
}
