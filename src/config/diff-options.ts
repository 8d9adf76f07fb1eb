import { DEFAULT_FAIL_ON, DIFF_FLAGS, isDiffFlag, type DiffFlag } from "../diff/types.js";
import { UsageError } from "../errors.js";
import { isRecord } from "../json-document/file.js";

/** The `diff` section of detkit.config.json (or of the `detkit` key of package.json). */
export interface DiffOptions {
  /**
   * The flags that make `detkit diff` exit 1; the others are reported as warnings.
   * @default ["install-script-added", "integrity-changed", "source-changed", "new-nondeterminism"]
   */
  readonly failOn: readonly DiffFlag[];
}

export const DEFAULT_DIFF_OPTIONS: DiffOptions = { failOn: DEFAULT_FAIL_ON };

const DIFF_KEYS = ["failOn"];

/** Validates the `diff` section; an unknown key or flag names `file` and fails, as everywhere in the configuration. */
export function parseDiffOptions(value: unknown, file: string): DiffOptions {
  if (value === undefined) return DEFAULT_DIFF_OPTIONS;
  if (!isRecord(value)) throw new UsageError(`${file}: "diff" must be an object`);
  const unknown = Object.keys(value).filter((key) => !DIFF_KEYS.includes(key));
  if (unknown.length > 0) {
    throw new UsageError(`${file}: "diff" has unknown key ${unknown.map((key) => `"${key}"`).join(", ")}; expected "failOn"`);
  }
  const failOn = value.failOn ?? DEFAULT_FAIL_ON;
  if (!Array.isArray(failOn)) throw new UsageError(`${file}: "diff.failOn" must be an array of flags (${DIFF_FLAGS.join(", ")})`);
  const flags = failOn.map((flag: unknown, index) => {
    if (!isDiffFlag(flag)) {
      throw new UsageError(`${file}: "diff.failOn[${index}]" must be one of ${DIFF_FLAGS.join(", ")}, not ${JSON.stringify(flag)}`);
    }
    return flag;
  });
  return { failOn: DIFF_FLAGS.filter((flag) => flags.includes(flag)) };
}
