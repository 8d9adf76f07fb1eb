import type { ts } from "@ts-morph/common";
import { enclosingFunction, isConditionOf, isDestructuringTarget, isWriteTarget, runsWhenever, unwrap, valueSite } from "./expressions.js";
import { readsOfConst } from "./local-bindings.js";
import { declaringNodeOf, isExported, isWithin, localVariableOf, referencesOf, referencesTo, valuesWritten } from "./local-variables.js";
import type { SourceRuleContext } from "./types.js";
import { classOfThis, isJavaScriptFile, visibleCallsOf } from "./visible-calls.js";

/** Methods that change an array, a Map or a Set in place. */
const MUTATORS = new Set(["push", "pop", "shift", "unshift", "splice", "sort", "reverse", "fill", "copyWithin", "set", "delete", "clear", "add"]);

/** Callees that return a deep copy whose keys come in the order of the original's. */
const COPY_CALLEE = /^(?:structuredClone|clone|cloneDeep|deepClone|deepCopy)$/;

/** Array methods whose callback sees one element after another: its parameter is not one value per call. */
const ITERATION_METHODS = new Set(["forEach", "map", "flatMap", "filter", "reduce", "reduceRight", "some", "every", "find", "findIndex", "findLast", "findLastIndex"]);

/** A variable or `this` field that keeps a value between calls, and the assignments that give it one. */
interface StoredPlace {
  readonly values: readonly ts.Expression[];
  readonly assignments: readonly ts.BinaryExpression[];
}

/**
 * Whether `comparison` (`JSON.stringify(stored) !== JSON.stringify(current)`) is a change detector: `stored` is
 * a variable or `this` field only ever empty or given a copy of the value `current` holds, and the outcome
 * "changed" always gives it the current value (`if (JSON.stringify(this.last) !== JSON.stringify(next)) {
 * this.last = next; … }`, ioredis' slot table). Both sides are then successive values of one parameter or
 * variable, and when they hold equal values with keys in another order the only effect is one extra "changed",
 * after which the copy has the new order. `current` may be a parameter of a private method or a module
 * function that every call site feeds the copied value (one call away), and the comparison may be returned by
 * such a function to the condition that decides. Not a loop variable or an iteration callback's parameter:
 * successive elements of one list can come from different code.
 */
export function isChangeDetector(context: SourceRuleContext, comparison: ts.BinaryExpression, stored: ts.Expression, current: ts.Expression): boolean {
  const { ts: typescript } = context;
  const now = unwrap(typescript, current);
  if (!typescript.isIdentifier(now)) return false;
  const place = storedPlace(context, unwrap(typescript, stored));
  if (place === undefined) return false;
  const copies = place.values.filter((value) => !isEmptyValue(typescript, value));
  const sameValue = copies.length > 0 && copies.every((value) => {
    const source = copiedValue(context, value);
    return typescript.isIdentifier(source) && isOneValuePerCall(typescript, source) && isSameValue(context, source, now);
  });
  if (!sameValue) return false;
  const operator = comparison.operatorToken.kind;
  const trueMeansChanged = operator === typescript.SyntaxKind.ExclamationEqualsEqualsToken || operator === typescript.SyntaxKind.ExclamationEqualsToken;
  return changedOutcomeRefreshes(context, comparison, trueMeansChanged, place.assignments, 0);
}

/** Every value a stored place is given, or undefined when it could be written unseen, aliased or changed in place. */
function storedPlace(context: SourceRuleContext, place: ts.Expression): StoredPlace | undefined {
  const { ts: typescript } = context;
  if (typescript.isIdentifier(place)) {
    const variable = localVariableOf(typescript, place);
    if (variable === undefined || variable.constant || isExported(typescript, variable.declaration)) return undefined;
    const values = valuesWritten(typescript, place);
    if (values === undefined) return undefined;
    const assignments: ts.BinaryExpression[] = [];
    for (const reference of referencesOf(typescript, variable)) {
      if (isDestructuringTarget(typescript, reference)) return undefined;
      if (isWriteTarget(typescript, reference)) {
        const assignment = valueSite(typescript, reference).parent;
        if (typescript.isBinaryExpression(assignment)) assignments.push(assignment);
      } else if (!isOnlyRead(context, reference)) {
        return undefined;
      }
    }
    return { values, assignments };
  }
  if (!typescript.isPropertyAccessExpression(place) || place.expression.kind !== typescript.SyntaxKind.ThisKeyword) return undefined;
  const owner = classOfThis(typescript, place.expression);
  if (owner === undefined || !isClosedField(typescript, owner, place.name)) return undefined;
  const name = place.name.text;
  const values: ts.Expression[] = [];
  for (const member of owner.members) {
    if (typescript.isPropertyDeclaration(member) && member.name.getText() === name && member.initializer) values.push(member.initializer);
  }
  const assignments: ts.BinaryExpression[] = [];
  // Every access of that name in the file is this class's own `this.name`: no other object, no alias, writes it.
  const stack: ts.Node[] = [context.sourceFile];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    node.forEachChild((child) => {
      stack.push(child);
    });
    // `this` handed on (`Object.assign(this, o)`, `const self = this`) or indexed (`this[key] = v`) can write any field.
    if (node.kind === typescript.SyntaxKind.ThisKeyword && classOfThis(typescript, node) === owner) {
      if (!typescript.isPropertyAccessExpression(node.parent) || node.parent.expression !== node) return undefined;
      continue;
    }
    if (!typescript.isPropertyAccessExpression(node) || node.name.getText() !== name) continue;
    if (node.expression.kind !== typescript.SyntaxKind.ThisKeyword || classOfThis(typescript, node.expression) !== owner) return undefined;
    if (isDestructuringTarget(typescript, node)) return undefined;
    if (isWriteTarget(typescript, node)) {
      const assignment = valueSite(typescript, node).parent;
      if (!typescript.isBinaryExpression(assignment) || assignment.operatorToken.kind !== typescript.SyntaxKind.EqualsToken) return undefined;
      values.push(assignment.right);
      assignments.push(assignment);
    } else if (!isOnlyRead(context, node)) {
      return undefined;
    }
  }
  return { values, assignments };
}

/**
 * Whether only this file's class can write the field: a `#name`, a TypeScript `private` property, or any
 * field of a JavaScript class (which has no other way to say so; its accesses in the file are checked). A
 * constructor's parameter property of that name is written by whoever constructs.
 */
function isClosedField(typescript: typeof ts, owner: ts.ClassLikeDeclaration, name: ts.MemberName): boolean {
  if (typescript.isPrivateIdentifier(name)) return true;
  const constructorParameters = owner.members.flatMap((member) => (typescript.isConstructorDeclaration(member) ? [...member.parameters] : []));
  if (constructorParameters.some((parameter) => typescript.isIdentifier(parameter.name) && parameter.name.text === name.text && typescript.isParameterPropertyDeclaration(parameter, parameter.parent))) {
    return false;
  }
  if (isJavaScriptFile(owner.getSourceFile())) return true;
  return owner.members.some(
    (member) =>
      typescript.isPropertyDeclaration(member) &&
      member.name.getText() === name.text &&
      (typescript.getModifiers(member) ?? []).some((modifier) => modifier.kind === typescript.SyntaxKind.PrivateKeyword),
  );
}


/**
 * Whether a read of the stored place leaves it as it is and keeps it to itself: members read (not written, no
 * `push`), or the whole value stringified, compared, tested or negated. Handed to a function, kept in another
 * name or returned, it could be changed where this file does not show.
 */
function isOnlyRead(context: SourceRuleContext, reference: ts.Node): boolean {
  const { ts: typescript } = context;
  let site = valueSite(typescript, reference);
  let member = false;
  for (;;) {
    const parent = site.parent;
    if (!(typescript.isPropertyAccessExpression(parent) || typescript.isElementAccessExpression(parent)) || parent.expression !== site) break;
    if (typescript.isPropertyAccessExpression(parent) && MUTATORS.has(parent.name.text) && typescript.isCallExpression(parent.parent) && parent.parent.expression === parent) {
      return false;
    }
    site = valueSite(typescript, parent);
    member = true;
  }
  if (member) return !isWriteTarget(typescript, site) && !isDestructuringTarget(typescript, site);
  const parent = site.parent;
  if (typescript.isCallExpression(parent)) return parent.expression !== site && context.resolveName(parent.expression) === "JSON.stringify";
  if (typescript.isBinaryExpression(parent)) {
    const operator = parent.operatorToken.kind;
    const { SyntaxKind } = typescript;
    return (
      operator === SyntaxKind.EqualsEqualsEqualsToken ||
      operator === SyntaxKind.ExclamationEqualsEqualsToken ||
      operator === SyntaxKind.EqualsEqualsToken ||
      operator === SyntaxKind.ExclamationEqualsToken ||
      // `stored && …` gives `stored` on only when it is falsy: no object.
      (operator === SyntaxKind.AmpersandAmpersandToken && parent.left === site)
    );
  }
  if (typescript.isPrefixUnaryExpression(parent)) return parent.operator === typescript.SyntaxKind.ExclamationToken;
  return typescript.isTypeOfExpression(parent) || isConditionOf(typescript, site);
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
 * Whether a name holds one value for each call of the code that declares it: a parameter or a variable, not a
 * loop or catch variable, nor the parameter of a callback that an array method calls once per element.
 */
function isOneValuePerCall(typescript: typeof ts, identifier: ts.Identifier): boolean {
  const declaring = declaringNodeOf(typescript, identifier);
  if (declaring === undefined || typescript.isIterationStatement(declaring, false) || typescript.isCatchClause(declaring)) return false;
  if (!typescript.isArrowFunction(declaring) && !typescript.isFunctionExpression(declaring)) return true;
  const call = valueSite(typescript, declaring).parent;
  return !(
    typescript.isCallExpression(call) &&
    typescript.isPropertyAccessExpression(call.expression) &&
    ITERATION_METHODS.has(call.expression.name.text)
  );
}

/**
 * Whether two names hold one value: the same parameter or variable, never reassigned; or `current` is a
 * parameter that every call of its function (all visible here) is given `copied` for.
 */
function isSameValue(context: SourceRuleContext, copied: ts.Identifier, current: ts.Identifier): boolean {
  const { ts: typescript } = context;
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
  return !referencesTo(typescript, identifier).some((reference) => isWriteTarget(typescript, reference) || isDestructuringTarget(typescript, reference));
}

/**
 * Whether the outcome "changed" of `outcome` (true when `trueMeansChanged`, through `!`) always runs one of the
 * assignments: it is the condition of an `if` whose "changed" branch assigns, or whose "same" branch leaves
 * and the statements after it assign. One step on: a `const` holding the outcome, or a function returning it
 * to its callers' conditions.
 */
function changedOutcomeRefreshes(
  context: SourceRuleContext,
  outcome: ts.Node,
  trueMeansChanged: boolean,
  assignments: readonly ts.BinaryExpression[],
  depth: number,
): boolean {
  const { ts: typescript } = context;
  let site = valueSite(typescript, outcome);
  let changedWhenTrue = trueMeansChanged;
  while (typescript.isPrefixUnaryExpression(site.parent) && site.parent.operator === typescript.SyntaxKind.ExclamationToken) {
    changedWhenTrue = !changedWhenTrue;
    site = valueSite(typescript, site.parent);
  }
  const parent = site.parent;
  const assignsIn = (region: ts.Node): boolean => assignments.some((assignment) => isWithin(assignment, region) && runsWhenever(typescript, assignment, region));
  if (typescript.isIfStatement(parent) && parent.expression === site) {
    if (changedWhenTrue) return assignsIn(parent.thenStatement);
    if (parent.elseStatement !== undefined && assignsIn(parent.elseStatement)) return true;
    const block = parent.parent;
    if (!leaves(typescript, parent.thenStatement) || !(typescript.isBlock(block) || typescript.isSourceFile(block))) return false;
    const after = block.statements.slice(block.statements.indexOf(parent) + 1);
    return assignments.some((assignment) => after.some((statement) => isWithin(assignment, statement)) && runsWhenever(typescript, assignment, block));
  }
  if (depth > 0) return false;
  if (typescript.isVariableDeclaration(parent) && parent.initializer === site) {
    // `const changed = …; if (changed) { … }`: an `if` that runs whenever the const is set decides (other reads,
    // such as `return changed`, only pass the answer on).
    const statement = parent.parent.parent;
    return readsOfConst(typescript, parent).some((read) => {
      let condition: ts.Node = valueSite(typescript, read);
      while (typescript.isPrefixUnaryExpression(condition.parent) && condition.parent.operator === typescript.SyntaxKind.ExclamationToken) condition = valueSite(typescript, condition.parent);
      const decider = condition.parent;
      return (
        typescript.isIfStatement(decider) &&
        runsWhenever(typescript, decider, statement.parent) &&
        changedOutcomeRefreshes(context, read, changedWhenTrue, assignments, depth + 1)
      );
    });
  }
  if (typescript.isReturnStatement(parent)) {
    const fn = enclosingFunction(typescript, parent);
    const calls = fn && visibleCallsOf(typescript, fn);
    return calls !== undefined && calls.length > 0 && calls.every((call) => changedOutcomeRefreshes(context, call, changedWhenTrue, assignments, depth + 1));
  }
  return false;
}

/** A statement after which control does not go on: `return`, `throw`, `continue`, `break`, or a block ending in one. */
function leaves(typescript: typeof ts, statement: ts.Statement): boolean {
  if (typescript.isBlock(statement)) {
    const last = statement.statements.at(-1);
    return last !== undefined && leaves(typescript, last);
  }
  return typescript.isReturnStatement(statement) || typescript.isThrowStatement(statement) || typescript.isContinueStatement(statement) || typescript.isBreakStatement(statement);
}
