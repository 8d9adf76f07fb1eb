import type { ts } from "@ts-morph/common";
import { isExported, referencesTo } from "./local-variables.js";

/** A JavaScript file, whose classes have no `private` to say which members other code may use. */
export function isJavaScriptFile(sourceFile: ts.SourceFile): boolean {
  return /\.[cm]?jsx?$/.test(sourceFile.fileName);
}

/**
 * The class whose instance `this` is: through arrow functions, up to a method, constructor, accessor or field
 * initializer that is not static. Undefined in a plain function (its own `this`) or a static member.
 */
export function classOfThis(typescript: typeof ts, node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (typescript.isArrowFunction(current)) continue;
    if (
      typescript.isMethodDeclaration(current) ||
      typescript.isConstructorDeclaration(current) ||
      typescript.isGetAccessorDeclaration(current) ||
      typescript.isSetAccessorDeclaration(current) ||
      typescript.isPropertyDeclaration(current)
    ) {
      const isStatic = typescript.canHaveModifiers(current) && (typescript.getModifiers(current) ?? []).some((modifier) => modifier.kind === typescript.SyntaxKind.StaticKeyword);
      return typescript.isClassLike(current.parent) && !isStatic ? current.parent : undefined;
    }
    if (typescript.isFunctionLike(current) || typescript.isClassStaticBlockDeclaration(current)) return undefined;
  }
  return undefined;
}

/**
 * Every call of a function when the file holds all of them: a private method (`#name`, TypeScript's
 * `private`, or in JavaScript the `_name` convention) called as `this.name(…)`, or a function declaration the
 * module does not export and only calls. Undefined when the function could be called from elsewhere or escapes.
 */
export function visibleCallsOf(typescript: typeof ts, fn: ts.SignatureDeclaration): ts.CallExpression[] | undefined {
  if (typescript.isMethodDeclaration(fn) && typescript.isClassLike(fn.parent)) {
    const name = fn.name;
    const isPrivate =
      typescript.isPrivateIdentifier(name) ||
      (typescript.isIdentifier(name) && name.text.startsWith("_") && isJavaScriptFile(fn.getSourceFile())) ||
      (typescript.getModifiers(fn) ?? []).some((modifier) => modifier.kind === typescript.SyntaxKind.PrivateKeyword);
    if (!isPrivate) return undefined;
    const text = name.getText();
    const calls: ts.CallExpression[] = [];
    const stack: ts.Node[] = [fn.getSourceFile()];
    for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
      node.forEachChild((child) => {
        stack.push(child);
      });
      // `this[name](x)` calls a method this scan cannot name.
      if (typescript.isElementAccessExpression(node) && node.expression.kind === typescript.SyntaxKind.ThisKeyword) return undefined;
      if (!typescript.isPropertyAccessExpression(node) || node.name.getText() !== text) continue;
      const call = node.parent;
      if (node.expression.kind !== typescript.SyntaxKind.ThisKeyword || classOfThis(typescript, node.expression) !== fn.parent) return undefined;
      if (!typescript.isCallExpression(call) || call.expression !== node) return undefined;
      calls.push(call);
    }
    return calls;
  }
  if (typescript.isFunctionDeclaration(fn) && fn.name !== undefined && !isExported(typescript, fn)) {
    const calls: ts.CallExpression[] = [];
    for (const reference of referencesTo(typescript, fn.name)) {
      const call = reference.parent;
      if (!typescript.isCallExpression(call) || call.expression !== reference) return undefined;
      calls.push(call);
    }
    return calls;
  }
  return undefined;
}
