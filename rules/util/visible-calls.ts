import type { ts } from "@ts-morph/common";
import { isDestructuringTarget, isWriteTarget, unwrap } from "./expressions.js";
import { declaringNodeOf, isExported, isVariableUse } from "./local-variables.js";

/**
 * What the questions below need of a whole file, gathered in one walk and kept per file: a rule asks them once
 * per comparison or access, and a walk each time would make a file with many of them cost its square.
 */
export interface FileIndex {
  /** Property accesses by the name they access (`a.b` under `b`, `this.#c` under `#c`). */
  readonly accessesByName: ReadonlyMap<string, readonly ts.PropertyAccessExpression[]>;
  /** Identifiers by their text, in source order. */
  readonly identifiersByText: ReadonlyMap<string, readonly ts.Identifier[]>;
  /** Every `this` keyword. */
  readonly thisKeywords: readonly ts.Node[];
  /** The texts of string literals used as an element access's key or a call's argument (`o["last"]`, `defineProperty(o, "last")`). */
  readonly keyStrings: ReadonlySet<string>;
  /** Names declared by `var` anywhere (hoisted to their function, they can shadow what a scope walk finds). */
  readonly varNames: ReadonlySet<string>;
}

const indexes = new WeakMap<ts.SourceFile, FileIndex>();

export function fileIndexOf(typescript: typeof ts, sourceFile: ts.SourceFile): FileIndex {
  const known = indexes.get(sourceFile);
  if (known) return known;
  const accessesByName = new Map<string, ts.PropertyAccessExpression[]>();
  const identifiersByText = new Map<string, ts.Identifier[]>();
  const thisKeywords: ts.Node[] = [];
  const keyStrings = new Set<string>();
  const varNames = new Set<string>();
  const push = <T>(map: Map<string, T[]>, key: string, value: T): void => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  const stack: ts.Node[] = [sourceFile];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (typescript.isIdentifier(node)) push(identifiersByText, node.text, node);
    else if (node.kind === typescript.SyntaxKind.ThisKeyword) thisKeywords.push(node);
    else if (typescript.isPropertyAccessExpression(node)) push(accessesByName, node.name.getText(sourceFile), node);
    else if (typescript.isStringLiteralLike(node) && (typescript.isElementAccessExpression(node.parent) || typescript.isCallExpression(node.parent))) keyStrings.add(node.text);
    else if (typescript.isVariableDeclarationList(node) && (node.flags & (typescript.NodeFlags.Let | typescript.NodeFlags.Const)) === 0) {
      for (const declaration of node.declarations) if (typescript.isIdentifier(declaration.name)) varNames.add(declaration.name.text);
    }
    node.forEachChild((child) => {
      stack.push(child);
    });
  }
  for (const list of identifiersByText.values()) list.sort((a, b) => a.pos - b.pos);
  const index: FileIndex = { accessesByName, identifiersByText, thisKeywords, keyStrings, varNames };
  indexes.set(sourceFile, index);
  return index;
}

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
    if (!isPrivateMethod(typescript, fn)) return undefined;
    const sourceFile = fn.getSourceFile();
    const calls: ts.CallExpression[] = [];
    // `this[name](x)` calls a method no name shows.
    if (thisEscapesIn(typescript, fn.parent)) return undefined;
    for (const access of fileIndexOf(typescript, sourceFile).accessesByName.get(name.getText(sourceFile)) ?? []) {
      const call = access.parent;
      if (access.expression.kind !== typescript.SyntaxKind.ThisKeyword || classOfThis(typescript, access.expression) !== fn.parent) return undefined;
      if (!typescript.isCallExpression(call) || call.expression !== access) return undefined;
      calls.push(call);
    }
    return calls;
  }
  if (typescript.isFunctionDeclaration(fn) && fn.name !== undefined && !isExported(typescript, fn)) {
    const calls: ts.CallExpression[] = [];
    for (const reference of bindingReferences(typescript, fn.name)) {
      const call = reference.parent;
      if (!typescript.isCallExpression(call) || call.expression !== reference) return undefined;
      calls.push(call);
    }
    return calls;
  }
  return undefined;
}

const handedOnThis = new WeakMap<ts.ClassLikeDeclaration, boolean>();

/**
 * Whether a class's `this` is used other than to name a member (`this.x`): indexed (`this[key]`), handed on
 * (`Object.assign(this, o)`, `register(this)`) or kept (`const self = this`); then any member can be read or
 * written where no name shows it.
 */
export function thisEscapesIn(typescript: typeof ts, owner: ts.ClassLikeDeclaration): boolean {
  const known = handedOnThis.get(owner);
  if (known !== undefined) return known;
  const found = fileIndexOf(typescript, owner.getSourceFile()).thisKeywords.some(
    (node) => classOfThis(typescript, node) === owner && !(typescript.isPropertyAccessExpression(node.parent) && node.parent.expression === node),
  );
  handedOnThis.set(owner, found);
  return found;
}

/**
 * Every read or write of the name a declared identifier binds, as referencesTo gives them, from the file's
 * index (referencesTo walks the scope on each call).
 */
export function bindingReferences(typescript: typeof ts, identifier: ts.Identifier): ts.Identifier[] {
  const declaring = declaringNodeOf(typescript, identifier);
  if (declaring === undefined) return [];
  const candidates = fileIndexOf(typescript, identifier.getSourceFile()).identifiersByText.get(identifier.text) ?? [];
  // Only the names inside the declaring scope can be its references: find where they start.
  let low = 0;
  let high = candidates.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((candidates[middle]?.pos ?? declaring.pos) < declaring.pos) low = middle + 1;
    else high = middle;
  }
  const found: ts.Identifier[] = [];
  for (let at = low; at < candidates.length; at++) {
    const candidate = candidates[at];
    if (candidate === undefined || candidate.pos >= declaring.end) break;
    if (isVariableUse(typescript, candidate) && declaringNodeOf(typescript, candidate) === declaring) found.push(candidate);
  }
  return found;
}

/** A method only its class calls: `#name`, TypeScript's `private`, or in JavaScript the `_name` convention. */
export function isPrivateMethod(typescript: typeof ts, method: ts.MethodDeclaration): boolean {
  const name = method.name;
  return (
    typescript.isPrivateIdentifier(name) ||
    (typescript.getModifiers(method) ?? []).some((modifier) => modifier.kind === typescript.SyntaxKind.PrivateKeyword) ||
    (typescript.isIdentifier(name) && name.text.startsWith("_") && isJavaScriptFile(method.getSourceFile()))
  );
}

/**
 * What every call of a function passes for one of its parameters, when the file shows all the calls (see
 * visibleCallsOf) and the parameter is a plain name never reassigned: `run({ errorCall })` for
 * `function run(options)`. Undefined when a call could pass something else, spreads before it, or omits it.
 */
export function argumentsFor(typescript: typeof ts, parameterName: ts.Identifier): { readonly call: ts.CallExpression; readonly argument: ts.Expression }[] | undefined {
  const fn = declaringNodeOf(typescript, parameterName);
  if (fn === undefined || !typescript.isFunctionLike(fn)) return undefined;
  const index = fn.parameters.findIndex((parameter) => typescript.isIdentifier(parameter.name) && parameter.name.text === parameterName.text);
  if (index < 0 || fn.parameters[index]?.dotDotDotToken !== undefined) return undefined;
  if (bindingReferences(typescript, parameterName).some((reference) => isWriteTarget(typescript, reference) || isDestructuringTarget(typescript, reference))) return undefined;
  const calls = visibleCallsOf(typescript, fn);
  if (calls === undefined || calls.length === 0) return undefined;
  const passed: { call: ts.CallExpression; argument: ts.Expression }[] = [];
  for (const call of calls) {
    const argument = call.arguments[index];
    if (argument === undefined || call.arguments.slice(0, index + 1).some((each) => typescript.isSpreadElement(each))) return undefined;
    passed.push({ call, argument: unwrap(typescript, argument) });
  }
  return passed;
}
