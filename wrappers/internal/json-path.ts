/**
 * Paths into JSON values as error messages show them, shared by canonicalize and parse: `$` is the root, `.name`
 * a property whose name is an identifier, `["a b"]` any other property (the name as a JSON string, invisible
 * characters escaped: `["\ufeffid"]`), `[3]` an index.
 */

import { readableJsonString } from "./error-text.js";

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** The path segment for a property name or an array index. */
export function pathSegment(key: string | number): string {
  if (typeof key === "number") return `[${key}]`;
  return IDENTIFIER.test(key) ? `.${key}` : `[${readableJsonString(key)}]`;
}
