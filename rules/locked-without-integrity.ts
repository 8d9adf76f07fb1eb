import { createRule } from "./util/create-rule.js";
import { lockedProject } from "./util/dependency-examples.js";
import { describeLocked, lockedSource } from "./util/locked-source.js";

export default createRule({
  meta: {
    id: "locked-without-integrity",
    category: "dependency",
    severity: "error",
    description: "A package in the lockfile without an `integrity` hash.",
    rationale:
      "The integrity hash is what makes a lockfile entry mean one exact file: npm checks the downloaded " +
      "tarball against it and refuses a different one. Without it, whatever the registry, a mirror or a proxy " +
      "serves for that URL is installed, so two installs of the same lockfile can differ. Git dependencies " +
      "(pinned by their commit), links and packages bundled inside another package's tarball have no hash of " +
      "their own and are not reported.",
    examples: {
      incorrect: lockedProject({ kleur: "4.1.5" }, { "node_modules/kleur": { version: "4.1.5" } }),
      correct: lockedProject(
        { kleur: "4.1.5" },
        {
          "node_modules/kleur": {
            version: "4.1.5",
            integrity: "sha512-o+NO+8WrRiQEE4/7nwRJhN1HWpVmJm511pBHUxPLtp0BUISzlBplORYSmTclCnJvQq2tKu/sgl3xVpkc7ZWuQQ==",
          },
        },
      ),
    },
    replacement:
      "regenerate the entry so npm records the hash: `npm install --package-lock-only` after removing the entry (or the whole lockfile), then commit it",
    requiresTypes: false,
    messages: {
      noIntegrity: "{{package}} has no integrity hash: nothing checks that the tarball installed is the one that was locked",
    },
  },
  check(context) {
    const lockfile = context.project.lockfile;
    if (!lockfile) return;
    for (const locked of lockfile.packages) {
      if (locked.integrity !== undefined || locked.inBundle) continue;
      const source = lockedSource(locked);
      if (source.kind === "local" || source.kind === "git") continue;
      context.report({
        position: locked.position,
        messageId: "noIntegrity",
        data: { package: describeLocked(locked) },
        package: { name: locked.name, version: locked.version },
      });
    }
  },
});
