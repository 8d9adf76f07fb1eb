// Loaded with `node --import` by the isolation test: records every module URL that Node loads on stderr, so a
// test can tell which packages importing a wrapper pulled in.
import { writeSync } from "node:fs";
import { register } from "node:module";

if (process.env.DETKIT_TRACE_HOOKS === undefined) {
  process.env.DETKIT_TRACE_HOOKS = "1";
  register(import.meta.url, import.meta.url);
}

export async function load(url, context, next) {
  writeSync(2, `loaded ${url}\n`);
  return next(url, context);
}
