import type { ts } from "@ts-morph/common";
import { createRule } from "./util/create-rule.js";
import { calleeName, identifierWords, returnedExpression, unwrap } from "./util/expressions.js";
import { functionValueVisitors } from "./util/function-values.js";
import { constInitializer } from "./util/local-bindings.js";
import { readsNameDeclaredIn, referencesTo } from "./util/local-variables.js";

/** Timers by resolved name: `setTimeout(resolve, ms)` in an executor, `await setTimeout(ms)` of timers/promises. */
const TIMERS: ReadonlySet<string> = new Set(["setTimeout", "timers#setTimeout", "timers/promises#setTimeout", "timers/promises#scheduler.wait"]);

/** Words that name a promise made from a timer: `sleep(50)`, `delay(ms)`, `timeout(2000)`, `rejectAfterDeadline()`. */
const TIMER_WORDS: ReadonlySet<string> = new Set(["sleep", "delay", "timeout", "timer", "deadline"]);

/** Words that name a promise settled by a request to stop: `shutdownWhenKilled(options)`, `abortPromise`. */
const CANCELLATION_WORDS: ReadonlySet<string> = new Set([
  "abort", "aborted", "cancel", "cancelled", "canceled", "cancellation", "kill", "killed", "shutdown", "interrupt",
  "interrupted", "sigint", "sigterm",
]);

/** The combinators that settle with whichever promise settles first, by resolved name. */
const FIRST_SETTLED: ReadonlyMap<string, string> = new Map([
  ["Promise.race", "race"],
  ["Promise.any", "any"],
]);

export default createRule({
  meta: {
    id: "no-promise-race",
    category: "concurrency",
    severity: "error",
    description: "Promise.race() and Promise.any(): the result is whichever promise settles (or fulfils) first.",
    rationale:
      "Which promise wins a race depends on timing: network latency, disk, load, the event loop's other work. The " +
      "same inputs give a different winner, a timeout fires on a slow CI machine and not on a laptop, and a " +
      "failure cannot be replayed. An error: the result differs for the same input. Where a race is the point (a " +
      "timeout, the first of several replicas), make the timing an input: take the timer from an injected " +
      "clock, so that tests drive it, and test the outcome under a perturbed schedule. Not flagged: racers that all " +
      "continue one awaitable that does not depend on the element (`ids.map((id) => app.ready().then(() => id))`): " +
      "they settle on the same signal, in the order they were registered, so the first always wins. A race against a " +
      "timer (`new Promise((resolve, reject) => setTimeout(reject, ms))`, `sleep(ms)`, a const holding one) is a " +
      "deadline: it is reported inside deterministic zones only (message `deadline`), where a replay must not " +
      "depend on how long work took; elsewhere a timeout is how a service or a test stops waiting, and the timer " +
      "wins only when the work is late. A race against a request to stop (`shutdownWhenKilled()`, an abort " +
      "promise, `once(rl, \"SIGINT\")`) is reported the same way, as `cancellation`: without the request the work always wins.",
    examples: {
      incorrect: [
        "export async function quote(sources: Array<() => Promise<number>>) {",
        "  return Promise.any(sources.map((source) => source()));",
        "}",
        "",
      ].join("\n"),
      correct: [
        "export async function quote(sources: Array<() => Promise<number>>) {",
        "  const results = await Promise.allSettled(sources.map((source) => source()));",
        '  const first = results.find((result) => result.status === "fulfilled");',
        '  if (!first || first.status !== "fulfilled") throw new Error("no quote");',
        "  return first.value;",
        "}",
        "",
      ].join("\n"),
    },
    replacement:
      "wait for all (Promise.all/allSettled keep input order) and choose by a deterministic rule; where a race is the point, drive its timer from an injected Clock (@detkit/runtime/clock manualClock in tests) and check the outcome with expectReproducible from @detkit/runtime/testing under a perturbed schedule",
    requiresTypes: false,
    onlyInZones: ["deadline", "cancellation"],
    messages: {
      deadline: "Promise.{{method}}() against a timer: whether the deadline passes first depends on how long the work takes",
      cancellation: "Promise.{{method}}() against a request to stop: whether it comes first depends on when it is sent",
      race: "Promise.{{method}}() settles with whichever promise is first: the result depends on timing",
      raceValue: "Promise.{{method}} passed as a value settles with whichever promise is first when it is called",
    },
  },
  create(context) {
    const { ts } = context;
    /** The awaitable a racer continues: `E` in `E.then(…)`, `E.catch(…)`, `E.finally(…)`. */
    const continued = (racer: ts.Expression): ts.Expression | undefined => {
      const inner = unwrap(ts, racer);
      if (!ts.isCallExpression(inner) || !ts.isPropertyAccessExpression(inner.expression)) return undefined;
      return ["then", "catch", "finally"].includes(inner.expression.name.text) ? inner.expression.expression : undefined;
    };
    /**
     * `Promise.race(list.map((x) => E.then(…)))`, directly or through a const, where E reads nothing the
     * callback declares: every racer waits on the same signal and the first registered wins.
     */
    const racesOneSignal = (argument: ts.Expression | undefined): boolean => {
      let list = argument && unwrap(ts, argument);
      if (list && ts.isIdentifier(list)) list = constInitializer(ts, list);
      if (!list || !ts.isCallExpression(list) || !ts.isPropertyAccessExpression(list.expression) || list.expression.name.text !== "map") return false;
      const callback = list.arguments[0] && context.functionOf(list.arguments[0]);
      const racer = callback && returnedExpression(ts, callback);
      const signal = racer && continued(racer);
      return callback !== undefined && signal !== undefined && !readsNameDeclaredIn(ts, signal, callback);
    };
    /** The words of a call's function name: `this.initializeTimeout(i)` → initialize, timeout. */
    const calleeWords = (call: ts.CallExpression): string[] => identifierWords(calleeName(ts, call) ?? "");
    const isTimerCall = (expression: ts.Expression): boolean => {
      const inner = unwrap(ts, expression);
      if (!ts.isCallExpression(inner)) return false;
      const name = context.resolveName(inner.expression);
      if (name !== undefined && TIMERS.has(name)) return true;
      return calleeWords(inner).some((word) => TIMER_WORDS.has(word));
    };
    /**
     * A racer named for a request to stop: `shutdownWhenKilled(options)`, a const so named or so initialised, or
     * the event of one awaited with events.once (`once(rl, "SIGINT")`, `once(signal, "abort")`), then-chained or not.
     */
    const isCancellation = (racer: ts.Expression): boolean => {
      let inner = unwrap(ts, racer);
      const named = (words: readonly string[]) => words.some((word) => CANCELLATION_WORDS.has(word));
      while (ts.isCallExpression(inner) && ts.isPropertyAccessExpression(inner.expression) && ["then", "catch", "finally"].includes(inner.expression.name.text)) {
        inner = unwrap(ts, inner.expression.expression);
      }
      if (ts.isCallExpression(inner) && context.resolveName(inner.expression) === "events#once") {
        const event = inner.arguments[1];
        return event !== undefined && ts.isStringLiteralLike(event) && named(identifierWords(event.text));
      }
      if (ts.isCallExpression(inner)) return named(calleeWords(inner));
      if (!ts.isIdentifier(inner)) return false;
      const initializer = constInitializer(ts, inner);
      return named(identifierWords(inner.text)) || (initializer !== undefined && ts.isCallExpression(unwrap(ts, initializer)) && isCancellation(initializer));
    };
    /** A racer that settles when a timer fires: a timer's promise, a promise whose executor starts a timer, or a const holding one. */
    const isTimer = (racer: ts.Expression): boolean => {
      let inner = unwrap(ts, racer);
      if (ts.isIdentifier(inner)) inner = constInitializer(ts, inner) ?? inner;
      if (isTimerCall(inner)) return true;
      if (!ts.isNewExpression(inner) || context.resolveName(inner.expression) !== "Promise") return false;
      const executor = inner.arguments?.[0] && context.functionOf(inner.arguments[0]);
      const body = executor?.body;
      if (body === undefined) return false;
      const statements = ts.isBlock(body) ? body.statements.map((statement) => (ts.isExpressionStatement(statement) ? statement.expression : statement)) : [body];
      return statements.some((statement) => {
        if (ts.isVariableStatement(statement)) return statement.declarationList.declarations.some((declaration) => declaration.initializer !== undefined && isTimerCall(declaration.initializer));
        return ts.isExpression(statement) && isTimerCall(statement);
      });
    };
    /** What `list.push(…)` adds to a racer list held by a const, anywhere in its scope. */
    const pushedInto = (list: ts.Identifier): ts.Expression[] =>
      referencesTo(ts, list).flatMap((reference) => {
        const access = reference.parent;
        const call = access.parent;
        const isPush = ts.isPropertyAccessExpression(access) && access.expression === reference && access.name.text === "push";
        return isPush && ts.isCallExpression(call) && call.expression === access ? [...call.arguments] : [];
      });
    /**
     * `Promise.race([work, timer])`, or a list a timer is pushed into (`ps.push(this.timeout(i))`): a deadline;
     * `Promise.race([stopRequested, work])`: a cancellation; anything else a race.
     */
    const raceKind = (argument: ts.Expression | undefined): "deadline" | "cancellation" | "race" => {
      if (argument === undefined) return "race";
      const named = unwrap(ts, argument);
      const list = ts.isIdentifier(named) ? constInitializer(ts, named) ?? named : named;
      const racers = (ts.isArrayLiteralExpression(list) ? [...list.elements] : []).filter((racer) => !ts.isSpreadElement(racer));
      if (ts.isIdentifier(named) && ts.isArrayLiteralExpression(list)) racers.push(...pushedInto(named));
      if (racers.some(isTimer)) return "deadline";
      return racers.some(isCancellation) ? "cancellation" : "race";
    };
    const values = functionValueVisitors(
      context,
      new Set(FIRST_SETTLED.values()),
      (name) => FIRST_SETTLED.get(name),
      (node, method) => context.report({ node, messageId: "raceValue", data: { method } }),
    );
    return {
      CallExpression(node) {
        const method = FIRST_SETTLED.get(context.resolveName(node.expression) ?? "");
        if (!method || racesOneSignal(node.arguments[0])) return;
        context.report({ node, messageId: raceKind(node.arguments[0]), data: { method } });
      },
      ...values,
    };
  },
});
