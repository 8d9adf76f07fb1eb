import rule from "../../rules/no-inconsistent-comparator.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    "items.sort((a, b) => a - b);",
    "items.sort((a, b) => a.price - b.price || a.id - b.id);",
    "items.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));",
    "items.toSorted((a, b) => { if (a.x < b.x) return -1; if (a.x > b.x) return 1; return 0; });",
    "items.sort((a, b) => { if (a.x < b.x) return -1; if (a.x > b.x) return 1; });",
    "items.sort((a, b) => Number(a > b) - Number(a < b));",
    "items.sort(() => 0);",
    // Without a 0 it is inconsistent only on equal keys, which unique keys (header names, ids) never have.
    "items.sort((a, b) => (a.name > b.name ? 1 : -1));",
    "headers.sort((a, b) => { if (a[0] < b[0]) return -1; return 1; });",
    "items.sort((a, b) => compare(a.name, b.name));",
    "items.sort();",
    // Booleans elsewhere in a consistent comparator.
    "items.sort((a, b) => (a.done === b.done ? a.id - b.id : a.done ? 1 : -1));",
    // A comparator defined elsewhere that is consistent, and a key function for lodash (not a comparator).
    "const byId = (a, b) => a.id - b.id;\nitems.sort(byId);",
    'import { sortBy } from "lodash";\nsortBy(items, (item) => item.active);',
    // Not a sort: a predicate given to filter.
    "items.filter((a) => a.x > 1);",
    // Reads both arguments, or returns 0 whatever it is given.
    "items.sort((a, b) => (a.pinned === b.pinned ? 0 : a.pinned ? -1 : 1));",
    "items.sort((_a, _b) => 0);",
    "items.sort(({ rank: a }, { rank: b }) => a - b);",
    // A local sort method with another contract.
    "table.sort('name', true);",
  ],
  invalid: [
    // Decides from the first argument alone (fastify's network interfaces, internal ones first).
    { code: "addresses.sort((iface) => (iface.internal ? -1 : 1));", errors: [{ messageId: "ignoresSecond", line: 1, column: 16, endLine: 1, endColumn: 52 }] },
    { code: "items.sort((a, _b) => (a.pinned ? -1 : 0));", errors: [{ messageId: "ignoresSecond", line: 1, column: 12, endLine: 1, endColumn: 42 }] },
    { code: "function byWeight(item) {\n  return item.weight > 10 ? 1 : -1;\n}\nitems.sort(byWeight);", errors: [{ messageId: "ignoresSecond", line: 4, column: 12, endLine: 4, endColumn: 20 }] },
    { code: "items.sort((a, b) => a > b);", errors: [{ messageId: "booleanResult", line: 1, column: 12, endLine: 1, endColumn: 27 }] },
    { code: "items.sort((a, b) => a.name >= b.name);", errors: [{ messageId: "booleanResult", line: 1, column: 12, endLine: 1, endColumn: 38 }] },
    { code: "const sorted = items.toSorted(function (a, b) { return a.date < b.date; });", errors: [{ messageId: "booleanResult", line: 1, column: 31, endLine: 1, endColumn: 74 }] },
    { code: "const later = (a, b) => a.t > b.t || a.id > b.id;\nitems.sort(later);", errors: [{ messageId: "booleanResult", line: 2, column: 12, endLine: 2, endColumn: 17 }] },
    { code: "function cmp(a, b) { return a.ok ? true : false; }\nitems.sort(cmp);", errors: [{ messageId: "booleanResult", line: 2, column: 12, endLine: 2, endColumn: 15 }] },
    { code: "items.sort(() => -1);", errors: [{ messageId: "constantResult", line: 1, column: 12, endLine: 1, endColumn: 20 }] },
    { code: "items.sort(function () { return 1; });", errors: [{ messageId: "constantResult", line: 1, column: 12, endLine: 1, endColumn: 37 }] },
  ],
});
