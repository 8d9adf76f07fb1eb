import { readFileSync } from "node:fs";
import { UsageError } from "../errors.js";
import {
  describeKind,
  findDuplicateKey,
  JsonSyntaxError,
  parseJsonWithPositions,
  type JsonNode,
  type JsonObjectNode,
} from "./parse.js";

/** A JSON file read with positions; `file` is how messages and findings name it. */
export interface JsonFile {
  readonly path: string;
  readonly file: string;
  readonly text: string;
  readonly root: JsonObjectNode;
}

export interface ReadJsonOptions {
  /**
   * Reject a key repeated in one object, as an error naming both places. Off by default: npm reads
   * package.json and lockfiles with JSON.parse, where the last one wins, and detkit reads them as npm does.
   * @default false
   */
  readonly rejectDuplicateKeys?: boolean;
}

/**
 * Reads and parses a JSON file whose top level must be an object. Anything wrong (unreadable, empty,
 * truncated, not JSON, not an object, a repeated key when asked) is a UsageError naming the file, the position
 * and the problem.
 */
export function readJsonObjectFile(path: string, file: string, options: ReadJsonOptions = {}): JsonFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = error instanceof Error && "code" in error ? String(error.code) : "";
    throw new UsageError(`cannot read ${file}${code ? ` (${code})` : ""}`);
  }
  if (text.trim() === "" || text === "\ufeff") throw new UsageError(`${file}: the file is empty, expected a JSON object`);
  let root: JsonNode;
  try {
    root = parseJsonWithPositions(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      throw new UsageError(`${file}:${error.line}:${error.column}: not valid JSON: ${error.message}`);
    }
    throw error;
  }
  if (root.kind !== "object") {
    throw new UsageError(`${file}:${root.line}:${root.column}: expected a JSON object at the top level, found ${describeKind(root)}`);
  }
  if (options.rejectDuplicateKeys) rejectDuplicateKeys(root, file);
  return { path, file, text, root };
}

/** Throws a UsageError naming both places of the first key an object in `node` repeats. */
export function rejectDuplicateKeys(node: JsonNode, file: string): void {
  const duplicate = findDuplicateKey(node);
  if (!duplicate) return;
  const { first, second } = duplicate;
  throw new UsageError(
    `${file}:${second.line}:${second.column}: duplicate key "${second.key}" (first at line ${first.line}); a key may be given once`,
  );
}

/** A JSON object (not null, not an array), as a record to read keys from. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** A JSON path as JavaScript would write it: `packages["node_modules/ms"].version`. */
export function formatJsonPath(path: readonly string[]): string {
  let out = "";
  for (const key of path) {
    if (IDENTIFIER.test(key)) out += out === "" ? key : `.${key}`;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out === "" ? "the top level" : out;
}

/** The error for a value of the wrong type: `package.json:7:19: "dependencies" must be an object, not an array`. */
export function shapeError(file: string, node: JsonNode, path: readonly string[], expectation: string): UsageError {
  return new UsageError(
    `${file}:${node.line}:${node.column}: ${formatJsonPath(path)} must be ${expectation}, not ${describeKind(node)}`,
  );
}

/** Converts a parsed node to the plain value JSON.parse would give. */
export function toPlainValue(node: JsonNode): unknown {
  switch (node.kind) {
    case "object": {
      const value: Record<string, unknown> = {};
      for (const property of node.properties) {
        // defineProperty, so that a "__proto__" key is data, as with JSON.parse
        Object.defineProperty(value, property.key, {
          value: toPlainValue(property.value),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return value;
    }
    case "array":
      return node.items.map(toPlainValue);
    case "null":
      return null;
    default:
      return node.value;
  }
}
