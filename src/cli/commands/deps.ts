import { DEPENDENCY_RULES, DIRECTIVE_RULES } from "../../../rules/index.js";
import { runDeps } from "../../api/deps.js";
import type { AuditedManifest, FixResult } from "../../deps/index.js";
import { exitCodeOf } from "../../report/build.js";
import { plural } from "../../text.js";
import { booleanOption, stringOption, type CommandDefinition } from "../command.js";
import { CONFIG_OPTION, emitReport, FORMAT_OPTION, OUTPUT_OPTION, parseFormat } from "../output.js";
import { statusLine } from "../progress.js";

/** `a, b, c and 4 more`: a list that stays one line. */
function shortList(items: readonly string[], shown = 3): string {
  return items.length > shown ? `${items.slice(0, shown).join(", ")} and ${items.length - shown} more` : items.join(", ");
}

/**
 * The one line that says how the audit read the project: library or application, and why. The package.json
 * files of a workspace project are grouped by kind, with the reason when they share one.
 */
export function describeProjectKinds(manifests: readonly AuditedManifest[]): string | undefined {
  if (manifests.length === 0) return undefined;
  const parts: string[] = [];
  for (const kind of ["library", "application"] as const) {
    const group = manifests.filter((manifest) => manifest.kind.kind === kind);
    if (group.length === 0) continue;
    const reasons = [...new Set(group.map((manifest) => manifest.kind.reason))];
    const why = reasons.length === 1 ? reasons[0] : kind === "library" ? "not private, and each declares main, exports, bin or files" : reasons.join(" or ");
    const noun = kind === "library" ? (group.length === 1 ? "a library" : "libraries") : group.length === 1 ? "an application" : "applications";
    parts.push(`${shortList(group.map((manifest) => manifest.file))} as ${noun} (${why})`);
  }
  const consequence = manifests.some((manifest) => manifest.kind.kind === "library")
    ? "; a library's dependency ranges are its consumers' to resolve and are not reported"
    : "";
  return `detkit: audited ${parts.join("; ")}${consequence}`;
}

function describeFix(fix: FixResult): string {
  if (fix.pinned.length === 0) return "detkit: nothing to pin\n";
  const files = [...new Set(fix.pinned.map((spec) => spec.file)), ...(fix.lockfileUpdated ? [fix.lockfileUpdated] : [])];
  const lines = [`detkit: pinned ${plural(fix.pinned.length, "spec")} in ${files.join(", ")}; npm ci accepts the result`];
  if (fix.lockfileCommand) {
    lines.push(`detkit: the lockfile keeps no copy of these specs; \`${fix.lockfileCommand}\` records them (npm 7 or later), after which npm install changes nothing`);
  }
  return `${lines.join("\n")}\n`;
}

export const depsCommand: CommandDefinition = {
  name: "deps",
  summary: "audit dependencies: unpinned ranges, lockfile problems, install scripts, npm install in CI",
  description: [
    "Audits the dependencies of an npm project, and of each of its workspaces, offline: it reads package.json, " +
      "the lockfile (package-lock.json or npm-shrinkwrap.json, lockfile versions 1 to 3) through @npmcli/arborist, " +
      "the project's .npmrc, CI workflows and composite actions, Dockerfiles, the shell scripts they run, and " +
      "runtime pins, and never installs, runs scripts or uses the network. It reports specs that are not exact " +
      "(except where a library's consumers resolve them, and never peerDependencies), a missing lockfile, one " +
      "that npm ci would refuse, packages without integrity or from outside the registry, install scripts, a " +
      "second package manager, an unpinned Node.js runtime, and npm install where npm ci belongs.",
    "A workspace given as dir is audited alone, against the workspace root's lockfile and runtime pin. " +
      "A package.json that is not private and declares main, exports, bin or files is audited as a library; the " +
      "first line on stderr says which kind applied and why.",
    "Exit code: 0 no error finding; 1 error findings or unreadable files; 2 usage, configuration or input error " +
      "(no package.json, a malformed package.json or lockfile, only a pnpm, Yarn or Bun lockfile, a --fix that " +
      "could not be applied).",
  ].join("\n\n"),
  arguments: [{ name: "dir", description: "project directory (the one with package.json), or one of its workspaces", defaultValue: "." }],
  options: [
    FORMAT_OPTION,
    OUTPUT_OPTION,
    CONFIG_OPTION,
    {
      flags: "--fix",
      description:
        "pin ranges in package.json (and their copies in the lockfile) to the exact locked versions; all files or none, rolled back if npm ci would refuse the result",
    },
    {
      flags: "--report-unused-suppressions",
      description: "warn about suppression comments in CI files, Dockerfiles and scripts, and accepted risks, that suppress nothing",
    },
  ],
  epilog: [
    "Examples:",
    "  $ detkit deps                         audit the project in the current directory",
    "  $ detkit deps packages/api --format json",
    "  $ detkit deps --fix                   pin \"^4.3.4\" to the locked \"4.4.3\", keeping the file's formatting",
    "  $ detkit deps --format sarif -o deps.sarif",
    "",
    "Accept a reviewed risk in detkit.config.json (or the \"detkit\" key of package.json):",
    '  { "deps": { "rangeSeverity": "warn", "kind": "application", "allowedHosts": ["npm.example.com"],',
    '              "accept": [ { "package": "core-js", "version": "3.38.1", "rule": "install-script",',
    '                            "reason": "postinstall only prints a message" } ] } }',
    "",
    "Suppress one CI step, Dockerfile instruction or script line with a comment above it:",
    "  # detkit-disable-next-line no-npm-install-in-ci -- the examples have no lockfile",
  ].join("\n"),
  async exec({ args, options, io }) {
    const format = parseFormat(stringOption(options, "format"));
    const output = stringOption(options, "output");
    const [requested] = args;
    const config = stringOption(options, "config");
    // Loading a large tree takes a moment: say so on a terminal, and erase the line before anything else prints.
    const status = statusLine(io.stderr, "detkit: reading the dependency tree...");
    const fix = booleanOption(options, "fix");
    const { report, fix: fixed, manifests } = await runDeps({
      cwd: io.cwd,
      dir: typeof requested === "string" ? requested : ".",
      ...(config === undefined ? {} : { config }),
      fix,
      reportUnusedSuppressions: booleanOption(options, "reportUnusedSuppressions"),
      clock: io.clock,
    }).finally(status.clear);
    const kinds = describeProjectKinds(manifests);
    if (kinds !== undefined) io.stderr.write(`${kinds}\n`);
    if (fix) io.stderr.write(describeFix(fixed));
    emitReport(
      report,
      format,
      output,
      [...DEPENDENCY_RULES, ...DIRECTIVE_RULES].map((rule) => rule.meta),
      io,
    );
    return exitCodeOf(report);
  },
};
