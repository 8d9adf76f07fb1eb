import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generatedTexts, withGenerated } from "../../src/docs/generated.js";
import { REPO_ROOT } from "../helpers/fixtures.js";

describe("texts generated from the rule registry", () => {
  it.each(generatedTexts().map((generated) => [generated.file, generated] as const))(
    "%s is up to date (run `npm run generate`)",
    (file, generated) => {
      const current = readFileSync(join(REPO_ROOT, file), "utf8");
      expect(withGenerated(current, generated)).toBe(current);
    },
  );

  it("refuses a file whose markers are missing rather than guess where the text goes", () => {
    const [readme] = generatedTexts();
    expect(readme?.region).toBeDefined();
    if (readme) expect(withGenerated("no markers here\n", readme)).toBeUndefined();
  });
});
