import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { ts } from "@ts-morph/common";
import { readSourceBytes } from "./read-bytes.js";

export { readSourceBytes, type BytesResult } from "./read-bytes.js";

const SCRIPT_KINDS: Readonly<Record<string, ts.ScriptKind>> = {
  ".ts": ts.ScriptKind.TS,
  ".mts": ts.ScriptKind.TS,
  ".cts": ts.ScriptKind.TS,
  ".tsx": ts.ScriptKind.TSX,
  ".js": ts.ScriptKind.JS,
  ".mjs": ts.ScriptKind.JS,
  ".cjs": ts.ScriptKind.JS,
  ".jsx": ts.ScriptKind.JSX,
};

// Git's heuristic: a NUL byte early in the file means it is not text.
const BINARY_PROBE_BYTES = 8000;

/**
 * Documentation comments are parsed into the tree only in JavaScript, where they carry types. In TypeScript
 * nothing detkit asks needs them (the `@deterministic` mark is read from the comment text), and on a
 * well-documented project they are a third of the parse.
 */
export const JSDOC_PARSING_MODE = ts.JSDocParsingMode.ParseForTypeInfo;

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

export type SourceResult =
  | { readonly ok: true; readonly sourceFile: ts.SourceFile }
  | { readonly ok: false; readonly line?: number; readonly message: string };

/** The script kind a file's extension implies (TypeScript for anything else). */
export function scriptKindOf(path: string): ts.ScriptKind {
  return SCRIPT_KINDS[extname(path)] ?? ts.ScriptKind.TS;
}

/** Has the TypeScript parser's own list of syntax errors (not part of its public typings). */
export function parseDiagnosticsOf(sourceFile: ts.SourceFile): readonly ts.Diagnostic[] {
  if (!("parseDiagnostics" in sourceFile)) return [];
  const diagnostics: unknown = sourceFile.parseDiagnostics;
  return Array.isArray(diagnostics) ? diagnostics.filter(isDiagnostic) : [];
}

function isDiagnostic(value: unknown): value is ts.Diagnostic {
  return typeof value === "object" && value !== null && "messageText" in value && "start" in value;
}

/**
 * Reads and parses one file. Unreadable, binary, non-UTF-8 and syntactically broken files come back as a
 * problem with a message (and the line of the first syntax error) instead of throwing.
 */
export function readSource(absolutePath: string): SourceResult {
  const read = readSourceBytes(absolutePath);
  return read.ok ? parseSource(absolutePath, read.bytes) : read;
}

/** Parses a file's bytes, with the same problems as `readSource` for binary, non-UTF-8 and broken text. */
export function parseSource(absolutePath: string, bytes: Buffer): SourceResult {
  if (bytes.subarray(0, BINARY_PROBE_BYTES).includes(0)) {
    return { ok: false, message: "binary file (contains NUL bytes), not JavaScript or TypeScript source" };
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, message: "not valid UTF-8 text" };
  }
  let sourceFile: ts.SourceFile;
  try {
    const options = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: JSDOC_PARSING_MODE };
    sourceFile = ts.createSourceFile(absolutePath, text, options, true, scriptKindOf(absolutePath));
  } catch (error) {
    // The TypeScript parser is recursive: generated code nested a thousand levels deep overflows its stack.
    return { ok: false, message: `cannot be parsed: ${tooDeep(error) ? "nested too deeply" : String(error)}` };
  }
  const [first] = parseDiagnosticsOf(sourceFile);
  if (first) {
    const line = first.start === undefined ? undefined : sourceFile.getLineAndCharacterOfPosition(first.start).line + 1;
    const message = `syntax error: ${ts.flattenDiagnosticMessageText(first.messageText, " ")}`;
    return line === undefined ? { ok: false, message } : { ok: false, line, message };
  }
  return { ok: true, sourceFile };
}

export function tooDeep(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}
