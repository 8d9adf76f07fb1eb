import { analyze, type ActiveRule } from "../../src/analyzer/index.js";
import { discoverFiles, resolveTargets } from "../../src/analyzer/files.js";
import { DEFAULT_SUPPRESSION_POLICY as suppressions } from "./rule-tester.js";

/** Discovers the files under `paths` of `cwd` (all of it when empty) and checks them with `rules` and the default suppressions. */
export function analyzeWith(cwd: string, paths: readonly string[], rules: readonly ActiveRule[], options: { cache?: { directory: string; key: unknown } } = {}) {
  const { files } = discoverFiles({ cwd, root: cwd, targets: resolveTargets(cwd, paths) });
  return analyze({ cwd, files, projectStart: cwd, policyFor: () => ({ rules, suppressions, test: false }), ...options });
}
