import type { ts } from "@ts-morph/common";

/** The kinds of nondeterminism detkit knows; every rule belongs to exactly one. */
export type Category =
  | "clock"
  | "random"
  | "json"
  | "float"
  | "ordering"
  | "locale"
  | "environment"
  | "concurrency"
  | "dependency";

export const CATEGORIES: readonly Category[] = [
  "clock",
  "random",
  "json",
  "float",
  "ordering",
  "locale",
  "environment",
  "concurrency",
  "dependency",
];

export type Severity = "error" | "warning";

/**
 * An example in a rule's documentation. A string is one TypeScript source file; an object maps file names
 * (relative to a project root, e.g. `package.json`, `.github/workflows/ci.yml`) to their contents, for rules
 * that look at a whole project rather than one file.
 */
export type RuleExample = string | { readonly [fileName: string]: string };

/** Everything a user, the SARIF descriptor and the README learn about a rule. */
export interface RuleMeta {
  /** kebab-case, unique in the registry. */
  readonly id: string;
  readonly category: Category;
  /** Severity outside deterministic zones unless the configuration says otherwise. */
  readonly severity: Severity;
  /** One sentence: what the rule finds. */
  readonly description: string;
  /** Why it makes a program nondeterministic. */
  readonly rationale: string;
  readonly examples: { readonly incorrect: RuleExample; readonly correct: RuleExample };
  /** The deterministic replacement: which wrapper (or practice) fixes a finding of this rule. */
  readonly replacement: string;
  /** Whether the check asks the type checker; such rules cost more and say so in the catalog. */
  readonly requiresTypes: boolean;
}

/** A position-independent report from a source rule; the runner turns it into a finding. */
export interface SourceReport {
  readonly node: ts.Node;
  readonly message: string;
  /** Defaults to the rule's `meta.replacement`. */
  readonly suggestion?: string;
}

/**
 * What a path of member accesses really refers to, after following imports, `require`, aliases,
 * destructuring and the global object. `global` refs start at a global name (`["Date", "now"]`);
 * `module` refs start at a module specifier with any `node:` prefix removed.
 */
export type Reference =
  | { readonly kind: "global"; readonly path: readonly string[] }
  | { readonly kind: "module"; readonly module: string; readonly path: readonly string[] };

export interface SourceRuleContext {
  /**
   * The TypeScript compiler API the file was parsed with. Rules take it from here instead of importing
   * ts-morph, so that loading the rule registry (for `detkit rules`, `detkit deps`, SARIF) stays cheap.
   */
  readonly ts: typeof ts;
  /** The file being checked, relative to the working directory with `/` separators. */
  readonly fileName: string;
  readonly sourceFile: ts.SourceFile;
  /**
   * What an expression refers to, or `undefined` for anything local (parameters, local variables, computed
   * values) or not a member path. Syntactic: never asks the type checker.
   */
  resolve(expression: ts.Expression | ts.BindingElement): Reference | undefined;
  /**
   * The well-known name of what an expression refers to, e.g. `Date.now`, or `crypto#randomBytes` for a
   * member of module `crypto`, or `undefined`. Equivalent spellings (`node:process` and the global `process`) share one name.
   */
  resolveName(expression: ts.Expression | ts.BindingElement): string | undefined;
  /**
   * The function an expression stands for when this file shows it: an inline arrow or function expression, or
   * a name bound to a function declaration or a `const` holding one. Lets a rule look inside callbacks.
   */
  functionOf(expression: ts.Expression): ts.FunctionLikeDeclaration | undefined;
  /** The type checker, built on first use. Only rules whose meta says `requiresTypes` may call it. */
  getTypeChecker(): ts.TypeChecker;
  report(report: SourceReport): void;
}

/** Visitors keyed by syntax kind name; the runner walks each file once and calls every rule's visitor. */
export interface SourceVisitors {
  CallExpression?(node: ts.CallExpression): void;
  NewExpression?(node: ts.NewExpression): void;
  PropertyAccessExpression?(node: ts.PropertyAccessExpression): void;
  ElementAccessExpression?(node: ts.ElementAccessExpression): void;
  BindingElement?(node: ts.BindingElement): void;
  Identifier?(node: ts.Identifier): void;
}

export interface SourceRule {
  readonly kind: "source";
  readonly meta: RuleMeta;
  create(context: SourceRuleContext): SourceVisitors;
}
