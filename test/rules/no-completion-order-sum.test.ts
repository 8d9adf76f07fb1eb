import rule from "../../rules/no-completion-order-sum.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    // Updates before the first await run in call order.
    "let total = 0;\nawait Promise.all(items.map(async (item) => {\n  total += item.weight;\n  await save(item);\n}));",
    // Integer counters give the same sum in any order.
    "let done = 0;\nawait Promise.all(jobs.map(async (job) => {\n  await job.run();\n  done += 1;\n  bytes += job.output.length;\n}));",
    // Sequential loops, and results collected by Promise.all, are in input order.
    "let total = 0;\nfor (const id of ids) {\n  const invoice = await load(id);\n  total += invoice.due;\n}",
    "const values = await Promise.all(ids.map((id) => load(id)));\nlet total = 0;\nfor (const v of values) total += v.due;",
    // A total local to each callback is not shared.
    "await Promise.all(groups.map(async (group) => {\n  let subtotal = 0;\n  for (const id of group) subtotal += (await load(id)).due;\n  return subtotal;\n}));",
    // A synchronous callback runs to completion, in order.
    "let total = 0;\nitems.forEach((item) => {\n  total += item.weight;\n});",
    // A function expression's own `this` is not shared.
    "items.map(async function (item) {\n  await item.load();\n  this.total += item.weight;\n});",
  ],
  invalid: [
    { code: "let total = 0;\nawait Promise.all(ids.map(async (id) => {\n  const invoice = await load(id);\n  total += invoice.due;\n}));", errors: [{ messageId: "completionOrder", line: 4, column: 3, endLine: 4, endColumn: 23 }] },
    { code: "let total = 0;\nawait Promise.all(ids.map(async (id) => {\n  total += await price(id);\n}));", errors: [{ messageId: "lostUpdate", line: 3, column: 3, endLine: 3, endColumn: 27 }] },
    { code: "class Meter {\n  sum = 0;\n  async record(samples: string[]) {\n    await Promise.all(samples.map(async (s) => {\n      const v = await measure(s);\n      this.sum += v;\n    }));\n  }\n}", errors: [{ messageId: "completionOrder", line: 6, column: 7, endLine: 6, endColumn: 20 }] },
    { code: "const stats = { mean: 0 };\nsources.forEach(async (source) => {\n  for await (const x of source) stats.mean += x.value / n;\n});", errors: [{ messageId: "completionOrder", line: 3, column: 33, endLine: 3, endColumn: 58 }] },
    { code: "let product = 1;\nemitter.on('rate', async (r) => {\n  await audit(r);\n  product *= r.factor;\n});", errors: [{ messageId: "completionOrder", line: 4, column: 3, endLine: 4, endColumn: 22 }] },
    { code: "let total = 0;\nawait Promise.all([\n  (async () => { total += await a(); })(),\n  (async () => { total += await b(); })(),\n]);", errors: [{ messageId: "lostUpdate", line: 3, column: 18, endLine: 3, endColumn: 36 }, { messageId: "lostUpdate", line: 4, column: 18, endLine: 4, endColumn: 36 }] },
    { code: "let log = '';\nawait Promise.all(files.map(async (f) => {\n  const text = await read(f);\n  log += text;\n}));", errors: [{ messageId: "completionOrder", line: 4, column: 3, endLine: 4, endColumn: 14 }] },
  ],
});
