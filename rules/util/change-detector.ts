import type { ts } from "@ts-morph/common";
import { enclosingFunction, isConditionOf, isDestructuringTarget, isWriteTarget, runsWhenever, unwrap, valueSite } from "./expressions.js";
import { readsOfConst } from "./local-bindings.js";
import { declaringNodeOf, isExported, isWithin, localVariableOf } from "./local-variables.js";
import type { SourceRuleContext } from "./types.js";
import { argumentsFor, bindingReferences, classOfThis, fileIndexOf, isJavaScriptFile, isPrivateMethod, thisEscapesIn, visibleCallsOf } from "./visible-calls.js";

/** Methods that change an array, a Map or a Set in place. */
const MUTATORS = new Set(["push", "pop", "shift", "unshift", "splice", "sort", "reverse", "fill", "copyWithin", "set", "delete", "clear", "add"]);

/** Callees that return a deep copy whose keys come in the order of the original's. */
const COPY_CALLEE = /^(?:structuredClone|clone|cloneDeep|deepClone|deepCopy)$/;

/**
 * Callees that call the function they are given once per element (by their last name, any prefix: `forEach`,
 * lodash's `each`, `pMap`, `Array.from`, `mapLimit`): its parameter holds successive elements, not one value per call.
 */
const ITERATING_CALLEE = /(?:forEach|each|Each|map|Map|filter|Filter|reduce|reduceRight|some|every|find|findIndex|findLast|findLastIndex|from|call|apply|Limit|Series)$/;

/** A variable or `this` field that keeps a value between calls, and the assignments that give it one. */
interface StoredPlace {
  readonly values: readonly ts.Expression[];
  readonly assignments: readonly ts.BinaryExpression[];
  /** Where the stored value is read (the comparison's own read among them). */
  readonly reads: readonly ts.Node[];
}

/** Where the answer of the comparison decides: the condition of an `if`, and whether `true` means "changed". */
interface Decision {
  readonly decider: ts.IfStatement;
  readonly changedWhenTrue: boolean;
  /** Where the answer was taken when a `const` holds it: from there to the `if`, the stored value is not looked at. */
  readonly answeredAt?: number;
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
  if (!typescript.isIdentifier(now) || !runsOncePerCall(typescript, comparison)) return false;
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
  return sameValue && decisions.every((decision) => refreshesWhenChanged(typescript, decision, place));
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
      return leavesBetween(typescript, block, statement.end, decision.decider.getStart()) ? undefined : [{ ...decision, answeredAt: statement.end }];
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
 * when the "same" branch returns or skips, in the statements after the `if`; never under a condition, with
 * nothing that leaves or waits before it, and no look at the stored value on the way (`assert(this.#options ===
 * undefined)` before the store refuses a second value: pinned, not a change detector). A "same" branch that
 * throws refuses repeats (a duplicate guard): its answer is a result, not a skipped update.
 */
function refreshesWhenChanged(typescript: typeof ts, { decider, changedWhenTrue, answeredAt }: Decision, place: StoredPlace): boolean {
  const sameBranch = changedWhenTrue ? decider.elseStatement : decider.thenStatement;
  if (sameBranch !== undefined && throwsIn(typescript, sameBranch)) return false;
  if (answeredAt !== undefined && place.reads.some((read) => read.pos >= answeredAt && read.end <= decider.getStart())) return false;
  const assignsIn = (region: ts.Node, from: number): boolean =>
    place.assignments.some((assignment) => {
      const start = assignment.getStart();
      return (
        isWithin(assignment, region) &&
        start >= from &&
        runsWhenever(typescript, assignment, region) &&
        !leavesBetween(typescript, region, from, start) &&
        !place.reads.some((read) => read.pos >= from && read.end <= start)
      );
    });
  const changedBranch = changedWhenTrue ? decider.thenStatement : decider.elseStatement;
  if (changedBranch !== undefined) return assignsIn(changedBranch, changedBranch.pos);
  const block = decider.parent;
  return leaves(typescript, decider.thenStatement) && (typescript.isBlock(block) || typescript.isSourceFile(block)) && assignsIn(block, decider.end);
}

function throwsIn(typescript: typeof ts, region: ts.Node): boolean {
  const stack: ts.Node[] = [region];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (typescript.isThrowStatement(node)) return true;
    if (node !== region && typescript.isFunctionLike(node)) continue;
    node.forEachChild((child) => {
      stack.push(child);
    });
  }
  return false;
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

/** How a function is run: from these places (calls, or calls it is handed to), once per element, or by code not in view. */
type Runs = readonly ts.Node[] | "perElement" | "unknown";

/**
 * Whether `node` runs once per call of the code that reaches it, not once per element of a list: no loop holds
 * it, and the function around it is run (followed up to four calls out) only from places that are themselves
 * outside loops and iterating callbacks. `rows.forEach(keep)`, `for (…) this.#push(row)`, `const keep = (r) =>
 * …` called in a loop, and a callback given to an iterating function (`map`, `forEach`, `each`, `pMap`,
 * `Array.from`) run once per element. A function whose callers are not in view (exported, public) counts as run
 * once per call: a public `update(next)` may still be fed the elements of a list, the cost the rule's
 * documentation states.
 */
function runsOncePerCall(typescript: typeof ts, node: ts.Node, depth = 0): boolean {
  if (isInLoop(typescript, node)) return false;
  const fn = enclosingFunction(typescript, node);
  if (fn === undefined) return true;
  if (depth >= 4) return false;
  const runs = runsOf(typescript, fn);
  if (runs === "unknown") return true;
  return runs !== "perElement" && runs.every((place) => runsOncePerCall(typescript, place, depth + 1));
}

function runsOf(typescript: typeof ts, fn: ts.SignatureDeclaration): Runs {
  if (typescript.isArrowFunction(fn) || typescript.isFunctionExpression(fn)) {
    const site = valueSite(typescript, fn);
    const holder = site.parent;
    if (typescript.isVariableDeclaration(holder) && holder.initializer === site && typescript.isIdentifier(holder.name)) {
      return combineRuns(bindingReferences(typescript, holder.name).map((reference) => runOfValue(typescript, reference)));
    }
    if (typescript.isPropertyDeclaration(holder) && holder.initializer === site && typescript.isClassLike(holder.parent)) {
      return fieldRuns(typescript, holder.parent, holder.name, typescript.isPrivateIdentifier(holder.name));
    }
    return runOfValue(typescript, site);
  }
  if (typescript.isFunctionDeclaration(fn) && fn.name !== undefined) {
    if (isExported(typescript, fn)) return "unknown";
    return combineRuns(bindingReferences(typescript, fn.name).map((reference) => runOfValue(typescript, reference)));
  }
  if (typescript.isMethodDeclaration(fn) && typescript.isClassLike(fn.parent)) {
    return fieldRuns(typescript, fn.parent, fn.name, isPrivateMethod(typescript, fn));
  }
  return "unknown";
}

/** How a method or function-valued field is run, from its `this.name` accesses; a private one must show them all. */
function fieldRuns(typescript: typeof ts, owner: ts.ClassLikeDeclaration, name: ts.PropertyName, isPrivate: boolean): Runs {
  const sourceFile = owner.getSourceFile();
  const accesses = fileIndexOf(typescript, sourceFile).accessesByName.get(name.getText(sourceFile)) ?? [];
  const runs = combineRuns(
    accesses.map((access): Runs => {
      if (access.expression.kind !== typescript.SyntaxKind.ThisKeyword || classOfThis(typescript, access.expression) !== owner) return "unknown";
      return runOfValue(typescript, access);
    }),
  );
  if (!isPrivate && runs !== "perElement") return "unknown";
  // A private member handed on where no name shows it (`const keep = this.#keep`) could be run anywhere.
  return isPrivate && runs === "unknown" ? "perElement" : runs;
}

/** How a function value at `site` is run: called there, handed to a call (iterating or not), or kept out of view. */
function runOfValue(typescript: typeof ts, reference: ts.Node): Runs {
  const site = valueSite(typescript, reference);
  const parent = site.parent;
  if (!typescript.isCallExpression(parent)) return "unknown";
  if (parent.expression === site) return [parent];
  const callee = unwrap(typescript, parent.expression);
  const name = typescript.isPropertyAccessExpression(callee) ? callee.name.text : typescript.isIdentifier(callee) ? callee.text : "";
  return ITERATING_CALLEE.test(name) ? "perElement" : [parent];
}

function combineRuns(all: readonly Runs[]): Runs {
  if (all.includes("perElement")) return "perElement";
  if (all.includes("unknown")) return "unknown";
  return all.flatMap((runs) => (runs === "unknown" || runs === "perElement" ? [] : runs));
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
    const references = (index.identifiersByText.get(place.text) ?? []).filter(
      (reference) => reference !== variable.declaration.name && localVariableOf(typescript, reference)?.declaration === variable.declaration,
    );
    return placeFromUses(context, variable.declaration.initializer ? [variable.declaration.initializer] : [], references);
  }
  if (!typescript.isPropertyAccessExpression(place) || place.expression.kind !== typescript.SyntaxKind.ThisKeyword) return undefined;
  const owner = classOfThis(typescript, place.expression);
  if (owner === undefined || !isClosedField(context, owner, place.name)) return undefined;
  const name = place.name.getText(context.sourceFile);
  const initializers = owner.members.flatMap((member) =>
    typescript.isPropertyDeclaration(member) && member.name.getText(context.sourceFile) === name && member.initializer ? [member.initializer] : [],
  );
  const accesses = index.accessesByName.get(name) ?? [];
  // Every access of that name in the file is this class's own `this.name`: no other object, no alias, writes it.
  if (accesses.some((access) => access.expression.kind !== typescript.SyntaxKind.ThisKeyword || classOfThis(typescript, access.expression) !== owner)) return undefined;
  return placeFromUses(context, initializers, accesses);
}

/** The stored place its uses make: the values it is given, where, and where it is read; undefined when a use changes it. */
function placeFromUses(context: SourceRuleContext, initializers: readonly ts.Expression[], uses: readonly ts.Node[]): StoredPlace | undefined {
  const values = [...initializers];
  const assignments: ts.BinaryExpression[] = [];
  const reads: ts.Node[] = [];
  for (const use of uses) {
    const kept = keptValue(context, use);
    if (kept === "changed") return undefined;
    if (kept === "read") reads.push(use);
    else {
      values.push(kept.right);
      assignments.push(kept);
    }
  }
  return { values, assignments, reads };
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
  const text = name.text;
  const namedHere = (member: ts.ClassElement): boolean => member.name !== undefined && member.name.getText(context.sourceFile) === text;
  if (owner.members.some((member) => (typescript.isGetAccessorDeclaration(member) || typescript.isSetAccessorDeclaration(member)) && namedHere(member))) return false;
  if (typescript.isPrivateIdentifier(name)) return true;
  if (fileIndexOf(typescript, context.sourceFile).keyStrings.has(text)) return false;
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
  const passed = argumentsFor(typescript, current);
  return (
    passed !== undefined &&
    passed.every(({ call, argument }) => !isInLoop(typescript, call) && typescript.isIdentifier(argument) && isSameFixedBinding(typescript, argument, copied))
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
