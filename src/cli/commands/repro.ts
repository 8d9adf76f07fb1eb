import { UsageError } from "../../errors.js";
import { repro } from "../../repro/index.js";
import { DEFAULT_RUNS, DEFAULT_SEED, DEFAULT_TIMEOUT_SECONDS, parseReproArguments } from "../../repro/options.js";
import { PERTURBATION_KINDS } from "../../repro/plan.js";
import { isReproFormat, renderReproReport, REPRO_FORMATS } from "../../repro/report.js";
import { VERSION } from "../../version.js";
import { booleanOption, stringOption, type CommandDefinition } from "../command.js";
import { colorEnabled } from "../output.js";
import { progressLine } from "../progress.js";

function stringsOption(options: Readonly<Record<string, unknown>>, name: string): string[] {
  const value = options[name];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

export const reproCommand: CommandDefinition = {
  name: "repro",
  summary: "run a command several times under perturbations and check that its output never changes",
  description: [
    "Runs the command after -- several times (--runs) and compares what each run produced with run 0, which " +
      "runs the command as you would: the exit code, standard output, and the files or directories named by " +
      "--output. Every other run varies what should not matter (--vary, default all):",
    [
      "  tz        TZ among UTC, Pacific/Kiritimati, America/St_Johns and Asia/Kolkata",
      "  locale    LANG and LC_ALL among C, tr_TR.UTF-8, de_DE.UTF-8 and ja_JP.UTF-8 (checked in the child)",
      "  env       the order of the environment, and an unrelated extra variable",
      "  cwd       the working directory: a copy under another name (node_modules and .git linked)",
      "  schedule  seeded jitter of timers, immediates and fs callbacks in Node.js processes",
      "  fsorder   seeded shuffle of readdir, readdirSync, opendir and fs.promises.readdir in Node.js processes",
    ].join("\n"),
    "schedule and fsorder come from a preload injected with NODE_OPTIONS=--import; the program is not changed. " +
      "JSON output is compared as data (key order and spacing do not count) unless --strict-bytes. When a run " +
      "differs, detkit shows its perturbations, which of them alone make it differ, the command that replays it, " +
      "and the first difference as a unified diff.",
    "Exit code: 0 every run agreed; 1 a run differed; 2 usage error, or the command could not be started.",
  ].join("\n\n"),
  arguments: [{ name: "command", description: "the command to run, and its arguments, after --", variadic: true }],
  options: [
    { flags: "--runs <count>", description: "how many runs, run 0 included", defaultValue: String(DEFAULT_RUNS) },
    {
      flags: "-o, --output <path...>",
      description: "a file or directory the command writes, compared too (repeatable; relative paths are written in each run's own copy)",
    },
    {
      flags: "--vary <kinds>",
      description: `what to perturb: a comma-separated list of ${PERTURBATION_KINDS.join(", ")}, or none`,
      defaultValue: PERTURBATION_KINDS.join(","),
    },
    { flags: "--seed <seed>", description: "the seed every run's perturbations are drawn from", defaultValue: DEFAULT_SEED },
    { flags: "--replay-run <run>", description: "run only run 0 and this run, with the same perturbations as before" },
    { flags: "--strict-bytes", description: "compare JSON byte for byte instead of as data" },
    { flags: "--ignore <json-path...>", description: "a value of JSON output not to compare, e.g. $.summary.durationMs (repeatable)" },
    {
      flags: "--timeout <seconds>",
      description: "stop a run that takes longer, and count it as differing",
      defaultValue: String(DEFAULT_TIMEOUT_SECONDS),
    },
    { flags: "--jobs <count>", description: "runs at a time", defaultValue: "1" },
    { flags: "-f, --format <name>", description: `output format: ${REPRO_FORMATS.join(", ")}`, defaultValue: "stylish" },
  ],
  epilog: [
    "Examples:",
    "  $ detkit repro -- node build.js                      stdout of 10 runs, everything varied",
    "  $ detkit repro --output dist -- npm run build        every file under dist/ as well",
    "  $ detkit repro --vary schedule --runs 20 -- node report.js",
    "  $ detkit repro --seed 0 --replay-run 3 -- node report.js",
    "  $ detkit repro --ignore '$.generatedAt' --format json -- node export.js",
  ].join("\n"),
  async exec({ args, options, io }) {
    const format = stringOption(options, "format") ?? "stylish";
    if (!isReproFormat(format)) throw new UsageError(`unknown format "${format}"; expected one of ${REPRO_FORMATS.join(", ")}`);
    const [command] = args;
    const reproOptions = parseReproArguments(
      {
        command: Array.isArray(command) ? command : [],
        runs: stringOption(options, "runs"),
        vary: stringOption(options, "vary"),
        seed: stringOption(options, "seed"),
        replayRun: stringOption(options, "replayRun"),
        outputs: stringsOption(options, "output"),
        ignore: stringsOption(options, "ignore"),
        strictBytes: booleanOption(options, "strictBytes"),
        timeout: stringOption(options, "timeout"),
        jobs: stringOption(options, "jobs"),
      },
      { cwd: io.cwd, env: io.env, version: VERSION },
    );
    const progress = progressLine(io.stderr, "detkit: run");
    const report = await repro({ ...reproOptions, onProgress: progress.update }).finally(progress.done);
    io.stdout.write(renderReproReport(report, format, colorEnabled(io, false)));
    return report.reproducible ? 0 : 1;
  },
};
