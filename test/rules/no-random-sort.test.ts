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
  ],
  invalid: [
    { code: "items.sort(() => Math.random() - 0.5);", errors: [{ messageId: "randomComparator", line: 1, column: 1, endLine: 1, endColumn: 38 }] },
    { code: "const s = [...items].toSorted(() => 0.5 - Math.random());", errors: [{ messageId: "randomComparator", line: 1, column: 11, endLine: 1, endColumn: 57 }] },
    { code: "items.sort(function () { return Math.random() > 0.5 ? 1 : -1; });", errors: [{ messageId: "randomComparator", line: 1, column: 1, endLine: 1, endColumn: 65 }] },
    { code: "const shuffle = () => Math.random() - 0.5;\nitems.sort(shuffle);", errors: [{ messageId: "randomComparator", line: 2, column: 1, endLine: 2, endColumn: 20 }] },
    { code: "function randomOrder() { return Math.random() - 0.5; }\nitems.sort(randomOrder);", errors: [{ messageId: "randomComparator", line: 2, column: 1, endLine: 2, endColumn: 24 }] },
    { code: 'import { randomInt } from "node:crypto";\nitems.sort(() => randomInt(3) - 1);', errors: [{ messageId: "randomComparator", line: 2, column: 1, endLine: 2, endColumn: 35 }] },
    { code: 'import _ from "lodash";\n_.sortBy(items, () => Math.random());', errors: [{ messageId: "randomComparator", line: 2, column: 1, endLine: 2, endColumn: 37 }] },
    { code: "const { random } = Math;\nitems.sort(() => random() - 0.5);", errors: [{ messageId: "randomComparator", line: 2, column: 1, endLine: 2, endColumn: 33 }] },
  ],
});
