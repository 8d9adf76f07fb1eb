import { createRule } from "./util/create-rule.js";
import { projectPackageOf } from "./util/dependency-context.js";
import { lockedProject, manifest, MS_2_1_3 } from "./util/dependency-examples.js";

export default createRule({
  meta: {
    id: "lockfile-missing",
    category: "dependency",
    severity: "error",
    description: "A project with dependencies but no npm lockfile (package-lock.json or npm-shrinkwrap.json).",
    rationale:
      "Without a lockfile every install resolves every range again, down the whole tree: two machines, or the " +
      "same machine a week apart, install different versions of transitive dependencies that package.json " +
      "never names. The lockfile records the exact version, source and integrity hash of each package, and " +
      "`npm ci` installs exactly that. For a library (see no-unpinned-range) it is a warning: its consumers " +
      "resolve its dependencies in their own lockfiles, but its lockfile still pins the tools its own CI runs.",
    examples: {
      incorrect: { "package.json": manifest({ dependencies: { ms: "2.1.3" } }) },
      correct: lockedProject({ ms: "2.1.3" }, { "node_modules/ms": MS_2_1_3 }),
    },
    replacement:
      "create the lockfile with `npm install --package-lock-only`, commit it, and install with `npm ci`",
    requiresTypes: false,
    messages: {
      missingOne: "no package-lock.json or npm-shrinkwrap.json: every install resolves the 1 declared dependency and its whole tree anew",
      missingMany: "no package-lock.json or npm-shrinkwrap.json: every install resolves the {{count}} declared dependencies and their whole tree anew",
      missingLibrary:
        "no package-lock.json or npm-shrinkwrap.json: this library's consumers lock its dependencies, but its own CI and dev tools ({{count}} declared dependencies) resolve anew on every install",
    },
  },
  check(context) {
    const { project } = context;
    if (project.lockfile) return;
    const [root] = project.manifests;
    if (!root) return;
    const declared = project.manifests.reduce((count, manifest) => count + manifest.dependencies.length, 0);
    // Nothing to resolve, nothing to lock: a project without dependencies installs the same everywhere.
    if (declared === 0) return;
    const library = root.kind.kind === "library";
    context.report({
      position: root.position,
      ...(library ? { severity: "warning" as const } : {}),
      messageId: library ? "missingLibrary" : declared === 1 ? "missingOne" : "missingMany",
      data: { count: declared },
      package: projectPackageOf(root),
    });
  },
});
