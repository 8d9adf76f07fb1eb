import type { ts } from "@ts-morph/common";
import { enclosingFunction, isConditionOf, isDestructuringTarget, isWriteTarget, runsWhenever, unwrap, valueSite } from "./expressions.js";
import { readsOfConst } from "./local-bindings.js";
import { declaringNodeOf, isExported, isWithin, localVariableOf } from "./local-variables.js";
import type { SourceRuleContext } from "./types.js";
import { bindingReferences, classOfThis, fileIndexOf, isJavaScriptFile, thisEscapesIn, visibleCallsOf } from "./visible-calls.js";

/** Methods that change an array, a Map or a Set in place. */
const MUTATORS = new Set(["push", "pop", "shift", "unshift", "splice", "sort", "reverse", "fill", "copyWithin", "set", "delete", "clear", "add"]);

/** Callees that return a deep copy whose keys come in the order of the original's. */
const COPY_CALLEE = /^(?:structuredClone|clone|cloneDeep|deepClone|deepCopy)$/;

/** Callees that call their callback once per element: its parameter holds successive elements, not one value per call. */
const ITERATING_CALLEE = /^(?:forEach|each|map|flatMap|filter|reduce|reduceRight|some|every|find|findIndex|findLast|findLastIndex|call|apply)$/;

/** A variable or `this` field that keeps a value between calls, and the assignments that give it one. */
interface StoredPlace {
  readonly values: readonly ts.Expression[];
  readonly assignments: readonly ts.BinaryExpression[];
}

/** Where the answer of the comparison decides: the condition of an `if`, and whether `true` means "changed". */
interface Decision {
  readonly decider: ts.IfStatement;
  readonly changedWhenTrue: boolean;
}

/**
 * Whether `comparison` (`JSON.stringify(stored) !== JSON.stringify(current)`) is a change detector: `stored` is
 * a variable or closed `this` field only ever empty or given a copy of the value `current` holds, and the
 * answer "changed" goes straight on (no return, throw, break, continue or await first) to give it the current
 * value (`if (JSON.stringify(this.#last) !== JSON.stringify(next)) { this.#last = next; … }`, ioredis' slot
 * table). Both sides are then successive values of one parameter or variable of code that runs once per call,
 * outside any loop, and when they hold equal values with keys in another order the effect is one extra
 * "changed", after which the copy has the new order. `current` may be a parameter of a private method or
 * module function that every call site feeds the copied value (one call away), and the comparison may be
 * returned by such a function to its callers' conditions, or held in a `const` an `if` reads.
 */
export function isChangeDetector(context: SourceRuleContext, comparison: ts.BinaryExpression, stored: ts.Expression, current: ts.Expression): boolean {
  const { ts: typescript } = context;
  const now = unwrap(typescript, current);
  if (!typescript.isIdentifier(now) || isInLoop(typescript, comparison) || !runsOncePerCall(typescript, comparison)) return false;
  const operator = comparison.operatorToken.kind;
  const trueMeansChanged = operator === typescript.SyntaxKind.ExclamationEqualsEqualsToken || operator === typescript.SyntaxKind.ExclamationEqualsToken;
  // The cheap part first: where the answer decides. Only then the walks over the stored place's uses.
  const decisions = decisionsOf(typescript, comparison, trueMeansChanged);
  if (decisions === undefined || decisions.length === 0) return false;
  const place = storedPlace(context, unwrap(typescript, stored));
  if (place === undefined) return false;
  const copies = place.values.filter((value) => !isEmptyValue(typescript, value));
  const sameValue = copies.length > 0 && copies.every((value) => {
    const source = copiedValue(context, value);
    return typescript.isIdentifier(source) && isSameValue(typescript, source, now);
  });
  return sameValue && decisions.every((decision) => refreshesWhenChanged(typescript, decision, place.assignments));
}

/**
 * The `if` statements the comparison's answer decides, with their polarity: its own `if`, an `if` reading a
 * `const` that holds it, or, when a function returns it, the `if` around each call (every call visible, none in
 * a loop). Undefined when the answer goes anywhere else.
 */
function decisionsOf(typescript: typeof ts, comparison: ts.Node, trueMeansChanged: boolean, depth = 0): Decision[] | undefined {
  let site = valueSite(typescript, comparison);
  let changedWhenTrue = trueMeansChanged;
  while (typescript.isPrefixUnaryExpression(site.parent) && site.parent.operator === typescript.SyntaxKind.ExclamationToken) {
    changedWhenTrue = !changedWhenTrue;
    site = valueSite(typescript, site.parent);
  }
  const parent = site.parent;
  if (typescript.isIfStatement(parent) && parent.expression === site) return [{ decider: parent, changedWhenTrue }];
  if (depth > 0) return undefined;
  if (typescript.isVariableDeclaration(parent) && parent.initializer === site) {
    // `const changed = …; if (changed) { … }`: the first `if` reading it, with nothing that leaves in between
    // (other reads, such as `return changed`, only pass the answer on).
    const statement = parent.parent.parent;
    const block = statement.parent;
    for (const read of readsOfConst(typescript, parent)) {
      const found = decisionsOf(typescript, read, changedWhenTrue, depth + 1);
      const decision = found?.[0];
      if (decision === undefined || decision.decider.parent !== block) continue;
      return leavesBetween(typescript, block, statement.end, decision.decider.getStart()) ? undefined : [decision];
    }
    return undefined;
  }
  if (typescript.isReturnStatement(parent)) {
    const fn = enclosingFunction(typescript, parent);
    const calls = fn && visibleCallsOf(typescript, fn);
    if (calls === undefined || calls.length === 0) return undefined;
    const decisions: Decision[] = [];
    for (const call of calls) {
      const found = isInLoop(typescript, call) ? undefined : decisionsOf(typescript, call, changedWhenTrue, depth + 1);
      if (found === undefined) return undefined;
      decisions.push(...found);
    }
    return decisions;
  }
  return undefined;
}

/**
 * Whether "changed" goes straight on to an assignment of the stored place: in the `if`'s "changed" branch, or,
 * when the "same" branch leaves, in the statements after the `if`; never under a condition, and with nothing
 * that leaves or waits before it.
 */
function refreshesWhenChanged(typescript: typeof ts, { decider, changedWhenTrue }: Decision, assignments: readonly ts.BinaryExpression[]): boolean {
  const assignsIn = (region: ts.Node, from: number): boolean =>
    assignments.some(
      (assignment) =>
        isWithin(assignment, region) &&
        assignment.getStart() >= from &&
        runsWhenever(typescript, assignment, region) &&
        !leavesBetween(typescript, region, from, assignment.getStart()),
    );
  const changedBranch = changedWhenTrue ? decider.thenStatement : decider.elseStatement;
  if (changedBranch !== undefined) return assignsIn(changedBranch, changedBranch.pos);
  const block = decider.parent;
  return leaves(typescript, decider.thenStatement) && (typescript.isBlock(block) || typescript.isSourceFile(block)) && assignsIn(block, decider.end);
}

/** Whether a `return`, `throw`, `break`, `continue`, `await` or `yield` of `region`'s own code lies between `from` and `to`. */
function leavesBetween(typescript: typeof ts, region: ts.Node, from: number, to: number): boolean {
  const { SyntaxKind } = typescript;
  const stack: ts.Node[] = [region];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node.end <= from || node.pos >= to || (node !== region && typescript.isFunctionLike(node))) continue;
    if (node.getStart() >= from && node.end <= to) {
      switch (node.kind) {
        case SyntaxKind.ReturnStatement:
        case SyntaxKind.ThrowStatement:
        case SyntaxKind.BreakStatement:
        case SyntaxKind.ContinueStatement:
        case SyntaxKind.AwaitExpression:
        case SyntaxKind.YieldExpression:
          return true;
      }
    }
    node.forEachChild((child) => {
      stack.push(child);
    });
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

/** Whether a loop of `node`'s own function holds it. */
function isInLoop(typescript: typeof ts, node: ts.Node): boolean {
  for (let current = node.parent; current !== undefined && !typescript.isFunctionLike(current); current = current.parent) {
    if (typescript.isIterationStatement(current, false)) return true;
  }
  return false;
}

/**
 * Whether the function around `node` runs once per call of its own, not once per element: not a callback an
 * iterating method is given (`rows.forEach((row) => …)`), and, when its calls are all visible (a private method,
 * a module function), called only directly, outside loops (`rows.forEach(keep)` and `for (…) this.#push(row)`
 * are loops too).
 */
function runsOncePerCall(typescript: typeof ts, node: ts.Node): boolean {
  const fn = enclosingFunction(typescript, node);
  if (fn === undefined) return true;
  if (typescript.isArrowFunction(fn) || typescript.isFunctionExpression(fn)) {
    const call = valueSite(typescript, fn).parent;
    if (!typescript.isCallExpression(call)) return true;
    const callee = unwrap(typescript, call.expression);
    const name = typescript.isPropertyAccessExpression(callee) ? callee.name.text : typescript.isIdentifier(callee) ? callee.text : "";
    return !ITERATING_CALLEE.test(name);
  }
  if (typescript.isFunctionDeclaration(fn) && fn.name !== undefined && !isExported(typescript, fn)) {
    return bindingReferences(typescript, fn.name).every((reference) => {
      const call = reference.parent;
      return typescript.isCallExpression(call) && call.expression === reference && !isInLoop(typescript, call);
    });
  }
  if (typescript.isMethodDeclaration(fn)) {
    const calls = visibleCallsOf(typescript, fn);
    return calls === undefined || calls.every((call) => !isInLoop(typescript, call));
  }
  return true;
}

/** Stored places already looked at, by the variable's declaration or the field's class and name. */
const variablePlaces = new WeakMap<ts.VariableDeclaration, StoredPlace | undefined>();
const fieldPlaces = new WeakMap<ts.ClassLikeDeclaration, Map<string, StoredPlace | undefined>>();

/** Every value a stored place is given, or undefined when it could be written unseen, aliased or changed in place. */
function storedPlace(context: SourceRuleContext, place: ts.Expression): StoredPlace | undefined {
  const { ts: typescript } = context;
  if (typescript.isIdentifier(place)) {
    const declaration = localVariableOf(typescript, place)?.declaration;
    if (declaration === undefined) return undefined;
    if (!variablePlaces.has(declaration)) variablePlaces.set(declaration, findStoredPlace(context, place));
    return variablePlaces.get(declaration);
  }
  const owner = typescript.isPropertyAccessExpression(place) && place.expression.kind === typescript.SyntaxKind.ThisKeyword ? classOfThis(typescript, place.expression) : undefined;
  if (owner === undefined || !typescript.isPropertyAccessExpression(place)) return undefined;
  const name = place.name.getText(context.sourceFile);
  let byName = fieldPlaces.get(owner);
  if (byName === undefined) fieldPlaces.set(owner, (byName = new Map()));
  if (!byName.has(name)) byName.set(name, findStoredPlace(context, place));
  return byName.get(name);
}

function findStoredPlace(context: SourceRuleContext, place: ts.Expression): StoredPlace | undefined {
  const { ts: typescript } = context;
  const index = fileIndexOf(typescript, context.sourceFile);
  if (typescript.isIdentifier(place)) {
    const variable = localVariableOf(typescript, place);
    if (variable === undefined || variable.constant || isExported(typescript, variable.declaration) || index.varNames.has(place.text)) return undefined;
    const values: ts.Expression[] = variable.declaration.initializer ? [variable.declaration.initializer] : [];
    const assignments: ts.BinaryExpression[] = [];
    const references = (index.identifiersByText.get(place.text) ?? []).filter(
      (reference) => reference !== variable.declaration.name && localVariableOf(typescript, reference)?.declaration === variable.declaration,
    );
    for (const reference of references) {
      const kept = keptValue(context, reference);
      if (kept === "changed") return undefined;
      if (kept !== "read") {
        values.push(kept.right);
        assignments.push(kept);
      }
    }
    return { values, assignments };
  }
  if (!typescript.isPropertyAccessExpression(place) || place.expression.kind !== typescript.SyntaxKind.ThisKeyword) return undefined;
  const owner = classOfThis(typescript, place.expression);
  if (owner === undefined || !isClosedField(context, owner, place.name)) return undefined;
  const name = place.name.getText(context.sourceFile);
  const values: ts.Expression[] = [];
  for (const member of owner.members) {
    if (typescript.isPropertyDeclaration(member) && member.name.getText(context.sourceFile) === name && member.initializer) values.push(member.initializer);
  }
  const assignments: ts.BinaryExpression[] = [];
  // Every access of that name in the file is this class's own `this.name`: no other object, no alias, writes it.
  for (const access of index.accessesByName.get(name) ?? []) {
    if (access.expression.kind !== typescript.SyntaxKind.ThisKeyword || classOfThis(typescript, access.expression) !== owner) return undefined;
    const kept = keptValue(context, access);
    if (kept === "changed") return undefined;
    if (kept !== "read") {
      values.push(kept.right);
      assignments.push(kept);
    }
  }
  return { values, assignments };
}

/**
 * What a use of the stored place does: a plain assignment (`place = value`), a read that leaves it as it is and
 * keeps it to itself (members read, or the whole value stringified, compared, tested or negated), or anything
 * else ("changed"): written some other way, changed in place (`place.push(x)`, `place.a = 1`), or handed to a
 * function, kept in another name or returned, where this file does not show what happens to it.
 */
function keptValue(context: SourceRuleContext, reference: ts.Node): ts.BinaryExpression | "read" | "changed" {
  const { ts: typescript } = context;
  if (isDestructuringTarget(typescript, reference)) return "changed";
  let site = valueSite(typescript, reference);
  if (isWriteTarget(typescript, site)) {
    const assignment = site.parent;
    return typescript.isBinaryExpression(assignment) && assignment.operatorToken.kind === typescript.SyntaxKind.EqualsToken ? assignment : "changed";
  }
  let member = false;
  for (;;) {
    const parent = site.parent;
    if (!(typescript.isPropertyAccessExpression(parent) || typescript.isElementAccessExpression(parent)) || parent.expression !== site) break;
    if (typescript.isPropertyAccessExpression(parent) && MUTATORS.has(parent.name.text) && typescript.isCallExpression(parent.parent) && parent.parent.expression === parent) {
      return "changed";
    }
    site = valueSite(typescript, parent);
    member = true;
  }
  const parent = site.parent;
  if (member) {
    if (isWriteTarget(typescript, site) || isDestructuringTarget(typescript, site)) return "changed";
    // A member handed to a function may be changed there (`normalize(this.last.meta)`).
    return typescript.isCallExpression(parent) && parent.expression !== site && context.resolveName(parent.expression) !== "JSON.stringify" ? "changed" : "read";
  }
  if (typescript.isCallExpression(parent)) return parent.expression !== site && context.resolveName(parent.expression) === "JSON.stringify" ? "read" : "changed";
  if (typescript.isBinaryExpression(parent)) {
    const operator = parent.operatorToken.kind;
    const { SyntaxKind } = typescript;
    const compares =
      operator === SyntaxKind.EqualsEqualsEqualsToken ||
      operator === SyntaxKind.ExclamationEqualsEqualsToken ||
      operator === SyntaxKind.EqualsEqualsToken ||
      operator === SyntaxKind.ExclamationEqualsToken ||
      // `stored && …` gives `stored` on only when it is falsy: no object.
      (operator === SyntaxKind.AmpersandAmpersandToken && parent.left === site);
    return compares ? "read" : "changed";
  }
  if (typescript.isPrefixUnaryExpression(parent)) return parent.operator === typescript.SyntaxKind.ExclamationToken ? "read" : "changed";
  return typescript.isTypeOfExpression(parent) || isConditionOf(typescript, site) ? "read" : "changed";
}

/**
 * Whether only this class's own code in this file can write the field: a `#name`, a TypeScript `private`
 * property, or a field a JavaScript class without a base class declares or sets in its constructor (JavaScript
 * has no other way to say so). Not when a constructor parameter property of that name is written by whoever
 * constructs, an accessor of that name stands between, `this` is handed on or indexed, or the file names the
 * field in a string (`o["last"] = v`, `Object.defineProperty(o, "last", …)`).
 */
function isClosedField(context: SourceRuleContext, owner: ts.ClassLikeDeclaration, name: ts.MemberName): boolean {
  const { ts: typescript } = context;
  if (thisEscapesIn(typescript, owner)) return false;
  if (typescript.isPrivateIdentifier(name)) return true;
  const text = name.text;
  if (fileIndexOf(typescript, context.sourceFile).keyStrings.has(text)) return false;
  const namedHere = (member: ts.ClassElement): boolean => member.name !== undefined && member.name.getText(context.sourceFile) === text;
  if (owner.members.some((member) => (typescript.isGetAccessorDeclaration(member) || typescript.isSetAccessorDeclaration(member)) && namedHere(member))) return false;
  const constructor = owner.members.find((member): member is ts.ConstructorDeclaration => typescript.isConstructorDeclaration(member));
  if (constructor?.parameters.some((parameter) => typescript.isIdentifier(parameter.name) && parameter.name.text === text && typescript.isParameterPropertyDeclaration(parameter, constructor))) {
    return false;
  }
  if (!isJavaScriptFile(context.sourceFile)) {
    return owner.members.some(
      (member) => typescript.isPropertyDeclaration(member) && namedHere(member) && (typescript.getModifiers(member) ?? []).some((modifier) => modifier.kind === typescript.SyntaxKind.PrivateKeyword),
    );
  }
  if (owner.heritageClauses?.some((clause) => clause.token === typescript.SyntaxKind.ExtendsKeyword)) return false;
  const setInConstructor = constructor?.body?.statements.some((statement) => {
    const expression = typescript.isExpressionStatement(statement) ? statement.expression : undefined;
    return (
      expression !== undefined &&
      typescript.isBinaryExpression(expression) &&
      typescript.isPropertyAccessExpression(expression.left) &&
      expression.left.expression.kind === typescript.SyntaxKind.ThisKeyword &&
      expression.left.name.text === text
    );
  });
  return setInConstructor === true || owner.members.some((member) => typescript.isPropertyDeclaration(member) && namedHere(member));
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
 * parameter that every call of its function (all visible here, none in a loop) is given `copied` for.
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
      if (isInLoop(typescript, call) || call.arguments.slice(0, index + 1).some((argument) => typescript.isSpreadElement(argument))) return false;
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
  return !bindingReferences(typescript, identifier).some((reference) => isWriteTarget(typescript, reference) || isDestructuringTarget(typescript, reference));
}
