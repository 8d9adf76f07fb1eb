import type { Finding } from "../report/types.js";

/** How a package at one path of the tree differs between base and head. */
export type ChangeKind = "added" | "removed" | "updated" | "changed";

/** The size of an update; `downgrade` when head's version is lower, `prerelease` when head's is a prerelease. */
export type Bump = "major" | "minor" | "patch" | "prerelease" | "downgrade";

/** Things about a change that need a reviewer's attention (the contract's `flags`). */
export type DiffFlag = "integrity-changed" | "source-changed" | "install-script-added" | "new-nondeterminism" | "range-widened";

/** Every flag, in the order reports explain them. */
export const DIFF_FLAGS: readonly DiffFlag[] = [
  "install-script-added",
  "integrity-changed",
  "source-changed",
  "new-nondeterminism",
  "range-widened",
];

/** The flags that fail a run unless the configuration's `diff.failOn` says otherwise. */
export const DEFAULT_FAIL_ON: readonly DiffFlag[] = ["install-script-added", "integrity-changed", "source-changed", "new-nondeterminism"];

export function isDiffFlag(value: unknown): value is DiffFlag {
  return DIFF_FLAGS.some((flag) => flag === value);
}

/** One package at one path of the tree. Fields after `flags` are detkit's additions to the contract. */
export interface PackageChange {
  /** The folder name it is installed under (the alias for an `npm:` alias). */
  readonly name: string;
  /** Its place in the tree, e.g. `node_modules/a/node_modules/b`. */
  readonly path: string;
  readonly kind: ChangeKind;
  /** Base's version (absent for `added`). */
  readonly from?: string;
  /** Head's version (absent for `removed`). */
  readonly to?: string;
  /** Only for `updated` between two semver versions. */
  readonly bump?: Bump;
  /** Sorted in DIFF_FLAGS order. */
  readonly flags: readonly DiffFlag[];
  /** With `source-changed`: where the package came from before and after. */
  readonly source?: { readonly from: string; readonly to: string };
  /** With `range-widened`: the package.json spec before and after. */
  readonly range?: { readonly file: string; readonly from: string; readonly to: string };
  /**
   * Why the package's contents were not scanned for new nondeterminism, for an added, updated or republished
   * package whose contents could not be had; absent when they were scanned or scanning was turned off.
   */
  readonly notChecked?: string;
}

/** A finding of the diff: a dependency finding new in head, or a nondeterministic API use new in a package. */
export interface DiffFinding extends Finding {
  /** For new nondeterminism: the package (at its path in head) whose shipped code has the finding. */
  readonly package?: { readonly name: string; readonly path: string; readonly from?: string; readonly to: string };
}

/** Where one side of the comparison came from. */
export interface DiffSide {
  /** What the user named: a git ref, a lockfile path, or the working tree's lockfile. */
  readonly label: string;
  /** The lockfile read, e.g. `origin/main:package-lock.json` or `package-lock.json`. */
  readonly lockfile: string;
}

export interface DiffSummary {
  readonly added: number;
  readonly removed: number;
  readonly updated: number;
  readonly changed: number;
  /** Changes with at least one flag. */
  readonly flagged: number;
  /**
   * Flags named in `failOn` plus error-severity findings: the run fails when this is not 0. New nondeterminism
   * counts once per finding (an error when `failOn` names it), not once more for its flag.
   */
  readonly errorCount: number;
  /** Flags not in `failOn` plus warning findings. */
  readonly warningCount: number;
  /** Added, updated or republished packages whose contents could not be scanned. */
  readonly notChecked: number;
}

/** The contract of schemas/diff.schema.json (`changes`, `findings`, `summary`), with detkit's additions. */
export interface DiffResult {
  readonly tool: { readonly name: "detkit"; readonly version: string };
  readonly base: DiffSide;
  readonly head: DiffSide;
  /** The flags that count as errors in this run (`diff.failOn`). */
  readonly failOn: readonly DiffFlag[];
  /** Sorted by path, then kind. */
  readonly changes: readonly PackageChange[];
  /** Sorted by file, line, column, rule id, message. */
  readonly findings: readonly DiffFinding[];
  readonly summary: DiffSummary;
}
