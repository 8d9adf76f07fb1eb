/**
 * `detkit diff`: what a lockfile change really brings in. A function from two sides (a git ref or a lockfile,
 * and the working tree or another lockfile) and options to the diff object; it never prints or exits.
 */
import { resolve } from "node:path";
import type { LockedPackage } from "../../rules/util/dependency-context.js";
import type { ActiveRule } from "../analyzer/index.js";
import { UsageError } from "../errors.js";
import { compareFindings, TOOL_NAME } from "../report/build.js";
import { loadDependencyTree, scanPackageFiles, type DependencyAuditSettings } from "./adapters.js";
import { compareChanges, compareTrees, newFindings, sortFlags, type DiffTree } from "./compare.js";
import { NOT_AVAILABLE, packageFiles, type ContentSources, type PackageFiles } from "./contents.js";
import { keyFindings, newUses, type PackageFinding } from "./nondeterminism.js";
import { materialise, readBase, readHead, type SideFiles } from "./sides.js";
import type { DiffFinding, DiffFlag, DiffResult, PackageChange } from "./types.js";

export type { DiffFinding, DiffFlag, DiffResult, PackageChange } from "./types.js";
export { DEFAULT_FAIL_ON, DIFF_FLAGS, isDiffFlag } from "./types.js";

export interface DiffRequest {
  /** The working directory: paths in the request and in the result are relative to it. */
  readonly cwd: string;
  /** The project directory (with package.json); its git repository answers `base` when it is a ref. */
  readonly directory: string;
  /** A git ref, a lockfile, or a directory with one. */
  readonly base: string;
  /** A lockfile or a directory with one. @default the lockfile of `directory` in the working tree */
  readonly head?: string;
  /** Flags that count as errors. */
  readonly failOn: readonly DiffFlag[];
  /** Options, rules and severities of the dependency audit whose new findings are reported. */
  readonly dependencyAudit: DependencyAuditSettings;
  /** Scan added and updated packages for new nondeterministic API use; omitted: no scan. */
  readonly scan?: {
    readonly rules: readonly ActiveRule[];
    readonly sources: ContentSources;
    /** Called after each package, for a progress display. */
    readonly onProgress?: (done: number, total: number) => void;
  };
  readonly version: string;
}

const FILE_NAMES = ["package.json", "package-lock.json", "npm-shrinkwrap.json"];

/** Errors of the dependency audit name the temporary copy's files; say which side and file they were. */
function relabel(error: unknown, side: SideFiles): unknown {
  if (!(error instanceof UsageError)) return error;
  const name = FILE_NAMES.find((file) => error.message.startsWith(`${file}:`) || error.message.startsWith(`${file} `));
  if (name === undefined) return new UsageError(`${side.label}: ${error.message}`);
  const shown = name === "package.json" ? side.manifestDisplay : side.lockfileDisplay;
  return new UsageError(`${shown}${error.message.slice(name.length)}`);
}

async function loadSide(side: SideFiles, settings: DependencyAuditSettings): Promise<DiffTree> {
  const copy = materialise(side);
  try {
    const tree = await loadDependencyTree(copy.directory, settings);
    // Findings name the copy's files; show them as the side's own.
    const findings = tree.findings.map((finding) => {
      const shown = finding.file === "package.json" ? side.manifestDisplay : finding.file === side.lockfileName ? side.lockfileDisplay : finding.file;
      return { ...finding, file: shown };
    });
    return { ...tree, findings, manifestFile: side.manifestDisplay };
  } catch (error) {
    throw relabel(error, side);
  } finally {
    copy.dispose();
  }
}

/**
 * What an added package's code is compared with: the same package at another path of base, when base has it
 * (a new version nested below a dependent, beside the old one that stays hoisted), preferring the hoisted copy.
 * Without it every use in a new copy of a familiar package would count as new.
 */
export function sameNameElsewhere(packages: readonly LockedPackage[], added: LockedPackage): LockedPackage | undefined {
  const candidates = packages.filter((locked) => locked.packageName === added.packageName && !locked.link);
  return candidates.find((locked) => locked.location === `node_modules/${locked.packageName}`) ?? candidates[0];
}

/** The packages whose contents are compared: what head brings in, new or republished. */
function scanned(change: PackageChange): boolean {
  return change.kind === "added" || change.kind === "updated" || (change.kind === "changed" && change.flags.includes("integrity-changed"));
}

function describe(locked: LockedPackage): string {
  return `${locked.packageName} ${locked.version}`;
}

async function findingsOf(files: PackageFiles & { available: true }, rules: readonly ActiveRule[]): Promise<PackageFinding[]> {
  const scan = await scanPackageFiles(files.root, files.files, rules);
  return keyFindings(files.root, scan.findings);
}

/**
 * Why a change was not checked, worded the same for every package with the same cause so reports can group
 * them; `baseVersion` when it is the old version that was missing.
 */
function notCheckedReason(files: PackageFiles & { available: false }, baseVersion: string | undefined, sources: ContentSources): string {
  if (files.refused) return files.reason;
  const what = baseVersion === undefined ? "contents" : "the old version's contents";
  const advice = files.reason === NOT_AVAILABLE ? (sources.fetch ? "" : baseVersion === undefined ? "; run npm ci or pass --fetch" : "; pass --fetch") : "";
  return `${what} not available (${files.reason}${advice})`;
}

interface ContentOutcome {
  readonly findings: readonly DiffFinding[];
  readonly notChecked?: string;
}

/** Scans both versions of one changed package and returns the uses head has that base did not. */
async function compareContents(
  change: PackageChange,
  base: LockedPackage | undefined,
  head: LockedPackage,
  sides: { base: SideFiles; head: SideFiles },
  request: DiffRequest & { scan: NonNullable<DiffRequest["scan"]> },
): Promise<ContentOutcome> {
  const { sources, rules } = request.scan;
  // The same version with another integrity: the installed copy could be either tarball, so only the cache decides.
  const republished = change.kind === "changed";
  const installedHead = sides.head.installed && !republished ? sides.head.projectDirectory : undefined;
  const headFiles = await packageFiles(head, installedHead, sides.head.projectDirectory, sources);
  if (!headFiles.available) return { findings: [], notChecked: notCheckedReason(headFiles, undefined, request.scan.sources) };
  try {
    let before: PackageFinding[] = [];
    if (base) {
      // node_modules may still hold the old version (a lockfile upgraded with --package-lock-only).
      const installedBase = republished ? undefined : sides.head.projectDirectory;
      const baseFiles = await packageFiles(base, installedBase, sides.base.projectDirectory, sources);
      if (!baseFiles.available) return { findings: [], notChecked: notCheckedReason(baseFiles, base.version, request.scan.sources) };
      try {
        before = await findingsOf(baseFiles, rules);
      } finally {
        baseFiles.dispose();
      }
    }
    const after = await findingsOf(headFiles, rules);
    const severity = request.failOn.includes("new-nondeterminism") ? "error" : "warning";
    const findings = newUses(before, after).map(({ finding, before: had, after: has }): DiffFinding => {
      const other = base !== undefined && base.location !== head.location ? ` at ${base.location}` : "";
      const was =
        base === undefined
          ? "a package new in this change"
          : had === 0
            ? `not in ${base.version}${other}${republished ? "'s tarball as locked before" : ""}`
            : `${has} uses, ${had} in ${base.version}${other}`;
      return {
        ruleId: finding.ruleId,
        category: finding.category,
        severity,
        file: `${change.path}/${finding.file}`,
        line: finding.line,
        column: finding.column,
        ...(finding.endLine === undefined ? {} : { endLine: finding.endLine }),
        ...(finding.endColumn === undefined ? {} : { endColumn: finding.endColumn }),
        message: `${describe(head)}: ${finding.message} (${was})`,
        package: { name: change.name, path: change.path, ...(base ? { from: base.version } : {}), to: head.version },
      };
    });
    return { findings };
  } finally {
    headFiles.dispose();
  }
}

/**
 * Compares the dependency trees of two sides. Throws UsageError for input it cannot compare: an unknown git
 * ref, no lockfile at the ref or path, a malformed lockfile or package.json on either side, no git repository.
 */
export async function diffDependencies(request: DiffRequest): Promise<DiffResult> {
  const directory = resolve(request.cwd, request.directory);
  const sides = { base: readBase(request.base, directory, request.cwd), head: readHead(request.head, directory, request.cwd) };
  const base = await loadSide(sides.base, request.dependencyAudit);
  const head = await loadSide(sides.head, request.dependencyAudit);

  let changes = compareTrees(base, head);
  const findings: DiffFinding[] = newFindings(base.findings, head.findings);

  if (request.scan) {
    const scan = request.scan;
    const before = new Map(base.packages.map((locked) => [locked.location, locked]));
    const after = new Map(head.packages.map((locked) => [locked.location, locked]));
    const targets = changes.filter(scanned);
    const outcomes = new Map<PackageChange, ContentOutcome>();
    for (const [index, change] of targets.entries()) {
      const current = after.get(change.path);
      if (current) {
        const old = change.kind === "added" ? sameNameElsewhere(base.packages, current) : before.get(change.path);
        outcomes.set(change, await compareContents(change, old, current, sides, { ...request, scan }));
      }
      scan.onProgress?.(index + 1, targets.length);
    }
    changes = changes.map((change) => {
      const outcome = outcomes.get(change);
      if (!outcome) return change;
      findings.push(...outcome.findings);
      const flags = outcome.findings.length > 0 ? sortFlags([...change.flags, "new-nondeterminism"]) : change.flags;
      return { ...change, flags, ...(outcome.notChecked === undefined ? {} : { notChecked: outcome.notChecked }) };
    });
  }
  return assemble(request, sides, changes, findings);
}

function assemble(
  request: DiffRequest,
  sides: { base: SideFiles; head: SideFiles },
  changes: readonly PackageChange[],
  findings: readonly DiffFinding[],
): DiffResult {
  const sortedChanges = [...changes].sort(compareChanges);
  const sortedFindings = [...findings].sort(compareFindings);
  const count = (kind: PackageChange["kind"]) => sortedChanges.filter((change) => change.kind === kind).length;
  // A new-nondeterminism flag is counted through its findings, which carry the severity it implies.
  const flags = sortedChanges.flatMap((change) => change.flags).filter((flag) => flag !== "new-nondeterminism");
  const failing = flags.filter((flag) => request.failOn.includes(flag)).length;
  const errorFindings = sortedFindings.filter((finding) => finding.severity === "error").length;
  return {
    tool: { name: TOOL_NAME, version: request.version },
    base: { label: sides.base.label, lockfile: sides.base.lockfileDisplay },
    head: { label: sides.head.label, lockfile: sides.head.lockfileDisplay },
    failOn: [...request.failOn],
    changes: sortedChanges,
    findings: sortedFindings,
    summary: {
      added: count("added"),
      removed: count("removed"),
      updated: count("updated"),
      changed: count("changed"),
      flagged: sortedChanges.filter((change) => change.flags.length > 0).length,
      errorCount: failing + errorFindings,
      warningCount: flags.length - failing + (sortedFindings.length - errorFindings),
      notChecked: sortedChanges.filter((change) => change.notChecked !== undefined).length,
    },
  };
}

/** Exit code contract: 1 when a flag named in failOn or an error-severity finding is present. */
export function diffExitCode(result: DiffResult): 0 | 1 {
  return result.summary.errorCount > 0 ? 1 : 0;
}
