import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createTwoFilesPatch } from "diff";
import type { SourceFix } from "../../rules/util/types.js";
import { compareStrings } from "@detkit/runtime/collections";
import type { FileFix } from "../analyzer/index.js";
import { FileWriteError, writeFilesAtomically } from "../atomic-write.js";
import { UsageError } from "../errors.js";
import { displayPath } from "../paths.js";
import { applyFixes } from "./apply.js";

/** What `--fix` would write to one file. */
export interface FilePlan {
  readonly path: string;
  readonly before: string;
  readonly after: string;
  readonly applied: number;
  /** Modules the fixes import that the file did not import before (`@detkit/runtime/collections`). */
  readonly imported: readonly string[];
}

/** A package the fixes import that the nearest package.json does not list. */
export interface MissingDependency {
  readonly name: string;
  readonly manifest: string;
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
    const fixes = byPath.get(path) ?? [];
    const { text, applied } = applyFixes(path, before, fixes);
    const modules = [...new Set(fixes.flatMap((fix) => (fix.imports ?? []).map((required) => required.module)))];
    const imported = modules.filter((module) => !importsModule(before, module) && importsModule(text, module)).sort(compareStrings);
    return applied > 0 && text !== before ? [{ path, before, after: text, applied, imported }] : [];
  });
}

/** Whether a file's text imports or requires `module` (a mention in a comment does not count). */
function importsModule(text: string, module: string): boolean {
  const quoted = module.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  return new RegExp(`(?:\\bfrom\\s*|\\bimport\\s*\\(?\\s*|\\brequire\\s*\\(\\s*)["']${quoted}["']`).test(text);
}

/** The package a module specifier names: `@detkit/runtime/collections` → `@detkit/runtime`. */
function packageNameOf(specifier: string): string {
  const parts = specifier.split("/");
  return (specifier.startsWith("@") ? parts.slice(0, 2) : parts.slice(0, 1)).join("/");
}

/** The fields of a folder's package.json, or undefined when it cannot be read as an object (a byte-order mark is allowed). */
function manifestFieldsIn(folder: string): Record<string, unknown> | undefined {
  try {
    const text = readFileSync(join(folder, "package.json"), "utf8");
    const parsed: unknown = JSON.parse(text.replace(/^\uFEFF/, ""));
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const DEPENDENCY_FIELDS = ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"];

/**
 * The nearest folder at or above `folder` whose package.json declares a package: a name or dependencies. A
 * marker such as `{ "type": "module" }` in a subfolder only sets the module format and is passed over.
 */
function packageFolderAbove(folder: string): { readonly folder: string; readonly fields: Record<string, unknown> } | undefined {
  for (let current = folder; ; current = dirname(current)) {
    const fields = existsSync(join(current, "package.json")) ? manifestFieldsIn(current) : undefined;
    if (fields !== undefined && (typeof fields.name === "string" || DEPENDENCY_FIELDS.some((field) => field in fields))) return { folder: current, fields };
    if (dirname(current) === current) return undefined;
  }
}

/**
 * The packages the planned fixes import that the package.json nearest each fixed file does not list, so that
 * the user is told to install them before the fixed code can run. A manifest that cannot be read is left out:
 * the audit is not the place to report it.
 */
export function missingDependencies(plans: readonly FilePlan[], cwd: string): MissingDependency[] {
  const missing = new Map<string, MissingDependency>();
  for (const plan of plans) {
    const found = plan.imported.length > 0 ? packageFolderAbove(dirname(plan.path)) : undefined;
    if (found === undefined) continue;
    const { folder, fields } = found;
    const listed = new Set([
      ...(typeof fields.name === "string" ? [fields.name] : []),
      ...DEPENDENCY_FIELDS.flatMap((field) => {
        const entries = fields[field];
        return typeof entries === "object" && entries !== null ? Object.keys(entries) : [];
      }),
    ]);
    const manifest = join(folder, "package.json");
    for (const name of plan.imported.map(packageNameOf)) {
      if (!listed.has(name)) missing.set(`${name}\0${manifest}`, { name, manifest: displayPath(cwd, manifest) });
    }
  }
  return [...missing.values()].sort((a, b) => compareStrings(a.manifest, b.manifest) || compareStrings(a.name, b.name));
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
 * Writes every planned file together: all or none (a file that cannot be written leaves every file as it was).
 * A file that changed since it was read is left alone (the user is editing it); a write failure is a UsageError
 * naming the file.
 */
export function writePlans(plans: readonly FilePlan[], cwd: string): FilePlan[] {
  const current = plans.filter((plan) => readFileSync(plan.path, "utf8") === plan.before);
  try {
    writeFilesAtomically(
      current.map((plan) => ({ path: plan.path, text: plan.after })),
      new Map(current.map((plan) => [plan.path, plan.before])),
    );
  } catch (error) {
    if (!(error instanceof FileWriteError)) throw error;
    throw new UsageError(`cannot write ${displayPath(cwd, error.path)} (${error.reason}); no file was changed`);
  }
  return current;
}
