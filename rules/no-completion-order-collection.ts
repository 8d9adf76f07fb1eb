import type { ts } from "ts-morph";
import { createRule } from "./util/create-rule.js";
import { isWithin, localVariableOf, type LocalVariable } from "./util/local-variables.js";
import { orderUseOfVariable } from "./util/order-uses.js";
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
  /** For async callbacks, only writes after the first `await` happen in completion order. */
  readonly afterFirstAwait: boolean;
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
      "order), writing by input index, or sorting before use all give one order.",
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
        'import { sortedEntries } from "detkit/collections";',
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
      "take the result array of Promise.all (input order), write by input index, or sort before use with sortedKeys/sortedEntries/sortBy from detkit/collections",
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
      const firstAwait = concurrent.afterFirstAwait ? firstAwaitIn(ts, body) : 0;
      if (firstAwait === undefined) return;
      for (const write of appendsIn(ts, body)) {
        if (write.node.end <= firstAwait || reported.has(write.node)) continue;
        const variable = filledCollection(context, write, concurrent);
        if (!variable) continue;
        const use = orderUseOfVariable(context, variable, {
          indexedReadIsOrdered: write.kind === "array",
          ignoreWithin: [concurrent.callback],
        });
        if (use.kind !== "sensitive") continue;
        reported.add(write.node);
        const line = context.sourceFile.getLineAndCharacterOfPosition(use.node.getStart()).line + 1;
        context.report({
          node: write.node,
          messageId: "completionOrder",
          data: { name: variable.declaration.name.text, source: concurrent.source, how: use.how, line },
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
        afterFirstAwait: true,
        ...(indexName && typescript.isIdentifier(indexName) ? { index: indexName } : {}),
      };
    }
    if (SETTLE_METHODS.has(method) || LISTENER_METHODS.has(method)) {
      const argument = SETTLE_METHODS.has(method) ? call.arguments[0] : call.arguments[1];
      const callback = argument && context.functionOf(argument);
      if (!callback || !isRepeatedConcurrently(context, call)) return undefined;
      const source = SETTLE_METHODS.has(method) ? `the .${method}() callbacks started in a loop` : `the '${method}' handlers registered in a loop`;
      return { callback, source, afterFirstAwait: false };
    }
    return undefined;
  }
  // An async function called on the spot inside a loop: `for (…) tasks.push((async () => { … })())`.
  const invoked = context.functionOf(callee);
  if (invoked && isAsync(typescript, invoked) && typescript.isParenthesizedExpression(callee) && isRepeatedConcurrently(context, call)) {
    return { callback: invoked, source: "the async calls started in a loop", afterFirstAwait: true };
  }
  return undefined;
}

/**
 * Whether a call runs once per iteration of a loop (or of an iteration callback) without being awaited there,
 * so that what it schedules overlaps with the other iterations.
 */
function isRepeatedConcurrently(context: SourceRuleContext, call: ts.CallExpression): boolean {
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
  if (typescript.isAwaitExpression(chain.parent) || typescript.isYieldExpression(chain.parent)) return false;
  for (let node: ts.Node = chain; node.parent; node = node.parent) {
    const parent = node.parent;
    if (isLoop(typescript, parent) && parent.statement === node) return true;
    if (typescript.isFunctionLike(parent)) {
      const owner = parent.parent;
      return (
        typescript.isCallExpression(owner) &&
        typescript.isPropertyAccessExpression(owner.expression) &&
        ITERATION_METHODS.has(owner.expression.name.text) &&
        owner.arguments[0] === parent
      );
    }
  }
  return false;
}

function isLoop(typescript: typeof ts, node: ts.Node): node is ts.IterationStatement {
  return (
    typescript.isForStatement(node) ||
    typescript.isForOfStatement(node) ||
    typescript.isForInStatement(node) ||
    typescript.isWhileStatement(node) ||
    typescript.isDoStatement(node)
  );
}

/** The start of the first `await` (or `for await`) in a function body outside nested functions. */
function firstAwaitIn(typescript: typeof ts, body: ts.Node): number | undefined {
  let first: number | undefined;
  const stack: ts.Node[] = [body];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node !== body && typescript.isFunctionLike(node)) continue;
    if (typescript.isAwaitExpression(node) || (typescript.isForOfStatement(node) && node.awaitModifier)) {
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
  /** The whole write, where the finding is reported. */
  readonly node: ts.Node;
  /** The collection written to. */
  readonly target: ts.Identifier;
  readonly kind: string;
  /** For `object[key] = value`: the key. */
  readonly key?: ts.Expression;
}

/** Writes in a callback (nested callbacks included) that add entries to a collection named by a plain identifier. */
function appendsIn(typescript: typeof ts, body: ts.Node): Append[] {
  const found: Append[] = [];
  const stack: ts.Node[] = [body];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (typescript.isCallExpression(node) && typescript.isPropertyAccessExpression(node.expression)) {
      const kind = APPENDING_METHODS.get(node.expression.name.text);
      const target = node.expression.expression;
      if (kind && typescript.isIdentifier(target)) found.push({ node, target, kind });
    } else if (
      typescript.isBinaryExpression(node) &&
      node.operatorToken.kind === typescript.SyntaxKind.EqualsToken &&
      typescript.isElementAccessExpression(node.left) &&
      typescript.isIdentifier(node.left.expression)
    ) {
      found.push({ node, target: node.left.expression, kind: "object", key: node.left.argumentExpression });
    }
    node.forEachChild((child) => {
      stack.push(child);
    });
  }
  return found.sort((a, b) => a.node.pos - b.node.pos);
}

/**
 * The local collection a write fills, when it is declared outside the callback as an empty collection of the
 * kind the write implies. A key that follows the input (the iteration index, a number) places entries by input,
 * not by completion; so does any index into an array.
 */
function filledCollection(context: SourceRuleContext, write: Append, concurrent: ConcurrentCallback): LocalVariable | undefined {
  const typescript = context.ts;
  const variable = localVariableOf(typescript, write.target);
  if (!variable || isWithin(variable.declaration, concurrent.callback)) return undefined;
  const kind = collectionKind(context, variable.declaration.initializer);
  if (kind === undefined) return undefined;
  if (write.kind === "object") {
    if (kind !== "object") return undefined;
    const key = write.key;
    if (!key || typescript.isNumericLiteral(key)) return undefined;
    if (concurrent.index && typescript.isIdentifier(key) && key.text === concurrent.index.text) return undefined;
    return variable;
  }
  return kind === write.kind ? variable : undefined;
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
  if (typescript.isCallExpression(expression) && context.resolveName(expression.expression) === "Object.create") return "object";
  return undefined;
}
