import type { MessageData, Severity } from "./types.js";

/**
 * What a dependency rule sees: a project as the dependency audit read it, offline, from package.json files,
 * the npm lockfile (through @npmcli/arborist), CI workflows, Dockerfiles and runtime pin files. Everything is
 * plain data, already sorted, so rules are pure functions of it and can be tested without a filesystem.
 */

/** A place in a file the audit read. `file` is relative to the working directory with `/`; 1-based positions. */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
}

/** A replacement of `[start, end)` (UTF-16 offsets) in `file` (relative to the working directory). */
export interface TextEdit {
  readonly file: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export type DependencyField = "dependencies" | "devDependencies" | "optionalDependencies" | "peerDependencies";

export const DEPENDENCY_FIELDS: readonly DependencyField[] = [
  "dependencies",
  "devDependencies",
  "optionalDependencies",
  "peerDependencies",
];

/** How a manifest entry relates to the lockfile. */
export type LockStatus =
  /** The locked package satisfies the spec (or the spec cannot be checked offline, e.g. a dist-tag). */
  | "ok"
  /** Nothing is locked for this name where npm would look for it. */
  | "missing"
  /** A package is locked, at a version (or source) the spec does not accept. */
  | "mismatch";

/** One `"name": "spec"` entry of a dependency field in a package.json. */
export interface DeclaredDependency {
  readonly name: string;
  readonly spec: string;
  readonly field: DependencyField;
  /** The entry: from its key to the end of its value. */
  readonly position: SourcePosition;
  /** Offsets of the spec's JSON string token (quotes included) in the manifest, for fixes. */
  readonly specRange: { readonly start: number; readonly end: number };
  /** True when the name is a workspace of the project: npm links it, whatever the spec says. */
  readonly workspace: boolean;
  /** The root `overrides` rule that replaces this entry's spec, when one applies to it. */
  readonly override?: DependencyOverride;
  /** The lockfile's answer; undefined when the project has no lockfile. */
  readonly lock?: {
    readonly status: LockStatus;
    /** The package npm would use for this entry, when one is locked. */
    readonly package?: LockedPackage;
  };
}

/** A rule of the root package.json's `overrides` that applies to a dependency. */
export interface DependencyOverride {
  /** The value as written in `overrides`: a spec (`"^4.1.0"`) or a reference to a root dependency (`"$ms"`). */
  readonly value: string;
  /** The spec npm uses instead of the declared one (a reference resolved). */
  readonly spec: string;
}

/**
 * Whether a package.json describes a library (published for others to depend on) or an application, and why.
 * A library's `dependencies` ranges are a promise to its consumers, who resolve them in their own lockfiles.
 */
export interface ProjectKind {
  readonly kind: "library" | "application";
  /** Why, in a few words: `"private": true`, `not private, declares "exports"`, `deps.kind in detkit.config.json`. */
  readonly reason: string;
}

/** A package.json command that could install packages: one entry of `scripts`. */
export interface ManifestScript {
  readonly name: string;
  /** The command as written in the file (JSON escapes kept), so offsets into it map to columns. */
  readonly rawCommand: string;
  /** Position of the first character inside the string's quotes. */
  readonly position: SourcePosition;
}

/** A package.json of the project: the root one, or a workspace's. */
export interface ProjectManifest {
  /** Relative to the working directory, e.g. `package.json`, `packages/app/package.json`. */
  readonly file: string;
  /** Directory of the manifest relative to the project root (`""` for the root). */
  readonly directory: string;
  readonly isRoot: boolean;
  readonly kind: ProjectKind;
  /**
   * For a workspace of a locked project: whether the lockfile lists it. A workspace added after the lockfile
   * was written (even one without dependencies) makes `npm ci` refuse to install.
   */
  readonly inLockfile?: boolean;
  readonly name?: string;
  readonly version?: string;
  /** The start of the file's top-level object. */
  readonly position: SourcePosition;
  /** The `packageManager` field (`"pnpm@9.1.0"`), with its place. */
  readonly packageManager?: { readonly value: string; readonly position: SourcePosition };
  /** In file order, field by field in DEPENDENCY_FIELDS order. */
  readonly dependencies: readonly DeclaredDependency[];
  /** In file order. */
  readonly scripts: readonly ManifestScript[];
}

/** One package of the lockfile's tree (the root project itself excluded). */
export interface LockedPackage {
  /** Its place in the tree, e.g. `node_modules/a/node_modules/b` (a workspace: `packages/app`). */
  readonly location: string;
  /** The folder name it is installed under (differs from `packageName` for an `npm:` alias). */
  readonly name: string;
  readonly packageName: string;
  readonly version: string;
  readonly resolved?: string;
  readonly integrity?: string;
  /**
   * Whether npm runs a preinstall, install or postinstall script (or node-gyp) for it. Lockfile v1 does not
   * record it: then it is only known when node_modules is present.
   */
  readonly hasInstallScript: boolean;
  /** A symlink (a `file:` directory or a workspace): the project's own code, nothing is downloaded. */
  readonly link: boolean;
  /** The target of a link, or anything else living outside node_modules: also the project's own code. */
  readonly local: boolean;
  /** Shipped inside another package's tarball: covered by that tarball's integrity. */
  readonly inBundle: boolean;
  readonly dev: boolean;
  readonly optional: boolean;
  /** The operating systems (`os`) and CPUs (`cpu`) it installs on, when the package restricts them (fsevents). */
  readonly os?: readonly string[];
  readonly cpu?: readonly string[];
  /** The specs it was requested with, from every package that depends on it, sorted. */
  readonly requestedAs: readonly string[];
  /** The entry of the package in the lockfile. */
  readonly position: SourcePosition;
}

export interface ProjectLockfile {
  /** Relative to the working directory: `package-lock.json` or `npm-shrinkwrap.json` (with its directory). */
  readonly file: string;
  readonly lockfileVersion: 1 | 2 | 3;
  /** Sorted by location. */
  readonly packages: readonly LockedPackage[];
  /**
   * Whether install scripts could be determined for every package (false for a v1 lockfile without
   * node_modules).
   */
  readonly installScriptsKnown: boolean;
  /**
   * Dependencies of locked packages that the lockfile does not satisfy under the current package.json (its
   * `overrides` included): what `npm ci` would have to resolve again, and so refuses. Sorted by location.
   */
  readonly unsatisfied: readonly UnsatisfiedDependency[];
}

/** A locked package's dependency that the lockfile does not satisfy. */
export interface UnsatisfiedDependency {
  /** The package that depends on it. */
  readonly from: LockedPackage;
  readonly name: string;
  /** The spec npm requires, after overrides. */
  readonly spec: string;
  /** Whether the root `overrides` set that spec. */
  readonly overridden: boolean;
  /** The package npm finds for it, when there is one (at a version the spec does not accept). */
  readonly locked?: LockedPackage;
}

/** A registry the project's .npmrc configures (`registry=`, `@scope:registry=`). */
export interface ConfiguredRegistry {
  /** Undefined for the default registry. */
  readonly scope?: string;
  readonly url: string;
  readonly file: string;
}

export type CiFileKind = "github-workflow" | "github-action" | "gitlab-ci" | "dockerfile" | "shell-script";

/** One line of a command block, and where its text starts in the file (1-based). */
export interface CommandLine {
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

/** One word of an exec-form command (`RUN ["npm", "install"]`): its value and its offsets in the block's text. */
export interface CommandWord {
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

/**
 * The shell one step runs: a workflow's `run:`, a GitLab `script` item, a Dockerfile `RUN` (continuation lines
 * included), or a whole shell script. Its text is its lines joined with `\n`; offsets into that text map back to
 * lines and columns through `lines`.
 */
export interface CommandBlock {
  /** The line the step or instruction starts on (`- run: |`, `RUN`): a suppression comment above it covers the block. */
  readonly startLine: number;
  readonly lines: readonly CommandLine[];
  /** For an exec-form `RUN ["npm", "install"]`: the words as written, with offsets into the block's text. */
  readonly argv?: readonly CommandWord[];
}

/**
 * A `# detkit-disable-next-line <rule ids> -- reason` (or `detkit-disable-line`) comment in a CI file, Dockerfile
 * or shell script. A next-line comment above a step or instruction covers all of its lines.
 */
export interface LineDirective {
  readonly line: number;
  readonly column: number;
  /** The lines whose findings it suppresses, inclusive. */
  readonly targetStart: number;
  readonly targetEnd: number;
  /** Rule ids it names; empty means every rule. */
  readonly ruleIds: readonly string[];
  /** The text after `--`, trimmed; empty when none was given. */
  readonly reason: string;
}

/** A CI definition, Dockerfile or shell script, with the commands it runs. */
export interface CiFile {
  readonly file: string;
  readonly kind: CiFileKind;
  /** In file order. Only commands: step names, `with:` inputs, comments and arguments are not blocks. */
  readonly commands: readonly CommandBlock[];
  readonly directives: readonly LineDirective[];
  /**
   * For a shell script, who runs it: a CI file or Dockerfile (`ci: true`), or only package.json scripts, which
   * developers also run by hand. Sorted callers, as `file:line`.
   */
  readonly calledFrom?: { readonly ci: boolean; readonly callers: readonly string[] };
}

/** Something that fixes the Node.js version the project runs on. */
export interface RuntimePin {
  readonly source: "engines.node" | "volta.node" | "packageManager" | ".nvmrc" | ".node-version" | ".tool-versions";
  readonly file: string;
  readonly value: string;
}

export interface DependencyProject {
  /** The root manifest first, then workspaces sorted by directory. */
  readonly manifests: readonly ProjectManifest[];
  /** Undefined when the project has no npm lockfile. */
  readonly lockfile?: ProjectLockfile;
  /** Sorted by file. */
  readonly ciFiles: readonly CiFile[];
  /** Every pin found at the project root, sorted by source. */
  readonly runtimePins: readonly RuntimePin[];
  /** Lockfiles of other package managers beside the npm one (`yarn.lock`, `pnpm-lock.yaml`), relative to the working directory. */
  readonly otherLockfiles: readonly string[];
  /** The registries the project's .npmrc sets; empty when it sets none (npm's default registry then). */
  readonly registries: readonly ConfiguredRegistry[];
}

/** Options of the dependency rules, from the `deps` section of the configuration. */
export interface DependencyRuleOptions {
  /** Severity of ranges that are bounded but not exact (`^`, `~`, `>=`, `||`); `off` drops them. */
  readonly rangeSeverity: Severity | "off";
  /** Hosts besides the configured registries that locked registry packages may be downloaded from. */
  readonly allowedHosts: readonly string[];
}

export interface DependencyReport<MessageId extends string = string> {
  /** Where the finding points: the entry in package.json or the lockfile, or a line of a workflow. */
  readonly position: SourcePosition;
  readonly messageId: MessageId;
  readonly data?: MessageData;
  /** Defaults to the rule's `meta.replacement`. */
  readonly suggestion?: string;
  /** Defaults to the rule's `meta.severity`; a rule whose findings differ in weight says why in its docs. */
  readonly severity?: Severity;
  /**
   * The package the finding is about, so that an accepted risk (package, optional version, rule) can match
   * it. Findings about the project itself (no lockfile, no runtime pin, `npm install` in CI) name the
   * project's own package.
   */
  readonly package?: { readonly name: string; readonly version?: string };
  /** Edits that remove the finding, applied by `detkit deps --fix`. */
  readonly fix?: readonly TextEdit[];
}

export interface DependencyRuleContext<MessageId extends string = string> {
  readonly project: DependencyProject;
  readonly options: DependencyRuleOptions;
  report(report: DependencyReport<MessageId>): void;
}

/** The package a finding about a manifest itself is filed under, for accepted risks: the manifest's own name. */
export function projectPackageOf(manifest: ProjectManifest): DependencyReport["package"] {
  if (manifest.name === undefined) return undefined;
  return { name: manifest.name, ...(manifest.version === undefined ? {} : { version: manifest.version }) };
}
