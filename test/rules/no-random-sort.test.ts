import rule from "../../rules/no-random-sort.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    "items.sort((a, b) => a - b);",
    "items.sort();",
    "items.toSorted((a, b) => a.name < b.name ? -1 : 1);",
    'import { seeded } from "detkit/random";\nconst shuffled = seeded(1).shuffle(items);',
    // Randomness elsewhere in the statement is not the comparator's.
    "items.sort((a, b) => a - b).map(() => Math.random());",
    // A shadowed Math is not the global.
    "function f(Math: { random(): number }) { return items.sort(() => Math.random() - 0.5); }",
    // A comparator defined elsewhere that is deterministic.
    "const byId = (a, b) => a.id - b.id;\nitems.sort(byId);",
    // The suppression above the .sort line of a chain applies to it.
    "const ranked = rows\n  .filter((row) => row.active)\n  // detkit-disable-next-line no-random-sort -- a demo page shows a random order on purpose\n  .sort(() => Math.random() - 0.5);",
  ],
  invalid: [
    // Reported on the sorting method's name, the line a suppression comment for it sits above.
    { code: "items.sort(() => Math.random() - 0.5);", errors: [{ messageId: "randomComparator", line: 1, column: 7, endLine: 1, endColumn: 11 }] },
    { code: "const s = [...items].toSorted(() => 0.5 - Math.random());", errors: [{ messageId: "randomComparator", line: 1, column: 22, endLine: 1, endColumn: 30 }] },
    { code: "items.sort(function () { return Math.random() > 0.5 ? 1 : -1; });", errors: [{ messageId: "randomComparator", line: 1, column: 7, endLine: 1, endColumn: 11 }] },
    { code: "const shuffle = () => Math.random() - 0.5;\nitems.sort(shuffle);", errors: [{ messageId: "randomComparator", line: 2, column: 7, endLine: 2, endColumn: 11 }] },
    { code: "function randomOrder() { return Math.random() - 0.5; }\nitems.sort(randomOrder);", errors: [{ messageId: "randomComparator", line: 2, column: 7, endLine: 2, endColumn: 11 }] },
    { code: 'import { randomInt } from "node:crypto";\nitems.sort(() => randomInt(3) - 1);', errors: [{ messageId: "randomComparator", line: 2, column: 7, endLine: 2, endColumn: 11 }] },
    { code: 'import _ from "lodash";\n_.sortBy(items, () => Math.random());', errors: [{ messageId: "randomComparator", line: 2, column: 3, endLine: 2, endColumn: 9 }] },
    { code: 'import { sortBy } from "lodash";\nsortBy(items, () => Math.random());', errors: [{ messageId: "randomComparator", line: 2, column: 1, endLine: 2, endColumn: 35 }] },
    { code: "const { random } = Math;\nitems.sort(() => random() - 0.5);", errors: [{ messageId: "randomComparator", line: 2, column: 7, endLine: 2, endColumn: 11 }] },
    {
      code: "const ranked = rows\n  .filter((row) => row.active)\n  .map((row) => row.name)\n  .sort(() => Math.random() - 0.5);",
      errors: [{ messageId: "randomComparator", line: 4, column: 4, endLine: 4, endColumn: 8 }],
    },
    { code: "const rng = options.rng ?? Math.random;\nitems.sort(() => rng() - 0.5);", errors: [{ messageId: "randomComparator", line: 2, column: 7, endLine: 2, endColumn: 11 }] },
  ],
});
