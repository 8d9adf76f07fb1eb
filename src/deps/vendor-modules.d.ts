// Types for the parts of npm's own libraries that detkit uses. They ship no declarations; these describe only
// what the dependency audit reads (versions pinned in package.json: @npmcli/arborist 9.9.3, npm-package-arg
// 13, @npmcli/map-workspaces 5).

declare module "npm-package-arg" {
  /** A parsed dependency spec (https://github.com/npm/npm-package-arg#result-object). */
  export interface PackageSpec {
    readonly type: "git" | "tag" | "version" | "range" | "file" | "directory" | "remote" | "alias";
    /** True for specs the registry answers: version, range, tag, alias. */
    readonly registry?: boolean;
    readonly name: string | null;
    readonly raw: string;
    readonly rawSpec: string;
    readonly saveSpec: string | null;
    readonly fetchSpec: string | null;
    /** For git: the `#semver:<range>` part. */
    readonly gitRange?: string;
    /** For git: the `#<ref>` part (a commit, branch or tag), null when none is given. */
    readonly gitCommittish?: string | null;
    readonly hosted?: object | null;
    /** For an `npm:` alias: the aliased spec. */
    readonly subSpec?: PackageSpec;
  }

  interface Npa {
    (arg: string, where?: string): PackageSpec;
    resolve(name: string, spec: string, where?: string): PackageSpec;
  }

  const npa: Npa;
  export default npa;
}

declare module "@npmcli/map-workspaces" {
  /** Workspace name → absolute folder, from the `workspaces` globs of a package.json. */
  export default function mapWorkspaces(options: {
    readonly cwd: string;
    readonly pkg: Readonly<Record<string, unknown>>;
  }): Promise<Map<string, string>>;
}

declare module "@npmcli/arborist" {
  export type EdgeType = "prod" | "dev" | "optional" | "peer" | "peerOptional" | "workspace";

  /** A rule of the root `overrides`, as it applies to an edge (https://docs.npmjs.com/cli/configuring-npm/package-json#overrides). */
  export interface ArboristOverrideSet {
    /** The package the rule is for; undefined for the root set itself. */
    readonly name?: string;
    /** The key's version range (`*` without one). */
    readonly keySpec?: string;
    /** The spec it forces, possibly a `$name` reference to a root dependency. */
    readonly value?: string;
  }

  export interface ArboristEdge {
    readonly name: string;
    /** The spec after overrides. */
    readonly spec: string;
    /** The spec as the dependent's package.json (or lockfile entry) writes it. */
    readonly rawSpec: string;
    readonly overrides?: ArboristOverrideSet;
    readonly type: EdgeType;
    readonly from: ArboristNode | null;
    readonly to: ArboristNode | null;
    readonly valid: boolean;
    readonly missing: boolean;
    readonly invalid: boolean;
    /** A peer dependency resolved below its dependent, which npm reports but installs. */
    readonly peerLocal: boolean;
    /** `MISSING`, `INVALID`, `PEER LOCAL` or null. */
    readonly error: string | null;
  }

  export interface ArboristNode {
    readonly name: string;
    readonly packageName: string | null;
    readonly version: string;
    readonly location: string;
    readonly path: string;
    readonly realpath: string;
    readonly resolved: string | null;
    readonly integrity: string | null;
    readonly isLink: boolean;
    readonly isRoot: boolean;
    readonly isProjectRoot: boolean;
    readonly isWorkspace: boolean;
    readonly target: ArboristNode;
    readonly parent: ArboristNode | null;
    readonly inBundle: boolean;
    /** Inside a dependency that ships its own npm-shrinkwrap.json: npm takes that file's word for it. */
    readonly inShrinkwrap: boolean;
    readonly hasInstallScript: boolean;
    readonly dev: boolean;
    readonly optional: boolean;
    readonly devOptional: boolean;
    readonly peer: boolean;
    readonly extraneous: boolean;
    readonly edgesOut: Map<string, ArboristEdge>;
    readonly edgesIn: Set<ArboristEdge>;
    readonly linksIn: Set<ArboristNode>;
    readonly inventory: Map<string, ArboristNode>;
    readonly workspaces: Map<string, string> | null;
    readonly package: Readonly<Record<string, unknown>>;
  }

  export interface ArboristOptions {
    readonly path: string;
    readonly [option: string]: unknown;
  }

  export default class Arborist {
    constructor(options: ArboristOptions);
    /** The tree as the lockfile describes it; rejects with code ENOLOCK when there is none. */
    loadVirtual(): Promise<ArboristNode>;
    /**
     * The tree npm would install: the lockfile's, with every missing or invalid dependency resolved again (which
     * needs the registry, or its cache when `offline`).
     */
    buildIdealTree(): Promise<ArboristNode>;
  }
}
