import { createRule } from "./util/create-rule.js";
import { dateParseOf } from "./util/date-parse.js";
import { builtDateShape, dateStringShape } from "./util/dates.js";
import type { ts } from "@ts-morph/common";

export default createRule({
  meta: {
    id: "no-local-time-parse",
    category: "locale",
    severity: "error",
    description:
      'new Date(string) or Date.parse(string) of a literal date-time without Z or an offset ("2020-01-01T00:00", "2020-01-01 00:00", "March 7, 2020"), read in the host\'s time zone.',
    rationale:
      "ECMAScript reads an ISO 8601 date-time without an offset as local time, and leaves every non-ISO format to " +
      "the implementation, which in practice also means local time. new Date(\"2020-01-01 00:00\") is a different " +
      "instant in Tokyo, Berlin and on a UTC server, so everything computed from it differs by machine. A date-only " +
      'ISO string ("2020-01-01") is read as UTC by the specification and is not reported, nor is anything that ' +
      "names its offset (Z, +02:00, GMT).",
    examples: {
      incorrect: ['export const launch = new Date("2020-01-01 00:00");', ""].join("\n"),
      correct: ['export const launch = new Date("2020-01-01T00:00:00Z");', ""].join("\n"),
    },
    replacement:
      'write the offset into the string ("2020-01-01T00:00:00Z") or build the instant with Date.UTC(…); check with expectReproducible(fn, { perturb: { timezones } }) from @detkit/runtime/testing',
    requiresTypes: false,
    messages: {
      localLiteral: '{{call}} reads "{{text}}" in the host\'s time zone: it is a different instant on machines in other zones',
      localBuilt: "{{call}} reads a date-time without Z or an offset in the host's time zone: it is a different instant on machines in other zones",
    },
  },
  create(context) {
    const { ts } = context;
    const check = (node: ts.NewExpression | ts.CallExpression) => {
      const parse = dateParseOf(context, node);
      if (!parse) return;
      const argument = parse.argument;
      if (ts.isStringLiteralLike(argument)) {
        if (dateStringShape(argument.text) === "local") {
          context.report({ node, messageId: "localLiteral", data: { call: parse.shown, text: argument.text } });
        }
      } else if (builtDateShape(ts, argument) === "local") {
        context.report({ node, messageId: "localBuilt", data: { call: parse.shown } });
      }
    };
    return { NewExpression: check, CallExpression: check };
  },
});
