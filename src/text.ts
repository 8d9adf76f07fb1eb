/** `1 warning`, `2 warnings`, `0 files`: a count with its noun in the right number, for every message. */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`;
}

/** `"a", "b"`: names quoted for a message. */
export function quoteAll(names: readonly string[]): string {
  return names.map((name) => `"${name}"`).join(", ");
}
