import type { ts } from "@ts-morph/common";

/**
 * A variable declared in this file by `const`, `let` or `var` with a plain name, and the statements it is
 * visible in. Rules use it to follow a value through a local name (`const files = readdirSync(d)`).
 */
export interface LocalVariable {
  readonly declaration: ts.VariableDeclaration & { readonly name: ts.Identifier };
  /** The block, function body or file whose statements can see the variable. */
  readonly scope: ts.Node;
  /** Declared with `const`: it holds what its initializer gave it, for as long as it lives. */
  readonly constant: boolean;
}

function isFunctionScope(typescript: typeof ts, node: ts.Node): node is ts.FunctionLikeDeclaration {
  return (
    typescript.isFunctionDeclaration(node) ||
    typescript.isFunctionExpression(node) ||
    typescript.isArrowFunction(node) ||
    typescript.isMethodDeclaration(node) ||
    typescript.isConstructorDeclaration(node) ||
    typescript.isGetAccessorDeclaration(node) ||
    typescript.isSetAccessorDeclaration(node)
  );
}

function bindsName(typescript: typeof ts, name: ts.BindingName, text: string): boolean {
  if (typescript.isIdentifier(name)) return name.text === text;
  return name.elements.some((element) => typescript.isBindingElement(element) && bindsName(typescript, element.name, text));
}

type Declared = ts.VariableDeclaration | "shadowed";

const declarationsByBlock = new WeakMap<readonly ts.Statement[], ReadonlyMap<string, Declared>>();

/**
 * The declaration of `text` among a block's own statements (not nested blocks), or a shadowing marker. Read once
 * per block into a map: a scope walk asks this for every name it meets, and a module has thousands of statements.
 */
function declaredIn(typescript: typeof ts, statements: readonly ts.Statement[], text: string): Declared | undefined {
  let declared = declarationsByBlock.get(statements);
  if (declared === undefined) {
    const found = new Map<string, Declared>();
    const note = (name: string, what: Declared): void => {
      if (!found.has(name)) found.set(name, what);
    };
    const noteBound = (name: ts.BindingName): void => {
      if (typescript.isIdentifier(name)) note(name.text, "shadowed");
      else for (const element of name.elements) if (typescript.isBindingElement(element)) noteBound(element.name);
    };
    for (const statement of statements) {
      if (typescript.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) {
          if (typescript.isIdentifier(declaration.name)) note(declaration.name.text, declaration);
          else noteBound(declaration.name);
        }
      } else if ((typescript.isFunctionDeclaration(statement) || typescript.isClassDeclaration(statement)) && statement.name !== undefined) {
        note(statement.name.text, "shadowed");
      }
    }
    declarationsByBlock.set(statements, found);
    declared = found;
  }
  return declared.get(text);
}

/**
 * The local variable a name refers to where it is used, when it is declared by a variable statement of an
 * enclosing block, function body or file; undefined for parameters, imports, globals and anything shadowed in
 * between. `var` declared in a nested block is not followed (it is rare and hoisting makes it ambiguous).
 */
export function localVariableOf(typescript: typeof ts, identifier: ts.Identifier): LocalVariable | undefined {
  const declaring = declaringNodeOf(typescript, identifier);
  if (!declaring || !hasStatements(typescript, declaring)) return undefined;
  const found = declaredIn(typescript, declaring.statements, identifier.text);
  if (found === undefined || found === "shadowed" || !typescript.isIdentifier(found.name)) return undefined;
  const constant = (found.parent.flags & typescript.NodeFlags.Const) !== 0;
  // A `case` clause shares its scope with the other clauses of its switch.
  const scope = typescript.isCaseClause(declaring) || typescript.isDefaultClause(declaring) ? declaring.parent : declaring;
  return { declaration: found as LocalVariable["declaration"], scope, constant };
}

function hasStatements(
  typescript: typeof ts,
  node: ts.Node,
): node is ts.Block | ts.SourceFile | ts.ModuleBlock | ts.CaseClause | ts.DefaultClause {
  return (
    typescript.isBlock(node) ||
    typescript.isSourceFile(node) ||
    typescript.isModuleBlock(node) ||
    typescript.isCaseClause(node) ||
    typescript.isDefaultClause(node)
  );
}

/**
 * The node that declares the name an identifier refers to: the function of a parameter, the loop of a loop
 * variable, the catch clause, or the block, file or clause of a variable, function or class; undefined for
 * globals and imports.
 */
export function declaringNodeOf(typescript: typeof ts, identifier: ts.Identifier): ts.Node | undefined {
  const text = identifier.text;
  for (let node: ts.Node = identifier; node.parent; node = node.parent) {
    const scope = node.parent;
    if (isFunctionScope(typescript, scope)) {
      if (scope.parameters.some((parameter) => bindsName(typescript, parameter.name, text))) return scope;
      // A function expression's own name is bound inside it.
      if (typescript.isFunctionExpression(scope) && scope.name?.text === text) return scope;
    } else if (
      (typescript.isForOfStatement(scope) || typescript.isForInStatement(scope) || typescript.isForStatement(scope)) &&
      scope.initializer &&
      typescript.isVariableDeclarationList(scope.initializer) &&
      scope.initializer.declarations.some((declaration) => bindsName(typescript, declaration.name, text))
    ) {
      return scope;
    } else if (typescript.isCatchClause(scope) && scope.variableDeclaration && bindsName(typescript, scope.variableDeclaration.name, text)) {
      return scope;
    } else if (hasStatements(typescript, scope)) {
      if (declaredIn(typescript, scope.statements, text) !== undefined) return scope;
    }
  }
  return undefined;
}

/** Whether an expression reads any name declared inside `scope` (a parameter, a loop variable, a local). */
export function readsNameDeclaredIn(typescript: typeof ts, expression: ts.Node, scope: ts.Node): boolean {
  const stack: ts.Node[] = [expression];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (typescript.isIdentifier(node)) {
      if (isVariableUse(typescript, node)) {
        const declaring = declaringNodeOf(typescript, node);
        if (declaring !== undefined && isWithin(declaring, scope)) return true;
      }
      continue;
    }
    node.forEachChild((child) => {
      stack.push(child);
    });
  }
  return false;
}

/**
 * Every read or write of the name a declared identifier (a parameter, a variable) binds, in source order,
 * shadowing respected; empty for globals and imports.
 */
export function referencesTo(typescript: typeof ts, identifier: ts.Identifier): ts.Identifier[] {
  const declaring = declaringNodeOf(typescript, identifier);
  if (declaring === undefined) return [];
  const found: ts.Identifier[] = [];
  const stack: ts.Node[] = [declaring];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (typescript.isIdentifier(node)) {
      if (node.text === identifier.text && isVariableUse(typescript, node) && declaringNodeOf(typescript, node) === declaring) found.push(node);
      continue;
    }
    node.forEachChild((child) => {
      stack.push(child);
    });
  }
  return found.sort((a, b) => a.pos - b.pos);
}

/** Whether an identifier is a read or write of a variable, rather than a property name, label or declaration. */
export function isVariableUse(typescript: typeof ts, identifier: ts.Identifier): boolean {
  const parent = identifier.parent;
  if (typescript.isPropertyAccessExpression(parent)) return parent.expression === identifier;
  if (typescript.isQualifiedName(parent)) return parent.left === identifier;
  if (
    typescript.isPropertyAssignment(parent) ||
    typescript.isPropertyDeclaration(parent) ||
    typescript.isPropertySignature(parent) ||
    typescript.isMethodDeclaration(parent) ||
    typescript.isGetAccessorDeclaration(parent) ||
    typescript.isSetAccessorDeclaration(parent) ||
    typescript.isEnumMember(parent)
  ) {
    return parent.name !== identifier;
  }
  if (typescript.isBindingElement(parent)) return parent.propertyName !== identifier && parent.name !== identifier;
  if (typescript.isVariableDeclaration(parent) || typescript.isParameter(parent)) return parent.name !== identifier;
  if (typescript.isFunctionDeclaration(parent) || typescript.isClassDeclaration(parent)) return parent.name !== identifier;
  if (typescript.isLabeledStatement(parent) || typescript.isBreakOrContinueStatement(parent)) return false;
  if (typescript.isImportSpecifier(parent) || typescript.isExportSpecifier(parent)) return false;
  if (typescript.isTypeReferenceNode(parent) || typescript.isTypeQueryNode(parent)) return false;
  return true;
}

/** Every read or write of the variable in its scope, in source order, shadowing respected. */
export function referencesOf(typescript: typeof ts, variable: LocalVariable): ts.Identifier[] {
  const text = variable.declaration.name.text;
  const found: ts.Identifier[] = [];
  // An explicit stack, as the runner's walk, so that deeply nested code cannot overflow the call stack.
  const stack: ts.Node[] = [variable.scope];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (typescript.isIdentifier(node)) {
      if (node.text === text && node !== variable.declaration.name && isVariableUse(typescript, node)) {
        if (localVariableOf(typescript, node)?.declaration === variable.declaration) found.push(node);
      }
      continue;
    }
    node.forEachChild((child) => {
      stack.push(child);
    });
  }
  return found.sort((a, b) => a.pos - b.pos);
}

/** Whether `node` lies inside `ancestor` (or is it). */
export function isWithin(node: ts.Node, ancestor: ts.Node): boolean {
  for (let current: ts.Node | undefined = node; current; current = current.parent) {
    if (current === ancestor) return true;
  }
  return false;
}

/**
 * Every value a local variable is given: its initializer and the right side of each plain `name = value`.
 * Undefined when a write cannot be read as one value (`+=`, `++`, a destructuring or loop assignment), or when
 * the name is not a local variable.
 */
export function valuesWritten(typescript: typeof ts, identifier: ts.Identifier): ts.Expression[] | undefined {
  const variable = localVariableOf(typescript, identifier);
  if (!variable) return undefined;
  const values: ts.Expression[] = variable.declaration.initializer ? [variable.declaration.initializer] : [];
  for (const reference of referencesOf(typescript, variable)) {
    let site: ts.Node = reference;
    while (typescript.isParenthesizedExpression(site.parent)) site = site.parent;
    const parent = site.parent;
    if (typescript.isBinaryExpression(parent) && parent.left === site) {
      if (parent.operatorToken.kind === typescript.SyntaxKind.EqualsToken) values.push(parent.right);
      else if (parent.operatorToken.kind >= typescript.SyntaxKind.FirstAssignment && parent.operatorToken.kind <= typescript.SyntaxKind.LastAssignment) return undefined;
    } else if (typescript.isPrefixUnaryExpression(parent) || typescript.isPostfixUnaryExpression(parent)) {
      if (parent.operator === typescript.SyntaxKind.PlusPlusToken || parent.operator === typescript.SyntaxKind.MinusMinusToken) return undefined;
    } else if (
      typescript.isArrayLiteralExpression(parent) ||
      typescript.isShorthandPropertyAssignment(parent) ||
      typescript.isForOfStatement(parent) ||
      typescript.isForInStatement(parent)
    ) {
      // `[a, b] = …`, `({ a } = …)`, `for (a of …)`: written by a pattern this does not follow. (A read inside
      // an array or object literal is taken for a write too: it only makes the answer more cautious.)
      return undefined;
    }
  }
  return values;
}

/** Whether other modules can reach a declaration: `export const x`, `export function f`, or an `export { x }` of its file. */
export function isExported(typescript: typeof ts, declaration: ts.VariableDeclaration | ts.FunctionDeclaration): boolean {
  const statement = typescript.isVariableDeclaration(declaration) ? declaration.parent.parent : declaration;
  const modifiers = typescript.canHaveModifiers(statement) ? typescript.getModifiers(statement) : undefined;
  if (modifiers?.some((modifier) => modifier.kind === typescript.SyntaxKind.ExportKeyword)) return true;
  const name = declaration.name;
  if (name === undefined || !typescript.isIdentifier(name)) return false;
  return namesExportedByList(typescript, declaration.getSourceFile()).has(name.text);
}

const exportLists = new WeakMap<ts.SourceFile, ReadonlySet<string>>();

/** The local names a file's `export { a, b as c }` lists name (`a`, `b`), read once per file. */
function namesExportedByList(typescript: typeof ts, sourceFile: ts.SourceFile): ReadonlySet<string> {
  const known = exportLists.get(sourceFile);
  if (known) return known;
  const names = new Set<string>();
  for (const statement of sourceFile.statements) {
    if (!typescript.isExportDeclaration(statement) || statement.moduleSpecifier !== undefined || statement.exportClause === undefined) continue;
    if (!typescript.isNamedExports(statement.exportClause)) continue;
    for (const element of statement.exportClause.elements) names.add((element.propertyName ?? element.name).text);
  }
  exportLists.set(sourceFile, names);
  return names;
}
