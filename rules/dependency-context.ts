// Placeholder owned by the dependency-audit work (issue 4): it defines what a dependency rule sees.
export interface DependencyReport {
  /** File the finding points at (package.json, the lockfile, a workflow), relative to the working directory. */
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
  /** Defaults to the rule's `meta.replacement`. */
  readonly suggestion?: string;
  /** The package the finding is about, so that accepted risks can match it. */
  readonly package?: { readonly name: string; readonly version?: string };
}

export interface DependencyRuleContext {
  report(report: DependencyReport): void;
}
