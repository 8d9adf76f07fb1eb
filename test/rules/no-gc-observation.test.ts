import rule from "../../rules/no-gc-observation.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    // Weak collections hide collection timing: nothing can observe that an entry is gone.
    "const cache = new WeakMap<object, string>();",
    "const seen = new WeakSet<object>();",
    // Shadowing.
    "class WeakRef<T> { constructor(readonly value: T) {} }\nnew WeakRef(x);",
    "import { FinalizationRegistry } from \"./polyfill\";\nnew FinalizationRegistry(cleanup);",
  ],
  invalid: [
    { code: "const ref = new WeakRef(session);", errors: [{ messageId: "observesGc", line: 1, column: 13, endLine: 1, endColumn: 33 }] },
    { code: "const registry = new FinalizationRegistry((key) => pool.release(key));", errors: [{ messageId: "observesGc", line: 1, column: 18, endLine: 1, endColumn: 70 }] },
    { code: "const ref = new globalThis.WeakRef(target);", errors: [{ messageId: "observesGc", line: 1, column: 13, endLine: 1, endColumn: 43 }] },
    { code: "const W = WeakRef;\nnew W(x);", errors: [{ messageId: "observesGc", line: 2, column: 1, endLine: 2, endColumn: 9 }] },
  ],
});
