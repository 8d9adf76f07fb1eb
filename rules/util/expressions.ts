import type { ts } from "@ts-morph/common";

/**
 * Small syntactic questions many rules ask about an expression. They never ask the type checker; each takes
 * the compiler API from the rule's context so that loading the registry does not load TypeScript.
 */

/** Whether `node` only wraps an expression without changing its value: parentheses, `as`, `!`, `satisfies`. */
function isTransparent(typescript: typeof ts, node: ts.Node): node is ts.ParenthesizedExpression | ts.AsExpression {
  const { SyntaxKind } = typescript;
  switch (node.kind) {
    case SyntaxKind.ParenthesizedExpression:
    case SyntaxKind.AsExpression:
    case SyntaxKind.NonNullExpression:
    case SyntaxKind.SatisfiesExpression:
    case SyntaxKind.TypeAssertionExpression:
      return true;
    default:
      return false;
  }
}

/** The expression inside any parentheses, `as`, `!` and `satisfies`: `(x as number)!` → `x`. */
export function unwrap(typescript: typeof ts, expression: ts.Expression): ts.Expression {
  let current = expression;
  while (isTransparent(typescript, current)) current = current.expression;
  return current;
}

/** The outermost wrapper of `node` whose value is `node`'s: climbs out of parentheses, `as`, `!`, `satisfies`. */
export function valueSite(typescript: typeof ts, node: ts.Node): ts.Node {
  let current = node;
  while (isTransparent(typescript, current.parent)) current = current.parent;
  return current;
}

/** The member a property or string-keyed element access names: `a.b` and `a["b"]` → `b`. */
export function accessedName(typescript: typeof ts, node: ts.Node): string | undefined {
  if (typescript.isPropertyAccessExpression(node)) return node.name.text;
  if (typescript.isElementAccessExpression(node) && typescript.isStringLiteralLike(node.argumentExpression)) {
    return node.argumentExpression.text;
  }
  return undefined;
}

/** The last name of a callee: `f()` → `f`, `a.b.c()` → `c`, `a["c"]()` → `c`. */
export function calleeName(typescript: typeof ts, call: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = unwrap(typescript, call.expression);
  if (typescript.isIdentifier(callee)) return callee.text;
  return accessedName(typescript, callee);
}

/** The value of a numeric literal, optionally negated (`-2`, `0.5`, `1e3`), or undefined for anything else. */
export function numericLiteralValue(typescript: typeof ts, expression: ts.Expression): number | undefined {
  const inner = unwrap(typescript, expression);
  if (typescript.isNumericLiteral(inner)) return Number(inner.text);
  if (
    typescript.isPrefixUnaryExpression(inner) &&
    (inner.operator === typescript.SyntaxKind.MinusToken || inner.operator === typescript.SyntaxKind.PlusToken)
  ) {
    const operand = numericLiteralValue(typescript, inner.operand);
    if (operand === undefined) return undefined;
    return inner.operator === typescript.SyntaxKind.MinusToken ? -operand : operand;
  }
  return undefined;
}

/** Whether `node` is written to rather than read: the target of an assignment, `delete`, `++`/`--`. */
export function isWriteTarget(typescript: typeof ts, node: ts.Node): boolean {
  const site = valueSite(typescript, node);
  const parent = site.parent;
  const { SyntaxKind } = typescript;
  if (typescript.isBinaryExpression(parent)) {
    const operator = parent.operatorToken.kind;
    return parent.left === site && operator >= SyntaxKind.FirstAssignment && operator <= SyntaxKind.LastAssignment;
  }
  if (typescript.isDeleteExpression(parent)) return true;
  if (typescript.isPrefixUnaryExpression(parent) || typescript.isPostfixUnaryExpression(parent)) {
    return parent.operator === SyntaxKind.PlusPlusToken || parent.operator === SyntaxKind.MinusMinusToken;
  }
  return false;
}

/**
 * Whether `site` is the condition of an `if`, a loop or a `?:`: its value only picks which code runs. An
 * expression child of an `if`, `while` or `do` can only be its condition.
 */
export function isConditionOf(typescript: typeof ts, site: ts.Node): boolean {
  const parent = site.parent;
  if (typescript.isIfStatement(parent) || typescript.isWhileStatement(parent) || typescript.isDoStatement(parent)) return parent.expression === site;
  if (typescript.isForStatement(parent)) return parent.condition === site;
  return typescript.isConditionalExpression(parent) && parent.condition === site;
}

/** Whether a function-like node is declared `async`. */
export function isAsyncFunction(typescript: typeof ts, node: ts.Node): boolean {
  if (!typescript.isFunctionLike(node)) return false;
  const modifiers = typescript.canHaveModifiers(node) ? typescript.getModifiers(node) : undefined;
  return modifiers?.some((modifier) => modifier.kind === typescript.SyntaxKind.AsyncKeyword) ?? false;
}

/** The nodes of `scope` itself that `wanted` accepts, in source order: those of the functions nested in it are not its own. */
export function ownNodes<T extends ts.Node>(typescript: typeof ts, scope: ts.Node, wanted: (node: ts.Node) => node is T): T[] {
  const found: T[] = [];
  const visit = (node: ts.Node): void => {
    if (node !== scope && typescript.isFunctionLike(node)) return;
    if (wanted(node)) found.push(node);
    node.forEachChild(visit);
  };
  visit(scope);
  return found;
}

/** The nearest enclosing function-like node of `node` (not `node` itself), or undefined at the top level. */
export function enclosingFunction(typescript: typeof ts, node: ts.Node): ts.SignatureDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (typescript.isFunctionLike(current)) return current;
  }
  return undefined;
}

/**
 * The expression a function returns when that is a single expression: an arrow's expression body, or the
 * argument of the function's only statement when it is a `return`.
 */
export function returnedExpression(typescript: typeof ts, fn: ts.SignatureDeclaration): ts.Expression | undefined {
  const body = (fn as { body?: ts.Node }).body;
  if (body === undefined) return undefined;
  if (!typescript.isBlock(body)) return typescript.isExpression(body) ? body : undefined;
  const [only] = body.statements;
  return body.statements.length === 1 && only && typescript.isReturnStatement(only) ? only.expression : undefined;
}

/** The words of an identifier, lower-cased: `unitPrice` → unit, price; `TAX_AMOUNT` → tax, amount. */
export function identifierWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[\s_$-]+/)
    .filter((word) => word.length > 0)
    .map((word) => word.toLowerCase());
}

/**
 * Whether an identifier reads a value, rather than naming a member, a property, a declaration, an import or a
 * type: `x` in `f(x)` and `x.y` does; `y` in `x.y`, `{ y: 1 }`, `const y`, `import { y }` and `: Y` do not.
 */
export function isValueRead(typescript: typeof ts, identifier: ts.Identifier): boolean {
  const parent = identifier.parent;
  if (typescript.isPropertyAccessExpression(parent)) return parent.expression === identifier;
  if (typescript.isPropertyAssignment(parent)) return parent.initializer === identifier;
  if (typescript.isBindingElement(parent)) return parent.initializer === identifier;
  if (typescript.isVariableDeclaration(parent) || typescript.isParameter(parent) || typescript.isFunctionLike(parent)) {
    return parent.name !== identifier;
  }
  return !(
    typescript.isImportSpecifier(parent) ||
    typescript.isImportClause(parent) ||
    typescript.isNamespaceImport(parent) ||
    typescript.isExportSpecifier(parent) ||
    typescript.isPropertyDeclaration(parent) ||
    typescript.isPropertySignature(parent) ||
    typescript.isTypeReferenceNode(parent) ||
    typescript.isQualifiedName(parent) ||
    typescript.isTypeQueryNode(parent) ||
    typescript.isClassLike(parent) ||
    typescript.isEnumDeclaration(parent) ||
    typescript.isInterfaceDeclaration(parent) ||
    typescript.isTypeAliasDeclaration(parent) ||
    typescript.isLabeledStatement(parent) ||
    typescript.isBreakOrContinueStatement(parent)
  );
}

/**
 * A value literal written in the source: a string, number, bigint, template, array, object or regular
 * expression literal (not `true`, `null`, a function or a class).
 */
export function isValueLiteral(typescript: typeof ts, node: ts.Node): boolean {
  return (
    typescript.isStringLiteralLike(node) ||
    typescript.isNumericLiteral(node) ||
    typescript.isBigIntLiteral(node) ||
    typescript.isTemplateExpression(node) ||
    typescript.isArrayLiteralExpression(node) ||
    typescript.isObjectLiteralExpression(node) ||
    typescript.isRegularExpressionLiteral(node)
  );
}

/** Whether nothing between `node` and `scope` decides whether `node` runs: no condition, loop, callback or catch. */
export function runsWhenever(typescript: typeof ts, node: ts.Node, scope: ts.Node): boolean {
  const { SyntaxKind } = typescript;
  for (let current = node.parent; current !== scope; current = current.parent) {
    if (current === undefined || typescript.isFunctionLike(current) || typescript.isIterationStatement(current, false)) return false;
    if (typescript.isIfStatement(current) || typescript.isConditionalExpression(current) || typescript.isCaseOrDefaultClause(current) || typescript.isCatchClause(current)) {
      return false;
    }
    if (typescript.isBinaryExpression(current)) {
      const operator = current.operatorToken.kind;
      if (
        operator === SyntaxKind.AmpersandAmpersandToken || operator === SyntaxKind.BarBarToken || operator === SyntaxKind.QuestionQuestionToken ||
        operator === SyntaxKind.AmpersandAmpersandEqualsToken || operator === SyntaxKind.BarBarEqualsToken || operator === SyntaxKind.QuestionQuestionEqualsToken
      ) {
        return false;
      }
    }
  }
  return true;
}

/**
 * Whether `node` is written by a destructuring assignment or a `for…of`/`for…in` head: `[a] = xs`,
 * `({ k: this.last } = src)`, `[previous = null] = pair`, `for (x of list)`. isWriteTarget does not see these.
 */
export function isDestructuringTarget(typescript: typeof ts, node: ts.Node): boolean {
  let site = valueSite(typescript, node);
  let inPattern = false;
  for (;;) {
    const parent = site.parent;
    if (
      typescript.isShorthandPropertyAssignment(parent) ||
      (typescript.isPropertyAssignment(parent) && parent.initializer === site) ||
      typescript.isSpreadAssignment(parent) ||
      typescript.isSpreadElement(parent)
    ) {
      site = parent;
    } else if (typescript.isObjectLiteralExpression(parent) || typescript.isArrayLiteralExpression(parent)) {
      site = valueSite(typescript, parent);
      inPattern = true;
    } else if (typescript.isBinaryExpression(parent) && parent.operatorToken.kind === typescript.SyntaxKind.EqualsToken && parent.left === site) {
      if (inPattern) return true;
      // A default inside a pattern: `[a = 1] = xs`.
      if (!typescript.isArrayLiteralExpression(parent.parent) && !typescript.isPropertyAssignment(parent.parent)) return false;
      site = parent;
    } else {
      return (typescript.isForOfStatement(parent) || typescript.isForInStatement(parent)) && parent.initializer === site;
    }
  }
}
