import { ts } from "@ts-morph/common";
import type { Reference } from "../../rules/util/types.js";

/** Names that, when not shadowed, are the global object itself: `globalThis.Date` is `Date`. */
const GLOBAL_OBJECT_NAMES = new Set(["globalThis", "window", "self", "global"]);

const MAX_ALIAS_DEPTH = 32;

/** What a name declared in a scope stands for. */
type Binding =
  /** An import: `path` is [] for a namespace or default import (CommonJS interop makes them the module). */
  | { readonly kind: "import"; readonly module: string; readonly path: readonly string[] }
  /** A variable initialised from an expression, possibly through destructuring (`path` walks into it). */
  | {
      readonly kind: "alias";
      readonly name: string;
      readonly initializer: ts.Expression;
      readonly path: readonly string[];
      readonly mutable: boolean;
    }
  /**
   * Anything else: parameters, functions, classes, enums, uninitialised or array-destructured variables.
   * `declaration` is kept for function declarations, so that rules can look inside a function passed by name.
   */
  | { readonly kind: "local"; readonly declaration?: ts.FunctionDeclaration };

const LOCAL: Binding = { kind: "local" };

/**
 * Maps a module reference to the global it is the same object as, so that rules match one spelling:
 * `node:process` is `process`, `perf_hooks.performance` is `performance`, `crypto.webcrypto` is `crypto`.
 */
function normalize(reference: Reference): Reference {
  if (reference.kind === "global") return reference;
  const [first, ...rest] = reference.path;
  switch (reference.module) {
    case "process":
      return { kind: "global", path: ["process", ...reference.path] };
    case "perf_hooks":
      return first === "performance" ? { kind: "global", path: ["performance", ...rest] } : reference;
    case "crypto":
      return first === "webcrypto" ? { kind: "global", path: ["crypto", ...rest] } : reference;
    default:
      return reference;
  }
}

function moduleReference(specifier: string, path: readonly string[]): Reference {
  const module = specifier.startsWith("node:") ? specifier.slice("node:".length) : specifier;
  return normalize({ kind: "module", module, path });
}

function member(reference: Reference, name: string): Reference {
  if (reference.kind === "global" && reference.path.length === 0 && GLOBAL_OBJECT_NAMES.has(name)) {
    return reference;
  }
  return normalize({ ...reference, path: [...reference.path, name] });
}

/** The well-known name of a reference: `Date.now` for globals, `crypto#randomBytes` for module members. */
export function referenceName(reference: Reference): string {
  if (reference.kind === "global") return reference.path.join(".");
  return `${reference.module}#${reference.path.join(".")}`;
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

function propertyNameText(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  if (ts.isNumericLiteral(name)) return name.text;
  return undefined;
}

function isStringLike(node: ts.Node): node is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral {
  return ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node);
}


/**
 * Syntactic name resolution for one file: which declaration a name refers to, and what an expression built
 * from names, member accesses, imports and `require` really is. Scopes are computed on first use, so a file
 * whose code never reaches a hazard-shaped expression pays almost nothing.
 */
export class ReferenceResolver {
  private readonly scopes = new Map<ts.Node, Map<string, Binding>>();
  private readonly cache = new Map<ts.Node, Reference | undefined>();
  private assignedNames: Set<string> | undefined;

  constructor(private readonly sourceFile: ts.SourceFile) {}

  /** What `node` refers to, or undefined when it is local, computed or not a member path. */
  resolve(node: ts.Expression | ts.BindingElement): Reference | undefined {
    return this.resolveAt(node, 0);
  }

  private resolveAt(node: ts.Node, depth: number): Reference | undefined {
    if (depth > MAX_ALIAS_DEPTH) return undefined;
    if (this.cache.has(node)) return this.cache.get(node);
    const reference = this.compute(node, depth);
    this.cache.set(node, reference);
    return reference;
  }

  private compute(node: ts.Node, depth: number): Reference | undefined {
    switch (node.kind) {
      case ts.SyntaxKind.Identifier:
        return this.resolveIdentifier(node as ts.Identifier, depth);
      case ts.SyntaxKind.PropertyAccessExpression: {
        const access = node as ts.PropertyAccessExpression;
        if (!ts.isIdentifier(access.name)) return undefined;
        const target = this.resolveAt(access.expression, depth + 1);
        return target && member(target, access.name.text);
      }
      case ts.SyntaxKind.ElementAccessExpression: {
        const access = node as ts.ElementAccessExpression;
        if (!isStringLike(access.argumentExpression)) return undefined;
        const target = this.resolveAt(access.expression, depth + 1);
        return target && member(target, access.argumentExpression.text);
      }
      case ts.SyntaxKind.ParenthesizedExpression:
      case ts.SyntaxKind.AsExpression:
      case ts.SyntaxKind.TypeAssertionExpression:
      case ts.SyntaxKind.NonNullExpression:
      case ts.SyntaxKind.SatisfiesExpression:
        return this.resolveAt((node as ts.ParenthesizedExpression).expression, depth + 1);
      case ts.SyntaxKind.BinaryExpression: {
        const binary = node as ts.BinaryExpression;
        // `(0, obj.fn)` is the usual way bundlers call a member without `this`; it is still `obj.fn`.
        return binary.operatorToken.kind === ts.SyntaxKind.CommaToken ? this.resolveAt(binary.right, depth + 1) : undefined;
      }
      case ts.SyntaxKind.CallExpression:
        return this.resolveRequire(node as ts.CallExpression);
      case ts.SyntaxKind.AwaitExpression: {
        const operand = (node as ts.AwaitExpression).expression;
        return ts.isCallExpression(operand) && operand.expression.kind === ts.SyntaxKind.ImportKeyword
          ? this.moduleOfCall(operand)
          : undefined;
      }
      case ts.SyntaxKind.BindingElement:
        return this.resolveBindingElement(node as ts.BindingElement, depth);
      default:
        return undefined;
    }
  }

  private resolveRequire(call: ts.CallExpression): Reference | undefined {
    const callee = call.expression;
    if (!ts.isIdentifier(callee) || callee.text !== "require") return undefined;
    if (this.lookup(callee) !== undefined) return undefined;
    return this.moduleOfCall(call);
  }

  private moduleOfCall(call: ts.CallExpression): Reference | undefined {
    const [specifier] = call.arguments;
    return specifier && call.arguments.length === 1 && isStringLike(specifier)
      ? moduleReference(specifier.text, [])
      : undefined;
  }

  private resolveIdentifier(identifier: ts.Identifier, depth: number): Reference | undefined {
    const name = identifier.text;
    if (name === "undefined") return undefined;
    const binding = this.lookup(identifier);
    if (binding === undefined) {
      return GLOBAL_OBJECT_NAMES.has(name) ? { kind: "global", path: [] } : { kind: "global", path: [name] };
    }
    switch (binding.kind) {
      case "import":
        return moduleReference(binding.module, binding.path);
      case "alias": {
        if (binding.mutable && this.isReassigned(binding.name)) return undefined;
        let reference = this.resolveAt(binding.initializer, depth + 1);
        for (const name of binding.path) reference = reference && member(reference, name);
        return reference;
      }
      case "local":
        return undefined;
    }
  }

  /** `const { now } = Date` makes the element `Date.now`; nested patterns walk deeper. */
  private resolveBindingElement(element: ts.BindingElement, depth: number): Reference | undefined {
    const binding = this.bindingOfDeclaration(element);
    if (binding.kind !== "alias") return undefined;
    let reference = this.resolveAt(binding.initializer, depth + 1);
    for (const name of binding.path) reference = reference && member(reference, name);
    return reference;
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
      if (binding?.kind !== "alias" || binding.mutable || binding.path.length > 0) return undefined;
      expression = binding.initializer;
    }
    return undefined;
  }

  /** The binding a name has at the place it is used, or undefined when it is not declared in this file. */
  lookup(identifier: ts.Identifier): Binding | undefined {
    const name = identifier.text;
    for (let node: ts.Node | undefined = identifier.parent; node; node = node.parent) {
      if (!isScope(node)) continue;
      const binding = this.bindingsOf(node).get(name);
      if (binding) return binding;
    }
    return undefined;
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
        for (const declaration of initializer.declarations) declare(declaration.name, () => LOCAL);
      }
    } else if (ts.isCatchClause(scope)) {
      declare(scope.variableDeclaration?.name, () => LOCAL);
    } else if (ts.isClassLike(scope)) {
      if (scope.name) bindings.set(scope.name.text, LOCAL);
    } else if (isFunctionLike(scope)) {
      if (ts.isFunctionExpression(scope) && scope.name) bindings.set(scope.name.text, LOCAL);
      bindings.set("arguments", LOCAL);
      for (const parameter of scope.parameters) declare(parameter.name, () => LOCAL);
    }
    if (isVarScope(scope)) this.collectVars(scope, bindings);
  }

  private collectStatements(statements: ts.NodeArray<ts.Statement>, bindings: Map<string, Binding>): void {
    for (const statement of statements) {
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
            ? { kind: "import", module: reference.expression.text, path: [] }
            : LOCAL,
        );
      }
    }
  }

  private declareImport(declaration: ts.ImportDeclaration, bindings: Map<string, Binding>): void {
    const clause = declaration.importClause;
    if (!clause || clause.isTypeOnly || !isStringLike(declaration.moduleSpecifier)) return;
    const module = declaration.moduleSpecifier.text;
    if (clause.name) bindings.set(clause.name.text, { kind: "import", module, path: [] });
    const named = clause.namedBindings;
    if (!named) return;
    if (ts.isNamespaceImport(named)) {
      bindings.set(named.name.text, { kind: "import", module, path: [] });
      return;
    }
    for (const specifier of named.elements) {
      if (specifier.isTypeOnly) continue;
      const imported = specifier.propertyName ? moduleExportName(specifier.propertyName) : specifier.name.text;
      bindings.set(specifier.name.text, {
        kind: "import",
        module,
        path: imported === "default" ? [] : [imported],
      });
    }
  }

  /** `var` declarations anywhere below a function (or the file), not inside nested functions. */
  private collectVars(scope: ts.Node, bindings: Map<string, Binding>): void {
    const visit = (node: ts.Node): void => {
      if (node !== scope && (isVarScope(node) || ts.isClassLike(node))) return;
      if (ts.isVariableDeclarationList(node) && !isBlockScoped(node)) {
        if (ts.isVariableStatement(node.parent)) this.declareVariables(node, bindings);
        else for (const declaration of node.declarations) this.declareName(declaration.name, bindings, () => LOCAL);
        return;
      }
      node.forEachChild(visit);
    };
    const body = isFunctionLike(scope) ? scope.body : scope;
    if (body) visit(body);
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
   * The binding a variable declaration or binding element creates: an alias when it is initialised from an
   * expression through plain object destructuring, otherwise local.
   */
  private bindingOfDeclaration(node: ts.Node): Binding {
    const path: string[] = [];
    let current: ts.Node = node;
    while (ts.isBindingElement(current)) {
      if (current.dotDotDotToken || !ts.isObjectBindingPattern(current.parent)) return LOCAL;
      const key = current.propertyName ?? (ts.isIdentifier(current.name) ? current.name : undefined);
      const text = key && propertyNameText(key);
      if (text === undefined) return LOCAL;
      path.unshift(text);
      current = current.parent.parent;
    }
    if (!ts.isVariableDeclaration(current) || !current.initializer) return LOCAL;
    const list = current.parent;
    if (!ts.isVariableDeclarationList(list) || ts.isForInStatement(list.parent) || ts.isForOfStatement(list.parent)) {
      return LOCAL;
    }
    const declared = ts.isVariableDeclaration(node) || ts.isBindingElement(node) ? node.name : undefined;
    const name = declared && ts.isIdentifier(declared) ? declared.text : "";
    const mutable = (list.flags & ts.NodeFlags.Const) === 0;
    return { kind: "alias", name, initializer: current.initializer, path, mutable };
  }

  /**
   * Whether a `let`/`var` alias may be assigned after its declaration: then it no longer says what it holds.
   * The names assigned anywhere in the file are collected in one walk, the first time an alias needs it; an
   * assignment to the same name in another scope only makes the alias unknown, which can hide a finding but
   * never invent one.
   */
  private isReassigned(name: string): boolean {
    if (!this.assignedNames) {
      const names = new Set<string>();
      const stack: ts.Node[] = [this.sourceFile];
      for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
        if (ts.isBinaryExpression(node) && isAssignmentOperator(node.operatorToken.kind) && ts.isIdentifier(node.left)) {
          names.add(node.left.text);
        } else if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && ts.isIdentifier(node.operand)) {
          if (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken) {
            names.add(node.operand.text);
          }
        }
        node.forEachChild((child) => {
          stack.push(child);
        });
      }
      this.assignedNames = names;
    }
    return this.assignedNames.has(name);
  }
}

function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

function isBlockScoped(list: ts.VariableDeclarationList): boolean {
  return (list.flags & ts.NodeFlags.BlockScoped) !== 0;
}

function moduleExportName(name: ts.ModuleExportName): string {
  return name.text;
}
