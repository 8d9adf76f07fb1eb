import { createRule } from "./util/create-rule.js";
import { functionValueVisitors } from "./util/function-values.js";

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
      "clock, so that tests drive it, and test the outcome under a perturbed schedule.",
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
    messages: {
      race: "Promise.{{method}}() settles with whichever promise is first: the result depends on timing",
      raceValue: "Promise.{{method}} passed as a value settles with whichever promise is first when it is called",
    },
  },
  create(context) {
    const values = functionValueVisitors(
      context,
      new Set(FIRST_SETTLED.values()),
      (name) => FIRST_SETTLED.get(name),
      (node, method) => context.report({ node, messageId: "raceValue", data: { method } }),
    );
    return {
      CallExpression(node) {
        const method = FIRST_SETTLED.get(context.resolveName(node.expression) ?? "");
        if (method) context.report({ node, messageId: "race", data: { method } });
      },
      ...values,
    };
  },
});
