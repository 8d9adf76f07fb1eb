/**
 * A JSON parser that keeps where every value and key is, so that a finding about a package.json or lockfile
 * entry points at its line, and `--fix` can replace one string token without reformatting the file.
 * It accepts exactly RFC 8259 JSON (plus a leading byte order mark, which npm also ignores).
 */

interface JsonNodeBase {
  /** Offset of the first character of the value (UTF-16 units). */
  readonly start: number;
  /** Offset just past the value. */
  readonly end: number;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
}

export interface JsonProperty {
  readonly key: string;
  /** Offset of the key's opening quote. */
  readonly keyStart: number;
  readonly line: number;
  readonly column: number;
  readonly value: JsonNode;
}

export interface JsonObjectNode extends JsonNodeBase {
  readonly kind: "object";
  /** In file order, duplicates included. */
  readonly properties: readonly JsonProperty[];
}

export interface JsonArrayNode extends JsonNodeBase {
  readonly kind: "array";
  readonly items: readonly JsonNode[];
}

export interface JsonStringNode extends JsonNodeBase {
  readonly kind: "string";
  readonly value: string;
}

export interface JsonNumberNode extends JsonNodeBase {
  readonly kind: "number";
  readonly value: number;
}

export interface JsonBooleanNode extends JsonNodeBase {
  readonly kind: "boolean";
  readonly value: boolean;
}

export interface JsonNullNode extends JsonNodeBase {
  readonly kind: "null";
}

export type JsonNode = JsonObjectNode | JsonArrayNode | JsonStringNode | JsonNumberNode | JsonBooleanNode | JsonNullNode;

/** Malformed JSON, with the 1-based position of the first character that makes it so. */
export class JsonSyntaxError extends Error {
  override readonly name = "JsonSyntaxError";
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

/**
 * The property `key` of an object node (the last one, as JSON.parse does with duplicates), or undefined.
 * Objects with many keys get an index on first lookup, so lockfiles with thousands of entries stay fast.
 */
export function getProperty(node: JsonObjectNode, key: string): JsonProperty | undefined {
  if (node.properties.length > 16) {
    let index = propertyIndexes.get(node);
    if (!index) {
      index = new Map();
      for (const property of node.properties) index.set(property.key, property);
      propertyIndexes.set(node, index);
    }
    return index.get(key);
  }
  for (let i = node.properties.length - 1; i >= 0; i--) {
    const property = node.properties[i];
    if (property?.key === key) return property;
  }
  return undefined;
}

const propertyIndexes = new WeakMap<JsonObjectNode, Map<string, JsonProperty>>();

/**
 * The first key, in file order, that an object of `node` (or of any value inside it) repeats, with the earlier
 * occurrence. JSON.parse and `getProperty` keep the last silently; a reader that must not guess rejects it.
 */
export function findDuplicateKey(node: JsonNode): { readonly first: JsonProperty; readonly second: JsonProperty } | undefined {
  let found: { first: JsonProperty; second: JsonProperty } | undefined;
  // Iterative, like the parser's depth limit: a document may nest deeply.
  const stack: JsonNode[] = [node];
  for (let current = stack.pop(); current !== undefined; current = stack.pop()) {
    if (current.kind === "array") {
      stack.push(...current.items);
    } else if (current.kind === "object") {
      const seen = new Map<string, JsonProperty>();
      for (const property of current.properties) {
        const first = seen.get(property.key);
        if (first && (found === undefined || property.keyStart < found.second.keyStart)) found = { first, second: property };
        seen.set(property.key, property);
        stack.push(property.value);
      }
    }
  }
  return found;
}

/** How a value is named in messages: `an object`, `a string`... */
export function describeKind(node: JsonNode): string {
  switch (node.kind) {
    case "object":
      return "an object";
    case "array":
      return "an array";
    case "string":
      return "a string";
    case "number":
      return "a number";
    case "boolean":
      return "a boolean";
    case "null":
      return "null";
  }
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const MAX_DEPTH = 512;

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

/** Parses `text` as one JSON value; throws JsonSyntaxError with the position of the problem. */
export function parseJsonWithPositions(text: string): JsonNode {
  let offset = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let lineStart = 0;
  let depth = 0;

  const fail = (message: string, at = offset): never => {
    // Positions of errors may lie past the last newline we counted (inside a long string): recount to `at`.
    let errorLine = line;
    let errorLineStart = lineStart;
    for (let i = offset; i < at && i < text.length; i++) {
      if (text.charCodeAt(i) === 10) {
        errorLine++;
        errorLineStart = i + 1;
      }
    }
    throw new JsonSyntaxError(message, errorLine, at - errorLineStart + 1);
  };

  const describeHere = (): string => {
    if (offset >= text.length) return "end of file";
    const character = text[offset] ?? "";
    return /^[\x21-\x7e]$/.test(character)
      ? `'${character}'`
      : `character U+${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
  };

  const unexpected = (expected: string): never =>
    fail(
      offset >= text.length
        ? `unexpected end of file, expected ${expected} (the file looks truncated)`
        : `unexpected ${describeHere()}, expected ${expected}`,
    );

  const skipWhitespace = (): void => {
    for (;;) {
      const code = text.charCodeAt(offset);
      if (code === 32 || code === 9 || code === 13) {
        offset++;
      } else if (code === 10) {
        offset++;
        line++;
        lineStart = offset;
      } else {
        return;
      }
    }
  };

  const parseString = (): { value: string; end: number } => {
    // offset is at the opening quote
    const open = offset;
    let index = offset + 1;
    let chunkStart = index;
    let value = "";
    for (;;) {
      if (index >= text.length) {
        offset = index;
        return fail("unterminated string (the file looks truncated)", open);
      }
      const code = text.charCodeAt(index);
      if (code === 34) {
        value += text.slice(chunkStart, index);
        offset = index + 1;
        return { value, end: offset };
      }
      if (code < 0x20) {
        return fail("control character in a string (a line break must be written \\n)", index);
      }
      if (code === 92) {
        value += text.slice(chunkStart, index);
        const escape = text[index + 1];
        if (escape === "u") {
          const hex = text.slice(index + 2, index + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) return fail("invalid \\u escape in a string", index);
          value += String.fromCharCode(Number.parseInt(hex, 16));
          index += 6;
        } else {
          const replacement = escape === undefined ? undefined : ESCAPES[escape];
          if (replacement === undefined) return fail("invalid escape in a string", index);
          value += replacement;
          index += 2;
        }
        chunkStart = index;
        continue;
      }
      index++;
    }
  };

  const parseValue = (): JsonNode => {
    skipWhitespace();
    const start = offset;
    const startLine = line;
    const column = offset - lineStart + 1;
    const code = text.charCodeAt(offset);
    if (code === 123 /* { */) {
      if (++depth > MAX_DEPTH) fail(`nesting deeper than ${MAX_DEPTH} levels`);
      offset++;
      const properties: JsonProperty[] = [];
      skipWhitespace();
      if (text.charCodeAt(offset) === 125 /* } */) {
        offset++;
      } else {
        for (;;) {
          skipWhitespace();
          if (text.charCodeAt(offset) !== 34) unexpected(properties.length === 0 ? "a property name or '}'" : "a property name");
          const keyStart = offset;
          const keyLine = line;
          const keyColumn = offset - lineStart + 1;
          const { value: key } = parseString();
          skipWhitespace();
          if (text.charCodeAt(offset) !== 58 /* : */) unexpected(`':' after the property name "${key}"`);
          offset++;
          const value = parseValue();
          properties.push({ key, keyStart, line: keyLine, column: keyColumn, value });
          skipWhitespace();
          const next = text.charCodeAt(offset);
          if (next === 44 /* , */) {
            offset++;
            continue;
          }
          if (next === 125) {
            offset++;
            break;
          }
          unexpected(`',' or '}' after the value of "${key}"`);
        }
      }
      depth--;
      return { kind: "object", start, end: offset, line: startLine, column, properties };
    }
    if (code === 91 /* [ */) {
      if (++depth > MAX_DEPTH) fail(`nesting deeper than ${MAX_DEPTH} levels`);
      offset++;
      const items: JsonNode[] = [];
      skipWhitespace();
      if (text.charCodeAt(offset) === 93 /* ] */) {
        offset++;
      } else {
        for (;;) {
          items.push(parseValue());
          skipWhitespace();
          const next = text.charCodeAt(offset);
          if (next === 44) {
            offset++;
            continue;
          }
          if (next === 93) {
            offset++;
            break;
          }
          unexpected("',' or ']' in an array");
        }
      }
      depth--;
      return { kind: "array", start, end: offset, line: startLine, column, items };
    }
    if (code === 34 /* " */) {
      const { value, end } = parseString();
      return { kind: "string", start, end, line: startLine, column, value };
    }
    if (code === 45 /* - */ || (code >= 48 && code <= 57)) {
      NUMBER.lastIndex = offset;
      const match = NUMBER.exec(text);
      if (!match) return unexpected("a number");
      offset += match[0].length;
      return { kind: "number", start, end: offset, line: startLine, column, value: Number(match[0]) };
    }
    for (const [word, node] of LITERALS) {
      if (text.startsWith(word, offset)) {
        offset += word.length;
        return { ...node, start, end: offset, line: startLine, column };
      }
    }
    return unexpected("a value");
  };

  const root = parseValue();
  skipWhitespace();
  if (offset < text.length) unexpected("end of file after the top-level value");
  return root;
}

const LITERALS: readonly (readonly [string, { kind: "boolean"; value: boolean } | { kind: "null" }])[] = [
  ["true", { kind: "boolean", value: true }],
  ["false", { kind: "boolean", value: false }],
  ["null", { kind: "null" }],
];

/** The line and column (1-based) of an offset in `text`. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = text.indexOf("\n"); index !== -1 && index < offset; index = text.indexOf("\n", index + 1)) {
    line++;
    lineStart = index + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
