import type { ts } from "@ts-morph/common";
import { isLoop } from "./util/concurrent-callbacks.js";
import { createRule } from "./util/create-rule.js";
import { declaringNodeOf, isWithin, localVariableOf, readsNameDeclaredIn, referencesTo, type LocalVariable } from "./util/local-variables.js";
import { orderUseOfVariable, type OrderUse } from "./util/order-uses.js";
import type { SourceRuleContext } from "./util/types.js";

/** Array methods that call their callback once per element, all at once: async callbacks then run concurrently. */
const ITERATION_METHODS = new Set(["map", "forEach", "flatMap"]);

/** Promise methods whose callback runs when the promise settles. */
const SETTLE_METHODS = new Set(["then", "catch", "finally"]);

/** Methods that register an event handler. */
const LISTENER_METHODS = new Set(["on", "once", "addListener", "addEventListener", "prependListener"]);

/** Writes that append to a collection, so that its order becomes the order of the writes. */
const APPENDING_METHODS: ReadonlyMap<string, string> = new Map([
  ["push", "array"],
  ["unshift", "array"],
  ["add", "Set"],
  ["set", "Map"],
]);

/** A callback that runs once per item, in whatever order the items' work completes. */
interface ConcurrentCallback {
  readonly callback: ts.FunctionLikeDeclaration;
  /** How the message names where the callbacks come from. */
  readonly source: string;
  /**
   * The loop or iteration callback whose names (the item, the index, what is derived from them) make each run's
   * work different. Work that reads none of them is the same operation awaited again (`app.ready().then(…)`),
   * which settles in the order it was started.
   */
  readonly iteration: ts.Node;
  /** For async callbacks, only writes after an `await` of per-item work happen in completion order. */
  readonly afterItemAwait: boolean;
  /** The index parameter of an iteration callback: keys derived from it place items by input position. */
  readonly index?: ts.Identifier;
}

export default createRule({
  meta: {
    id: "no-completion-order-collection",
    category: "ordering",
    severity: "error",
    description:
      "A Map, Set, object or array filled from concurrently running callbacks (Promise.all(items.map(async …)), forEach(async …), promise or event callbacks started in a loop) and then iterated, spread, serialized or returned.",
    rationale:
      "Callbacks that run concurrently finish in an order set by I/O latency, the scheduler and the machine's load. " +
      "A collection they append to holds its entries in completion order, so the same input produces a different " +
      "array, different Map and Set iteration, different object key order and different JSON from run to run. " +
      "Filling it sequentially (for…of with await), taking the result array of Promise.all (which keeps input " +
      "order), writing by input index, or sorting before use all give one order. The appends are followed into " +
      "functions of the file the callback calls when they write a collection passed to them, or one they close over " +
      "when they are declared in the loop; a member appended to with push or unshift is taken for an array even " +
      "where another function made it.",
    examples: {
      incorrect: [
        "export async function loadPrices(ids: string[], fetchPrice: (id: string) => Promise<number>) {",
        "  const prices = new Map<string, number>();",
        "  await Promise.all(",
        "    ids.map(async (id) => {",
        "      prices.set(id, await fetchPrice(id));",
        "    }),",
        "  );",
        "  return [...prices.entries()];",
        "}",
        "",
      ].join("\n"),
      correct: [
        'import { sortedEntries } from "@detkit/runtime/collections";',
        "",
        "export async function loadPrices(ids: string[], fetchPrice: (id: string) => Promise<number>) {",
        "  const prices = new Map<string, number>();",
        "  await Promise.all(",
        "    ids.map(async (id) => {",
        "      prices.set(id, await fetchPrice(id));",
        "    }),",
        "  );",
        "  return sortedEntries(prices);",
        "}",
        "",
      ].join("\n"),
    },
    replacement:
      "take the result array of Promise.all (input order), write by input index, or sort before use with sortedKeys/sortedEntries/sortBy from @detkit/runtime/collections",
    requiresTypes: false,
    messages: {
      completionOrder:
        "{{name}} is filled in the order {{source}} finish, then {{how}} (line {{line}}): its order changes from run to run",
    },
  },
  create(context) {
    const { ts } = context;
    const reported = new Set<ts.Node>();

    const check = (concurrent: ConcurrentCallback) => {
      const body = concurrent.callback.body;
      if (!body) return;
      const firstAwait = concurrent.afterItemAwait ? firstItemAwaitIn(ts, body, concurrent.iteration) : 0;
      if (firstAwait === undefined) return;
      const filled = new Set<string>();
      for (const write of appendsIn(context, body, concurrent)) {
        // One finding per collection and callback, however many writes (or helpers) fill it.
        const name = [write.root.text, ...write.path].join(".");
        if (write.node.end <= firstAwait || reported.has(write.node) || filled.has(name)) continue;
        const collection = filledCollection(context, write, concurrent);
        const use = collection && collectionUse(context, collection, write, concurrent);
        if (!collection || use?.kind !== "sensitive") continue;
        reported.add(write.node);
        filled.add(name);
        const line = context.sourceFile.getLineAndCharacterOfPosition(use.node.getStart()).line + 1;
        context.report({
          node: write.node,
          messageId: "completionOrder",
          data: { name, source: concurrent.source, how: use.how, line },
        });
      }
    };

    return {
      CallExpression(node) {
        const concurrent = concurrentCallbackOf(context, node);
        if (concurrent) check(concurrent);
      },
    };
  },
});

function isAsync(typescript: typeof ts, fn: ts.FunctionLikeDeclaration): boolean {
  return typescript.getCombinedModifierFlags(fn) & typescript.ModifierFlags.Async ? true : false;
}

/** The callbacks a call starts concurrently, when it is one of the recognised shapes. */
function concurrentCallbackOf(context: SourceRuleContext, call: ts.CallExpression): ConcurrentCallback | undefined {
  const { ts: typescript } = context;
  const callee = call.expression;
  if (typescript.isPropertyAccessExpression(callee)) {
    const method = callee.name.text;
    if (ITERATION_METHODS.has(method)) {
      const [first] = call.arguments;
      const callback = first && context.functionOf(first);
      if (!callback || !isAsync(typescript, callback)) return undefined;
      const indexName = callback.parameters[1]?.name;
      return {
        callback,
        source: `the async ${method}() callbacks`,
        iteration: callback,
        afterItemAwait: true,
        ...(indexName && typescript.isIdentifier(indexName) ? { index: indexName } : {}),
      };
    }
    const settles = SETTLE_METHODS.has(method);
    if (settles || LISTENER_METHODS.has(method)) {
      const argument = settles ? call.arguments[0] : call.arguments[1];
      const callback = argument && context.functionOf(argument);
      const iteration = callback && repeatingIteration(context, call);
      if (!callback || !iteration) return undefined;
      // The promise (or emitter) must be per-item work: `fetch(url)` in a loop over urls, not `app.ready()`.
      if (!readsNameDeclaredIn(typescript, chainRoot(typescript, callee), iteration)) return undefined;
      const source = settles ? `the .${method}() callbacks started in a loop` : `the '${method}' handlers registered in a loop`;
      return { callback, source, iteration, afterItemAwait: false };
    }
    return undefined;
  }
  // An async function called on the spot inside a loop: `for (…) tasks.push((async () => { … })())`.
  const invoked = context.functionOf(callee);
  if (invoked && isAsync(typescript, invoked) && typescript.isParenthesizedExpression(callee)) {
    const iteration = repeatingIteration(context, call);
    if (iteration) return { callback: invoked, source: "the async calls started in a loop", iteration, afterItemAwait: true };
  }
  return undefined;
}

/** What a promise chain or listener registration starts from: `fetch(url)` in `fetch(url).then(a).catch(b)`. */
function chainRoot(typescript: typeof ts, callee: ts.PropertyAccessExpression): ts.Expression {
  let root: ts.Expression = callee.expression;
  for (;;) {
    if (typescript.isParenthesizedExpression(root)) root = root.expression;
    else if (typescript.isCallExpression(root) && typescript.isPropertyAccessExpression(root.expression) && SETTLE_METHODS.has(root.expression.name.text)) {
      root = root.expression.expression;
    } else return root;
  }
}

/**
 * The loop (or iteration callback) a call runs once per iteration of, without being awaited there, so that what
 * it schedules overlaps with the other iterations; undefined when there is none.
 */
function repeatingIteration(context: SourceRuleContext, call: ts.CallExpression): ts.Node | undefined {
  const typescript = context.ts;
  let chain: ts.Node = call;
  // Walk out of a promise chain: `f(x).then(a).catch(b)` is awaited if its outermost call is.
  for (;;) {
    const parent = chain.parent;
    if (typescript.isParenthesizedExpression(parent)) chain = parent;
    else if (typescript.isPropertyAccessExpression(parent) && SETTLE_METHODS.has(parent.name.text) && typescript.isCallExpression(parent.parent)) {
      chain = parent.parent;
    } else break;
  }
  if (typescript.isAwaitExpression(chain.parent) || typescript.isYieldExpression(chain.parent)) return undefined;
  for (let node: ts.Node = chain; node.parent; node = node.parent) {
    const parent = node.parent;
    if (isLoop(typescript, parent) && parent.statement === node) return parent;
    if (typescript.isFunctionLike(parent)) {
      const owner = parent.parent;
      const isIterationCallback =
        typescript.isCallExpression(owner) &&
        typescript.isPropertyAccessExpression(owner.expression) &&
        ITERATION_METHODS.has(owner.expression.name.text) &&
        owner.arguments[0] === parent;
      return isIterationCallback ? parent : undefined;
    }
  }
  return undefined;
}


/**
 * The start of the first `await` (or `for await`) in a function body, outside nested functions, whose operand is
 * per-item work (reads a name declared in `iteration`); undefined when there is none.
 */
function firstItemAwaitIn(typescript: typeof ts, body: ts.Node, iteration: ts.Node): number | undefined {
  let first: number | undefined;
  const stack: ts.Node[] = [body];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node !== body && typescript.isFunctionLike(node)) continue;
    const operand = typescript.isAwaitExpression(node) ? node.expression : typescript.isForOfStatement(node) && node.awaitModifier ? node.expression : undefined;
    if (operand && readsNameDeclaredIn(typescript, operand, iteration)) {
      const start = node.getStart();
      if (first === undefined || start < first) first = start;
    }
    node.forEachChild((child) => {
      stack.push(child);
    });
  }
  return first;
}

interface Append {
  /** Where the finding is reported: the write, or the call of a local function that makes it. */
  readonly node: ts.Node;
  /** The variable the collection is, or hangs off (`payload` in `payload.value[key] = …`). */
  readonly root: ts.Identifier;
  /** The members from the root to the collection (`["value"]`); empty when the root is the collection. */
  readonly path: readonly string[];
  readonly kind: string;
  /** For `object[key] = value`: the key, in the callback's terms. */
  readonly key?: ts.Expression;
}

/** `payload.value` as its root identifier and member path; undefined for `this.x`, calls and computed members. */
function memberChain(typescript: typeof ts, expression: ts.Expression): { root: ts.Identifier; path: string[] } | undefined {
  const path: string[] = [];
  let node = expression;
  for (;;) {
    if (typescript.isParenthesizedExpression(node) || typescript.isAsExpression(node) || typescript.isNonNullExpression(node)) {
      node = node.expression;
    } else if (typescript.isPropertyAccessExpression(node) && typescript.isIdentifier(node.name)) {
      path.unshift(node.name.text);
      node = node.expression;
    } else break;
  }
  return typescript.isIdentifier(node) ? { root: node, path } : undefined;
}

/** The writes a function body makes that add entries to a collection reached from a plain name. */
function directAppendsIn(typescript: typeof ts, body: ts.Node): Append[] {
  const found: Append[] = [];
  const stack: ts.Node[] = [body];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (typescript.isCallExpression(node) && typescript.isPropertyAccessExpression(node.expression)) {
      const kind = APPENDING_METHODS.get(node.expression.name.text);
      const chain = kind && memberChain(typescript, node.expression.expression);
      if (kind && chain) found.push({ node, ...chain, kind });
    } else if (
      typescript.isBinaryExpression(node) &&
      node.operatorToken.kind === typescript.SyntaxKind.EqualsToken &&
      typescript.isElementAccessExpression(node.left)
    ) {
      const chain = memberChain(typescript, node.left.expression);
      if (chain) found.push({ node, ...chain, kind: "object", key: node.left.argumentExpression });
    }
    node.forEachChild((child) => {
      stack.push(child);
    });
  }
  return found;
}

/**
 * The writes a concurrent callback makes, directly or through a function of this file it calls with the
 * collection (`handleResult(result, payload, key)` writing `final.value[key] = …`): such a write is mapped back
 * to the call's arguments and reported at the call.
 */
function appendsIn(context: SourceRuleContext, body: ts.Node, { callback, iteration }: ConcurrentCallback): Append[] {
  const typescript = context.ts;
  const found = directAppendsIn(typescript, body);
  const stack: ts.Node[] = [body];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (typescript.isCallExpression(node) && typescript.isIdentifier(node.expression)) {
      const helper = context.functionOf(node.expression);
      const helperBody = helper?.body;
      if (helper && helperBody && !isWithin(helper, callback)) found.push(...delegatedAppends(typescript, node, helper, helperBody, isWithin(helper, iteration)));
    }
    node.forEachChild((child) => {
      stack.push(child);
    });
  }
  return found.sort((a, b) => a.node.pos - b.node.pos);
}

/**
 * The writes a helper makes, as the call's: to a collection passed to it, mapped back to the argument; to one it
 * closes over only when the helper belongs to the loop (`ownedByLoop`, declared inside it: fastify's `cb`). A
 * function declared elsewhere that registers work (`startTask(task)` adding to a Set of running tasks) is
 * called from everywhere, and its collection is not this loop's result.
 */
function delegatedAppends(typescript: typeof ts, call: ts.CallExpression, helper: ts.FunctionLikeDeclaration, body: ts.Node, ownedByLoop: boolean): Append[] {
  const parameterIndex = (name: ts.Identifier): number =>
    helper.parameters.findIndex((parameter) => typescript.isIdentifier(parameter.name) && parameter.name.text === name.text);
  const argumentFor = (name: ts.Identifier): ts.Expression | undefined => {
    const index = parameterIndex(name);
    return index === -1 ? undefined : call.arguments[index];
  };
  return directAppendsIn(typescript, body).flatMap((write): Append[] => {
    let key = write.key;
    if (key && typescript.isIdentifier(key)) key = argumentFor(key) ?? key;
    const keyed = key ? { key } : {};
    if (parameterIndex(write.root) === -1) {
      if (!ownedByLoop) return [];
      const declaring = declaringNodeOf(typescript, write.root);
      return declaring !== undefined && !isWithin(declaring, helper) ? [{ node: call, root: write.root, path: write.path, kind: write.kind, ...keyed }] : [];
    }
    const argument = argumentFor(write.root);
    if (!argument || !typescript.isIdentifier(argument)) return [];
    return [{ node: call, root: argument, path: write.path, kind: write.kind, ...keyed }];
  });
}

/** A collection filled concurrently: a local variable, or a member of a variable or parameter. */
type Collection = { readonly variable: LocalVariable } | { readonly root: ts.Identifier };

/**
 * The collection a write fills, when it is declared outside the callback as an empty collection of the kind
 * the write implies: a local variable initialised with one, or a member assigned one before the callback
 * (`payload.value = {}`). A key that follows the input (the iteration index, a number) places entries by input,
 * not by completion; so does any index into an array.
 */
function filledCollection(context: SourceRuleContext, write: Append, concurrent: ConcurrentCallback): Collection | undefined {
  const typescript = context.ts;
  let kind: string | undefined;
  let collection: Collection | undefined;
  if (write.path.length === 0) {
    const variable = localVariableOf(typescript, write.root);
    if (!variable || isWithin(variable.declaration, concurrent.callback)) return undefined;
    kind = collectionKind(context, variable.declaration.initializer);
    collection = { variable };
  } else {
    const declaring = declaringNodeOf(typescript, write.root);
    if (!declaring || isWithin(declaring, concurrent.callback)) return undefined;
    const initializer = memberInitializer(typescript, declaring, write, concurrent.callback);
    // A member made elsewhere (the caller's `{ value, issues: [] }`) and appended to with push or unshift is an
    // array: nothing else has those methods in practice (zod's issue lists).
    kind = collectionKind(context, initializer) ?? (initializer === undefined && write.kind === "array" ? "array" : undefined);
    collection = { root: write.root };
  }
  if (kind === undefined) return undefined;
  if (write.kind !== "object") return kind === write.kind ? collection : undefined;
  if (kind !== "object") return undefined;
  const key = write.key;
  if (!key || typescript.isNumericLiteral(key)) return undefined;
  if (concurrent.index && typescript.isIdentifier(key) && key.text === concurrent.index.text) return undefined;
  return collection;
}

/** The value last assigned to `root.path` before the callback, in the scope that declares the root. */
function memberInitializer(typescript: typeof ts, scope: ts.Node, write: Append, callback: ts.Node): ts.Expression | undefined {
  let found: ts.Expression | undefined;
  const stack: ts.Node[] = [scope];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node.pos >= callback.pos) continue;
    if (typescript.isBinaryExpression(node) && node.operatorToken.kind === typescript.SyntaxKind.EqualsToken) {
      const chain = memberChain(typescript, node.left);
      const same = chain && chain.root.text === write.root.text && chain.path.join(".") === write.path.join(".");
      if (same && (found === undefined || node.pos > found.pos)) found = node.right;
    }
    node.forEachChild((child) => {
      stack.push(child);
    });
  }
  return found;
}

/**
 * How the filled collection is used after the callbacks. A local variable is followed through its references;
 * a member of another value is used in order when that value leaves after the loop that starts the callbacks:
 * returned, yielded or handed to a function.
 */
function collectionUse(context: SourceRuleContext, collection: Collection, write: Append, concurrent: ConcurrentCallback): OrderUse | undefined {
  const typescript = context.ts;
  if ("variable" in collection) {
    return orderUseOfVariable(context, collection.variable, {
      indexedReadIsOrdered: write.kind === "array",
      ignoreWithin: [concurrent.callback],
    });
  }
  for (const reference of referencesTo(typescript, collection.root)) {
    // Uses inside the loop are the filling itself (the synchronous branch, the other callbacks).
    if (reference.pos < Math.max(concurrent.callback.end, concurrent.iteration.end)) continue;
    let node: ts.Node = reference;
    while (typescript.isParenthesizedExpression(node.parent) || typescript.isAsExpression(node.parent)) node = node.parent;
    const parent = node.parent;
    if (typescript.isReturnStatement(parent) || (typescript.isArrowFunction(parent) && parent.body === node)) {
      return { kind: "sensitive", node: parent, how: "returned" };
    }
    if (typescript.isYieldExpression(parent)) return { kind: "sensitive", node: parent, how: "yielded" };
    if (typescript.isCallExpression(parent) && parent.expression !== node) {
      return { kind: "sensitive", node: parent, how: "handed to a function" };
    }
  }
  return undefined;
}

/** What kind of empty collection an initializer makes: `[]`, `{}`, `new Map()`, `new Set()`. */
function collectionKind(context: SourceRuleContext, initializer: ts.Expression | undefined): string | undefined {
  const typescript = context.ts;
  if (!initializer) return undefined;
  let expression = initializer;
  while (typescript.isAsExpression(expression) || typescript.isSatisfiesExpression(expression) || typescript.isParenthesizedExpression(expression)) {
    expression = expression.expression;
  }
  if (typescript.isArrayLiteralExpression(expression)) return "array";
  if (typescript.isObjectLiteralExpression(expression)) return "object";
  if (typescript.isNewExpression(expression)) {
    const created = context.resolveName(expression.expression);
    if (created === "Map") return "Map";
    if (created === "Set") return "Set";
    if (created === "Array") return "array";
    return undefined;
  }
  if (typescript.isCallExpression(expression)) {
    const called = context.resolveName(expression.expression);
    if (called === "Object.create") return "object";
    if (called === "Array") return "array";
  }
  return undefined;
}
