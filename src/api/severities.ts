import { resolve } from "node:path";
import { RULES, SOURCE_RULES, suppressionMissingReason, unusedSuppression } from "../../rules/index.js";
import type { FilePolicy } from "../analyzer/index.js";
import type { SeverityResolver } from "../config/severity.js";
import type { Finding } from "../report/types.js";

const KNOWN_RULE_IDS: ReadonlySet<string> = new Set(RULES.map((rule) => rule.meta.id));
const RULES_BY_ID = new Map(RULES.map((rule) => [rule.meta.id, rule.meta]));

/** The policy of each source file: the source and directive rules at the severity the resolver gives there. */
export function sourcePolicies(resolver: SeverityResolver, reportUnused: boolean): (file: string) => FilePolicy {
  const candidates = SOURCE_RULES.filter((rule) => resolver.mayRun(rule.meta));
  return (file) => {
    const rules = resolver.forFile(file);
    const missingReason = rules.settingOf(suppressionMissingReason.meta);
    const unused = rules.settingOf(unusedSuppression.meta);
    return {
      test: rules.test,
      rules: candidates.flatMap((rule) => {
        const setting = rules.settingOf(rule.meta);
        return setting === "off" ? [] : [{ rule, severity: setting }];
      }),
      suppressions: {
        knownRuleIds: KNOWN_RULE_IDS,
        ...(missingReason === "off" ? {} : { missingReason }),
        ...(unused === "off" ? {} : { unused }),
        reportUnused,
      },
    };
  };
}

/**
 * Findings of rules run on a whole project (the dependency rules), at the severity the resolver gives the file
 * each points at (package.json, the lockfile, a workflow); dropped where the rule is off for that file.
 */
export function withFileSeverities<F extends Finding>(findings: readonly F[], resolver: SeverityResolver, cwd: string): F[] {
  return findings.flatMap((finding) => {
    const meta = RULES_BY_ID.get(finding.ruleId);
    if (!meta) return [finding];
    const setting = resolver.forFile(resolve(cwd, finding.file)).settingOf(meta, finding.severity);
    return setting === "off" ? [] : [{ ...finding, severity: setting }];
  });
}
