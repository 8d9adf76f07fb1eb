/**
 * A problem with what the user asked for or gave us (a flag, a path, a config, a lockfile): the CLI prints its
 * message on one line and exits 2, without a stack trace. Anything else that escapes is an internal error.
 */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** The message of a caught value, for one-line errors. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
