import { createRule } from "./util/create-rule.js";
import { projectPackageOf } from "./util/dependency-context.js";
import { lockedProject, MS_2_1_3 } from "./util/dependency-examples.js";

const PROJECT = lockedProject({ ms: "2.1.3" }, { "node_modules/ms": MS_2_1_3 });

/** The package manager a `packageManager` field names (`pnpm@9.1.0` → `pnpm`). */
function managerOf(value: string): string {
  const at = value.indexOf("@", 1);
  return at === -1 ? value : value.slice(0, at);
}

export default createRule({
  meta: {
    id: "mixed-package-managers",
    category: "dependency",
    severity: "error",
    description:
      "An npm lockfile beside another package manager's lockfile (yarn.lock, pnpm-lock.yaml, bun.lock), or a `packageManager` field naming another package manager.",
    rationale:
      "Two lockfiles describe two trees, and nothing keeps them in step: which one an install uses depends on " +
      "the command a developer, a CI step or a Dockerfile happens to run, and corepack follows `packageManager`. " +
      "The same commit then installs different versions in different places. One project, one package manager, " +
      "one lockfile.",
    examples: {
      incorrect: { ...PROJECT, "yarn.lock": "# yarn lockfile v1\n\n\nms@2.1.3:\n  version \"2.1.3\"\n" },
      correct: PROJECT,
    },
    replacement:
      "keep the lockfile of the package manager CI installs with and delete the others (or set `packageManager` to npm)",
    requiresTypes: false,
    messages: {
      otherLockfile: "{{lockfile}} sits beside {{others}}: which tree an install gets depends on the package manager that runs it",
      packageManagerField: "\"packageManager\" names {{manager}}, but the project is locked by {{lockfile}}: corepack installs with {{manager}}, `npm ci` from the lockfile",
    },
  },
  check(context) {
    const { lockfile, otherLockfiles, manifests } = context.project;
    const [root] = manifests;
    if (!lockfile || !root) return;
    const projectPackage = projectPackageOf(root);
    if (otherLockfiles.length > 0) {
      context.report({
        position: { file: lockfile.file, line: 1, column: 1 },
        messageId: "otherLockfile",
        data: { lockfile: lockfile.file, others: otherLockfiles.join(", ") },
        package: projectPackage,
      });
    }
    for (const manifest of manifests) {
      const field = manifest.packageManager;
      if (!field) continue;
      const manager = managerOf(field.value);
      if (manager === "npm") continue;
      context.report({
        position: field.position,
        messageId: "packageManagerField",
        data: { manager, lockfile: lockfile.file },
        package: projectPackageOf(manifest),
      });
    }
  },
});
