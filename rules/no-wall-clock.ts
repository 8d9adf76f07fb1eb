import type { ts } from "@ts-morph/common";
import { createRule } from "./util/create-rule.js";
import { functionValueVisitors, lastMemberNames } from "./util/function-values.js";

/** Functions whose call reads the current time, by the name the resolver gives them. */
const CLOCK_FUNCTIONS: ReadonlyMap<string, string> = new Map([
  ["Date.now", "Date.now()"],
  ["performance.now", "performance.now()"],
  ["process.hrtime", "process.hrtime()"],
  ["process.hrtime.bigint", "process.hrtime.bigint()"],
  ["process.uptime", "process.uptime()"],
  ["os#uptime", "os.uptime()"],
]);

/** Properties whose read is a time taken when the process started. */
const CLOCK_PROPERTIES: ReadonlyMap<string, string> = new Map([["performance.timeOrigin", "performance.timeOrigin"]]);

/** Last member names of CLOCK_PROPERTIES: a cheap test before resolving a member access. */
const CLOCK_PROPERTY_NAMES = lastMemberNames(CLOCK_PROPERTIES.keys());

const TEMPORAL_NOW = "Temporal.Now.";

/** Last member names of the clock functions; any member of Temporal.Now is one. */
const CLOCK_FUNCTION_NAMES = lastMemberNames([
  ...CLOCK_FUNCTIONS.keys(),
  ...["instant", "zonedDateTimeISO", "plainDateTimeISO", "plainDateISO", "plainTimeISO", "timeZoneId"].map((name) => TEMPORAL_NOW + name),
]);

function clockFunction(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  if (name.startsWith(TEMPORAL_NOW) && name.length > TEMPORAL_NOW.length) return `${name}()`;
  return CLOCK_FUNCTIONS.get(name);
}

export default createRule({
  meta: {
    id: "no-wall-clock",
    category: "clock",
    severity: "error",
    description: "Reading the current time: Date.now(), new Date(), performance.now(), process.hrtime(), Temporal.Now.",
    rationale:
      "The wall clock gives a different value on every run, so any result computed from it (a timestamp in a " +
      "record, an expiry, an ID, a branch on the time of day) cannot be reproduced, replayed or tested. A fixed " +
      "instant such as new Date(0), new Date(\"2020-01-01T00:00:00Z\") or Date.UTC(...) is deterministic and allowed.",
    examples: {
      incorrect: [
        "export function stampOrder(order: { id: string }) {",
        "  return { ...order, createdAt: Date.now() };",
        "}",
        "",
      ].join("\n"),
      correct: [
        'import type { Clock } from "@detkit/runtime/clock";',
        "",
        "export function stampOrder(order: { id: string }, clock: Clock) {",
        "  return { ...order, createdAt: clock.now() };",
        "}",
        "",
      ].join("\n"),
    },
    replacement:
      "inject a Clock from @detkit/runtime/clock (clock.now(), clock.date()); use systemClock in production and fixedClock or manualClock in tests",
    requiresTypes: false,
    messages: {
      readsClock: "{{what}} reads the wall clock",
      clockValue: "{{what}} passed as a value reads the wall clock when it is called",
    },
  },
  create(context) {
    const { ts } = context;
    const isAssignmentTarget = (node: ts.Node): boolean => {
      const parent = node.parent;
      return ts.isBinaryExpression(parent) && parent.left === node && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken;
    };
    const reportCall = (node: ts.Node, what: string) =>
      context.report({ node, messageId: "readsClock", data: { what } });
    const reportPropertyRead = (node: ts.Expression) => {
      const property = CLOCK_PROPERTIES.get(context.resolveName(node) ?? "");
      if (property && !isAssignmentTarget(node)) reportCall(node, property);
    };
    const values = functionValueVisitors(
      context,
      CLOCK_FUNCTION_NAMES,
      (name) => clockFunction(name)?.slice(0, -"()".length),
      (node, shown) => context.report({ node, messageId: "clockValue", data: { what: shown } }),
    );
    return {
      CallExpression(node) {
        const callee = context.resolveName(node.expression);
        const clock = clockFunction(callee);
        if (clock) reportCall(node, clock);
        else if (callee === "Date") reportCall(node, "Date() called as a function");
      },
      NewExpression(node) {
        if ((node.arguments?.length ?? 0) === 0 && context.resolveName(node.expression) === "Date") {
          reportCall(node, "new Date() without an argument");
        }
      },
      PropertyAccessExpression(node) {
        if (CLOCK_PROPERTY_NAMES.has(node.name.text)) reportPropertyRead(node);
        values.PropertyAccessExpression(node);
      },
      ElementAccessExpression(node) {
        const key = node.argumentExpression;
        if (ts.isStringLiteralLike(key) && CLOCK_PROPERTY_NAMES.has(key.text)) reportPropertyRead(node);
        values.ElementAccessExpression(node);
      },
      Identifier: values.Identifier,
      BindingElement(node) {
        const property = CLOCK_PROPERTIES.get(context.resolveName(node) ?? "");
        if (property) reportCall(node, property);
      },
    };
  },
});
