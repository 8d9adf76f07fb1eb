import { createRule } from "./util/create-rule.js";
import { json, lockedProject } from "./util/dependency-examples.js";
import { describeLocked } from "./util/locked-source.js";

/** core-js runs a postinstall script, and npm records that in the lockfile. */
const CORE_JS_PROJECT = lockedProject(
  { "core-js": "3.38.1" },
  {
    "node_modules/core-js": {
      version: "3.38.1",
      integrity: "sha512-OP35aUorbU3Zvlx7pjsFdu1rGNnD4pgw/CWoYzRY3t2EzoVT7shKHY1dlAy3f41cGIO7ZDPQimhGFTlEYkG/Hw==",
      hasInstallScript: true,
    },
  },
);

export default createRule({
  meta: {
    id: "install-script",
    category: "dependency",
    severity: "warning",
    description: "A locked package that runs a preinstall, install or postinstall script (or node-gyp) when installed.",
    rationale:
      "An install script is arbitrary code that runs on every install, with the machine's environment, network " +
      "and clock: it can download binaries, compile against whatever toolchain is there, or write files that " +
      "differ from machine to machine, so two installs of the same lockfile need not give the same " +
      "node_modules. Each one is listed with its place in the tree so it can be reviewed, and accepted in the " +
      "configuration with a reason. A package restricted to some platforms (`os`/`cpu`, like fsevents) runs its " +
      "script only there, and its finding names them. Lockfile v1 does not record install scripts: they are " +
      "found only when node_modules is present, and without it the audit says that it could not check them.",
    examples: {
      incorrect: CORE_JS_PROJECT,
      correct: {
        ...CORE_JS_PROJECT,
        "detkit.config.json": json({
          deps: {
            accept: [
              {
                package: "core-js",
                version: "3.38.1",
                rule: "install-script",
                reason: "postinstall only prints a funding message; reviewed for 3.38.1",
              },
            ],
          },
        }),
      },
    },
    replacement:
      "review the script; install with `npm ci --ignore-scripts` and run `npm rebuild <name>` for the packages that need it, or record the reviewed version as an accepted risk",
    requiresTypes: false,
    messages: {
      runsScript: "{{package}} runs an install script when installed",
      runsScriptOnPlatforms: "{{package}} runs an install script when installed, only on the platforms it is restricted to ({{platforms}})",
      notChecked:
        "install scripts not checked: {{file}} is lockfileVersion 1, which does not record them, and there is no node_modules to read them from",
    },
  },
  check(context) {
    const lockfile = context.project.lockfile;
    if (!lockfile) return;
    if (!lockfile.installScriptsKnown) {
      const [root] = context.project.manifests;
      context.report({
        position: { file: lockfile.file, line: 1, column: 1 },
        messageId: "notChecked",
        data: { file: lockfile.file },
        suggestion: "upgrade the lockfile with `npm install --package-lock-only` (npm 7 or later writes lockfileVersion 3, which records install scripts), or audit with node_modules installed",
        ...(root?.name === undefined ? {} : { package: { name: root.name } }),
      });
    }
    for (const locked of lockfile.packages) {
      if (!locked.hasInstallScript || locked.link || locked.local) continue;
      const platforms = [
        ...(locked.os ? [`os: ${locked.os.join(", ")}`] : []),
        ...(locked.cpu ? [`cpu: ${locked.cpu.join(", ")}`] : []),
      ];
      context.report({
        position: locked.position,
        ...(platforms.length > 0
          ? { severity: "warning" as const, messageId: "runsScriptOnPlatforms" as const, data: { package: describeLocked(locked), platforms: platforms.join("; ") } }
          : { messageId: "runsScript" as const, data: { package: describeLocked(locked) } }),
        package: { name: locked.name, version: locked.version },
      });
    }
  },
});
