import type { ts } from "@ts-morph/common";
import { expectedValuesOf, expectMatcherOf, isEqualityAssertion } from "./assertions.js";
import { isConditionOf, returnedExpression, runsWhenever, unwrap } from "./expressions.js";
import { isExported, localVariableOf, referencesOf, type LocalVariable } from "./local-variables.js";
import { collectedInto, loopIgnoresOrder } from "./order-free-loop.js";
import { runtimeModuleSpecifiers } from "./runtime-modules.js";
import type { SourceRuleContext } from "./types.js";

/** Methods that put a collection in a defined order. */
export const SORT_METHODS: ReadonlySet<string> = new Set(["sort", "toSorted"]);

/** Functions, by resolved name, whose result does not depend on the order of the collection passed to them. */
const SORTING_FUNCTIONS: ReadonlySet<string> = new Set([
  ...runtimeModuleSpecifiers("collections").flatMap((module) => ["sortedKeys", "sortedEntries", "sortBy"].map((name) => `${module}#${name}`)),
  ...["lodash", "lodash-es", "underscore"].flatMap((module) => [`${module}#sortBy`, `${module}#orderBy`]),
  "lodash/sortBy#",
  "lodash/orderBy#",
  "lodash-es/sortBy#",
  "lodash-es/orderBy#",
]);

/** Methods whose result keeps the order of the collection they are called on: the order question moves on. */
const ORDER_PRESERVING_METHODS: ReadonlySet<string> = new Set([
  "filter",
  "map",
  "flatMap",
  "flat",
  "slice",
  "concat",
  "reverse",
  "toReversed",
  "keys",
  "values",
  "entries",
]);

/** Reads that give the same answer whatever the order of the collection. */
const ORDER_INSENSITIVE_METHODS: ReadonlySet<string> = new Set([
  "includes",
  "indexOf",
  "lastIndexOf",
  "has",
  "get",
  "some",
  "every",
  // Writes: filling or emptying a collection is not a use of its order.
  "push",
  "unshift",
  "add",
  "set",
  "delete",
  "clear",
]);

const ORDER_INSENSITIVE_PROPERTIES: ReadonlySet<string> = new Set(["length", "size"]);

/**
 * Matchers of Jest, Vitest and chai that test membership or size: `toContain`, `toHaveLength`, chai's
 * `include`, `lengthOf`, `empty`, and `members`, which ignores order unless the chain says `ordered`.
 */
const ORDER_FREE_MATCHERS: ReadonlySet<string> = new Set([
  "toContain", "toContainEqual", "toHaveLength", "include", "includes", "contain", "contains", "length", "lengthOf",
  "empty", "members", "toBeDefined", "toBeTruthy", "ok", "exist",
]);

/** Functions whose answer does not depend on the order of the collection passed to them, by resolved name. */
const ORDER_INSENSITIVE_FUNCTIONS: ReadonlySet<string> = new Set(["Array.isArray", "Boolean"]);

/** Calls whose result has the order of their (first) argument, by resolved name. */
const ORDER_PRESERVING_FUNCTIONS: ReadonlySet<string> = new Set([
  "Object.keys",
  "Object.values",
  "Object.entries",
  "Array.from",
  "Array.fromAsync",
  "Promise.all",
  "Promise.allSettled",
]);

/**
 * How code uses a value whose order is not defined. `sorted`: it is put in order before its order can matter
 * (`sortedInPlace` when a variable holding it is sorted where it lives); `insensitive`: only order-independent
 * questions are asked of it (`.length`, `.includes()`) or it is dropped; `sensitive`: its order can reach the
 * result (`how` says where, e.g. "iterated by for…of").
 */
export type OrderUse =
  | { readonly kind: "sorted" }
  | { readonly kind: "sortedInPlace"; readonly node: ts.Node }
  | { readonly kind: "insensitive" }
  | { readonly kind: "sensitive"; readonly node: ts.Node; readonly how: string };

export interface OrderUseOptions {
  /**
   * Whether reading an element by index depends on order: true for arrays (`files[0]`), false for objects and
   * maps filled by key (`byName[key]`).
   */
  readonly indexedReadIsOrdered: boolean;
  /** Uses inside these nodes are not counted (e.g. the callbacks that fill the collection). */
  readonly ignoreWithin?: readonly ts.Node[];
  /**
   * Whether entries are told apart by their `name`: a directory holds each name once, so a search for one
   * name (`entries.find((e) => e.name === wanted)`) finds at most one entry, in any order.
   */
  readonly namesAreUnique?: boolean;
  /**
   * Whether the entries are objects without a text of their own (Dirents): `.sort()` without a comparator
   * compares them all as "[object Object]", equal, and leaves them in the order they came.
   */
  readonly entriesCompareEqual?: boolean;
}

const INSENSITIVE: OrderUse = { kind: "insensitive" };
const SORTED: OrderUse = { kind: "sorted" };
const MAX_DEPTH = 8;

function sensitive(node: ts.Node, how: string): OrderUse {
  return { kind: "sensitive", node, how };
}

/**
 * Follows a value from `expression` outwards through parentheses, `await`, order-preserving calls and local
 * variables, and says how its order is used. Syntactic: a value handed to an unknown function counts as used
 * in order, since that function may iterate it.
 */
export function orderUseOf(context: SourceRuleContext, expression: ts.Expression, options: OrderUseOptions): OrderUse {
  return useAt(context, expression, options, 0);
}

function useAt(context: SourceRuleContext, start: ts.Expression, initialOptions: OrderUseOptions, depth: number): OrderUse {
  const { ts: typescript } = context;
  let options = initialOptions;
  const { SyntaxKind } = typescript;
  let node: ts.Node = start;
  for (;;) {
    const parent = node.parent;
    switch (parent.kind) {
      case SyntaxKind.ParenthesizedExpression:
      case SyntaxKind.AsExpression:
      case SyntaxKind.SatisfiesExpression:
      case SyntaxKind.NonNullExpression:
      case SyntaxKind.TypeAssertionExpression:
      case SyntaxKind.AwaitExpression:
        node = parent;
        continue;
      case SyntaxKind.PropertyAccessExpression: {
        const access = parent as ts.PropertyAccessExpression;
        const name = access.name.text;
        const call = access.parent;
        if (typescript.isCallExpression(call) && call.expression === access) {
          if (SORT_METHODS.has(name)) {
            if (options.entriesCompareEqual && call.arguments.length === 0) return sensitive(call, "given to .sort() without a comparator, which keeps Dirents as listed");
            return node === start && depth > 0 ? { kind: "sortedInPlace", node: call } : SORTED;
          }
          if (name === "forEach" || name === "map") {
            const callback = call.arguments[0] && unwrap(typescript, call.arguments[0]);
            if (callback && (typescript.isArrowFunction(callback) || typescript.isFunctionExpression(callback))) {
              if (loopIgnoresOrder(context, callback.body, callback, name, options.namesAreUnique === true)) return INSENSITIVE;
              const collected = name === "forEach" ? collectedUse(context, callback.body, callback, options, depth) : undefined;
              if (collected) return collected;
            }
          }
          // A part of the collection (`slice(0, 10)`) holds the entries that came first.
          if (name === "slice" && call.arguments.length > 0) return sensitive(call, "sliced");
          if (ORDER_PRESERVING_METHODS.has(name)) {
            // Only `filter` keeps the entries themselves: after `map` or `concat`, names may repeat, and the
            // entries may have become text.
            if (name !== "filter" && (options.namesAreUnique || options.entriesCompareEqual)) options = { ...options, namesAreUnique: false, entriesCompareEqual: false };
            node = call;
            continue;
          }
          if (ORDER_INSENSITIVE_METHODS.has(name)) return INSENSITIVE;
          if ((name === "find" || name === "findLast") && searchesForOne(typescript, call.arguments[0], options)) return INSENSITIVE;
          if (name === "then") return thenCallbackUse(context, call, options, depth);
          // `listing.catch(() => [])` settles to the listing (or a fallback): the value carries on.
          if (name === "catch" || name === "finally") {
            node = call;
            continue;
          }
          return sensitive(call, `used by .${name}()`);
        }
        if (ORDER_INSENSITIVE_PROPERTIES.has(name)) return INSENSITIVE;
        // `list.push.apply(list, more)` fills the collection, as `list.push(...more)` does.
        if (ORDER_INSENSITIVE_METHODS.has(name) && isCallOrApply(typescript, access)) return INSENSITIVE;
        return sensitive(access, `read as .${name}`);
      }
      case SyntaxKind.ElementAccessExpression: {
        const access = parent as ts.ElementAccessExpression;
        if (access.expression !== node) return sensitive(access, "used as a key");
        if (isAssignmentTarget(typescript, access)) return INSENSITIVE;
        if (typescript.isIdentifier(node) && isUnderSingleElementGuard(typescript, access, node.text)) return INSENSITIVE;
        return options.indexedReadIsOrdered ? sensitive(access, "read by position") : INSENSITIVE;
      }
      case SyntaxKind.CallExpression: {
        const call = parent as ts.CallExpression;
        if (call.expression === node) return sensitive(call, "called");
        const callee = context.resolveName(call.expression) ?? "";
        if (SORTING_FUNCTIONS.has(callee)) return SORTED;
        if (ORDER_INSENSITIVE_FUNCTIONS.has(callee)) return INSENSITIVE;
        if (ORDER_PRESERVING_FUNCTIONS.has(callee) && call.arguments[0] === node) {
          node = call;
          continue;
        }
        // A test of membership or size (`expect(files).toContain("a.js")`, chai's `.to.have.members([…])`).
        const matcher = expectMatcherOf(typescript, node);
        if (matcher && ORDER_FREE_MATCHERS.has(matcher.name) && !matcher.chain.includes("ordered")) return INSENSITIVE;
        // A test of equality with no entry or one (`expect(files).toEqual([])`): any other length fails in every
        // order. Subset and prefix tests (chai's `include.ordered.members`, tap's `match`) are not equality.
        const expected = isEqualityAssertion(typescript, node) ? expectedValuesOf(typescript, node) : undefined;
        if (expected?.some((value) => isListOfAtMostOne(typescript, value)) && expected.every((value) => isListOfAtMostOne(typescript, value) || isMessage(typescript, value))) {
          return INSENSITIVE;
        }
        return sensitive(call, `passed to ${calleeText(typescript, call.expression)}()`);
      }
      case SyntaxKind.NewExpression: {
        const created = parent as ts.NewExpression;
        const callee = context.resolveName(created.expression);
        // A WeakSet only answers membership questions. A Set does too, but iterates in insertion order
        // (`[...new Set(files)]`): its uses decide, as the collection's own would.
        if (callee === "WeakSet") return INSENSITIVE;
        if (callee === "Set" && created.arguments?.[0] === node) {
          node = created;
          continue;
        }
        return sensitive(created, `passed to new ${calleeText(typescript, created.expression)}()`);
      }
      case SyntaxKind.SpreadElement: {
        const list = parent.parent;
        if (typescript.isArrayLiteralExpression(list)) {
          node = list;
          continue;
        }
        return sensitive(parent, "spread into arguments");
      }
      case SyntaxKind.SpreadAssignment:
        return sensitive(parent, "spread into an object");
      case SyntaxKind.ForOfStatement: {
        const loop = parent as ts.ForOfStatement;
        if (loop.expression !== node || loopIgnoresOrder(context, loop.statement, loop, "for-of", options.namesAreUnique === true)) return INSENSITIVE;
        return collectedUse(context, loop.statement, loop, options, depth) ?? sensitive(parent, "iterated by for…of");
      }
      case SyntaxKind.ForInStatement:
        return (parent as ts.ForInStatement).expression === node ? sensitive(parent, "iterated by for…in") : INSENSITIVE;
      case SyntaxKind.ExpressionStatement:
      case SyntaxKind.VoidExpression:
      case SyntaxKind.TypeOfExpression:
      case SyntaxKind.DeleteExpression:
        return INSENSITIVE;
      case SyntaxKind.PrefixUnaryExpression:
        return (parent as ts.PrefixUnaryExpression).operator === SyntaxKind.ExclamationToken ? INSENSITIVE : sensitive(parent, "converted");
      case SyntaxKind.IfStatement:
      case SyntaxKind.WhileStatement:
      case SyntaxKind.DoStatement:
        return INSENSITIVE;
      case SyntaxKind.ReturnStatement:
        return sensitive(parent, "returned");
      case SyntaxKind.ArrowFunction:
        return (parent as ts.ArrowFunction).body === node ? sensitive(parent, "returned") : INSENSITIVE;
      case SyntaxKind.YieldExpression:
        return sensitive(parent, "yielded");
      case SyntaxKind.VariableDeclaration: {
        const declaration = parent as ts.VariableDeclaration;
        if (declaration.initializer !== node) return INSENSITIVE;
        if (!typescript.isIdentifier(declaration.name)) return sensitive(declaration, "destructured");
        if (isExported(typescript, declaration)) return sensitive(declaration, "exported");
        const variable = localVariableOf(typescript, declaration.name);
        return variable ? variableUse(context, variable, options, depth) : sensitive(declaration, "stored");
      }
      case SyntaxKind.BinaryExpression: {
        const binary = parent as ts.BinaryExpression;
        const operator = binary.operatorToken.kind;
        if (operator === SyntaxKind.EqualsToken && binary.right === node) {
          if (typescript.isIdentifier(binary.left)) {
            const variable = localVariableOf(typescript, binary.left);
            return variable ? variableUse(context, variable, options, depth) : sensitive(binary, "stored");
          }
          return sensitive(binary, "stored");
        }
        if (operator === SyntaxKind.EqualsToken) return INSENSITIVE;
        if (
          operator === SyntaxKind.BarBarToken ||
          operator === SyntaxKind.QuestionQuestionToken ||
          operator === SyntaxKind.AmpersandAmpersandToken
        ) {
          // `files || []` carries the value on; as a condition it asks nothing of the order.
          if (binary.left === node && isCondition(typescript, binary)) return INSENSITIVE;
          node = binary;
          continue;
        }
        if (operator === SyntaxKind.CommaToken) {
          if (binary.left === node) return INSENSITIVE;
          node = binary;
          continue;
        }
        if (
          operator === SyntaxKind.EqualsEqualsEqualsToken ||
          operator === SyntaxKind.ExclamationEqualsEqualsToken ||
          operator === SyntaxKind.EqualsEqualsToken ||
          operator === SyntaxKind.ExclamationEqualsToken ||
          operator === SyntaxKind.InstanceOfKeyword ||
          operator === SyntaxKind.InKeyword
        ) {
          return INSENSITIVE;
        }
        return sensitive(binary, "converted");
      }
      case SyntaxKind.ConditionalExpression: {
        const conditional = parent as ts.ConditionalExpression;
        if (conditional.condition === node) return INSENSITIVE;
        node = conditional;
        continue;
      }
      case SyntaxKind.TemplateSpan:
        return sensitive(parent, "converted to text");
      default:
        return sensitive(parent, "stored");
    }
  }
}

/** A loop that only collects entries into an array (`if (ok(f)) out.push(f)`): the order moves on to that array. */
function collectedUse(context: SourceRuleContext, body: ts.Node, scope: ts.Node, options: OrderUseOptions, depth: number): OrderUse | undefined {
  const target = collectedInto(context, body, scope);
  const variable = target && localVariableOf(context.ts, target);
  if (variable === undefined) return undefined;
  // An exported array is read by other modules, in the order it was filled.
  if (isExported(context.ts, variable.declaration)) return undefined;
  return variableUse(context, variable, options, depth);
}

/** `listing.then((files) => …)`: the callback's first parameter is the value. */
function thenCallbackUse(context: SourceRuleContext, call: ts.CallExpression, options: OrderUseOptions, depth: number): OrderUse {
  const { ts: typescript } = context;
  const [onFulfilled] = call.arguments;
  const callback = onFulfilled && context.functionOf(onFulfilled);
  const parameter = callback?.parameters[0];
  if (!callback || !parameter) return onFulfilled ? sensitive(call, "passed to .then()") : INSENSITIVE;
  if (!typescript.isIdentifier(parameter.name)) return sensitive(parameter, "destructured");
  return parameterUse(context, callback, parameter.name, options, depth);
}

/** How a callback uses the value it receives as parameter `name`. */
export function parameterUse(
  context: SourceRuleContext,
  callback: ts.FunctionLikeDeclaration,
  name: ts.Identifier,
  options: OrderUseOptions,
  depth: number,
): OrderUse {
  const { ts: typescript } = context;
  if (depth >= MAX_DEPTH || !callback.body) return INSENSITIVE;
  const uses: ts.Identifier[] = [];
  const stack: ts.Node[] = [callback.body];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (typescript.isIdentifier(node)) {
      if (node.text === name.text && !isShadowedParameter(typescript, node, callback)) uses.push(node);
      continue;
    }
    node.forEachChild((child) => {
      stack.push(child);
    });
  }
  uses.sort((a, b) => a.pos - b.pos);
  return combine(typescript, uses.map((use) => useAt(context, use, options, depth + 1)), callback.body);
}

/** Whether a nested function between `identifier` and `callback` declares a parameter of the same name. */
function isShadowedParameter(typescript: typeof ts, identifier: ts.Identifier, callback: ts.Node): boolean {
  const parent = identifier.parent;
  if (typescript.isPropertyAccessExpression(parent) && parent.name === identifier) return true;
  if (typescript.isPropertyAssignment(parent) && parent.name === identifier) return true;
  for (let node: ts.Node = identifier.parent; node !== callback; node = node.parent) {
    if (typescript.isFunctionLike(node) && node.parameters.some((parameter) => typescript.isIdentifier(parameter.name) && parameter.name.text === identifier.text)) {
      return true;
    }
  }
  return false;
}

/** How the code in a variable's scope uses the value the variable holds, over all of its references. */
export function orderUseOfVariable(context: SourceRuleContext, variable: LocalVariable, options: OrderUseOptions): OrderUse {
  return variableUse(context, variable, options, 0);
}

function variableUse(context: SourceRuleContext, variable: LocalVariable, options: OrderUseOptions, depth: number): OrderUse {
  if (depth >= MAX_DEPTH) return INSENSITIVE;
  const references = referencesOf(context.ts, variable).filter(
    (reference) => !options.ignoreWithin?.some((within) => reference.pos >= within.pos && reference.end <= within.end),
  );
  return combine(context.ts, references.map((reference) => useAt(context, reference, options, depth + 1)), variable.scope);
}

/**
 * The use of a value read in several places, given in source order: the first place its order is used before
 * it is sorted where it lives (every later read sees it in order), or sorted. A sort under a condition or in a
 * loop or callback may not have run: it sorts no other read.
 */
function combine(typescript: typeof ts, uses: readonly OrderUse[], scope: ts.Node): OrderUse {
  for (const use of uses) {
    if (use.kind === "sensitive") return use;
    if (use.kind === "sortedInPlace" && runsWhenever(typescript, use.node, scope)) return SORTED;
  }
  return INSENSITIVE;
}


/** Whether a method read is called through `.call(…)` or `.apply(…)`. */
function isCallOrApply(typescript: typeof ts, access: ts.PropertyAccessExpression): boolean {
  const outer = access.parent;
  return (
    typescript.isPropertyAccessExpression(outer) &&
    outer.expression === access &&
    (outer.name.text === "call" || outer.name.text === "apply") &&
    typescript.isCallExpression(outer.parent)
  );
}

function isAssignmentTarget(typescript: typeof ts, node: ts.Node): boolean {
  const parent = node.parent;
  return (
    typescript.isBinaryExpression(parent) &&
    parent.left === node &&
    parent.operatorToken.kind >= typescript.SyntaxKind.FirstAssignment &&
    parent.operatorToken.kind <= typescript.SyntaxKind.LastAssignment
  );
}

/**
 * Whether `access` runs only where `name.length === 1` holds (`if (files.length === 1) use(files[0])`, `xs.length
 * === 1 && xs[0]`, `xs.length < 2 ? xs[0] : …`): a collection of one has a single order.
 */
function isUnderSingleElementGuard(typescript: typeof ts, access: ts.Node, name: string): boolean {
  const { SyntaxKind } = typescript;
  const isLengthOf = (node: ts.Expression): boolean =>
    typescript.isPropertyAccessExpression(node) && node.name.text === "length" && typescript.isIdentifier(node.expression) && node.expression.text === name;
  const isOne = (node: ts.Expression, value: string): boolean => typescript.isNumericLiteral(node) && node.text === value;
  const assertsSingle = (condition: ts.Expression): boolean => {
    const inner = unwrap(typescript, condition);
    if (!typescript.isBinaryExpression(inner)) return false;
    const operator = inner.operatorToken.kind;
    if (operator === SyntaxKind.AmpersandAmpersandToken) return assertsSingle(inner.left) || assertsSingle(inner.right);
    const { left, right } = inner;
    if (operator === SyntaxKind.EqualsEqualsEqualsToken || operator === SyntaxKind.EqualsEqualsToken) {
      return (isLengthOf(left) && isOne(right, "1")) || (isLengthOf(right) && isOne(left, "1"));
    }
    if (operator === SyntaxKind.LessThanToken) return isLengthOf(left) && isOne(right, "2");
    if (operator === SyntaxKind.LessThanEqualsToken) return isLengthOf(left) && isOne(right, "1");
    return false;
  };
  for (let node: ts.Node = access; node.parent && !typescript.isFunctionLike(node); node = node.parent) {
    const parent = node.parent;
    if (typescript.isIfStatement(parent) && parent.thenStatement === node && assertsSingle(parent.expression)) return true;
    if (typescript.isConditionalExpression(parent) && parent.whenTrue === node && assertsSingle(parent.condition)) return true;
    if (typescript.isBinaryExpression(parent) && parent.right === node && parent.operatorToken.kind === SyntaxKind.AmpersandAmpersandToken && assertsSingle(parent.left)) {
      return true;
    }
  }
  return false;
}

/**
 * Whether a `find` callback looks for one value: `(f) => f === wanted` returns an entry equal to `wanted` in any
 * order; `(e) => e.name === wanted` does too where names are unique (a directory's entries).
 */
function searchesForOne(typescript: typeof ts, callback: ts.Expression | undefined, options: OrderUseOptions): boolean {
  const fn = callback && unwrap(typescript, callback);
  if (fn === undefined || !(typescript.isArrowFunction(fn) || typescript.isFunctionExpression(fn))) return false;
  const entry = fn.parameters[0]?.name;
  const test = returnedExpression(typescript, fn);
  if (entry === undefined || !typescript.isIdentifier(entry) || test === undefined) return false;
  const comparison = unwrap(typescript, test);
  if (!typescript.isBinaryExpression(comparison)) return false;
  const operator = comparison.operatorToken.kind;
  if (operator !== typescript.SyntaxKind.EqualsEqualsEqualsToken && operator !== typescript.SyntaxKind.EqualsEqualsToken) return false;
  const isEntry = (side: ts.Expression): boolean => {
    const inner = unwrap(typescript, side);
    if (typescript.isIdentifier(inner)) return inner.text === entry.text;
    return (
      options.namesAreUnique === true &&
      typescript.isPropertyAccessExpression(inner) &&
      inner.name.text === "name" &&
      typescript.isIdentifier(inner.expression) &&
      inner.expression.text === entry.text
    );
  };
  const mentionsEntry = (side: ts.Node): boolean =>
    (typescript.isIdentifier(side) && side.text === entry.text) || (side.forEachChild(mentionsEntry) ?? false);
  const { left, right } = comparison;
  return (isEntry(left) && !mentionsEntry(right)) || (isEntry(right) && !mentionsEntry(left));
}

function isListOfAtMostOne(typescript: typeof ts, value: ts.Expression): boolean {
  const list = unwrap(typescript, value);
  return typescript.isArrayLiteralExpression(list) && list.elements.length <= 1 && !list.elements.some((element) => typescript.isSpreadElement(element));
}

/** An assertion's message: `t.same(files, [], "nothing left")`. */
function isMessage(typescript: typeof ts, value: ts.Expression): boolean {
  return typescript.isStringLiteralLike(value) || typescript.isTemplateExpression(value);
}

/** Whether a logical expression's value is only tested (`if (files && files.length)`), not carried on. */
function isCondition(typescript: typeof ts, node: ts.Node): boolean {
  let current = node;
  while (typescript.isParenthesizedExpression(current.parent) || typescript.isBinaryExpression(current.parent)) {
    current = current.parent;
  }
  const parent = current.parent;
  return isConditionOf(typescript, current) || (typescript.isPrefixUnaryExpression(parent) && parent.operator === typescript.SyntaxKind.ExclamationToken);
}

function calleeText(typescript: typeof ts, callee: ts.Expression): string {
  if (typescript.isIdentifier(callee)) return callee.text;
  if (typescript.isPropertyAccessExpression(callee)) {
    const target = callee.expression;
    return typescript.isIdentifier(target) || target.kind === typescript.SyntaxKind.ThisKeyword
      ? `${target.getText()}.${callee.name.text}`
      : callee.name.text;
  }
  return "a function";
}
