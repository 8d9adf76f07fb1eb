import { readFileSync } from "node:fs";
import { systemMessage } from "./files.js";

/** A file's bytes, or the problem that kept them from being read. */
export type BytesResult = { readonly ok: true; readonly bytes: Buffer } | { readonly ok: false; readonly message: string };

export function readSourceBytes(absolutePath: string): BytesResult {
  try {
    return { ok: true, bytes: readFileSync(absolutePath) };
  } catch (error) {
    return { ok: false, message: `cannot read file: ${systemMessage(error)}` };
  }
}
