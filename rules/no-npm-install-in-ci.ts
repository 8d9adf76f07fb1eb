import { createRule } from "./util/create-rule.js";
import { projectPackageOf, type CiFileKind, type CommandBlock } from "./util/dependency-context.js";
import { allCommands, npmInstallIn, shellCommandArgument, type NpmInstallCommand } from "./util/shell-commands.js";
import { githubWorkflow, manifest } from "./util/dependency-examples.js";

/** Where each kind of file runs, in messages. */
const WHERE: Readonly<Record<Exclude<CiFileKind, "shell-script">, string>> = {
  "github-workflow": "a GitHub workflow",
  "github-action": "a GitHub composite action",
  "gitlab-ci": "GitLab CI",
  dockerfile: "a Dockerfile",
};

/** The npm installs a command block runs, with their offsets in the block's text. */
function installsIn(block: CommandBlock): NpmInstallCommand[] {
  if (block.argv) {
    const direct = npmInstallIn(block.argv);
    if (direct) return [direct];
    // `RUN ["sh", "-c", "npm install"]`
    const inner = shellCommandArgument(block.argv);
    return inner ? allCommands(inner.value, inner.start + 1).flatMap((command) => npmInstallIn(command) ?? []) : [];
  }
  return allCommands(blockText(block)).flatMap((command) => npmInstallIn(command) ?? []);
}

function blockText(block: CommandBlock): string {
  return block.lines.map((line) => line.text).join("\n");
}

/** The line and column of an offset into a block's text. */
function positionIn(block: CommandBlock, offset: number): { line: number; column: number } {
  let remaining = offset;
  for (const line of block.lines) {
    if (remaining <= line.text.length) return { line: line.line, column: line.column + remaining };
    remaining -= line.text.length + 1;
  }
  const last = block.lines[block.lines.length - 1];
  return { line: last?.line ?? block.startLine, column: last?.column ?? 1 };
}

/**
 * A package.json script decoded from its JSON string, with a map from offsets in the decoded command back to
 * offsets in the string as written (escapes such as `\"` take two characters there).
 */
function decodeScript(raw: string): { text: string; rawOffset(offset: number): number } {
  const offsets: number[] = [];
  let text = "";
  for (let index = 0; index < raw.length; ) {
    offsets.push(index);
    if (raw[index] === "\\") {
      const escape = raw[index + 1] ?? "";
      const width = escape === "u" ? 6 : 2;
      try {
        text += String(JSON.parse(`"${raw.slice(index, index + width)}"`));
      } catch {
        text += escape;
      }
      index += width;
    } else {
      text += raw[index];
      index++;
    }
  }
  offsets.push(raw.length);
  return { text, rawOffset: (offset) => offsets[offset] ?? raw.length };
}

export default createRule({
  meta: {
    id: "no-npm-install-in-ci",
    category: "dependency",
    severity: "error",
    description:
      "`npm install`, `npm i` or `npm update` run by CI (a workflow or composite action under .github, .gitlab-ci.yml), a Dockerfile, a package.json script or a shell script one of them runs, where `npm ci` installs exactly the lockfile.",
    rationale:
      "`npm install` treats package.json as the truth: it re-resolves any range the lockfile does not satisfy, " +
      "may update the lockfile as it goes, and keeps whatever node_modules already holds; `npm update` moves " +
      "every range to the newest match. `npm ci` deletes node_modules, installs exactly the lockfile and fails " +
      "when package.json and the lockfile disagree, so every build gets the same tree. Only commands count: a " +
      "step's `run:`, a GitLab `script` line, a Dockerfile `RUN` (shell or exec form, at any depth) and the shell " +
      "scripts these or package.json scripts run, read as the shell reads them, so step names, `with:` inputs, " +
      "`echo` arguments and comments are never taken for commands; `npm --prefix dir install`, `npx npm@10 " +
      "install` and `npm install <packages>` are. Global tool installs (`npm install -g tool@1.2.3`), " +
      "`--package-lock-only` and `--dry-run` are not reported. Run by CI it is an error; in package.json " +
      "scripts (and scripts only they run), which developers also run by hand, a warning. A comment above a step " +
      "or instruction, `# detkit-disable-next-line no-npm-install-in-ci -- reason`, suppresses it.",
    examples: {
      incorrect: {
        "package.json": manifest({ version: undefined, scripts: { test: "node --test" } }),
        ".github/workflows/ci.yml": githubWorkflow(["npm install", "npm test"]),
      },
      correct: {
        "package.json": manifest({ version: undefined, scripts: { test: "node --test" } }),
        ".github/workflows/ci.yml": githubWorkflow(["npm ci", "npm test"]),
      },
    },
    replacement: "use `npm ci` (or `npm install-ci-test`), which installs exactly the lockfile and fails when it is out of sync",
    requiresTypes: false,
    messages: {
      installInCi: "`{{command}}` in {{where}} installs from package.json ranges, not exactly the lockfile",
      installInScript: "`{{command}}` in the \"{{script}}\" script installs from package.json ranges, not exactly the lockfile",
    },
  },
  check(context) {
    const { project } = context;
    const [root] = project.manifests;
    const projectPackage = root ? projectPackageOf(root) : undefined;
    for (const ciFile of project.ciFiles) {
      // A script that only package.json scripts run is run by developers too: a warning, as for the scripts themselves.
      const byDevelopers = ciFile.kind === "shell-script" && ciFile.calledFrom?.ci !== true;
      const where =
        ciFile.kind === "shell-script"
          ? `a shell script run by ${ciFile.calledFrom?.callers[0] ?? "CI"}${(ciFile.calledFrom?.callers.length ?? 0) > 1 ? " and others" : ""}`
          : WHERE[ciFile.kind];
      for (const block of ciFile.commands) {
        for (const install of installsIn(block)) {
          const start = positionIn(block, install.start);
          const end = positionIn(block, install.end);
          context.report({
            position: { file: ciFile.file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column },
            ...(byDevelopers ? { severity: "warning" as const } : {}),
            messageId: "installInCi",
            data: { command: install.command, where },
            package: projectPackage,
          });
        }
      }
    }
    for (const manifest of project.manifests) {
      for (const script of manifest.scripts) {
        const decoded = decodeScript(script.rawCommand);
        for (const command of allCommands(decoded.text)) {
          const install = npmInstallIn(command);
          if (!install) continue;
          context.report({
            position: { ...script.position, column: script.position.column + decoded.rawOffset(install.start) },
            severity: "warning",
            messageId: "installInScript",
            data: { command: install.command, script: script.name },
            package: projectPackageOf(manifest),
          });
        }
      }
    }
  },
});
