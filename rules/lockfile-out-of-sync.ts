import { createRule } from "./util/create-rule.js";
import { lockedProject, lockfile, manifest, MS_2_1_3 } from "./util/dependency-examples.js";

export default createRule({
  meta: {
    id: "lockfile-out-of-sync",
    category: "dependency",
    severity: "error",
    description:
      "A package.json dependency that the lockfile does not match: missing from it, or locked at a version (or source) its spec does not accept.",
    rationale:
      "When package.json and the lockfile disagree, `npm ci` refuses to install and `npm install` silently " +
      "re-resolves and rewrites the lockfile, so what gets installed depends on which command ran where. The " +
      "lockfile committed with the code must describe exactly the dependencies the code declares.",
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
    },
  },
  check(context) {
    const { lockfile } = context.project;
    if (!lockfile) return;
    for (const manifest of context.project.manifests) {
      for (const dependency of manifest.dependencies) {
        const lock = dependency.lock;
        if (!lock || lock.status === "ok") continue;
        const where = `${dependency.field}: "${dependency.name}": ${JSON.stringify(dependency.spec)}`;
        const locked = lock.package;
        context.report({
          position: dependency.position,
          ...(lock.status === "missing" || !locked
            ? { messageId: "notLocked" as const, data: { where } }
            : {
                messageId: "notAccepted" as const,
                data: { where, locked: `${locked.packageName}@${locked.version}`, location: locked.location },
              }),
          package: { name: dependency.name, ...(locked ? { version: locked.version } : {}) },
        });
      }
    }
  },
});
