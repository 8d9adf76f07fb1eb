import { describe, expect, it } from "vitest";
import type { SourceFix } from "../../rules/util/types.js";
import { applyFixes } from "../../src/fix/apply.js";

/** A fix that replaces the first occurrence of `from` with `to`, needing the given imports. */
function replace(text: string, from: string, to: string, imports: SourceFix["imports"] = []): SourceFix {
  const start = text.indexOf(from);
  if (start === -1) throw new Error(`${from} not in the text`);
  return { edits: [{ start, end: start + from.length, text: to }], imports };
}

const COMPARE = [{ module: "detkit/collections", name: "compareStrings" }];

describe("applyFixes", () => {
  it("applies an edit and adds the import after the file's last import, in the file's quote and semicolon style", () => {
    const text = "import { readFileSync } from 'node:fs'\n\nexport const sorted = names.sort((a, b) => a.localeCompare(b))\n";
    const outcome = applyFixes("a.ts", text, [replace(text, "a.localeCompare(b)", "compareStrings(a, b)", COMPARE)]);
    expect(outcome.applied).toBe(1);
    expect(outcome.text).toBe(
      "import { readFileSync } from 'node:fs'\nimport { compareStrings } from 'detkit/collections'\n\nexport const sorted = names.sort((a, b) => compareStrings(a, b))\n",
    );
  });

  it("adds a name to an existing import of the module instead of a second import", () => {
    const text = 'import { sortBy } from "detkit/collections";\nconst x = a.localeCompare(b);\n';
    const outcome = applyFixes("a.ts", text, [replace(text, "a.localeCompare(b)", "compareStrings(a, b)", COMPARE)]);
    expect(outcome.text).toBe('import { sortBy, compareStrings } from "detkit/collections";\nconst x = compareStrings(a, b);\n');
  });

  it("imports each name once for several fixes, and not at all when it is already imported", () => {
    const text = "const x = a.localeCompare(b);\nconst y = c.localeCompare(d);\n";
    const fixes = [replace(text, "a.localeCompare(b)", "compareStrings(a, b)", COMPARE), replace(text, "c.localeCompare(d)", "compareStrings(c, d)", COMPARE)];
    const outcome = applyFixes("a.ts", text, fixes);
    expect(outcome.applied).toBe(2);
    expect(outcome.text).toBe('import { compareStrings } from "detkit/collections";\nconst x = compareStrings(a, b);\nconst y = compareStrings(c, d);\n');
    const again = applyFixes("a.ts", outcome.text, []);
    expect(again).toEqual({ text: outcome.text, applied: 0 });
  });

  it("requires in CommonJS files, after a shebang and 'use strict'", () => {
    const text = "#!/usr/bin/env node\n'use strict';\nconst fs = require('fs');\nconst x = a.localeCompare(b);\n";
    const outcome = applyFixes("tool.cjs", text, [replace(text, "a.localeCompare(b)", "compareStrings(a, b)", COMPARE)]);
    expect(outcome.text).toBe(
      "#!/usr/bin/env node\n'use strict';\nconst { compareStrings } = require('detkit/collections');\nconst fs = require('fs');\nconst x = compareStrings(a, b);\n",
    );
  });

  it("puts a first import below a licence header comment", () => {
    const text = "/* Copyright the authors. MIT licence. */\nexport const x = a.localeCompare(b);\n";
    const outcome = applyFixes("a.mjs", text, [replace(text, "a.localeCompare(b)", "compareStrings(a, b)", COMPARE)]);
    expect(outcome.text).toBe(
      '/* Copyright the authors. MIT licence. */\nimport { compareStrings } from "detkit/collections";\nexport const x = compareStrings(a, b);\n',
    );
  });

  it("leaves a fix that overlaps one already taken for the next run", () => {
    const text = "const list = readdirSync(dir);\n";
    const first = replace(text, "readdirSync(dir)", "readdirSync(dir).sort()");
    const overlapping = replace(text, "readdirSync(dir)", "readdirSorted(dir)");
    const outcome = applyFixes("a.ts", text, [first, overlapping]);
    expect(outcome).toEqual({ text: "const list = readdirSync(dir).sort();\n", applied: 1 });
  });

  it("applies nothing when the result would not parse", () => {
    const text = "const x = f(1);\n";
    const outcome = applyFixes("a.ts", text, [replace(text, "f(1)", "f(1")]);
    expect(outcome).toEqual({ text, applied: 0 });
  });
});
