import { createRule } from "./util/create-rule.js";
import { lockedProject, lockfile, manifest, MS_2_1_3 } from "./util/dependency-examples.js";
import { describeLocked } from "./util/locked-source.js";

export default createRule({
  meta: {
    id: "lockfile-out-of-sync",
    category: "dependency",
    severity: "error",
    description:
      "A lockfile that `npm ci` would refuse: a package.json dependency missing from it or locked at a version (or source) its spec does not accept, a workspace it does not list, or a locked package's dependency it no longer satisfies (after a change to `overrides`).",
    rationale:
      "When package.json and the lockfile disagree, `npm ci` refuses to install and `npm install` silently " +
      "re-resolves and rewrites the lockfile, so what gets installed depends on which command ran where. The " +
      "lockfile committed with the code must describe exactly the dependencies the code declares. The check is " +
      "npm's own: arborist reads the lockfile with the current package.json, `overrides` included, and every " +
      "dependency it would have to resolve again is reported, as `npm ci` would report it.",
    examples: {
      incorrect: {
        "package.json": manifest({ dependencies: { ms: "2.0.0" } }),
        "package-lock.json": lockfile({ dependencies: { ms: "2.1.3" }, packages: { "node_modules/ms": MS_2_1_3 } }),
      },
      correct: lockedProject({ ms: "2.1.3" }, { "node_modules/ms": MS_2_1_3 }),
    },
    replacement: "run `npm install` to bring the lockfile in line with package.json, commit both, and install with `npm ci`",
    requiresTypes: false,
    messages: {
      notLocked: "{{where}} is not in the lockfile",
      notAccepted: "{{where}} does not accept the locked {{locked}} ({{location}})",
      notAcceptedOverride: "{{where}}, overridden to {{spec}} by \"overrides\", does not accept the locked {{locked}} ({{location}})",
      workspaceNotLocked: "the workspace {{name}} ({{directory}}) is not in the lockfile",
      lockedNotAccepted: "{{package}} does not satisfy {{spec}}, which {{dependent}} requires{{override}}",
      dependencyNotLocked: "{{dependent}} requires {{name}}@{{spec}}{{override}}, which the lockfile does not hold",
    },
  },
  check(context) {
    const { lockfile } = context.project;
    if (!lockfile) return;
    for (const manifest of context.project.manifests) {
      if (manifest.inLockfile === false) {
        context.report({
          position: manifest.position,
          messageId: "workspaceNotLocked",
          data: { name: manifest.name ?? manifest.directory, directory: manifest.directory },
          ...(manifest.name === undefined ? {} : { package: { name: manifest.name } }),
        });
      }
      for (const dependency of manifest.dependencies) {
        const lock = dependency.lock;
        if (!lock || lock.status === "ok") continue;
        const where = `${dependency.field}: "${dependency.name}": ${JSON.stringify(dependency.spec)}`;
        const locked = lock.package;
        const found = locked ? { where, locked: `${locked.packageName}@${locked.version}`, location: locked.location } : undefined;
        context.report({
          position: dependency.position,
          ...(lock.status === "missing" || !found
            ? { messageId: "notLocked" as const, data: { where } }
            : dependency.override
              ? { messageId: "notAcceptedOverride" as const, data: { ...found, spec: JSON.stringify(dependency.override.spec) } }
              : { messageId: "notAccepted" as const, data: found }),
          package: { name: dependency.name, ...(locked ? { version: locked.version } : {}) },
        });
      }
    }
    // One finding per locked package that fails its dependents (or per dependent whose dependency is missing).
    const reported = new Set<string>();
    for (const problem of lockfile.unsatisfied) {
      const dependent = `${problem.from.name}@${problem.from.version}`;
      const override = problem.overridden ? " (set by \"overrides\" in package.json)" : "";
      const spec = JSON.stringify(problem.spec);
      if (problem.locked) {
        if (reported.has(problem.locked.location)) continue;
        reported.add(problem.locked.location);
        context.report({
          position: problem.locked.position,
          messageId: "lockedNotAccepted",
          data: { package: describeLocked(problem.locked), spec, dependent, override },
          package: { name: problem.locked.name, version: problem.locked.version },
        });
      } else {
        context.report({
          position: problem.from.position,
          messageId: "dependencyNotLocked",
          data: { dependent, name: problem.name, spec, override },
          package: { name: problem.name },
        });
      }
    }
  },
});
