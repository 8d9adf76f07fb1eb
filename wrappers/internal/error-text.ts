/**
 * How error messages show what the caller passed in: readable (characters that print as nothing or as a plain
 * space are named or escaped) and bounded (a path 100,000 levels deep or a number with a million digits is cut in
 * the middle), so that a message always fits on a screen and says which character is at fault.
 */

// Controls, format characters (byte order mark, zero-width space, bidi marks, soft hyphen) and separators other
// than the ASCII space: in a message they look like nothing, or like a space.
const INVISIBLE = /(?! )[\p{Cc}\p{Cf}\p{Z}]/u;
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, "gu");

/** Names for the invisible characters met most often in text pasted from documents, editors and spreadsheets. */
const NAMES: ReadonlyMap<number, string> = new Map([
  [0x0085, "next line"],
  [0x00a0, "no-break space"],
  [0x00ad, "soft hyphen"],
  [0x2007, "figure space"],
  [0x2009, "thin space"],
  [0x200b, "zero-width space"],
  [0x200c, "zero-width non-joiner"],
  [0x200d, "zero-width joiner"],
  [0x200e, "left-to-right mark"],
  [0x200f, "right-to-left mark"],
  [0x2028, "line separator"],
  [0x2029, "paragraph separator"],
  [0x202f, "narrow no-break space"],
  [0x2060, "word joiner"],
  [0x3000, "ideographic space"],
  [0xfeff, "byte order mark"],
]);

function categoryName(character: string): string {
  if (/\p{Cc}/u.test(character)) return "control character";
  if (/\p{Cf}/u.test(character)) return "invisible format character";
  return "space character";
}

function codePointLabel(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * A character as a message shows it: `"x"` when it is visible, `U+FEFF (byte order mark)` or
 * `U+2003 (space character)` when it would look like nothing or like a space.
 */
export function describeCharacter(character: string): string {
  const codePoint = character.codePointAt(0) ?? 0;
  if (!INVISIBLE.test(character)) return JSON.stringify(character);
  return `${codePointLabel(codePoint)} (${NAMES.get(codePoint) ?? categoryName(character)})`;
}

/**
 * `text` as a JSON string literal whose invisible characters are written as `\uXXXX` escapes: the same string to
 * any JSON reader, and one that shows every character.
 */
export function readableJsonString(text: string): string {
  return JSON.stringify(text).replace(INVISIBLE_ALL, (character) => {
    let escaped = "";
    for (let unit = 0; unit < character.length; unit++) {
      escaped += `\\u${character.charCodeAt(unit).toString(16).padStart(4, "0")}`;
    }
    return escaped;
  });
}

/** `index`, moved back by one when it would split a surrogate pair. */
function cutAt(text: string, index: number): number {
  const before = text.charCodeAt(index - 1);
  const after = text.charCodeAt(index);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff ? index - 1 : index;
}

/** `text` cut in the middle when longer than `head + tail` code units, e.g. `$[0][0]…(299700 characters left out)…[0]`. */
export function abridge(text: string, head: number, tail: number): string {
  if (text.length <= head + tail) return text;
  const headEnd = cutAt(text, head);
  const tailStart = cutAt(text, text.length - tail);
  return `${text.slice(0, headEnd)}…(${tailStart - headEnd} characters left out)…${text.slice(tailStart)}`;
}

const QUOTE_HEAD = 160;
const QUOTE_TAIL = 40;

/**
 * A string quoted for a message: {@link readableJsonString}, and when longer than 200 code units its start and end
 * only, each quoted: `"abc"…(999800 characters left out)…"xyz"`.
 */
export function quoteText(text: string): string {
  if (text.length <= QUOTE_HEAD + QUOTE_TAIL) return readableJsonString(text);
  const headEnd = cutAt(text, QUOTE_HEAD);
  const tailStart = cutAt(text, text.length - QUOTE_TAIL);
  return `${readableJsonString(text.slice(0, headEnd))}…(${tailStart - headEnd} characters left out)…${readableJsonString(text.slice(tailStart))}`;
}

/** A path (`$.items[3]`) as a message shows it: its start and its end, the part nearest the problem. */
export function abridgePath(path: string): string {
  return abridge(path, 100, 200);
}

/** A number's digits as a message shows them: at most 80 characters. */
export function abridgeDigits(digits: string): string {
  return abridge(digits, 60, 20);
}
