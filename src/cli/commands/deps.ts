import { DEPENDENCY_RULES } from "../../../rules/index.js";
import { runDeps } from "../../api/deps.js";
import { exitCodeOf } from "../../report/build.js";
import { plural } from "../../text.js";
import { booleanOption, stringOption, type CommandDefinition } from "../command.js";
import { CONFIG_OPTION, emitReport, FORMAT_OPTION, OUTPUT_OPTION, parseFormat } from "../output.js";
import { statusLine } from "../progress.js";

export const depsCommand: CommandDefinition = {
  name: "deps",
  summary: "audit dependencies: unpinned ranges, lockfile problems, install scripts, npm install in CI",
  description: [
    "Audits the dependencies of an npm project, and of each of its workspaces, offline: it reads package.json, " +
      "the lockfile (package-lock.json or npm-shrinkwrap.json, lockfile versions 1 to 3) through @npmcli/arborist, " +
      "CI workflows, Dockerfiles and runtime pins, and never installs, runs scripts or uses the network. It reports " +
      "specs that are not exact, a missing or out-of-sync lockfile, packages without integrity or from outside the " +
      "registry, install scripts, an unpinned Node.js runtime, and npm install where npm ci belongs.",
    "Exit code: 0 no error finding; 1 error findings or unreadable files; 2 usage, configuration or input error " +
      "(no package.json, a malformed package.json or lockfile, only a pnpm, Yarn or Bun lockfile).",
  ].join("\n\n"),
  arguments: [{ name: "dir", description: "project directory (the one with package.json)", defaultValue: "." }],
  options: [
    FORMAT_OPTION,
    OUTPUT_OPTION,
    CONFIG_OPTION,
    {
      flags: "--fix",
      description: "rewrite ranges in package.json to the exact versions in the lockfile (refuses when out of sync)",
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
    '  { "deps": { "rangeSeverity": "warn",',
    '              "accept": [ { "package": "core-js", "version": "3.38.1", "rule": "install-script",',
    '                            "reason": "postinstall only prints a message" } ] } }',
  ].join("\n"),
  async exec({ args, options, io }) {
    const format = parseFormat(stringOption(options, "format"));
    const output = stringOption(options, "output");
    const [requested] = args;
    const config = stringOption(options, "config");
    // Loading a large tree takes a moment: say so on a terminal, and erase the line before anything else prints.
    const status = statusLine(io.stderr, "detkit: reading the dependency tree...");
    const fix = booleanOption(options, "fix");
    const { report, pinned } = await runDeps({
      cwd: io.cwd,
      dir: typeof requested === "string" ? requested : ".",
      ...(config === undefined ? {} : { config }),
      fix,
      clock: io.clock,
    }).finally(status.clear);
    if (fix) {
      const files = [...new Set(pinned.map((spec) => spec.file))];
      io.stderr.write(
        pinned.length === 0
          ? "detkit: nothing to pin\n"
          : `detkit: pinned ${plural(pinned.length, "spec")} in ${files.join(", ")}\n`,
      );
    }
    emitReport(
      report,
      format,
      output,
      DEPENDENCY_RULES.map((rule) => rule.meta),
      io,
    );
    return exitCodeOf(report);
  },
};
