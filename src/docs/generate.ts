// `npm run generate`: rewrites the texts generated from the rule registry (README rule table, config schema).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../atomic-write.js";
import { generatedTexts, withGenerated } from "./generated.js";

const root = process.argv[2] ?? ".";
let failed = false;
for (const generated of generatedTexts()) {
  const path = join(root, generated.file);
  const current = readFileSync(path, "utf8");
  const next = withGenerated(current, generated);
  if (next === undefined) {
    process.stderr.write(`generate: ${generated.file} lacks the markers ${JSON.stringify(generated.region)}\n`);
    failed = true;
  } else if (next !== current) {
    writeFileAtomic(path, next);
    process.stdout.write(`generate: updated ${generated.file}\n`);
  }
}
process.exitCode = failed ? 1 : 0;
