import { formatDiffMarkdown } from "./report-markdown.js";
import { formatDiffStylish } from "./report-stylish.js";
import type { DiffResult } from "./types.js";

export const DIFF_FORMATS = ["stylish", "json", "markdown"] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

export function isDiffFormat(name: string): name is DiffFormat {
  return DIFF_FORMATS.some((format) => format === name);
}

/** Reporters read the diff object only. */
export function renderDiff(result: DiffResult, format: DiffFormat, options: { readonly color: boolean }): string {
  switch (format) {
    case "stylish":
      return formatDiffStylish(result, options);
    case "json":
      return `${JSON.stringify(result, null, 2)}\n`;
    case "markdown":
      return formatDiffMarkdown(result);
  }
}
