import type { TextEdit } from "../../rules/util/dependency-context.js";
import { compareStrings } from "@detkit/runtime/collections";
import { writeFileAtomic } from "../atomic-write.js";
import { UsageError } from "../errors.js";
import type { DependencyAuditRequest } from "./audit.js";
import { runDependencyRules } from "./audit.js";
import { messageOf } from "../errors.js";
import { loadDependencyProject } from "./project.js";
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
}

function applyEdits(text: string, edits: readonly TextEdit[]): string {
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
 * `detkit deps --fix`: rewrites every spec flagged by no-unpinned-range (and not accepted) to the exact version
 * the lockfile holds, in each package.json of the project. Only the spec's string changes, so indentation, key
 * order, line endings and the final newline stay as they were; each file is written atomically. Refuses, with a
 * UsageError, when there is no lockfile or it is out of sync with package.json: its versions are then not
 * what the project installs.
 */
export async function fixRanges(request: DependencyAuditRequest): Promise<FixResult> {
  const loaded = await loadDependencyProject(request.root, request.cwd);
  const { project } = loaded;
  const rootFile = project.manifests[0]?.file ?? "package.json";
  if (!project.lockfile) {
    throw new UsageError(
      `--fix takes exact versions from the lockfile, and there is none beside ${rootFile}; run \`npm install --package-lock-only\` first`,
    );
  }
  const outOfSync = project.manifests.flatMap((manifest) =>
    manifest.dependencies.filter((dependency) => dependency.lock !== undefined && dependency.lock.status !== "ok"),
  );
  if (outOfSync.length > 0) {
    const names = outOfSync.map((dependency) => dependency.name);
    const shown = names.length > 3 ? `${names.slice(0, 3).join(", ")} and ${names.length - 3} more` : names.join(", ");
    throw new UsageError(
      `${project.lockfile.file} is out of sync with package.json (${shown}); run \`npm install\` to update it, then \`detkit deps --fix\``,
    );
  }

  const outcomes = runDependencyRules(project, request.options, request.rules ?? DEPENDENCY_RULES);
  const editsByFile = new Map<string, TextEdit[]>();
  const pinned: PinnedSpec[] = [];
  for (const outcome of outcomes) {
    if (outcome.acceptedBy || !outcome.report.fix) continue;
    for (const edit of outcome.report.fix) {
      const manifest = loaded.manifestFiles.find((candidate) => candidate.file === edit.file);
      if (!manifest) continue;
      const edits = editsByFile.get(edit.file) ?? [];
      edits.push(edit);
      editsByFile.set(edit.file, edits);
      pinned.push({
        file: edit.file,
        line: outcome.finding.line,
        name: outcome.report.package?.name ?? "",
        from: manifest.text.slice(edit.start, edit.end),
        to: edit.text,
      });
    }
  }
  for (const file of [...editsByFile.keys()].sort(compareStrings)) {
    const manifest = loaded.manifestFiles.find((candidate) => candidate.file === file);
    const edits = editsByFile.get(file);
    if (!manifest || !edits) continue;
    try {
      writeFileAtomic(manifest.path, applyEdits(manifest.text, edits));
    } catch (error) {
      throw new UsageError(`cannot write ${file}: ${messageOf(error)}`);
    }
  }
  pinned.sort((a, b) => compareStrings(a.file, b.file) || a.line - b.line);
  return { pinned };
}
