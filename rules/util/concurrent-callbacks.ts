import type { ts } from "@ts-morph/common";
import { calleeName, isAsyncFunction, valueSite } from "./expressions.js";

/** Array methods that call their callback once per element without waiting: async callbacks all run at once. */
const FAN_OUT_METHODS = new Set(["map", "forEach", "flatMap"]);

/** Methods that register a handler called once per event: async handlers of different events interleave. */
const HANDLER_METHODS = new Set(["on", "once", "addListener", "prependListener", "addEventListener"]);

/** `Promise` combinators that run the promises of an array together. */
const COMBINATORS = new Set(["Promise.all", "Promise.allSettled", "Promise.race", "Promise.any"]);

/**
 * How an async function runs concurrently with other runs of itself (or of sibling tasks), as a phrase for a
 * message — `an async callback of map()` — or undefined when this file does not show that it does. Only
 * async functions qualify: a synchronous callback runs to completion, in order, before the next starts.
 *
 * Recognised: an async callback of `map`/`forEach`/`flatMap` (every call starts before any finishes, whatever
 * consumes the promises); an async handler registered with `on`/`once`/`addEventListener`; an async function
 * called on the spot as an element of the array given to `Promise.all`/`allSettled`/`race`/`any`.
 */
export function concurrentRole(
  typescript: typeof ts,
  fn: ts.Node,
  resolveName: (expression: ts.Expression) => string | undefined,
): string | undefined {
  if (!(typescript.isArrowFunction(fn) || typescript.isFunctionExpression(fn)) || !isAsyncFunction(typescript, fn)) return undefined;
  const site = valueSite(typescript, fn);
  const parent = site.parent;
  if (typescript.isCallExpression(parent) && parent.expression !== site) {
    const method = calleeName(typescript, parent);
    if (method === undefined) return undefined;
    if (FAN_OUT_METHODS.has(method) && typescript.isPropertyAccessExpression(parent.expression)) return `an async callback of ${method}()`;
    if (HANDLER_METHODS.has(method) && typescript.isPropertyAccessExpression(parent.expression)) return `an async ${method}() handler`;
    return undefined;
  }
  // (async () => { … })() as an element of Promise.all([...]).
  if (typescript.isCallExpression(parent) && parent.expression === site) {
    const element = valueSite(typescript, parent);
    const array = element.parent;
    const combinator = array.parent;
    if (typescript.isArrayLiteralExpression(array) && combinator && typescript.isCallExpression(combinator)) {
      const name = resolveName(combinator.expression);
      if (name !== undefined && COMBINATORS.has(name)) return `an async task of ${name}()`;
    }
  }
  return undefined;
}

/** The innermost function around `node` that runs concurrently with copies of itself, and how. */
export function enclosingConcurrentCallback(
  typescript: typeof ts,
  node: ts.Node,
  resolveName: (expression: ts.Expression) => string | undefined,
): { readonly fn: ts.ArrowFunction | ts.FunctionExpression; readonly role: string } | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (!typescript.isFunctionLike(current)) continue;
    const role = concurrentRole(typescript, current, resolveName);
    if (role !== undefined) return { fn: current as ts.ArrowFunction | ts.FunctionExpression, role };
    // A synchronous function nested in the callback runs when called; the callback is still the one that
    // interleaves, so keep looking outwards.
  }
  return undefined;
}

/** A `for`, `for…of`, `for…in`, `while` or `do` loop. */
export function isLoop(typescript: typeof ts, node: ts.Node): node is ts.IterationStatement {
  return (
    typescript.isForStatement(node) ||
    typescript.isForOfStatement(node) ||
    typescript.isForInStatement(node) ||
    typescript.isWhileStatement(node) ||
    typescript.isDoStatement(node)
  );
}

/** Whether `root` suspends (`await`, `for await`) before offset `limit`, not counting nested functions. */
function suspendsIn(typescript: typeof ts, root: ts.Node, limit: number): boolean {
  let found = false;
  const visit = (current: ts.Node): void => {
    if (found || current.pos >= limit) return;
    if (current !== root && typescript.isFunctionLike(current)) return;
    if ((typescript.isAwaitExpression(current) && current.end <= limit) || (typescript.isForOfStatement(current) && current.awaitModifier)) {
      found = true;
      return;
    }
    current.forEachChild(visit);
  };
  visit(root);
  return found;
}

/**
 * Whether `node`, inside the body of `fn` (not in a nested function), may run after `fn` has suspended at an
 * `await` or `for await`: code after the first suspension runs in completion order, code before it in call
 * order. An `await` earlier in the body, or anywhere in a loop around `node`, counts.
 */
export function suspendsBefore(typescript: typeof ts, fn: ts.FunctionLikeDeclaration, node: ts.Node): boolean {
  if (!fn.body) return false;
  if (suspendsIn(typescript, fn.body, node.getStart())) return true;
  for (let current = node.parent; current && current !== fn; current = current.parent) {
    if (isLoop(typescript, current) && suspendsIn(typescript, current, current.end)) return true;
  }
  return false;
}
