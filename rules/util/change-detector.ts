import type { ts } from "@ts-morph/common";
import { isWriteTarget, unwrap, valueSite } from "./expressions.js";
import { declaringNodeOf, isExported, localVariableOf, referencesOf, referencesTo, valuesWritten } from "./local-variables.js";
import type { SourceRuleContext } from "./types.js";

/** Methods that change an array, a Map or a Set in place. */
const MUTATORS = new Set(["push", "pop", "shift", "unshift", "splice", "sort", "reverse", "fill", "copyWithin", "set", "delete", "clear", "add"]);

/** Callees that return a deep copy whose keys come in the order of the original's. */
const COPY_CALLEE = /^(?:structuredClone|clone|cloneDeep|deepClone|deepCopy)$/;

/**
 * Whether `stored` is a change detector's copy of `current`: a variable or `this` field that is only ever
 * empty or a copy of the value `current` stands for, so that the comparison asks "did it change since last
 * time?" (`if (JSON.stringify(this.last) !== JSON.stringify(next)) this.last = next`, ioredis' slot table).
 * Both sides then come from the same code, which builds equal values with their keys in the same order; a
 * difference of order could only make an unchanged value look changed, and the copy then takes the new
 * order. `current` may be a parameter of a private method or a module function that every call site feeds
 * the copied value (one call away).
 */
export function isStoredCopyOf(context: SourceRuleContext, stored: ts.Expression, current: ts.Expression): boolean {
  const { ts: typescript } = context;
  const now = unwrap(typescript, current);
  if (!typescript.isIdentifier(now)) return false;
  const writes = storedValues(context, unwrap(typescript, stored));
  if (writes === undefined) return false;
  const copies = writes.filter((value) => !isEmptyValue(typescript, value));
  return copies.length > 0 && copies.every((value) => {
    const source = copiedValue(context, value);
    return typescript.isIdentifier(source) && isSameValue(typescript, source, now);
  });
}

/** Every value a stored place is given, or undefined when it is changed in place or could be written elsewhere. */
function storedValues(context: SourceRuleContext, place: ts.Expression): ts.Expression[] | undefined {
  const { ts: typescript } = context;
  if (typescript.isIdentifier(place)) {
    const variable = localVariableOf(typescript, place);
    if (variable === undefined || variable.constant || isExported(typescript, variable.declaration)) return undefined;
    const values = valuesWritten(typescript, place);
    if (values === undefined) return undefined;
    return referencesOf(typescript, variable).some((reference) => !isWriteTarget(typescript, reference) && isChangedInPlace(context, reference)) ? undefined : values;
  }
  if (!typescript.isPropertyAccessExpression(place) || place.expression.kind !== typescript.SyntaxKind.ThisKeyword) return undefined;
  const owner = classOfThis(typescript, place.expression);
  if (owner === undefined) return undefined;
  const name = place.name.text;
  const values: ts.Expression[] = [];
  for (const member of owner.members) {
    if (typescript.isPropertyDeclaration(member) && member.name.getText() === name && member.initializer) values.push(member.initializer);
  }
  // Every access of that name in the file is this class's own `this.name`: no other object, no alias, writes it.
  const stack: ts.Node[] = [context.sourceFile];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    node.forEachChild((child) => {
      stack.push(child);
    });
    if (!typescript.isPropertyAccessExpression(node) || node.name.text !== name) continue;
    if (node.expression.kind !== typescript.SyntaxKind.ThisKeyword || classOfThis(typescript, node.expression) !== owner) return undefined;
    if (isWriteTarget(typescript, node)) {
      const assignment = valueSite(typescript, node).parent;
      if (!typescript.isBinaryExpression(assignment) || assignment.operatorToken.kind !== typescript.SyntaxKind.EqualsToken) return undefined;
      values.push(assignment.right);
    } else if (isChangedInPlace(context, node)) {
      return undefined;
    }
  }
  return values;
}

/**
 * The class whose instance `this` is: through arrow functions, up to a method, constructor, accessor or field
 * initializer that is not static. Undefined in a plain function (its own `this`) or a static member.
 */
function classOfThis(typescript: typeof ts, node: ts.Node): ts.ClassLikeDeclaration | undefined {
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

/** `place.push(x)`, `place[i] = x`, `place.a.b = x`, or `place` handed to a function that may change it. */
function isChangedInPlace(context: SourceRuleContext, reference: ts.Node): boolean {
  const { ts: typescript } = context;
  let site = valueSite(typescript, reference);
  let reached = false;
  for (;;) {
    const parent = site.parent;
    if ((typescript.isPropertyAccessExpression(parent) || typescript.isElementAccessExpression(parent)) && parent.expression === site) {
      if (typescript.isPropertyAccessExpression(parent) && MUTATORS.has(parent.name.text) && typescript.isCallExpression(parent.parent) && parent.parent.expression === parent) {
        return true;
      }
      site = valueSite(typescript, parent);
      reached = true;
      continue;
    }
    if (reached) return isWriteTarget(typescript, site);
    if (typescript.isCallExpression(parent) && parent.expression !== site) return context.resolveName(parent.expression) !== "JSON.stringify";
    return false;
  }
}

function isEmptyValue(typescript: typeof ts, value: ts.Expression): boolean {
  const inner = unwrap(typescript, value);
  if (typescript.isArrayLiteralExpression(inner)) return inner.elements.length === 0;
  if (typescript.isObjectLiteralExpression(inner)) return inner.properties.length === 0;
  if (typescript.isVoidExpression(inner)) return true;
  return inner.kind === typescript.SyntaxKind.NullKeyword || (typescript.isIdentifier(inner) && inner.text === "undefined");
}

/** What a copy was made of: `JSON.parse(JSON.stringify(x))`, `structuredClone(x)`, `[...x]`, `{ ...x }`, `x.slice()`. */
function copiedValue(context: SourceRuleContext, value: ts.Expression): ts.Expression {
  const { ts: typescript } = context;
  const inner = unwrap(typescript, value);
  if (typescript.isCallExpression(inner)) {
    const [only] = inner.arguments;
    const callee = unwrap(typescript, inner.expression);
    const name = context.resolveName(callee);
    if (only && inner.arguments.length === 1) {
      if (name === "JSON.parse") {
        const text = unwrap(typescript, only);
        if (typescript.isCallExpression(text) && text.arguments.length === 1 && text.arguments[0] && context.resolveName(text.expression) === "JSON.stringify") {
          return copiedValue(context, text.arguments[0]);
        }
        return inner;
      }
      const last = typescript.isPropertyAccessExpression(callee) ? callee.name.text : typescript.isIdentifier(callee) ? callee.text : "";
      if (COPY_CALLEE.test(last) || name === "Array.from") return copiedValue(context, only);
    }
    if (inner.arguments.length === 0 && typescript.isPropertyAccessExpression(callee) && callee.name.text === "slice") return copiedValue(context, callee.expression);
    return inner;
  }
  if (typescript.isArrayLiteralExpression(inner) && inner.elements.length === 1 && inner.elements[0] && typescript.isSpreadElement(inner.elements[0])) {
    return copiedValue(context, inner.elements[0].expression);
  }
  if (typescript.isObjectLiteralExpression(inner) && inner.properties.length === 1 && inner.properties[0] && typescript.isSpreadAssignment(inner.properties[0])) {
    return copiedValue(context, inner.properties[0].expression);
  }
  return inner;
}

/**
 * Whether two names hold one value: the same parameter or variable, never reassigned; or `current` is a
 * parameter that every call of its function (all visible here) is given `copied` for.
 */
function isSameValue(typescript: typeof ts, copied: ts.Identifier, current: ts.Identifier): boolean {
  if (isSameFixedBinding(typescript, copied, current)) return true;
  const fn = declaringNodeOf(typescript, current);
  if (fn === undefined || !typescript.isFunctionLike(fn) || !isFixed(typescript, current)) return false;
  const index = fn.parameters.findIndex((parameter) => typescript.isIdentifier(parameter.name) && parameter.name.text === current.text);
  const parameter = fn.parameters[index];
  if (parameter === undefined || parameter.dotDotDotToken !== undefined) return false;
  const calls = visibleCallsOf(typescript, fn);
  return (
    calls !== undefined &&
    calls.length > 0 &&
    calls.every((call) => {
      if (call.arguments.slice(0, index + 1).some((argument) => typescript.isSpreadElement(argument))) return false;
      const argument = call.arguments[index];
      const passed = argument && unwrap(typescript, argument);
      return passed !== undefined && typescript.isIdentifier(passed) && isSameFixedBinding(typescript, passed, copied);
    })
  );
}

function isSameFixedBinding(typescript: typeof ts, a: ts.Identifier, b: ts.Identifier): boolean {
  if (a.text !== b.text) return false;
  const declaring = declaringNodeOf(typescript, a);
  return declaring !== undefined && declaring === declaringNodeOf(typescript, b) && isFixed(typescript, a);
}

function isFixed(typescript: typeof ts, identifier: ts.Identifier): boolean {
  return !referencesTo(typescript, identifier).some((reference) => isWriteTarget(typescript, reference));
}

/**
 * Every call of a function when the file holds all of them: a private method (`private`, `#name`, or the
 * `_name` convention of JavaScript classes) called as `this.name(…)`, or a function declaration the module
 * does not export and only calls. Undefined when the function could be called from elsewhere or escapes.
 */
function visibleCallsOf(typescript: typeof ts, fn: ts.SignatureDeclaration): ts.CallExpression[] | undefined {
  if (typescript.isMethodDeclaration(fn) && typescript.isClassLike(fn.parent)) {
    const name = fn.name;
    const isPrivate =
      typescript.isPrivateIdentifier(name) ||
      (typescript.isIdentifier(name) && name.text.startsWith("_")) ||
      (typescript.getModifiers(fn) ?? []).some((modifier) => modifier.kind === typescript.SyntaxKind.PrivateKeyword);
    if (!isPrivate) return undefined;
    const text = name.getText();
    const calls: ts.CallExpression[] = [];
    const stack: ts.Node[] = [fn.getSourceFile()];
    for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
      node.forEachChild((child) => {
        stack.push(child);
      });
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
