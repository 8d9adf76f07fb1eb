import type { Category, Severity } from "../../rules/util/types.js";

export type { Category, Severity };

/** One hazard at one place. Positions are 1-based; `file` is relative to the working directory with `/`. */
export interface Finding {
  readonly ruleId: string;
  readonly category: Category;
  readonly severity: Severity;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  /** Which of the rule's `meta.messages` this is: stable across wording changes, for tests and tools. */
  readonly messageId?: string;
  readonly message: string;
  readonly suggestion?: string;
  /** The call chain from a deterministic zone to the hazard, when the finding was reached through one. */
  readonly trace?: readonly string[];
  /**
   * A position-free identity (rule, file, the normalised source of the hazard or the message, and an ordinal
   * among identical ones): stable when lines move, used by baselines and SARIF `partialFingerprints`.
   */
  readonly fingerprint?: string;
  /** Present (true) when the file was audited as test code (the configuration's `tests` globs). */
  readonly test?: true;
  /**
   * Internal, never in a report: the rule reports this only inside deterministic zones (its meta's
   * `onlyInZones`). The analyzer keeps it where a zone holds or reaches it, without the mark, and drops it elsewhere.
   */
  readonly onlyInZones?: true;
}

export interface SuppressedFinding extends Finding {
  readonly reason: string;
}

/** A file that could not be read or parsed; the rest of the project is still scanned. */
export interface FileError {
  readonly file: string;
  readonly line?: number;
  readonly message: string;
}

/**
 * A file left out on purpose that a user might expect scanned (today: minified bundles, `*.min.js`), so that
 * leaving it out is said rather than silent. Not an error: the exit code does not change.
 */
export interface SkippedFile {
  readonly file: string;
  readonly reason: "minified";
}

export interface Summary {
  readonly filesScanned: number;
  readonly errorCount: number;
  readonly warningCount: number;
  readonly suppressedCount: number;
  readonly durationMs: number;
}

/** The contract of ../shared/schemas/report.schema.json; field order is the order of the JSON output. */
export interface Report {
  readonly tool: { readonly name: "detkit"; readonly version: string };
  readonly findings: readonly Finding[];
  readonly suppressed: readonly SuppressedFinding[];
  readonly errors: readonly FileError[];
  /** Present when files were left out on purpose; sorted by file. An addition the report schema allows. */
  readonly skipped?: readonly SkippedFile[];
  readonly summary: Summary;
}
