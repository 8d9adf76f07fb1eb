import type { ts } from "@ts-morph/common";
import { isValueRead } from "./expressions.js";

/**
 * What a local name holds, as far as this file shows it. The reference resolver (`context.resolve`) answers
 * for names that reach a global or a module; these helpers answer for locals — `const res = await fetch(u)`,
 * a callback's parameter — which rules follow one step to learn where a value came from. Like the resolver,
 * they are syntactic: when the answer is not certain (a `let`, a name bound in a way they do not model) they
 * return undefined, which can hide a finding but never invent one.
 */

export type LocalDeclaration = ts.VariableDeclaration | ts.ParameterDeclaration | ts.BindingElement;

function declares(typescript: typeof ts, name: ts.BindingName, text: string): ts.Identifier | undefined {
  if (typescript.isIdentifier(name)) return name.text === text ? name : undefined;
  for (const element of name.elements) {
    if (!typescript.isBindingElement(element)) continue;
    const found = declares(typescript, element.name, text);
    if (found) return found;
  }
  return undefined;
}

function inList(typescript: typeof ts, list: ts.VariableDeclarationList, text: string): LocalDeclaration | undefined {
  for (const declaration of list.declarations) {
    const name = declares(typescript, declaration.name, text);
    if (name) return name.parent as LocalDeclaration;
  }
  return undefined;
}

/** Whether a statement declares `text` in some other way than a variable: a function, class, enum or import. */
function declaresOtherwise(typescript: typeof ts, statement: ts.Statement, text: string): boolean {
  if (
    typescript.isFunctionDeclaration(statement) ||
    typescript.isClassDeclaration(statement) ||
    typescript.isEnumDeclaration(statement)
  ) {
    return statement.name?.text === text;
  }
  if (typescript.isImportDeclaration(statement)) {
    const clause = statement.importClause;
    if (!clause) return false;
    if (clause.name?.text === text) return true;
    const named = clause.namedBindings;
    if (!named) return false;
    if (typescript.isNamespaceImport(named)) return named.name.text === text;
    return named.elements.some((element) => element.name.text === text);
  }
  return typescript.isImportEqualsDeclaration(statement) && statement.name.text === text;
}

/** A marker for a name bound by something other than a variable or parameter: the search stops there. */
const OTHER = "other";

function inStatements(
  typescript: typeof ts,
  statements: readonly ts.Statement[],
  text: string,
): LocalDeclaration | typeof OTHER | undefined {
  for (const statement of statements) {
    if (typescript.isVariableStatement(statement)) {
      const found = inList(typescript, statement.declarationList, text);
      if (found) return found;
    } else if (declaresOtherwise(typescript, statement, text)) {
      return OTHER;
    }
  }
  return undefined;
}

function inScope(typescript: typeof ts, scope: ts.Node, text: string): LocalDeclaration | typeof OTHER | undefined {
  if (typescript.isSourceFile(scope) || typescript.isBlock(scope) || typescript.isModuleBlock(scope)) {
    return inStatements(typescript, scope.statements, text);
  }
  if (typescript.isCaseClause(scope) || typescript.isDefaultClause(scope)) return inStatements(typescript, scope.statements, text);
  if (typescript.isForStatement(scope) || typescript.isForOfStatement(scope) || typescript.isForInStatement(scope)) {
    const initializer = scope.initializer;
    return initializer && typescript.isVariableDeclarationList(initializer) ? inList(typescript, initializer, text) : undefined;
  }
  if (typescript.isCatchClause(scope)) {
    const variable = scope.variableDeclaration;
    return variable && declares(typescript, variable.name, text) ? OTHER : undefined;
  }
  if (typescript.isFunctionLike(scope)) {
    for (const parameter of scope.parameters) {
      const name = declares(typescript, parameter.name, text);
      if (name) return name.parent as LocalDeclaration;
    }
    if ((typescript.isFunctionExpression(scope) || typescript.isClassExpression(scope)) && scope.name?.text === text) return OTHER;
  }
  if (typescript.isClassLike(scope) && scope.name?.text === text) return OTHER;
  return undefined;
}

/**
 * The variable, parameter or destructured element that binds `identifier` where it is used, or undefined
 * when the name is not declared in this file or is bound by a function, class, enum or import.
 */
export function localDeclarationOf(typescript: typeof ts, identifier: ts.Identifier): LocalDeclaration | undefined {
  const text = identifier.text;
  for (let scope: ts.Node | undefined = identifier.parent; scope; scope = scope.parent) {
    const found = inScope(typescript, scope, text);
    if (found === OTHER) return undefined;
    if (found) return found;
  }
  return undefined;
}

/** Whether a name is declared anywhere in this file, as a value or a type, at any depth. */
export function isDeclaredInFile(typescript: typeof ts, sourceFile: ts.SourceFile, text: string): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    const name = (node as { name?: ts.Node }).name;
    if (
      name !== undefined &&
      typescript.isIdentifier(name) &&
      name.text === text &&
      (typescript.isDeclarationStatement(node) ||
        typescript.isVariableDeclaration(node) ||
        typescript.isParameter(node) ||
        typescript.isBindingElement(node) ||
        typescript.isImportSpecifier(node) ||
        typescript.isImportClause(node) ||
        typescript.isNamespaceImport(node) ||
        typescript.isTypeParameterDeclaration(node) ||
        typescript.isClassLike(node))
    ) {
      found = true;
      return;
    }
    node.forEachChild(visit);
  };
  visit(sourceFile);
  return found;
}

/**
 * What a `const` name was initialised with, when `identifier` is bound by `const name = init` (not through
 * destructuring). A `let` or `var` may be reassigned, so it gives undefined.
 */
export function constInitializer(typescript: typeof ts, identifier: ts.Identifier): ts.Expression | undefined {
  const declaration = localDeclarationOf(typescript, identifier);
  if (!declaration || !typescript.isVariableDeclaration(declaration) || !typescript.isIdentifier(declaration.name)) return undefined;
  const list = declaration.parent;
  if (!typescript.isVariableDeclarationList(list) || (list.flags & typescript.NodeFlags.Const) === 0) return undefined;
  return declaration.initializer;
}

/**
 * The places a `const` declared as `declaration` is read, within the block that declares it: identifiers of
 * the same name that are neither the declaration itself nor member or property names. A nested declaration of
 * the same name is not told apart; such code is rare and at worst adds a read.
 */
export function readsOfConst(typescript: typeof ts, declaration: ts.VariableDeclaration): ts.Identifier[] {
  const name = declaration.name;
  if (!typescript.isIdentifier(name)) return [];
  const list = declaration.parent;
  if (!typescript.isVariableDeclarationList(list) || (list.flags & typescript.NodeFlags.Const) === 0) return [];
  const scope = list.parent.parent;
  const reads: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (typescript.isIdentifier(node) && node !== name && node.text === name.text && isValueRead(typescript, node)) reads.push(node);
    node.forEachChild(visit);
  };
  scope.forEachChild(visit);
  return reads;
}
