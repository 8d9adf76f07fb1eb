import type { RuleExample } from "./types.js";

/** The files of a dependency rule's example project: file name (relative to the project root) → content. */
export type ExampleFiles = Exclude<RuleExample, string>;

/** Dependency specs by package name, as in package.json `dependencies`. */
export type Dependencies = { readonly [name: string]: string };

/** One `packages` entry of a v3 package-lock.json, with the fields the examples use, in npm's order. */
export interface LockfileEntry {
  readonly version: string;
  /** Left out, as npm may for registry packages, unless the example is about where the tarball comes from. */
  readonly resolved?: string;
  readonly integrity?: string;
  readonly hasInstallScript?: boolean;
}

/** Lockfile entries by location (`node_modules/ms`). */
export type LockfileEntries = { readonly [location: string]: LockfileEntry };

/** The example project's identity, shared by its package.json and the root entry of its lockfile. */
const PROJECT = { name: "app", version: "1.0.0" } as const;

/** `ms@2.1.3` as the registry serves it: the package most examples depend on. */
export const MS_2_1_3: LockfileEntry = {
  version: "2.1.3",
  integrity: "sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA==",
};

/** A JSON file as npm writes it: 2-space indentation and a final newline. */
export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * The package.json of the example project `app@1.0.0`, with `fields` after its name and version in the
 * order given. `version: undefined` leaves the version out, as a private project may.
 */
export function manifest(fields: { readonly version?: string | undefined; readonly [field: string]: unknown } = {}): string {
  return json({ ...PROJECT, ...fields });
}

/**
 * The v3 package-lock.json npm writes for the example project: `dependencies` are those of its root entry
 * (the package.json they were locked from), `packages` the entries under it.
 */
export function lockfile(locked: { readonly dependencies: Dependencies; readonly packages: LockfileEntries }): string {
  return json({
    ...PROJECT,
    lockfileVersion: 3,
    requires: true,
    packages: { "": { ...PROJECT, dependencies: locked.dependencies }, ...locked.packages },
  });
}

/** A package.json and the lockfile npm wrote for exactly those dependencies. */
export function lockedProject(dependencies: Dependencies, packages: LockfileEntries): ExampleFiles {
  return {
    "package.json": manifest({ dependencies }),
    "package-lock.json": lockfile({ dependencies, packages }),
  };
}

/** A GitHub Actions workflow with one `test` job on ubuntu-latest that runs each command as a step. */
export function githubWorkflow(commands: readonly string[]): string {
  return ["jobs:", "  test:", "    runs-on: ubuntu-latest", "    steps:", ...commands.map((command) => `      - run: ${command}`), ""].join("\n");
}
