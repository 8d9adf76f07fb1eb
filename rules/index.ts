import type { Rule } from "./create-rule.js";
import noRandomSort from "./no-random-sort.js";
import noUnseededRandom from "./no-unseeded-random.js";
import noWallClock from "./no-wall-clock.js";

/** Every rule detkit knows, in alphabetical order of id. The catalog, SARIF and README are generated from it. */
export const RULES: readonly Rule[] = [
  noRandomSort,
  noUnseededRandom,
  noWallClock,
];
