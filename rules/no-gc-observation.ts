import type { ts } from "@ts-morph/common";
import { createRule } from "./util/create-rule.js";
import { calleeName, identifierWords, isConditionOf, unwrap, valueSite } from "./util/expressions.js";
import { readsOfConst } from "./util/local-bindings.js";

/**
 * What a finalization callback may do without its timing reaching a result: release what the collected object
 * held (cancel its stream, close, abort, remove its listeners, delete its cache entry, drop a native handle),
 * after looking it up and testing it (`get`, `has`, `isDisturbed`). Matched against the words of the called
 * name: `removeSignalFollower`, `qcms_drop_transformer`, `cancel`.
 */
const RELEASE_WORDS = new Set([
  "cancel", "close", "destroy", "abort", "delete", "clear", "remove", "off", "unregister", "unref", "release", "dispose",
  "end", "free", "evict", "drop", "catch", "deref", "get", "has", "is",
]);

/** Words that make a call observable whatever else its name says: `logAndRemove`, `emitClosed`. */
const OBSERVABLE_WORDS = new Set(["log", "emit", "print", "write", "send", "notify", "report", "count", "record", "track", "push"]);

function isReleaseCall(name: string): boolean {
  const words = identifierWords(name);
  return words.some((word) => RELEASE_WORDS.has(word)) && !words.some((word) => OBSERVABLE_WORDS.has(word));
}

export default createRule({
  meta: {
    id: "no-gc-observation",
    category: "concurrency",
    severity: "warning",
    description:
      "Garbage-collector timing turned into data: whether a WeakRef's target is still alive used as a value (counted, filtered, returned as a flag), and FinalizationRegistry callbacks that do more than release resources.",
    rationale:
      "When an object is collected depends on heap size, allocation pattern, engine version and flags, never on " +
      "the program's input. weakRef.deref() returns the object in one run and undefined in the next; a " +
      "finalization callback runs late, early or not at all. A warning, reported where that timing becomes data: " +
      "a liveness test used as a value (`refs.filter((r) => r.deref() !== undefined).length`), and a finalization " +
      "callback that logs, counts, emits or calls back. Not reported: acting on an object only while it is alive " +
      "(`ref.deref()?.abort()`, a timer that holds its socket weakly), a weak cache whose miss recomputes the " +
      "same value (`return ref.deref()`), and a finalizer that only releases what the object held (cancels its " +
      "stream, removes its listeners, deletes its cache entry): nothing that still runs can tell when that happened.",
    examples: {
      incorrect: [
        "const sessions = new Map<string, WeakRef<object>>();",
        "",
        "export function activeSessions() {",
        "  return [...sessions].filter(([, ref]) => ref.deref() !== undefined).length;",
        "}",
        "",
        "export const collected = new FinalizationRegistry((id: string) => {",
        "  console.log(`session ${id} collected`);",
        "});",
        "",
      ].join("\n"),
      correct: [
        "const sessions = new Set<string>();",
        "",
        "export function activeSessions() {",
        "  return sessions.size;",
        "}",
        "",
        "export function close(id: string) {",
        "  sessions.delete(id);",
        "  console.log(`session ${id} closed`);",
        "}",
        "",
      ].join("\n"),
    },
    replacement:
      "release objects explicitly (close/dispose, `using`, a Map you delete from) instead of waiting for the collector; check code that must not depend on GC timing with expectReproducible from @detkit/runtime/testing",
    requiresTypes: false,
    messages: {
      liveness: "whether a WeakRef's target is still alive is used as a value: it depends on when the garbage collector ran",
      finalizer: "this finalization callback does more than release resources: when, and whether, it runs depends on the garbage collector",
    },
  },
  create(context) {
    const { ts } = context;
    // Any way of reaching these spells `deref` or the registry's name somewhere in the file: a cheap test per file.
    const text = context.sourceFile.text;
    if (!text.includes("deref") && !text.includes("FinalizationRegistry")) return {};

    /** Whether the value at `site` is a condition that only guards what runs, rather than data. */
    const isGuard = (site: ts.Node): boolean => {
      const parent = site.parent;
      // A `?:` whose answer is itself only a guard, or is dropped, guards too.
      if (ts.isConditionalExpression(parent) && parent.condition === site) return isGuard(valueSite(ts, parent)) || ts.isExpressionStatement(valueSite(ts, parent).parent);
      if (isConditionOf(ts, site)) return true;
      if (ts.isBinaryExpression(parent) && (parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || parent.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
        const whole = valueSite(ts, parent);
        return parent.left === site ? isGuard(whole) || ts.isExpressionStatement(whole.parent) : isGuard(whole);
      }
      if (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken) return isGuard(valueSite(ts, parent));
      return false;
    };

    /** A test of whether a value is there: `x === undefined`, `x != null`, `!x`, `Boolean(x)`, `x ? … : …`. */
    const livenessTestAround = (site: ts.Node): ts.Node | undefined => {
      const parent = site.parent;
      if (ts.isBinaryExpression(parent)) {
        const kind = parent.operatorToken.kind;
        const equality = [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken].includes(kind);
        const other = unwrap(ts, parent.left === site ? parent.right : parent.left);
        const isNothing = other.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(other) && other.text === "undefined");
        return equality && isNothing ? valueSite(ts, parent) : undefined;
      }
      if (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken) return valueSite(ts, parent);
      if (ts.isConditionalExpression(parent) && parent.condition === site) return site;
      if (ts.isCallExpression(parent) && parent.arguments[0] === site && context.resolveName(parent.expression) === "Boolean") return valueSite(ts, parent);
      return undefined;
    };

    /** Whether the dereferenced value at `site` has its presence turned into data, here or through a const. */
    const livenessBecomesData = (site: ts.Node): boolean => {
      const test = livenessTestAround(site);
      if (test) return !isGuard(test);
      const parent = site.parent;
      if (ts.isVariableDeclaration(parent) && parent.initializer === site) {
        return readsOfConst(ts, parent).some((read) => {
          const readTest = livenessTestAround(valueSite(ts, read));
          return readTest !== undefined && !isGuard(readTest);
        });
      }
      return false;
    };

    /** Whether a finalization callback only looks things up and releases them. */
    const onlyReleases = (callback: ts.FunctionLikeDeclaration): boolean => {
      let releases = true;
      const visit = (node: ts.Node): void => {
        if (!releases || ts.isFunctionLike(node)) return;
        if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
          const name = calleeName(ts, node);
          if (ts.isNewExpression(node) || name === undefined || !isReleaseCall(name)) releases = false;
        } else if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
          releases = false;
        } else if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)) {
          releases = false;
        } else if (ts.isThrowStatement(node) || (ts.isReturnStatement(node) && node.expression !== undefined)) {
          releases = false;
        }
        node.forEachChild(visit);
      };
      if (callback.body) visit(callback.body);
      return releases;
    };

    return {
      CallExpression(node) {
        const callee = node.expression;
        if (node.arguments.length !== 0 || !ts.isPropertyAccessExpression(callee) || callee.name.text !== "deref") return;
        const site = valueSite(ts, node);
        // `ref.deref()?.abort()`: acting on the object while it is alive.
        if (livenessBecomesData(site)) context.report({ node, messageId: "liveness" });
      },
      NewExpression(node) {
        if (context.resolveName(node.expression) !== "FinalizationRegistry") return;
        const [argument] = node.arguments ?? [];
        const callback = argument && context.functionOf(argument);
        if (!callback || !onlyReleases(callback)) context.report({ node, messageId: "finalizer" });
      },
    };
  },
});
