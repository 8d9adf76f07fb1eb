import type { Clock } from "@detkit/runtime/clock";

/** Where a command reads and writes; the real process in `main.ts`, captured buffers in tests. */
export interface CliIO {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** Measures `durationMs`; the engine never reads the real clock itself. */
  readonly clock: Clock;
}

export interface OutputStream {
  write(text: string): void;
  readonly isTTY: boolean;
}

export interface ArgumentDefinition {
  readonly name: string;
  readonly description: string;
  readonly variadic?: boolean;
  /** Shown in help and used when the argument is omitted. */
  readonly defaultValue?: string;
}

export interface OptionDefinition {
  /** Commander flags, e.g. `-f, --format <name>`. */
  readonly flags: string;
  readonly description: string;
  readonly choices?: readonly string[];
  readonly defaultValue?: string | boolean;
  /** The option may be given several times (and takes comma-separated lists); its value is a string array. */
  readonly repeatable?: boolean;
}

/** A command declared as data: `--help` is generated from it and `exec` does the work. */
export interface CommandDefinition {
  readonly name: string;
  readonly summary: string;
  /** Longer help, printed under the usage line. */
  readonly description?: string;
  readonly arguments: readonly ArgumentDefinition[];
  readonly options: readonly OptionDefinition[];
  /** Extra help text after the options, e.g. examples. */
  readonly epilog?: string;
  exec(invocation: CommandInvocation): Promise<number>;
}

export interface CommandInvocation {
  /** Positional arguments in declaration order; a variadic argument is a string array. */
  readonly args: readonly (string | readonly string[] | undefined)[];
  readonly options: Readonly<Record<string, unknown>>;
  readonly io: CliIO;
}

export function stringOption(options: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = options[name];
  return typeof value === "string" ? value : undefined;
}

export function listOption(options: Readonly<Record<string, unknown>>, name: string): string[] {
  const value = options[name];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

export function booleanOption(options: Readonly<Record<string, unknown>>, name: string): boolean {
  return options[name] === true;
}
