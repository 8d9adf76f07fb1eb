import { DEPENDENCY_RULES, RULES } from "../../../rules/index.js";
import { activeSourceRules, configuredSeverities, enabledRules, loadConfig } from "../../config/index.js";
import { contentSourcesFrom } from "../../diff/contents.js";
import { diffDependencies, diffExitCode } from "../../diff/index.js";
import { DIFF_FORMATS, isDiffFormat, renderDiff } from "../../diff/report.js";
import { UsageError } from "../../errors.js";
import { VERSION } from "../../version.js";
import { booleanOption, stringOption, type CommandDefinition } from "../command.js";
import { colorEnabled, CONFIG_OPTION, OUTPUT_OPTION, writeOutput } from "../output.js";
import { progressLine, statusLine } from "../progress.js";

export const diffCommand: CommandDefinition = {
  name: "diff",
  summary: "what a lockfile change brings in: versions, integrity, sources, install scripts, new nondeterminism",
  description: [
    "Compares the dependency tree of a base (a git ref such as origin/main, read with git without checking " +
      "anything out, or a lockfile path) with the head (the working tree's lockfile, or --head), both loaded " +
      "with @npmcli/arborist, and reports every package added, removed, updated (major, minor, patch, " +
      "prerelease, downgrade) or changed at the same version, path by path. Flags: install-script-added, " +
      "integrity-changed (a republished tarball), source-changed (another host, scheme or git commit), " +
      "range-widened (an exact package.json spec became a range), new-nondeterminism (the new version's shipped " +
      "code uses a nondeterministic API the old one did not), plus the `detkit deps` findings new in head.",
    "Package contents come from node_modules or, offline, from the npm cache; --fetch downloads what the cache " +
      "lacks. A package whose contents cannot be had is listed as not checked. Git and folder dependencies are " +
      "never unpacked (that runs their scripts), and nothing of the project is executed.",
    "Exit code: 0 nothing that fails; 1 a flag named in diff.failOn (default: install-script-added, " +
      "integrity-changed, source-changed, new-nondeterminism) or an error finding; 2 usage or input error " +
      "(unknown ref, no lockfile, a malformed lockfile, not a git repository).",
  ].join("\n\n"),
  arguments: [{ name: "dir", description: "project directory (the one with package.json)", defaultValue: "." }],
  options: [
    { flags: "--base <ref-or-lockfile>", description: "what to compare against: a git ref, a lockfile, or a directory with one (required)" },
    { flags: "--head <lockfile>", description: "the new side: a lockfile or a directory with one (default: the working tree's)" },
    { flags: "-f, --format <name>", description: `output format: ${DIFF_FORMATS.join(", ")}`, defaultValue: "stylish" },
    OUTPUT_OPTION,
    CONFIG_OPTION,
    { flags: "--no-scan", description: "skip scanning the contents of added and updated packages for new nondeterminism" },
    { flags: "--fetch", description: "download package versions the npm cache lacks (default: offline)" },
  ],
  epilog: [
    "Examples:",
    "  $ detkit diff --base origin/main                   before merging an upgrade",
    "  $ detkit diff --base main --format markdown -o diff.md",
    "  $ detkit diff --base old/package-lock.json --head package-lock.json --no-scan",
    "",
    "Choose which flags fail the run in detkit.config.json:",
    '  { "diff": { "failOn": ["install-script-added", "integrity-changed", "source-changed"] } }',
  ].join("\n"),
  async exec({ args, options, io }) {
    const formatName = stringOption(options, "format") ?? "stylish";
    if (!isDiffFormat(formatName)) throw new UsageError(`unknown format "${formatName}"; expected one of ${DIFF_FORMATS.join(", ")}`);
    const base = stringOption(options, "base");
    if (base === undefined) throw new UsageError("diff needs --base: a git ref (e.g. origin/main) or a lockfile to compare against");
    const output = stringOption(options, "output");
    const [requested] = args;
    const directory = typeof requested === "string" ? requested : ".";

    const config = loadConfig({ cwd: io.cwd, start: directory, rules: RULES, explicit: stringOption(options, "config") });
    const dependencyRules = enabledRules(config, DEPENDENCY_RULES);
    const sourceRules = activeSourceRules(config, RULES);
    const status = statusLine(io.stderr, "detkit: reading both dependency trees...");
    const progress = progressLine(io.stderr, "detkit: scanning changed packages");
    const scan = booleanOption(options, "scan") && sourceRules.length > 0;
    let result;
    try {
      result = await diffDependencies({
        cwd: io.cwd,
        directory,
        base,
        ...(stringOption(options, "head") === undefined ? {} : { head: stringOption(options, "head") }),
        failOn: config.diff.failOn,
        dependencyAudit: {
          options: config.deps,
          rules: dependencyRules.map(({ rule }) => rule),
          severities: configuredSeverities(dependencyRules),
        },
        ...(scan
          ? {
              scan: {
                rules: sourceRules,
                sources: contentSourcesFrom(io.env, booleanOption(options, "fetch")),
                onProgress: (done: number, total: number) => {
                  status.clear();
                  progress.update(done, total);
                },
              },
            }
          : {}),
        version: VERSION,
      });
    } finally {
      status.clear();
      progress.done();
    }

    writeOutput(renderDiff(result, formatName, { color: colorEnabled(io, output !== undefined) }), output, io);
    return diffExitCode(result);
  },
};
