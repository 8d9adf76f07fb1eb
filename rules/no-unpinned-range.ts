import npa, { type PackageSpec } from "npm-package-arg";
import semver from "semver";
import { createRule } from "./util/create-rule.js";
import type { DeclaredDependency, TextEdit } from "./util/dependency-context.js";
import { manifest } from "./util/dependency-examples.js";

/** How tightly a package.json spec fixes what gets installed. */
export type SpecPinning =
  /** Exactly one thing can be installed: an exact version, a full git commit, a local folder or tarball. */
  | { readonly kind: "pinned" }
  /** A range with bounds (`^1.2.3`, `~1.2.3`, `>=1.2.3`, `1 || 2`, `1.x`, a git `#semver:` range). */
  | { readonly kind: "bounded"; readonly why: string }
  /** Anything at all may come: `*`, `x`, empty, a dist-tag, a git branch, a spec npm cannot parse. */
  | { readonly kind: "unbounded"; readonly why: string };

const FULL_COMMIT = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/i;
/** Protocols npm itself does not parse, written by pnpm and Yarn users for local packages. */
const LOCAL_PROTOCOLS = ["workspace:", "link:", "portal:"];

function classifyParsed(spec: PackageSpec): SpecPinning {
  switch (spec.type) {
    case "version":
    case "file":
    case "directory":
    case "remote":
      // A tarball URL is one file; whether its source is acceptable is non-registry-source's question.
      return { kind: "pinned" };
    case "tag":
      return { kind: "unbounded", why: `is the dist-tag "${spec.fetchSpec ?? spec.rawSpec}", which moves with every release` };
    case "range":
      return semver.validRange(spec.fetchSpec ?? spec.rawSpec) === "*"
        ? { kind: "unbounded", why: "accepts any version" }
        : { kind: "bounded", why: "is a range, not an exact version" };
    case "alias":
      return spec.subSpec ? classifyParsed(spec.subSpec) : { kind: "unbounded", why: "is an alias without a version" };
    case "git": {
      if (spec.gitRange !== undefined) return { kind: "bounded", why: `is a semver range over git tags (#semver:${spec.gitRange})` };
      const ref = spec.gitCommittish;
      if (ref && FULL_COMMIT.test(ref)) return { kind: "pinned" };
      if (!ref) return { kind: "unbounded", why: "follows the repository's default branch, not a commit" };
      return { kind: "unbounded", why: `follows the git ref "${ref}" (a branch, tag or short hash), not a full commit` };
    }
  }
}

/** Classifies the spec of dependency `name` the way npm reads it (npm-package-arg); never throws. */
export function classifySpec(name: string, spec: string): SpecPinning {
  if (LOCAL_PROTOCOLS.some((protocol) => spec.startsWith(protocol))) return { kind: "pinned" };
  let parsed: PackageSpec;
  try {
    // A fixed `where`: file specs resolve against it without reading the working directory.
    parsed = npa.resolve(name, spec, "/");
  } catch {
    return { kind: "unbounded", why: "is not a spec npm can install" };
  }
  return classifyParsed(parsed);
}

/** The commit a git dependency was locked at, from the lockfile's `resolved` URL. */
function lockedCommit(resolved: string | undefined): string | undefined {
  const hash = resolved?.slice(resolved.lastIndexOf("#") + 1);
  return hash !== undefined && FULL_COMMIT.test(hash) ? hash : undefined;
}

/**
 * The exact spec that installs what the lockfile holds: the version (keeping an `npm:` alias), or the git
 * URL pinned to the locked commit. Undefined when the lockfile cannot tell (no lockfile, out of sync).
 */
export function exactSpecFor(dependency: DeclaredDependency): string | undefined {
  const locked = dependency.lock;
  if (!locked || locked.status !== "ok" || !locked.package || locked.package.link) return undefined;
  let parsed: PackageSpec;
  try {
    parsed = npa.resolve(dependency.name, dependency.spec, "/");
  } catch {
    return undefined;
  }
  const { version, packageName, resolved } = locked.package;
  switch (parsed.type) {
    case "range":
    case "tag":
      return semver.valid(version) ? version : undefined;
    case "alias":
      return semver.valid(version) ? `npm:${packageName}@${version}` : undefined;
    case "git": {
      const commit = lockedCommit(resolved);
      if (!commit) return undefined;
      const hash = dependency.spec.indexOf("#");
      return `${hash === -1 ? dependency.spec : dependency.spec.slice(0, hash)}#${commit}`;
    }
    default:
      return undefined;
  }
}

export default createRule({
  meta: {
    id: "no-unpinned-range",
    category: "dependency",
    severity: "error",
    description:
      "A dependency in package.json whose spec is not exact: a range (^, ~, >=, ||), *, x, empty, a dist-tag such as latest, or a git branch.",
    rationale:
      "A spec that accepts more than one version lets two installs of the same commit get different code: a " +
      "fresh clone, a CI cache miss or a Docker build picks whatever was published last, and a lockfile only " +
      "helps where it is used and in sync. Specs that accept anything (*, x, empty, a dist-tag, a git branch) are " +
      "errors; bounded ranges (^, ~, >=, ||) are warnings, a severity set by `deps.rangeSeverity` in the " +
      "configuration. Exact versions, npm: aliases to exact versions, git URLs pinned to a full commit, and " +
      "file:, link: and workspace: specs are fine; so is a range on a name the project's workspaces provide. " +
      "peerDependencies are never reported: a peer range is a compatibility promise to consumers, not an install. " +
      "A library (a package.json that is not private and declares main, exports, bin or files; or `deps.kind`) " +
      "keeps ranges in dependencies and optionalDependencies on purpose, so that its consumers can dedupe them: " +
      "only its devDependencies, which its own lockfile installs, are reported. A dependency whose spec the root " +
      "`overrides` replace is judged by the override.",
    examples: {
      incorrect: {
        "package.json": manifest({
          version: undefined,
          dependencies: { debug: "^4.3.4", "left-pad": "latest", "tiny-lib": "github:acme/tiny-lib#main" },
        }),
      },
      correct: {
        "package.json": manifest({
          version: undefined,
          dependencies: {
            debug: "4.4.3",
            "left-pad": "1.3.0",
            "tiny-lib": "github:acme/tiny-lib#bb277e37c8827fc5afd0c77ed97f24d7ac6cf34e",
          },
        }),
      },
    },
    replacement:
      "pin the exact version the lockfile holds (`detkit deps --fix` rewrites package.json), and save exact versions from now on with `npm config set save-exact true`",
    requiresTypes: false,
    messages: {
      unpinned: "{{field}}: \"{{name}}\": {{spec}} {{why}}",
      unpinnedLocked: "{{field}}: \"{{name}}\": {{spec}} {{why}} (locked at {{locked}})",
      unpinnedOverride: "{{field}}: \"{{name}}\": {{spec}}, overridden to {{override}} by \"overrides\", {{why}} (locked at {{locked}})",
    },
  },
  check(context) {
    for (const manifest of context.project.manifests) {
      const isLibrary = manifest.kind.kind === "library";
      for (const dependency of manifest.dependencies) {
        if (dependency.workspace || dependency.field === "peerDependencies") continue;
        // A library's consumers resolve these ranges in their own lockfiles; they must stay ranges to dedupe.
        if (isLibrary && (dependency.field === "dependencies" || dependency.field === "optionalDependencies")) continue;
        const override = dependency.override;
        const pinning = classifySpec(dependency.name, override?.spec ?? dependency.spec);
        if (pinning.kind === "pinned") continue;
        const severity = pinning.kind === "unbounded" ? "error" : context.options.rangeSeverity;
        if (severity === "off") continue;
        const locked = dependency.lock?.status === "ok" ? dependency.lock.package : undefined;
        const exact = exactSpecFor(dependency);
        const entry = { field: dependency.field, name: dependency.name, spec: JSON.stringify(dependency.spec), why: pinning.why };
        // npm requires a root dependency to keep the spec its override names (EOVERRIDE otherwise): pinning one
        // without the other breaks the project, so the fix is the user's, for both. A `$name` reference follows the
        // dependency and needs no change.
        const literalOverride = override !== undefined && !override.value.startsWith("$");
        const fix: TextEdit[] | undefined =
          exact === undefined || literalOverride
            ? undefined
            : [{ file: manifest.file, start: dependency.specRange.start, end: dependency.specRange.end, text: JSON.stringify(exact) }];
        const suggestion =
          exact === undefined
            ? undefined
            : literalOverride
              ? `"overrides" sets "${dependency.name}" to ${JSON.stringify(override.value)} as well, and npm requires the two to match: pin both to ${JSON.stringify(exact)}, then run \`npm install --package-lock-only\``
              : `pin it to what the lockfile holds: "${dependency.name}": ${JSON.stringify(exact)} (detkit deps --fix)`;
        context.report({
          position: dependency.position,
          severity,
          ...(locked && override && override.spec !== dependency.spec
            ? { messageId: "unpinnedOverride" as const, data: { ...entry, override: JSON.stringify(override.spec), locked: locked.version } }
            : locked
              ? { messageId: "unpinnedLocked" as const, data: { ...entry, locked: locked.version } }
              : { messageId: "unpinned" as const, data: entry }),
          ...(suggestion === undefined ? {} : { suggestion }),
          package: { name: dependency.name, ...(dependency.lock?.package ? { version: dependency.lock.package.version } : {}) },
          ...(fix ? { fix } : {}),
        });
      }
    }
  },
});
