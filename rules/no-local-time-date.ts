import { createRule } from "./util/create-rule.js";
import { isDateMember } from "./util/dates.js";
import { MACHINE_VALUES_IN_TESTS } from "./util/in-tests.js";

/**
 * Date methods that read or write the calendar fields in the host's time zone, with the field they name.
 * getMilliseconds/setMilliseconds are left out: no time zone has an offset with a fraction of a second, so
 * they agree with their UTC twins everywhere. getSeconds is left out too: every zone's offset since 1972 is a
 * whole number of minutes (before, a few zones kept a local mean time with seconds: Africa/Monrovia's -0:44:30
 * until 1972), so for the instants programs handle it reads the UTC second. setSeconds stays: writing a field
 * re-resolves the local time, which moves across a daylight-saving change.
 */
const LOCAL_GETTERS: ReadonlyMap<string, string> = new Map([
  ["getFullYear", "year"],
  ["getYear", "year"],
  ["getMonth", "month"],
  ["getDate", "day of the month"],
  ["getDay", "weekday"],
  ["getHours", "hour"],
  ["getMinutes", "minute"],
]);

const LOCAL_SETTERS: ReadonlyMap<string, string> = new Map([
  ["setFullYear", "year"],
  ["setYear", "year"],
  ["setMonth", "month"],
  ["setDate", "day of the month"],
  ["setHours", "hour"],
  ["setMinutes", "minute"],
  ["setSeconds", "second"],
]);

/** Date methods whose text is the local time, in a format the specification leaves to the implementation. */
const LOCAL_STRINGS = new Set(["toString", "toDateString", "toTimeString"]);

export default createRule({
  meta: {
    id: "no-local-time-date",
    category: "locale",
    severity: "error",
    description:
      "Date arithmetic in the host's time zone: local getters and setters (getHours, getDate, getDay, setHours…), getTimezoneOffset(), toString/toDateString/toTimeString, and new Date(year, month, …).",
    rationale:
      "A Date is an instant; its local fields are that instant seen from the time zone of the machine running the " +
      "code (the TZ variable, the OS setting). The same instant is 23:30 on the 31st in New York and 05:30 on the " +
      "1st in Berlin, so calendar math on local fields (start of day, difference in calendar days, the weekday) " +
      "gives different answers on a laptop, a CI runner and a server in UTC, and changes twice a year with daylight " +
      "saving. new Date(2020, 0, 1) is a different instant in every zone for the same arguments." + MACHINE_VALUES_IN_TESTS,
    examples: {
      incorrect: [
        "export function isWeekend(when: Date): boolean {",
        "  const day = when.getDay();",
        "  return day === 0 || day === 6;",
        "}",
        "",
      ].join("\n"),
      correct: [
        "export function isWeekend(when: Date): boolean {",
        "  const day = when.getUTCDay();",
        "  return day === 0 || day === 6;",
        "}",
        "",
      ].join("\n"),
    },
    replacement:
      "compute in UTC (getUTC*/setUTC*, new Date(Date.UTC(…)), toISOString()) or pass the zone explicitly (Intl.DateTimeFormat with timeZone); take the instant from a Clock in @detkit/runtime/clock, and prove zone independence with expectReproducible(fn, { perturb: { timezones } }) from @detkit/runtime/testing",
    requiresTypes: true,
    inTests: "off",
    messages: {
      localGetter:
        "{{method}}() reads the {{field}} in the host's time zone: the same instant gives a different {{field}} on machines in other zones (getUTC{{utc}}() does not)",
      localSetter:
        "{{method}}() sets the {{field}} in the host's time zone: the same call makes a different instant on machines in other zones (setUTC{{utc}}() does not)",
      timezoneOffset: "getTimezoneOffset() is the host's UTC offset at that instant: it differs between machines and across daylight-saving changes",
      localString:
        "{{method}}() writes the time in the host's time zone, in an implementation-defined format: use toISOString() or Intl.DateTimeFormat with an explicit locale and timeZone",
      localConstructor:
        "new Date(year, month, …) reads its fields in the host's time zone: the same arguments make a different instant in other zones (new Date(Date.UTC(…)) does not)",
    },
  },
  create(context) {
    const { ts } = context;
    return {
      CallExpression(node) {
        const callee = node.expression;
        if (!ts.isPropertyAccessExpression(callee)) return;
        const method = callee.name.text;
        const getter = LOCAL_GETTERS.get(method);
        const setter = LOCAL_SETTERS.get(method);
        const isString = LOCAL_STRINGS.has(method);
        const isOffset = method === "getTimezoneOffset";
        if (getter === undefined && setter === undefined && !isString && !isOffset) return;
        // Getters and string methods take no argument; a setter needs one. Other shapes are other APIs.
        if ((setter === undefined) !== (node.arguments.length === 0)) return;
        if (!isDateMember(context, callee)) return;
        const utc = method.slice("get".length).replace(/^Year$/, "FullYear");
        if (getter !== undefined) context.report({ node, messageId: "localGetter", data: { method, field: getter, utc } });
        else if (setter !== undefined) context.report({ node, messageId: "localSetter", data: { method, field: setter, utc } });
        else if (isOffset) context.report({ node, messageId: "timezoneOffset" });
        else context.report({ node, messageId: "localString", data: { method } });
      },
      NewExpression(node) {
        if ((node.arguments?.length ?? 0) < 2) return;
        if (context.resolveName(node.expression) === "Date") context.report({ node, messageId: "localConstructor" });
      },
    };
  },
});
