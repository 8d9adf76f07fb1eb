import type { ts } from "@ts-morph/common";
import { accessedName, unwrap } from "./expressions.js";

/**
 * Assertion methods of node:assert, tap, borp's plan and chai's assert (`t.assert.deepStrictEqual(actual,
 * expected)`, `t.same`, `plan.equal`): a value handed to one is checked against what the test expects.
 */
const ASSERTION_METHODS: ReadonlySet<string> = new Set([
  "deepStrictEqual", "deepEqual", "strictEqual", "equal", "notStrictEqual", "notDeepStrictEqual", "notDeepEqual",
  "notEqual", "partialDeepStrictEqual", "same", "strictSame", "notSame", "match", "ok",
]);

/**
 * The matcher of `expect(site)…`: the words of the chain after `expect(…)` (`to`, `have`, `not`, `resolves`…),
 * the last of which is the matcher, and its arguments when it is called (`toEqual(x)`, chai's `include(x)`); a
 * chain that ends in a property (`.to.be.empty`) has none. Undefined when `site` is not handed to `expect`.
 */
export function expectMatcherOf(
  typescript: typeof ts,
  site: ts.Node,
): { readonly chain: readonly string[]; readonly name: string; readonly arguments?: readonly ts.Expression[] } | undefined {
  const call = site.parent;
  if (!typescript.isCallExpression(call) || call.arguments[0] !== site) return undefined;
  const callee = unwrap(typescript, call.expression);
  if (!typescript.isIdentifier(callee) || callee.text !== "expect") return undefined;
  const chain: string[] = [];
  let matcher: ts.Node = call;
  while (typescript.isPropertyAccessExpression(matcher.parent) && matcher.parent.expression === matcher) {
    matcher = matcher.parent;
    chain.push((matcher as ts.PropertyAccessExpression).name.text);
  }
  const name = chain.at(-1);
  if (name === undefined) return undefined;
  const matcherCall = matcher.parent;
  const called = typescript.isCallExpression(matcherCall) && matcherCall.expression === matcher;
  return { chain, name, ...(called ? { arguments: matcherCall.arguments } : {}) };
}

/**
 * What a test assertion compares the value at `site` with: the matcher's arguments of `expect(site).toEqual(…)`
 * (through `.not`, `.resolves` and the like), or the other arguments of `assert(site, …)` and
 * `t.deepStrictEqual(site, …)`; undefined when `site` is not handed to an assertion.
 */
export function expectedValuesOf(typescript: typeof ts, site: ts.Node): readonly ts.Expression[] | undefined {
  const call = site.parent;
  if (!typescript.isCallExpression(call) || !call.arguments.some((argument) => argument === site)) return undefined;
  const callee = unwrap(typescript, call.expression);
  if (typescript.isIdentifier(callee) && callee.text === "expect") return expectMatcherOf(typescript, site)?.arguments;
  const name = typescript.isIdentifier(callee) ? callee.text : accessedName(typescript, callee);
  const isAssertion = name === "assert" || (name !== undefined && ASSERTION_METHODS.has(name) && typescript.isPropertyAccessExpression(callee));
  return isAssertion ? call.arguments.filter((argument) => argument !== site) : undefined;
}

/** Matchers and assertion methods that compare for equality, whole value against whole value. */
const EQUALITY_ASSERTIONS: ReadonlySet<string> = new Set([
  "toEqual", "toStrictEqual", "eql", "equal", "equals", "deepEqual", "deepStrictEqual", "same", "strictSame",
  "notDeepEqual", "notDeepStrictEqual", "notSame",
]);

/** Whether the assertion `site` is handed to compares for equality (not a subset, prefix or pattern). */
export function isEqualityAssertion(typescript: typeof ts, site: ts.Node): boolean {
  const matcher = expectMatcherOf(typescript, site);
  if (matcher !== undefined) return EQUALITY_ASSERTIONS.has(matcher.name) && !matcher.chain.some((word) => ["include", "includes", "contain", "contains", "members", "ordered"].includes(word));
  const call = site.parent;
  const callee = typescript.isCallExpression(call) ? unwrap(typescript, call.expression) : undefined;
  return callee !== undefined && typescript.isPropertyAccessExpression(callee) && EQUALITY_ASSERTIONS.has(callee.name.text);
}
