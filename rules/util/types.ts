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
  | "dependency"
  /** detkit's own diagnostics about its suppression comments and accepted risks. */
  | "suppression";

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
  "suppression",
];

export type Severity = "error" | "warning";

/**
 * An example in a rule's documentation. A string is one TypeScript source file; an object maps file names
 * (relative to a project root, e.g. `package.json`, `.github/workflows/ci.yml`) to their contents, for rules
 * that look at a whole project rather than one file.
 */
export type RuleExample = string | { readonly [fileName: string]: string };

/** Values for the `{{name}}` placeholders of a message template. */
export type MessageData = Readonly<Record<string, string | number>>;

/** Everything a user, the SARIF descriptor and the README learn about a rule. */
export interface RuleMeta<MessageId extends string = string> {
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
  /**
   * Every message the rule reports, by id, with `{{name}}` placeholders filled from the report's `data`.
   * Tests assert the id, never the wording, so a message can be improved without touching them.
   */
  readonly messages: Readonly<Record<MessageId, string>>;
  /**
   * What `detkit audit --fix` does for a finding of this rule, in one sentence, when the rule offers a fix;
   * absent for rules without one. Only mechanical, behaviour-preserving-or-better rewrites qualify.
   */
  readonly fix?: string;
  /**
   * `"off"` for a rule whose findings in test code do not point at a flaky test: lost digits (a parse into
   * doubles is the same on every run), and values that differ only between machines (a test runs on one at a
   * time; `detkit repro` runs it under other zones, locales and environments). Absent: in test code an error
   * becomes a warning.
   */
  readonly inTests?: "off";
  /**
   * Message ids reported only inside deterministic zones (in a zone or reached from one), dropped elsewhere:
   * a dependence that matters where every result must replay, but that is usually deliberate in other code (a
   * test of the platform that picks between implementations meant to agree).
   */
  readonly onlyInZones?: readonly NoInfer<MessageId>[];
}

/** A text replacement of `[start, end)` (UTF-16 offsets into the file being checked). */
export interface SourceEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** A named import a fix needs, e.g. `{ module: "@detkit/runtime/collections", name: "compareStrings" }`; added once. */
export interface RequiredImport {
  readonly module: string;
  readonly name: string;
}

/** The edits that remove one finding, applied by `--fix`; the result must still parse. */
export interface SourceFix {
  readonly edits: readonly SourceEdit[];
  readonly imports?: readonly RequiredImport[];
}

/** A position-independent report from a source rule; the runner turns it into a finding. */
export interface SourceReport<MessageId extends string = string> {
  readonly node: ts.Node;
  readonly messageId: MessageId;
  readonly data?: MessageData;
  /** Defaults to the rule's `meta.replacement`. */
  readonly suggestion?: string;
  /** Only for rules whose meta declares `fix`. */
  readonly fix?: SourceFix;
}

/**
 * What a path of member accesses really refers to, after following imports (into the project's own files
 * too), `require`, aliases, destructuring, `||`/`??`/`?:` choices and the global object. `global` refs start at
 * a global name (`["Date", "now"]`); `module` refs start at a module specifier with any `node:` prefix removed.
 * `trace` is set when the value came through another file's export: the declarations it passed through, as
 * `file:line text`, nearest first (`["src/time.ts:3 now = Date.now"]`); a finding on it carries that trace.
 */
export type Reference =
  | { readonly kind: "global"; readonly path: readonly string[]; readonly trace?: readonly string[] }
  | { readonly kind: "module"; readonly module: string; readonly path: readonly string[]; readonly trace?: readonly string[] };

export interface SourceRuleContext<MessageId extends string = string> {
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
   * Every well-known name an expression may refer to: one for most expressions, several when it chooses a
   * value (`(delegate || Date).now` is `Date.now` when nothing was injected; `c ? a : b`, `a ?? b`). A rule
   * that looks for hazards matches any of them; `resolveName` gives only the first.
   */
  resolveNames(expression: ts.Expression | ts.BindingElement): readonly string[];
  /**
   * The function an expression stands for when this file shows it: an inline arrow or function expression, or
   * a name bound to a function declaration or a `const` holding one. Lets a rule look inside callbacks.
   */
  functionOf(expression: ts.Expression): ts.FunctionLikeDeclaration | undefined;
  /** The type checker, built on first use. Only rules whose meta says `requiresTypes` may call it. */
  getTypeChecker(): ts.TypeChecker;
  report(report: SourceReport<MessageId>): void;
}

/**
 * Visitors keyed by the name of a `ts.SyntaxKind`; the runner walks each file once and calls, for every node,
 * the visitors registered for its kind. A rule that needs a new kind adds a line here and nothing else: the
 * runner maps names to kinds when the rule is created.
 */
export interface SourceVisitors {
  ArrowFunction?(node: ts.ArrowFunction): void;
  AwaitExpression?(node: ts.AwaitExpression): void;
  BinaryExpression?(node: ts.BinaryExpression): void;
  BindingElement?(node: ts.BindingElement): void;
  CallExpression?(node: ts.CallExpression): void;
  ElementAccessExpression?(node: ts.ElementAccessExpression): void;
  ForInStatement?(node: ts.ForInStatement): void;
  ForOfStatement?(node: ts.ForOfStatement): void;
  FunctionDeclaration?(node: ts.FunctionDeclaration): void;
  FunctionExpression?(node: ts.FunctionExpression): void;
  Identifier?(node: ts.Identifier): void;
  MethodDeclaration?(node: ts.MethodDeclaration): void;
  NewExpression?(node: ts.NewExpression): void;
  PropertyAccessExpression?(node: ts.PropertyAccessExpression): void;
  SpreadElement?(node: ts.SpreadElement): void;
  TaggedTemplateExpression?(node: ts.TaggedTemplateExpression): void;
  VariableDeclaration?(node: ts.VariableDeclaration): void;
}

export type VisitedKindName = keyof SourceVisitors;

export interface SourceRule {
  readonly kind: "source";
  readonly meta: RuleMeta;
  create(context: SourceRuleContext): SourceVisitors;
}
