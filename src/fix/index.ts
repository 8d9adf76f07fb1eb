import { readFileSync } from "node:fs";
import { createTwoFilesPatch } from "diff";
import type { SourceFix } from "../../rules/util/types.js";
import { compareStrings } from "@detkit/runtime/collections";
import type { FileFix } from "../analyzer/index.js";
import { writeFileAtomic } from "../atomic-write.js";
import { messageOf, UsageError } from "../errors.js";
import { displayPath } from "../paths.js";
import { applyFixes } from "./apply.js";

/** What `--fix` would write to one file. */
export interface FilePlan {
  readonly path: string;
  readonly before: string;
  readonly after: string;
  readonly applied: number;
}

/**
 * The new text of every file that has fixes, reading each file once. Files whose fixed text would not parse
 * keep their text and are left out.
 */
export function planFixes(fixes: readonly FileFix[]): FilePlan[] {
  const byPath = new Map<string, SourceFix[]>();
  for (const { path, fix } of fixes) byPath.set(path, [...(byPath.get(path) ?? []), fix]);
  return [...byPath.keys()].sort(compareStrings).flatMap((path) => {
    const before = readFileSync(path, "utf8");
    const { text, applied } = applyFixes(path, before, byPath.get(path) ?? []);
    return applied > 0 && text !== before ? [{ path, before, after: text, applied }] : [];
  });
}

/** A unified diff of the planned changes, with paths relative to the working directory (`a/` and `b/`). */
export function planDiff(plans: readonly FilePlan[], cwd: string): string {
  return plans
    .map((plan) => {
      const file = displayPath(cwd, plan.path);
      return createTwoFilesPatch(`a/${file}`, `b/${file}`, plan.before, plan.after, undefined, undefined, { context: 3 })
        .split("\n")
        .filter((line) => !line.startsWith("===="))
        .join("\n");
    })
    .join("");
}

/**
 * Writes every planned file, each atomically. A file that changed since it was read is left alone (the user
 * is editing it); a write failure is a UsageError naming the file.
 */
export function writePlans(plans: readonly FilePlan[], cwd: string): FilePlan[] {
  const written: FilePlan[] = [];
  for (const plan of plans) {
    if (readFileSync(plan.path, "utf8") !== plan.before) continue;
    try {
      writeFileAtomic(plan.path, plan.after);
    } catch (error) {
      throw new UsageError(`cannot write ${displayPath(cwd, plan.path)}: ${messageOf(error)}`);
    }
    written.push(plan);
  }
  return written;
}
