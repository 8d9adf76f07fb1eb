import { Command, CommanderError, Option } from "commander";
import { messageOf, UsageError } from "../errors.js";
import { VERSION } from "../version.js";
import type { CliIO, CommandDefinition } from "./command.js";
import { COMMANDS } from "./commands/index.js";

function buildCommand(definition: CommandDefinition, io: CliIO, setExitCode: (code: number) => void): Command {
  const command = new Command(definition.name).summary(definition.summary);
  command.description(definition.description ?? definition.summary);
  for (const argument of definition.arguments) {
    const spelled = argument.variadic ? `[${argument.name}...]` : `[${argument.name}]`;
    command.argument(spelled, argument.description, argument.defaultValue);
  }
  for (const option of definition.options) {
    const built = new Option(option.flags, option.description);
    if (option.choices) built.choices(option.choices);
    if (option.defaultValue !== undefined) built.default(option.defaultValue);
    if (option.repeatable) {
      built.argParser((value: string, previous: string[] | undefined) => [
        ...(previous ?? []),
        ...value.split(",").map((item) => item.trim()).filter((item) => item.length > 0),
      ]);
    }
    command.addOption(built);
  }
  if (definition.epilog) command.addHelpText("after", `\n${definition.epilog}`);
  command.action(async (...received: unknown[]) => {
    const args = received.slice(0, definition.arguments.length).map((value) => {
      if (typeof value === "string" || value === undefined) return value;
      if (Array.isArray(value)) return value.filter((item): item is string => typeof item === "string");
      return undefined;
    });
    setExitCode(await definition.exec({ args, options: command.opts(), io }));
  });
  return command;
}

/**
 * The whole CLI as a function: parses argv, runs one command and returns the exit code. Only `main.ts`
 * touches the real process.
 */
export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  let exitCode = 0;
  const program = new Command("detkit")
    .description("Find what makes a JavaScript/TypeScript program nondeterministic, and fix it.")
    .version(VERSION, "-v, --version", "print the version")
    .helpOption("-h, --help", "show help")
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // One line per error, suggestion included: "detkit: unknown command 'audti' (Did you mean audit?)".
      outputError: (text, write) => write(`detkit: ${text.replace(/^error: /, "").trim().replace(/\s*\n\s*/g, " ")}\n`),
    });
  program.exitOverride();
  for (const definition of COMMANDS) {
    const command = buildCommand(definition, io, (code) => {
      exitCode = code;
    });
    command.exitOverride();
    command.configureOutput(program.configureOutput());
    command.showSuggestionAfterError(true);
    program.addCommand(command);
  }

  if (argv.length === 0) {
    io.stdout.write(program.helpInformation());
    return 0;
  }
  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0; parse errors have already printed one line.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof UsageError) {
      io.stderr.write(`detkit: ${error.message}\n`);
      return 2;
    }
    io.stderr.write(`detkit: internal error: ${messageOf(error)}\n`);
    return 2;
  }
}
