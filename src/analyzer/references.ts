import { ts } from "@ts-morph/common";
import type { Reference } from "../../rules/util/types.js";

/** Names that, when not shadowed, are the global object itself: `globalThis.Date` is `Date`. */
const GLOBAL_OBJECT_NAMES = new Set(["globalThis", "window", "self", "global"]);

const MAX_ALIAS_DEPTH = 32;

/**
 * A module of the project itself (one of the scanned files), reached through an import or `require`: its
 * members are its exports, which the module graph resolves. Never shown to rules.
 */
export interface ProjectModule {
  readonly kind: "project";
  /** Absolute path of the file. */
  readonly file: string;
  readonly trace?: readonly string[];
}

/** One value: a reference rules can match, or a project module whose members are its exports. */
export type Single = Reference | ProjectModule;

/**
 * The values an expression may have when it chooses (`delegate || Date`, `useFake ? fake : Date`), each kept, so
 * that a rule sees the hazard whichever side it is on. Values of the same name appear once.
 */
export interface Choice {
  readonly kind: "choice";
  readonly options: readonly Single[];
}

/** What the resolver computes. */
export type Resolved = Single | Choice;

/**
 * How the resolver of one file reaches the other files of the project; the module graph implements it. Without
 * a linker every import is an opaque module reference, as it was before cross-file resolution.
 */
export interface ModuleLinker {
  /** The scanned file that `specifier`, written in the linked file, names; undefined for packages and unknown files. */
  moduleFile(specifier: string): string | undefined;
  /** What export `name` of a scanned file holds, following re-exports; `trace` names the declarations it came through. */
  exportOf(file: string, name: string): Resolved | undefined;
  /** What `require(file)` gives: the CommonJS `module.exports` value, or the module itself. */
  requireOf(file: string): Resolved | undefined;
  /**
   * Grows whenever an answer was cut short by a cycle between files: such an answer depends on where the
   * question started, so the resolver does not cache what was computed from it.
   */
  readonly cycles: number;
}

/** What a name declared in a scope stands for. */
type Binding =
  /**
   * An import: `path` is [] for a namespace or default import (CommonJS interop makes them the module), or the
   * members taken from it. `isDefault` tells a default import apart, for modules of the project.
   */
  | { readonly kind: "import"; readonly module: string; readonly path: readonly string[]; readonly isDefault: boolean }
  /**
   * A variable or parameter whose value this file shows: `initializer` (through destructuring, `path` walks into
   * it) or else `defaultValue` (`now = Date.now` in a parameter or a destructuring pattern). A mutable one is
   * also worth what every later assignment gives it.
   */
  | {
      readonly kind: "alias";
      /** The name it binds, for finding the assignments to it. */
      readonly name: string;
      readonly initializer: ts.Expression | undefined;
      readonly path: readonly string[];
      readonly defaultValue: ts.Expression | undefined;
      readonly mutable: boolean;
      readonly declaration: ts.VariableDeclaration | ts.ParameterDeclaration;
    }
  /**
   * Anything else: parameters, functions, classes, enums, array-destructured variables.
   * `declaration` is kept for function declarations, so that rules can look inside a function passed by name.
   */
  | { readonly kind: "local"; readonly declaration?: ts.FunctionDeclaration };

type AliasBinding = Extract<Binding, { kind: "alias" }>;

const LOCAL: Binding = { kind: "local" };

/**
 * Maps a module reference to the global it is the same object as, so that rules match one spelling:
 * `node:process` is `process`, `perf_hooks.performance` is `performance`, `crypto.webcrypto` is `crypto`.
 */
function normalize(reference: Reference): Reference {
  if (reference.kind === "global") return reference;
  const [first, ...rest] = reference.path;
  const trace = reference.trace ? { trace: reference.trace } : {};
  switch (reference.module) {
    case "process":
      return { kind: "global", path: ["process", ...reference.path], ...trace };
    case "perf_hooks":
      return first === "performance" ? { kind: "global", path: ["performance", ...rest], ...trace } : reference;
    case "crypto":
      return first === "webcrypto" ? { kind: "global", path: ["crypto", ...rest], ...trace } : reference;
    default:
      return reference;
  }
}

function withoutNodePrefix(specifier: string): string {
  return specifier.startsWith("node:") ? specifier.slice("node:".length) : specifier;
}

/** A member of a package (or Node built-in) by specifier: `packageReference("node:crypto", ["randomUUID"])`. */
export function packageReference(specifier: string, path: readonly string[]): Reference {
  return normalize({ kind: "module", module: withoutNodePrefix(specifier), path });
}

function member(reference: Reference, name: string): Reference {
  if (reference.kind === "global" && reference.path.length === 0 && GLOBAL_OBJECT_NAMES.has(name)) {
    return reference;
  }
  return normalize({ ...reference, path: [...reference.path, name] });
}

/** `resolved` as reached after `before`: the trace of the way there comes first. */
export function traced(before: readonly string[] | undefined, resolved: Resolved | undefined): Resolved | undefined {
  if (resolved === undefined || before === undefined || before.length === 0) return resolved;
  if (resolved.kind === "choice") return choose(resolved.options.map((option) => traced(before, option)));
  return { ...resolved, trace: [...before, ...(resolved.trace ?? [])] };
}

const NO_OPTIONS: readonly Single[] = [];

function optionsOf(resolved: Resolved | undefined): readonly Single[] {
  if (resolved === undefined) return NO_OPTIONS;
  return resolved.kind === "choice" ? resolved.options : [resolved];
}

function keyOf(single: Single): string {
  return single.kind === "project" ? `project:${single.file}` : `${single.kind}:${referenceName(single)}`;
}

/** One value for the values an expression may have: undefined when none is known, the value itself when one is. */
function choose(values: readonly (Resolved | undefined)[]): Resolved | undefined {
  const options: Single[] = [];
  const seen = new Set<string>();
  for (const option of values.flatMap(optionsOf)) {
    const key = keyOf(option);
    if (seen.has(key)) continue;
    seen.add(key);
    options.push(option);
  }
  if (options.length <= 1) return options[0];
  return { kind: "choice", options };
}

const NO_REFERENCES: readonly Reference[] = [];

/** The references among the values a resolved expression may have, in source order. */
export function referencesOf(resolved: Resolved | undefined): readonly Reference[] {
  if (resolved === undefined || resolved.kind === "project") return NO_REFERENCES;
  if (resolved.kind !== "choice") return [resolved];
  return resolved.options.filter((option): option is Reference => option.kind !== "project");
}

/** The well-known name of a reference: `Date.now` for globals, `crypto#randomBytes` for module members. */
export function referenceName(reference: Reference): string {
  if (reference.kind === "global") return reference.path.join(".");
  return `${reference.module}#${reference.path.join(".")}`;
}

function sameValue(a: Resolved, b: Resolved): boolean {
  return optionsOf(a).map(keyOf).join("\n") === optionsOf(b).map(keyOf).join("\n");
}

function isFunctionLike(node: ts.Node): node is ts.SignatureDeclaration & { body?: ts.Node } {
  switch (node.kind) {
    case ts.SyntaxKind.FunctionDeclaration:
    case ts.SyntaxKind.FunctionExpression:
    case ts.SyntaxKind.ArrowFunction:
    case ts.SyntaxKind.MethodDeclaration:
    case ts.SyntaxKind.Constructor:
    case ts.SyntaxKind.GetAccessor:
    case ts.SyntaxKind.SetAccessor:
      return true;
    default:
      return false;
  }
}

/** Whether `var` declarations below this node are hoisted to it. */
function isVarScope(node: ts.Node): boolean {
  return ts.isSourceFile(node) || isFunctionLike(node) || ts.isClassStaticBlockDeclaration(node);
}

function isScope(node: ts.Node): boolean {
  switch (node.kind) {
    case ts.SyntaxKind.SourceFile:
    case ts.SyntaxKind.Block:
    case ts.SyntaxKind.ModuleBlock:
    case ts.SyntaxKind.CaseBlock:
    case ts.SyntaxKind.ForStatement:
    case ts.SyntaxKind.ForInStatement:
    case ts.SyntaxKind.ForOfStatement:
    case ts.SyntaxKind.CatchClause:
    case ts.SyntaxKind.ClassExpression:
    case ts.SyntaxKind.ClassDeclaration:
    case ts.SyntaxKind.ClassStaticBlockDeclaration:
      return true;
    default:
      return isFunctionLike(node);
  }
}

export function propertyNameText(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  if (ts.isNumericLiteral(name)) return name.text;
  return undefined;
}

function isStringLike(node: ts.Node): node is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral {
  return ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node);
}

/**
 * `declare const performance: Performance`, `declare global { … }`: an ambient declaration describes something
 * that exists elsewhere (usually the global of that name); it binds nothing new in this file.
 */
function isAmbient(statement: ts.Statement): boolean {
  return ts.canHaveModifiers(statement) && (ts.getModifiers(statement)?.some((modifier) => modifier.kind === ts.SyntaxKind.DeclareKeyword) ?? false);
}

/** `undefined`, `null` and `void 0`: a variable holding one of them holds no function yet. */
function isNullish(node: ts.Expression): boolean {
  return (
    node.kind === ts.SyntaxKind.NullKeyword ||
    (ts.isIdentifier(node) && node.text === "undefined") ||
    ts.isVoidExpression(node)
  );
}

export function skipParentheses(node: ts.Expression): ts.Expression {
  let current = node;
  while (ts.isParenthesizedExpression(current)) current = current.expression;
  return current;
}

/** The specifier of `import("x")` with one string argument, or undefined. */
function dynamicImportSpecifier(node: ts.Node): string | undefined {
  if (!ts.isCallExpression(node) || node.expression.kind !== ts.SyntaxKind.ImportKeyword) return undefined;
  const [specifier] = node.arguments;
  return specifier && node.arguments.length === 1 && isStringLike(specifier) ? specifier.text : undefined;
}

/** For `import("x").then((m) => …)`: the specifier whose module the callback's first parameter receives. */
function importThenSpecifier(fn: ts.Node): string | undefined {
  const call = fn.parent;
  if (!ts.isCallExpression(call) || call.arguments[0] !== fn || !ts.isPropertyAccessExpression(call.expression)) return undefined;
  if (call.expression.name.text !== "then") return undefined;
  return dynamicImportSpecifier(skipParentheses(call.expression.expression));
}

/**
 * The member names from the root of a destructuring pattern down to `element` (`const { a: { b } } = x` gives
 * `["a", "b"]` for `b`), and the declaration or parameter at the root; undefined for array patterns, rest
 * elements and computed names, which this file cannot follow.
 */
function destructuringPath(
  element: ts.BindingElement,
): { readonly path: string[]; readonly root: ts.VariableDeclaration | ts.ParameterDeclaration } | undefined {
  const path: string[] = [];
  let current: ts.Node = element;
  while (ts.isBindingElement(current)) {
    if (current.dotDotDotToken || !ts.isObjectBindingPattern(current.parent)) return undefined;
    const key = current.propertyName ?? (ts.isIdentifier(current.name) ? current.name : undefined);
    const text = key && propertyNameText(key);
    if (text === undefined) return undefined;
    path.unshift(text);
    current = current.parent.parent;
  }
  return ts.isVariableDeclaration(current) || ts.isParameter(current) ? { path, root: current } : undefined;
}

/**
 * Syntactic name resolution for one file: which declaration a name refers to, and what an expression built
 * from names, member accesses, imports, `require`, `||`/`??`/`?:` choices and assignments really is. With a
 * linker it follows imports of the project's own files into their exports. Scopes are computed on first use,
 * so a file whose code never reaches a hazard-shaped expression pays almost nothing.
 */
export class ReferenceResolver {
  private readonly scopes = new Map<ts.Node, Map<string, Binding>>();
  private readonly cache = new Map<ts.Node, Resolved | undefined>();
  /** Every name the file assigns to, by text: the identifiers written (`x = …`, `x++`, `[x] = …`, `for (x of …)`). */
  private writes: Map<string, ts.Identifier[]> | undefined;
  /** The names among `writes` written by destructuring, whose value the file does not show. */
  private readonly destructured = new Set<ts.Identifier>();
  /** Alias bindings being resolved: meeting one again is a cycle (`x = x || Date.now`). */
  private readonly resolving = new Set<AliasBinding>();
  private localCycles = 0;
  private readonly nearestScope = new Map<ts.Node, ts.Node | undefined>();

  constructor(
    private readonly sourceFile: ts.SourceFile,
    private readonly linker?: ModuleLinker,
  ) {}

  /**
   * What `node` refers to, or undefined when it is local, computed, a project module or not a member path. When
   * the expression chooses between values (`a || Date`), the first known one; `resolveAll` gives every one.
   */
  resolve(node: ts.Expression | ts.BindingElement): Reference | undefined {
    return referencesOf(this.resolveValue(node))[0];
  }

  /** Every reference `node` may be: one for most expressions, several for `a || b`, `a ?? b`, `c ? a : b`. */
  resolveAll(node: ts.Expression | ts.BindingElement): readonly Reference[] {
    return referencesOf(this.resolveValue(node));
  }

  /** What `node` refers to, including a module of the project (for the module graph). */
  resolveValue(node: ts.Expression | ts.BindingElement): Resolved | undefined {
    return this.resolveAt(node, 0);
  }

  private cycles(): number {
    return this.localCycles + (this.linker?.cycles ?? 0);
  }

  private resolveAt(node: ts.Node, depth: number): Resolved | undefined {
    if (depth > MAX_ALIAS_DEPTH) return undefined;
    if (this.cache.has(node)) return this.cache.get(node);
    const cyclesBefore = this.cycles();
    const resolved = this.compute(node, depth);
    // An answer cut short by a cycle depends on where the question started; ask again next time.
    if (this.cycles() === cyclesBefore) this.cache.set(node, resolved);
    return resolved;
  }

  private compute(node: ts.Node, depth: number): Resolved | undefined {
    switch (node.kind) {
      case ts.SyntaxKind.Identifier:
        return this.resolveIdentifier(node as ts.Identifier, depth);
      case ts.SyntaxKind.PropertyAccessExpression: {
        const access = node as ts.PropertyAccessExpression;
        if (!ts.isIdentifier(access.name)) return undefined;
        return this.memberOf(this.resolveAt(access.expression, depth + 1), access.name.text);
      }
      case ts.SyntaxKind.ElementAccessExpression: {
        const access = node as ts.ElementAccessExpression;
        if (!isStringLike(access.argumentExpression)) return undefined;
        return this.memberOf(this.resolveAt(access.expression, depth + 1), access.argumentExpression.text);
      }
      case ts.SyntaxKind.ParenthesizedExpression:
      case ts.SyntaxKind.AsExpression:
      case ts.SyntaxKind.TypeAssertionExpression:
      case ts.SyntaxKind.NonNullExpression:
      case ts.SyntaxKind.SatisfiesExpression:
        return this.resolveAt((node as ts.ParenthesizedExpression).expression, depth + 1);
      case ts.SyntaxKind.BinaryExpression: {
        const binary = node as ts.BinaryExpression;
        switch (binary.operatorToken.kind) {
          // `(0, obj.fn)` is the usual way bundlers call a member without `this`; it is still `obj.fn`.
          // `a && b` is `b` whenever it is a function at all.
          case ts.SyntaxKind.CommaToken:
          case ts.SyntaxKind.AmpersandAmpersandToken:
            return this.resolveAt(binary.right, depth + 1);
          // `(delegate || Date).now()` is Date whenever nothing was injected: either side may be the value.
          case ts.SyntaxKind.BarBarToken:
          case ts.SyntaxKind.QuestionQuestionToken:
            return choose([this.resolveAt(binary.left, depth + 1), this.resolveAt(binary.right, depth + 1)]);
          default:
            return undefined;
        }
      }
      case ts.SyntaxKind.ConditionalExpression: {
        const conditional = node as ts.ConditionalExpression;
        return choose([this.resolveAt(conditional.whenTrue, depth + 1), this.resolveAt(conditional.whenFalse, depth + 1)]);
      }
      case ts.SyntaxKind.CallExpression:
        return this.resolveRequire(node as ts.CallExpression, depth);
      case ts.SyntaxKind.AwaitExpression: {
        const specifier = dynamicImportSpecifier((node as ts.AwaitExpression).expression);
        return specifier === undefined ? undefined : this.importedValue(specifier, [], false);
      }
      case ts.SyntaxKind.BindingElement:
        return this.resolveBindingElement(node as ts.BindingElement, depth);
      default:
        return undefined;
    }
  }

  private memberOf(target: Resolved | undefined, name: string): Resolved | undefined {
    if (target === undefined) return undefined;
    if (target.kind === "choice") return choose(target.options.map((option) => this.memberOf(option, name)));
    if (target.kind === "project") return traced(target.trace, this.linker?.exportOf(target.file, name));
    return member(target, name);
  }

  private membersOf(target: Resolved | undefined, path: readonly string[]): Resolved | undefined {
    let resolved = target;
    for (const name of path) resolved = this.memberOf(resolved, name);
    return resolved;
  }

  /** `require("x")`, also through `createRequire(import.meta.url)`. */
  private resolveRequire(call: ts.CallExpression, depth: number): Resolved | undefined {
    const [specifier] = call.arguments;
    if (!specifier || call.arguments.length !== 1 || !isStringLike(specifier)) return undefined;
    if (!this.isRequireFunction(skipParentheses(call.expression), depth)) return undefined;
    const file = this.linker?.moduleFile(specifier.text);
    if (file !== undefined) return this.linker?.requireOf(file);
    return packageReference(specifier.text, []);
  }

  private isRequireFunction(callee: ts.Expression, depth: number): boolean {
    if (depth > MAX_ALIAS_DEPTH) return false;
    if (ts.isCallExpression(callee)) {
      const made = referencesOf(this.resolveAt(callee.expression, depth + 1));
      return made.some((reference) => reference.kind === "module" && referenceName(reference) === "module#createRequire");
    }
    if (!ts.isIdentifier(callee)) return false;
    const binding = this.lookup(callee);
    if (binding === undefined) return callee.text === "require";
    // `const require = createRequire(import.meta.url)`
    return (
      binding.kind === "alias" &&
      !binding.mutable &&
      binding.path.length === 0 &&
      binding.initializer !== undefined &&
      this.isRequireFunction(skipParentheses(binding.initializer), depth + 1)
    );
  }

  /** What an import of `specifier` gives: a member of a project file's exports, or a module reference. */
  private importedValue(specifier: string, path: readonly string[], isDefault: boolean): Resolved | undefined {
    const file = this.linker?.moduleFile(specifier);
    if (file === undefined) return packageReference(specifier, path);
    const base: Resolved | undefined = isDefault ? this.linker?.exportOf(file, "default") : { kind: "project", file };
    return this.membersOf(base, path);
  }

  private resolveIdentifier(identifier: ts.Identifier, depth: number): Resolved | undefined {
    const name = identifier.text;
    if (name === "undefined") return undefined;
    const binding = this.lookup(identifier);
    if (binding === undefined) {
      return GLOBAL_OBJECT_NAMES.has(name) ? { kind: "global", path: [] } : { kind: "global", path: [name] };
    }
    switch (binding.kind) {
      case "import":
        return this.importedValue(binding.module, binding.path, binding.isDefault);
      case "alias":
        return this.aliasValue(binding, depth);
      case "local":
        return undefined;
    }
  }

  /**
   * The value an alias holds wherever it is read. A mutable one must hold the same thing after every assignment
   * (assignments of `null`/`undefined` aside: `let crypto; try { crypto = require("node:crypto") } catch {}`);
   * an alias assigned something else, or something computed, no longer says what it holds.
   */
  private aliasValue(binding: AliasBinding, depth: number): Resolved | undefined {
    if (this.resolving.has(binding)) {
      this.localCycles++;
      return undefined;
    }
    this.resolving.add(binding);
    try {
      const initial = binding.initializer === undefined ? undefined : this.membersOf(this.resolveAt(binding.initializer, depth + 1), binding.path);
      // A default applies when the value is missing: either may be what the name holds.
      const value = binding.defaultValue ? choose([initial, this.resolveAt(binding.defaultValue, depth + 1)]) : initial;
      if (!binding.mutable) return value;
      const holdsNothingYet =
        binding.defaultValue === undefined && (binding.initializer === undefined || isNullish(binding.initializer));
      // Starting from something unknown (`let i = 0`), no assignment can make it known: skip the assignments.
      if (!holdsNothingYet && value === undefined) return undefined;
      const writes = this.writesOf(binding);
      if (writes === undefined) return undefined;
      if (writes.length === 0) return value;
      let result = holdsNothingYet ? undefined : value;
      for (const write of writes) {
        if (isNullish(write)) continue;
        const written = this.resolveAt(write, depth + 1);
        if (written === undefined || (result !== undefined && !sameValue(result, written))) return undefined;
        result ??= written;
      }
      return result;
    } finally {
      this.resolving.delete(binding);
    }
  }

  /** `const { now } = Date` makes the element `Date.now`; nested patterns walk deeper. */
  private resolveBindingElement(element: ts.BindingElement, depth: number): Resolved | undefined {
    if (!ts.isIdentifier(element.name)) return undefined;
    const binding = this.lookup(element.name);
    if (binding?.kind === "alias") return this.aliasValue(binding, depth);
    if (binding?.kind === "import") return this.importedValue(binding.module, binding.path, binding.isDefault);
    return undefined;
  }

  /**
   * The function an expression evaluates to when that is visible in this file: an inline function, or a name
   * bound to a function declaration or to a `const` initialised with a function expression.
   */
  functionOf(expression: ts.Expression): ts.FunctionLikeDeclaration | undefined {
    for (let depth = 0; depth < MAX_ALIAS_DEPTH; depth++) {
      if (ts.isParenthesizedExpression(expression)) {
        expression = expression.expression;
        continue;
      }
      if (ts.isArrowFunction(expression) || ts.isFunctionExpression(expression)) return expression;
      if (!ts.isIdentifier(expression)) return undefined;
      const binding = this.lookup(expression);
      if (binding?.kind === "local") return binding.declaration;
      if (binding?.kind !== "alias" || binding.mutable || binding.path.length > 0 || binding.initializer === undefined) {
        return undefined;
      }
      expression = binding.initializer;
    }
    return undefined;
  }

  /** The binding a name has at the place it is used, or undefined when it is not declared in this file. */
  lookup(identifier: ts.Identifier): Binding | undefined {
    const name = identifier.text;
    for (let scope = this.scopeAt(identifier.parent); scope; scope = this.scopeAt(scope.parent)) {
      const binding = this.bindingsOf(scope).get(name);
      if (binding) return binding;
    }
    return undefined;
  }

  /**
   * The nearest scope at or above `node`. Remembered for every node passed on the way up, so that the names of a
   * long flat expression (a chain of thousands of calls, each a level deeper) cost linear time, not quadratic.
   */
  private scopeAt(node: ts.Node | undefined): ts.Node | undefined {
    const passed: ts.Node[] = [];
    let scope: ts.Node | undefined;
    for (let current = node; current; current = current.parent) {
      if (this.nearestScope.has(current)) {
        scope = this.nearestScope.get(current);
        break;
      }
      if (isScope(current)) {
        scope = current;
        break;
      }
      passed.push(current);
    }
    for (const visited of passed) this.nearestScope.set(visited, scope);
    return scope;
  }

  /** The declaration of an alias a name is bound to where it is used (for the module graph's traces). */
  aliasDeclarationOf(identifier: ts.Identifier): ts.VariableDeclaration | ts.ParameterDeclaration | undefined {
    const binding = this.lookup(identifier);
    return binding?.kind === "alias" ? binding.declaration : undefined;
  }

  private bindingsOf(scope: ts.Node): Map<string, Binding> {
    let bindings = this.scopes.get(scope);
    if (!bindings) {
      bindings = new Map();
      this.collect(scope, bindings);
      this.scopes.set(scope, bindings);
    }
    return bindings;
  }

  private collect(scope: ts.Node, bindings: Map<string, Binding>): void {
    const declare = (name: ts.BindingName | undefined, binding: (element: ts.Identifier) => Binding) => {
      if (name) this.declareName(name, bindings, binding);
    };
    if (ts.isSourceFile(scope) || ts.isBlock(scope) || ts.isModuleBlock(scope)) {
      this.collectStatements(scope.statements, bindings);
    } else if (ts.isCaseBlock(scope)) {
      for (const clause of scope.clauses) this.collectStatements(clause.statements, bindings);
    } else if (ts.isForStatement(scope) || ts.isForInStatement(scope) || ts.isForOfStatement(scope)) {
      const initializer = scope.initializer;
      if (initializer && ts.isVariableDeclarationList(initializer) && isBlockScoped(initializer)) {
        if (ts.isForStatement(scope)) this.declareVariables(initializer, bindings);
        else for (const declaration of initializer.declarations) declare(declaration.name, () => LOCAL);
      }
    } else if (ts.isCatchClause(scope)) {
      declare(scope.variableDeclaration?.name, () => LOCAL);
    } else if (ts.isClassLike(scope)) {
      if (scope.name) bindings.set(scope.name.text, LOCAL);
    } else if (isFunctionLike(scope)) {
      if (ts.isFunctionExpression(scope) && scope.name) bindings.set(scope.name.text, LOCAL);
      bindings.set("arguments", LOCAL);
      const imported = importThenSpecifier(scope);
      scope.parameters.forEach((parameter, index) => {
        if (imported !== undefined && index === 0) {
          declare(parameter.name, (identifier) => this.importThenBinding(identifier, imported));
        } else {
          declare(parameter.name, (identifier) => this.bindingOfDeclaration(identifier.parent));
        }
      });
    }
    if (isVarScope(scope)) this.collectVars(scope, bindings);
  }

  /** The first parameter of `import("x").then((m) => …)` is module `x`, destructured or not. */
  private importThenBinding(identifier: ts.Identifier, module: string): Binding {
    if (ts.isParameter(identifier.parent)) return { kind: "import", module, path: [], isDefault: false };
    const element = identifier.parent;
    const destructured = ts.isBindingElement(element) ? destructuringPath(element) : undefined;
    return destructured ? { kind: "import", module, path: destructured.path, isDefault: false } : LOCAL;
  }

  private collectStatements(statements: ts.NodeArray<ts.Statement>, bindings: Map<string, Binding>): void {
    if (this.sourceFile.isDeclarationFile) return;
    for (const statement of statements) {
      if (isAmbient(statement)) continue;
      if (ts.isVariableStatement(statement)) {
        if (isBlockScoped(statement.declarationList)) this.declareVariables(statement.declarationList, bindings);
      } else if (ts.isFunctionDeclaration(statement)) {
        if (statement.name) bindings.set(statement.name.text, { kind: "local", declaration: statement });
      } else if (ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) {
        if (statement.name) bindings.set(statement.name.text, LOCAL);
      } else if (ts.isModuleDeclaration(statement) && ts.isIdentifier(statement.name)) {
        bindings.set(statement.name.text, LOCAL);
      } else if (ts.isImportDeclaration(statement)) {
        this.declareImport(statement, bindings);
      } else if (ts.isImportEqualsDeclaration(statement) && !statement.isTypeOnly) {
        const reference = statement.moduleReference;
        bindings.set(
          statement.name.text,
          ts.isExternalModuleReference(reference) && isStringLike(reference.expression)
            ? { kind: "import", module: reference.expression.text, path: [], isDefault: false }
            : LOCAL,
        );
      }
    }
  }

  private declareImport(declaration: ts.ImportDeclaration, bindings: Map<string, Binding>): void {
    const clause = declaration.importClause;
    if (!clause || clause.isTypeOnly || !isStringLike(declaration.moduleSpecifier)) return;
    const module = declaration.moduleSpecifier.text;
    if (clause.name) bindings.set(clause.name.text, { kind: "import", module, path: [], isDefault: true });
    const named = clause.namedBindings;
    if (!named) return;
    if (ts.isNamespaceImport(named)) {
      bindings.set(named.name.text, { kind: "import", module, path: [], isDefault: false });
      return;
    }
    for (const specifier of named.elements) {
      if (specifier.isTypeOnly) continue;
      const imported = specifier.propertyName ? specifier.propertyName.text : specifier.name.text;
      bindings.set(
        specifier.name.text,
        imported === "default" ? { kind: "import", module, path: [], isDefault: true } : { kind: "import", module, path: [imported], isDefault: false },
      );
    }
  }

  /**
   * `var` declarations anywhere below a function (or the file), not inside nested functions. Walked with an
   * explicit stack: a flat expression of thousands of operands is a tree that deep.
   */
  private collectVars(scope: ts.Node, bindings: Map<string, Binding>): void {
    if (this.sourceFile.isDeclarationFile) return;
    const body = isFunctionLike(scope) ? scope.body : scope;
    const stack: ts.Node[] = body ? [body] : [];
    const push = (child: ts.Node) => {
      stack.push(child);
    };
    // Children are pushed in reverse so that declarations are met in source order, as the recursion met them.
    for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
      if (node !== body && (isVarScope(node) || ts.isClassLike(node))) continue;
      if (ts.isVariableStatement(node) && isAmbient(node)) continue;
      if (ts.isVariableDeclarationList(node) && !isBlockScoped(node)) {
        if (ts.isVariableStatement(node.parent) || ts.isForStatement(node.parent)) this.declareVariables(node, bindings);
        else for (const declaration of node.declarations) this.declareName(declaration.name, bindings, () => LOCAL);
        continue;
      }
      const children: ts.Node[] = [];
      node.forEachChild((child) => {
        children.push(child);
      });
      for (let index = children.length - 1; index >= 0; index--) {
        const child = children[index];
        if (child) push(child);
      }
    }
  }

  private declareVariables(list: ts.VariableDeclarationList, bindings: Map<string, Binding>): void {
    for (const declaration of list.declarations) {
      this.declareName(declaration.name, bindings, (identifier) => this.bindingOfDeclaration(identifier.parent));
    }
  }

  private declareName(
    name: ts.BindingName,
    bindings: Map<string, Binding>,
    bindingFor: (identifier: ts.Identifier) => Binding,
  ): void {
    if (ts.isIdentifier(name)) {
      bindings.set(name.text, bindingFor(name));
      return;
    }
    for (const element of name.elements) {
      if (ts.isBindingElement(element)) this.declareName(element.name, bindings, bindingFor);
    }
  }

  /**
   * The binding a variable declaration, parameter or binding element creates: an alias when its value can be
   * followed (an initializer through plain object destructuring, a default, or later assignments), otherwise local.
   */
  private bindingOfDeclaration(node: ts.Node): Binding {
    const declared = ts.isVariableDeclaration(node) || ts.isBindingElement(node) || ts.isParameter(node) ? node.name : undefined;
    if (!declared || !ts.isIdentifier(declared)) return LOCAL;
    const name = declared.text;
    let path: readonly string[] = [];
    let root: ts.Node = node;
    let defaultValue: ts.Expression | undefined;
    if (ts.isBindingElement(node)) {
      const destructured = destructuringPath(node);
      if (!destructured) return LOCAL;
      ({ path, root } = destructured);
      defaultValue = node.initializer;
    }
    if (ts.isParameter(root)) {
      // A parameter holds what the caller passes, which this file does not show, or else its default.
      const fallback = root === node ? root.initializer : defaultValue;
      return fallback === undefined
        ? LOCAL
        : { kind: "alias", name, initializer: undefined, path: [], defaultValue: fallback, mutable: true, declaration: root };
    }
    if (!ts.isVariableDeclaration(root)) return LOCAL;
    const list = root.parent;
    if (!ts.isVariableDeclarationList(list) || ts.isForInStatement(list.parent) || ts.isForOfStatement(list.parent)) {
      return LOCAL;
    }
    const mutable = (list.flags & ts.NodeFlags.Const) === 0;
    if (root.initializer === undefined && (path.length > 0 || !mutable)) return LOCAL;
    return { kind: "alias", name, initializer: root.initializer, path, defaultValue, mutable, declaration: root };
  }

  /**
   * Every assignment to a name bound to `binding`, or undefined when one of them computes its value. The
   * assignments of the whole file are collected in one walk, the first time an alias needs them; only those
   * whose name resolves to this very binding count, so a variable of the same name in another scope does not
   * make this one unknown.
   */
  /**
   * The values assigned to `binding` after its declaration, or undefined when one assignment computes its value
   * (`+=`, `++`, destructuring, `for (x of …)`).
   */
  private writesOf(binding: AliasBinding): readonly ts.Expression[] | undefined {
    const values: ts.Expression[] = [];
    for (const target of this.allWrites().get(binding.name) ?? []) {
      if (this.lookup(target) !== binding) continue;
      const value = this.destructured.has(target) ? undefined : valueWrittenTo(target);
      if (value === undefined) return undefined;
      values.push(value);
    }
    return values;
  }

  private allWrites(): Map<string, ts.Identifier[]> {
    if (this.writes) return this.writes;
    const writes = new Map<string, ts.Identifier[]>();
    const add = (target: ts.Identifier) => {
      const list = writes.get(target.text);
      if (list) list.push(target);
      else writes.set(target.text, [target]);
    };
    const addPattern = (target: ts.Expression) => {
      if (ts.isIdentifier(target)) add(target);
      else if (ts.isObjectLiteralExpression(target) || ts.isArrayLiteralExpression(target)) {
        forEachAssignedName(target, (identifier) => {
          this.destructured.add(identifier);
          add(identifier);
        });
      }
    };
    const stack: ts.Node[] = [this.sourceFile];
    for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
      if (ts.isBinaryExpression(node) && isAssignmentOperator(node.operatorToken.kind)) {
        addPattern(skipParentheses(node.left));
      } else if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && ts.isIdentifier(node.operand)) {
        if (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken) add(node.operand);
      } else if ((ts.isForInStatement(node) || ts.isForOfStatement(node)) && !ts.isVariableDeclarationList(node.initializer)) {
        addPattern(skipParentheses(node.initializer));
      }
      node.forEachChild((child) => {
        stack.push(child);
      });
    }
    this.writes = writes;
    return writes;
  }
}

/**
 * The value an assignment to `target` stores: the right side of `=`, `??=`, `||=`, `&&=` when `target` is the
 * whole left side; undefined for arithmetic assignments, `++`/`--`, destructuring and loop variables.
 */
function valueWrittenTo(target: ts.Identifier): ts.Expression | undefined {
  let left: ts.Node = target;
  while (ts.isParenthesizedExpression(left.parent)) left = left.parent;
  const assignment = left.parent;
  if (!ts.isBinaryExpression(assignment) || assignment.left !== left) return undefined;
  switch (assignment.operatorToken.kind) {
    case ts.SyntaxKind.EqualsToken:
    case ts.SyntaxKind.QuestionQuestionEqualsToken:
    case ts.SyntaxKind.BarBarEqualsToken:
    case ts.SyntaxKind.AmpersandAmpersandEqualsToken:
      return assignment.right;
    default:
      return undefined;
  }
}

/** The names a destructuring assignment (`({ a, b: c } = x)`, `[a, ...b] = y`) writes to. */
function forEachAssignedName(pattern: ts.Expression, visit: (identifier: ts.Identifier) => void): void {
  const stack: ts.Node[] = [pattern];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (ts.isIdentifier(node)) visit(node);
    else if (ts.isShorthandPropertyAssignment(node)) visit(node.name);
    else if (ts.isPropertyAssignment(node)) stack.push(node.initializer);
    else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) stack.push(node.left);
    else if (ts.isSpreadElement(node) || ts.isSpreadAssignment(node) || ts.isParenthesizedExpression(node)) stack.push(node.expression);
    else if (ts.isObjectLiteralExpression(node)) for (const property of node.properties) stack.push(property);
    else if (ts.isArrayLiteralExpression(node)) for (const element of node.elements) stack.push(element);
  }
}

function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

function isBlockScoped(list: ts.VariableDeclarationList): boolean {
  return (list.flags & ts.NodeFlags.BlockScoped) !== 0;
}
