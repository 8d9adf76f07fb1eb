import { createRule } from "./util/create-rule.js";
import { projectPackageOf, type SourcePosition } from "./util/dependency-context.js";
import { githubWorkflow, manifest } from "./util/dependency-examples.js";

/**
 * `npm` followed by options and an install-like command (`install` with npm's aliases and common typos,
 * `update` and its aliases, `install-test`). `install-ci-test` and `ci` are not matched: they install the
 * lockfile exactly.
 */
const NPM_INSTALL =
  /(?<![\w./@-])npm((?:\s+--?[a-z][\w-]*(?:=\S*)?)*)\s+(install|i|in|ins|inst|insta|instal|isnt|isnta|isntal|isntall|add|update|up|upgrade|udpate|install-test|it)(?=$|[\s;&|)'"`\\])/g;
/** Options after which the command does not touch the project's dependencies. */
const HARMLESS_OPTIONS = /(?:^|\s)(?:-g|--global|--location[= ]global|--package-lock-only|--help|-h)(?=\s|$|["'`;&|)\\])/;
/** The end of one shell command. */
const COMMAND_END = /&&|\|\||[;|)]|$/;

export interface NpmInstallMatch {
  /** 0-based offset of `npm` in the text. */
  readonly index: number;
  /** Length of the match, options included (`npm --no-audit i`). */
  readonly length: number;
  /** The command, e.g. `npm i`. */
  readonly command: string;
}

/** The npm commands in one line (or one package.json script) that install or update from ranges. */
export function findNpmInstalls(text: string): NpmInstallMatch[] {
  const found: NpmInstallMatch[] = [];
  for (const match of text.matchAll(NPM_INSTALL)) {
    const index = match.index ?? 0;
    const rest = text.slice(index + match[0].length);
    const end = COMMAND_END.exec(rest);
    const args = `${match[1] ?? ""} ${rest.slice(0, end?.index ?? rest.length)}`;
    if (HARMLESS_OPTIONS.test(args)) continue;
    found.push({ index, length: match[0].length, command: `npm ${match[2] ?? ""}` });
  }
  return found;
}

/** A YAML or shell comment: from a `#` at the start of the line or after whitespace. */
function withoutComment(line: string): string {
  if (/^\s*#/.test(line)) return "";
  const comment = /\s#/.exec(line);
  return comment ? line.slice(0, comment.index) : line;
}

const WHERE: Readonly<Record<string, string>> = {
  "github-workflow": "a GitHub workflow",
  "gitlab-ci": "GitLab CI",
  dockerfile: "a Dockerfile",
};

export default createRule({
  meta: {
    id: "no-npm-install-in-ci",
    category: "dependency",
    severity: "error",
    description:
      "`npm install`, `npm i` or `npm update` in a CI workflow (.github/workflows, .gitlab-ci.yml), a Dockerfile or a package.json script, where `npm ci` installs exactly the lockfile.",
    rationale:
      "`npm install` treats package.json as the truth: it re-resolves any range the lockfile does not satisfy, " +
      "may update the lockfile as it goes, and keeps whatever node_modules already holds; `npm update` moves " +
      "every range to the newest match. `npm ci` deletes node_modules, installs exactly the lockfile and fails " +
      "when package.json and the lockfile disagree, so every build gets the same tree. Global tool installs " +
      "(`npm install -g tool@1.2.3`) and `--package-lock-only` are not reported. In CI files and Dockerfiles " +
      "this is an error; in package.json scripts, which developers also run by hand, a warning.",
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
      const lines = ciFile.text.split("\n");
      lines.forEach((line, index) => {
        for (const match of findNpmInstalls(withoutComment(line))) {
          const position: SourcePosition = {
            file: ciFile.file,
            line: index + 1,
            column: match.index + 1,
            endLine: index + 1,
            endColumn: match.index + match.length + 1,
          };
          context.report({
            position,
            messageId: "installInCi",
            data: { command: match.command, where: WHERE[ciFile.kind] ?? ciFile.kind },
            package: projectPackage,
          });
        }
      });
    }
    for (const manifest of project.manifests) {
      for (const script of manifest.scripts) {
        for (const match of findNpmInstalls(script.rawCommand)) {
          context.report({
            position: { ...script.position, column: script.position.column + match.index },
            severity: "warning",
            messageId: "installInScript",
            data: { command: match.command, script: script.name },
            package: projectPackageOf(manifest),
          });
        }
      }
    }
  },
});
