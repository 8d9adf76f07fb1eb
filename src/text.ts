/** `1 warning`, `2 warnings`, `0 files`: a count with its noun in the right number, for every message. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** `"a", "b"`: names quoted for a message. */
export function quoteAll(names: readonly string[]): string {
  return names.map((name) => `"${name}"`).join(", ");
}
