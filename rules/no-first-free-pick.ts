import type { ts } from "@ts-morph/common";
import { createRule } from "./util/create-rule.js";
import { accessedName, calleeName, identifierWords, returnedExpression, unwrap, valueSite } from "./util/expressions.js";

/** Words that name a pool of interchangeable workers, singular: `workers`, `this.connections`, `clientPool`. */
const POOL_WORDS = new Set(["worker", "connection", "conn", "client", "pool", "slot", "thread", "socket", "runner", "executor", "session", "channel", "replica"]);

/** Members that say a member of the pool is free when true, and busy when true. */
const FREE_WHEN_TRUE = new Set(["idle", "isIdle", "available", "isAvailable", "free", "isFree"]);
const BUSY_WHEN_TRUE = new Set(["busy", "isBusy", "inUse", "isInUse", "locked", "isLocked", "running", "isRunning"]);
const STATE_MEMBERS = new Set(["state", "status"]);
const FREE_STATES = new Set(["idle", "free", "available", "ready"]);

const FIND_METHODS = new Set(["find", "findIndex", "findLast", "findLastIndex"]);

export default createRule({
  meta: {
    id: "no-first-free-pick",
    category: "concurrency",
    severity: "warning",
    description:
      "Picking the first free member of a pool: workers.find((w) => !w.busy), connections.filter((c) => c.idle)[0].",
    rationale:
      "Which worker, connection or slot is free at a given moment depends on how long earlier tasks took, so the " +
      "same task lands on a different member from run to run. Where members carry state (a cache, a session, a " +
      "connection's transaction or a worker's partial results), the result changes with the timing. Only " +
      "unambiguous picks are flagged: a find or filter on a collection named like a pool, with a predicate on " +
      "busy/idle/available/inUse or a state of idle/free/available. A warning: for stateless, interchangeable " +
      "members the choice does not matter.",
    examples: {
      incorrect: [
        "interface Worker { busy: boolean; run(task: string): Promise<string> }",
        "",
        "export function dispatch(workers: Worker[], task: string) {",
        "  const worker = workers.find((candidate) => !candidate.busy);",
        "  return worker?.run(task);",
        "}",
        "",
      ].join("\n"),
      correct: [
        'import { partition } from "@detkit/runtime/hash";',
        "",
        "interface Worker { run(task: string): Promise<string> }",
        "",
        "export function dispatch(workers: Worker[], task: string) {",
        "  return workers[partition(task, workers.length)]?.run(task);",
        "}",
        "",
      ].join("\n"),
    },
    replacement:
      "assign work by a deterministic rule (partition(key, buckets) from @detkit/runtime/hash, or round-robin by task index), and test the pool with expectReproducible from @detkit/runtime/testing under a perturbed schedule",
    requiresTypes: false,
    messages: {
      firstFree: "{{pool}}.{{method}}() picks whichever member is free first: which one is free depends on timing",
    },
  },
  create(context) {
    const { ts } = context;

    const poolName = (receiver: ts.Expression): string | undefined => {
      const inner = unwrap(ts, receiver);
      const name = ts.isIdentifier(inner) ? inner.text : accessedName(ts, inner);
      if (name === undefined) return undefined;
      const last = identifierWords(name).at(-1);
      if (last === undefined) return undefined;
      const singular = last.endsWith("s") ? last.slice(0, -1) : last;
      return POOL_WORDS.has(last) || POOL_WORDS.has(singular) ? inner.getText(context.sourceFile) : undefined;
    };

    /** `member.x`, `member.x()` or `member["x"]` on the predicate's parameter: the name x. */
    const memberOf = (expression: ts.Expression, parameter: string): string | undefined => {
      let inner = unwrap(ts, expression);
      if (ts.isCallExpression(inner) && inner.arguments.length === 0) inner = unwrap(ts, inner.expression);
      if (!ts.isPropertyAccessExpression(inner) && !ts.isElementAccessExpression(inner)) return undefined;
      const object = unwrap(ts, inner.expression);
      return ts.isIdentifier(object) && object.text === parameter ? accessedName(ts, inner) : undefined;
    };

    const isFreeTest = (expression: ts.Expression, parameter: string): boolean => {
      const inner = unwrap(ts, expression);
      if (ts.isPrefixUnaryExpression(inner) && inner.operator === ts.SyntaxKind.ExclamationToken) {
        const member = memberOf(inner.operand, parameter);
        return member !== undefined && BUSY_WHEN_TRUE.has(member);
      }
      if (ts.isBinaryExpression(inner)) {
        const operator = inner.operatorToken.kind;
        if (operator === ts.SyntaxKind.AmpersandAmpersandToken) return isFreeTest(inner.left, parameter) || isFreeTest(inner.right, parameter);
        if (operator !== ts.SyntaxKind.EqualsEqualsEqualsToken && operator !== ts.SyntaxKind.EqualsEqualsToken) return false;
        for (const [side, other] of [[inner.left, inner.right], [inner.right, inner.left]] as const) {
          const member = memberOf(side, parameter);
          const value = unwrap(ts, other);
          if (member === undefined) continue;
          if (STATE_MEMBERS.has(member) && ts.isStringLiteralLike(value) && FREE_STATES.has(value.text)) return true;
          if (BUSY_WHEN_TRUE.has(member) && value.kind === ts.SyntaxKind.FalseKeyword) return true;
          if (FREE_WHEN_TRUE.has(member) && value.kind === ts.SyntaxKind.TrueKeyword) return true;
        }
        return false;
      }
      const member = memberOf(inner, parameter);
      return member !== undefined && FREE_WHEN_TRUE.has(member);
    };

    const picksFirst = (call: ts.CallExpression, method: string): boolean => {
      if (FIND_METHODS.has(method)) return true;
      if (method !== "filter") return false;
      const parent = valueSite(ts, call).parent;
      const index = ts.isElementAccessExpression(parent) ? parent.argumentExpression : undefined;
      return index !== undefined && ts.isNumericLiteral(index) && index.text === "0";
    };

    return {
      CallExpression(node) {
        const callee = node.expression;
        const method = calleeName(ts, node);
        if (!ts.isPropertyAccessExpression(callee) || method === undefined || !picksFirst(node, method)) return;
        const [argument] = node.arguments;
        const predicate = argument && context.functionOf(argument);
        const parameter = predicate?.parameters[0]?.name;
        if (!predicate || !parameter || !ts.isIdentifier(parameter)) return;
        const test = returnedExpression(ts, predicate);
        if (!test || !isFreeTest(test, parameter.text)) return;
        const pool = poolName(callee.expression);
        if (pool) context.report({ node, messageId: "firstFree", data: { pool, method } });
      },
    };
  },
});
