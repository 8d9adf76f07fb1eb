import rule from "../../rules/no-first-free-pick.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    // A collection that is not a pool, or a predicate that is not about being free.
    "const admin = users.find((u) => !u.busy);",
    "const worker = workers.find((w) => w.id === id);",
    "const healthy = connections.filter((c) => c.healthy);",
    // Picking by a deterministic rule.
    "const worker = workers[partition(key, workers.length)];",
    // Every free member, not the first one.
    "const idle = workers.filter((w) => w.idle);",
    "const count = slots.filter((s) => !s.inUse).length;",
  ],
  invalid: [
    { code: "const worker = workers.find((w) => !w.busy);", errors: [{ messageId: "firstFree", line: 1, column: 16, endLine: 1, endColumn: 44 }] },
    { code: "const conn = this.connections.find((c) => c.idle && c.healthy);", errors: [{ messageId: "firstFree", line: 1, column: 14, endLine: 1, endColumn: 63 }] },
    { code: "const i = slots.findIndex(function (slot) { return slot.state === 'free'; });", errors: [{ messageId: "firstFree", line: 1, column: 11, endLine: 1, endColumn: 77 }] },
    { code: "const client = clientPool.filter((c) => !c.isBusy())[0];", errors: [{ messageId: "firstFree", line: 1, column: 16, endLine: 1, endColumn: 53 }] },
    { code: "const t = threads.find((t) => t.status === 'idle');", errors: [{ messageId: "firstFree", line: 1, column: 11, endLine: 1, endColumn: 51 }] },
    { code: "const isFree = (w: Worker) => w.inUse === false;\nconst w = pool.workers.find(isFree);", errors: [{ messageId: "firstFree", line: 2, column: 11, endLine: 2, endColumn: 36 }] },
  ],
});
