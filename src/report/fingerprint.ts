import { createHash } from "node:crypto";

/**
 * Position-free identities for findings within their file: a hash of the rule and what the finding is about
 * (the normalised source of the hazardous expression, or for findings without one, the message), plus the
 * finding's ordinal among identical ones in that file. Lines added or removed elsewhere leave it unchanged,
 * so a baseline entry or a code-scanning alert follows the finding when code moves. The file is not part of
 * the hash: consumers pair it with the file, in whatever form they name files (relative to a baseline, a URI).
 */
export function fingerprint(ruleId: string, subject: string, ordinal: number): string {
  return createHash("sha256").update(`${ruleId}\0${subject}\0${ordinal}`).digest("hex").slice(0, 32);
}

/** Source text with every run of whitespace (line breaks and indentation included) folded to one space. */
export function normalizeSnippet(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/**
 * Fingerprints for a list of findings of one file, in their order: identical (rule, subject) pairs are told
 * apart by their ordinal, counted in source order.
 */
export function fingerprintsInOrder(items: readonly { readonly ruleId: string; readonly file: string; readonly subject: string }[]): string[] {
  const seen = new Map<string, number>();
  return items.map(({ ruleId, file, subject }) => {
    const key = `${ruleId}\0${file}\0${subject}`;
    const ordinal = seen.get(key) ?? 0;
    seen.set(key, ordinal + 1);
    return fingerprint(ruleId, subject, ordinal);
  });
}
