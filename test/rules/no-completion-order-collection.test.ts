import rule from "../../rules/no-completion-order-collection.js";
import { ruleTester } from "../helpers/rule-tester.js";

// After zod 4.x's object parser (src/v4/core/schemas.ts): async results are written through a helper.
const PARSE_OBJECT = [
  "function handleObjectResult(result: R, final: P, key: string) {",
  "  final.value[key] = result.value;",
  "}",
  "export function parse(payload: P, keys: string[]) {",
  "  const proms: Promise<void>[] = [];",
  "  payload.value = {};",
  "  for (const key of keys) {",
  "    const r = run(key);",
  "    if (r instanceof Promise) proms.push(r.then((r) => handleObjectResult(r, payload, key)));",
  "    else handleObjectResult(r, payload, key);",
  "  }",
  "  return Promise.all(proms).then(() => payload);",
  "}",
].join("\n");

ruleTester(rule, {
  valid: [
    // The result array of Promise.all keeps input order.
    "export async function f(ids: string[]) { return Promise.all(ids.map(async (id) => load(id))); }",
    "export async function f(ids: string[]) { const rows = await Promise.all(ids.map(load)); return rows; }",
    // Filled sequentially.
    "export async function f(ids: string[]) { const rows = []; for (const id of ids) rows.push(await load(id)); return rows; }",
    // Written by input index: position follows the input, not completion.
    "export async function f(ids: string[]) { const rows: number[] = []; await Promise.all(ids.map(async (id, i) => { rows[i] = await load(id); })); return rows; }",
    "export async function f(ids: string[]) { const byIndex: Record<number, number> = {}; await Promise.all(ids.map(async (id, i) => { byIndex[i] = await load(id); })); return byIndex; }",
    // Sorted before use.
    "export async function f(ids: string[]) { const rows = []; await Promise.all(ids.map(async (id) => { rows.push(await load(id)); })); rows.sort(); return rows; }",
    "export async function f(ids: string[]) { const seen = new Set(); await Promise.all(ids.map(async (id) => { seen.add(await load(id)); })); return [...seen].sort(); }",
    'import { sortedKeys } from "detkit/collections";\nexport async function f(ids: string[]) { const m = new Map(); await Promise.all(ids.map(async (id) => { m.set(id, await load(id)); })); return sortedKeys(m); }',
    // Only order-independent questions are asked of the collection.
    "export async function f(ids: string[]) { const failed = new Set(); await Promise.all(ids.map(async (id) => { if (!(await ok(id))) failed.add(id); })); return failed.size; }",
    "export async function f(ids: string[]) { const m = new Map(); await Promise.all(ids.map(async (id) => { m.set(id, await load(id)); })); return m.get('a'); }",
    "export async function f(ids: string[]) { const o: Record<string, number> = {}; await Promise.all(ids.map(async (id) => { o[id] = await load(id); })); return o[ids[0]]; }",
    // Writes before the first await run synchronously, in input order.
    "export async function f(ids: string[]) { const started = []; await Promise.all(ids.map(async (id) => { started.push(id); await load(id); })); return started; }",
    // Not a concurrent callback: a synchronous map, a promise chain awaited in the loop, one stream's events.
    "export function f(ids: string[]) { const out = []; ids.map((id) => out.push(id)); return out; }",
    "export async function f(ids: string[]) { const out = []; for (const id of ids) await load(id).then((r) => out.push(r)); return out; }",
    "export function f(stream: any) { const chunks = []; stream.on('data', (c) => chunks.push(c)); stream.on('end', () => done(chunks)); }",
    // The same operation awaited again settles in the order it was started (fastify's ready() tests).
    "export async function f() { const result = []; const ps = [1, 2, 3].map((id) => app.ready().then(() => result.push(id))); await Promise.all(ps); return result; }",
    "export async function f() { const result = []; for (const order of [1, 2]) app.ready().then(() => result.push(order)); await app.ready(); return result; }",
    "export async function f(ids: string[]) { const out = []; await Promise.all(ids.map(async (id) => { await sleep(10); out.push(id); })); return out; }",
    // The array parser writes by index into an array: input order.
    PARSE_OBJECT.replace("payload.value = {};", "payload.value = Array(keys.length);"),
    // The payload never leaves after the callbacks start.
    PARSE_OBJECT.replace("return Promise.all(proms).then(() => payload);", "return Promise.all(proms).then(() => undefined);"),
    // A collection the callback owns, or one declared elsewhere.
    "export async function f(ids: string[]) { return Promise.all(ids.map(async (id) => { const parts = []; parts.push(await load(id)); return parts; })); }",
    "export async function f(ids: string[], out: string[]) { await Promise.all(ids.map(async (id) => { out.push(await load(id)); })); return out; }",
    // A helper declared outside the loop that registers running work in a Set it closes over (pdf.js' worker
    // tasks): its collection is not this loop's result.
    "export function save(pages, numPages) {\n  const tasks = new Set();\n  function startTask(task) {\n    tasks.add(task);\n  }\n  for (let i = 0; i < numPages; i++) pages.get(i).then((page) => { startTask(page.task); });\n  return () => { for (const task of tasks) task.terminate(); };\n}",
  ],
  invalid: [
    {
      code: "export async function f(ids: string[]) {\n  const rows = [];\n  await Promise.all(ids.map(async (id) => {\n    rows.push(await load(id));\n  }));\n  return rows;\n}",
      errors: [{ messageId: "completionOrder", line: 4, column: 5, endLine: 4, endColumn: 30 }],
    },
    {
      name: "a Map then spread",
      code: "async function f(ids: string[]) {\n  const prices = new Map<string, number>();\n  await Promise.all(ids.map(async (id) => { prices.set(id, await price(id)); }));\n  return [...prices.entries()];\n}",
      errors: [{ messageId: "completionOrder", line: 3, column: 45, endLine: 3, endColumn: 76 }],
    },
    {
      name: "an object keyed by item, then serialized",
      code: "async function f(ids: string[]) {\n  const out: Record<string, number> = {};\n  await Promise.all(ids.map(async (id) => { out[id] = await price(id); }));\n  return JSON.stringify(out);\n}",
      errors: [{ messageId: "completionOrder", line: 3, column: 45, endLine: 3, endColumn: 70 }],
    },
    {
      name: "forEach(async) and a callback defined by name",
      code: "const seen = new Set<string>();\nconst visit = async (id: string) => { seen.add(await resolve(id)); };\nids.forEach(visit);\nfor (const s of seen) print(s);",
      errors: [{ messageId: "completionOrder", line: 2, column: 39, endLine: 2, endColumn: 66 }],
    },
    {
      name: "promise callbacks started in a loop",
      code: "const results = [];\nconst tasks = [];\nfor (const url of urls) tasks.push(fetch(url).then((r) => { results.push(r); }));\nawait Promise.all(tasks);\nexport default results;",
      errors: [{ messageId: "completionOrder", line: 3, column: 61, endLine: 3, endColumn: 76 }],
    },
    {
      name: "event handlers registered in a loop",
      code: "const exits = [];\nfor (const w of workers) w.once('exit', (code) => exits.push(code));\nprocess.on('beforeExit', () => console.log(exits.join(',')));",
      errors: [{ messageId: "completionOrder", line: 2, column: 51, endLine: 2, endColumn: 67 }],
    },
    {
      name: "an async function called on the spot in a loop",
      code: "const sizes = new Map();\nconst running = [];\nfor (const file of files) running.push((async () => { sizes.set(file, await stat(file)); })());\nawait Promise.all(running);\nexport const report = JSON.stringify([...sizes]);",
      errors: [{ messageId: "completionOrder", line: 3, column: 55, endLine: 3, endColumn: 88 }],
    },
    {
      name: "through a helper that writes a member of a parameter (zod 4 object parsing)",
      code: PARSE_OBJECT,
      errors: [{ messageId: "completionOrder", line: 9, column: 56, endLine: 9, endColumn: 91 }],
    },
    {
      name: "an array member the caller made, appended to through a helper or directly (zod 4 issue lists)",
      code:
        "interface Payload { value: unknown[]; issues: string[] }\n" +
        "function handle(result: Payload, final: Payload, index: number) {\n  final.issues.push(...result.issues.map((m) => `${index}: ${m}`));\n  final.value[index] = result.value;\n}\n" +
        "export function parse(payload: Payload, input: unknown[], run: (x: unknown) => Promise<Payload>) {\n  const proms: Promise<void>[] = [];\n" +
        "  for (let i = 0; i < input.length; i++) proms.push(run(input[i]).then((result) => handle(result, payload, i)));\n" +
        "  return Promise.all(proms).then(() => payload);\n}\n" +
        "export function direct(payload: Payload, input: unknown[], run: (x: unknown) => Promise<Payload>) {\n  const proms: Promise<void>[] = [];\n" +
        "  for (const item of input) proms.push(run(item).then((result) => { payload.issues.push(...result.issues); }));\n" +
        "  return Promise.all(proms).then(() => payload);\n}",
      errors: [
        { messageId: "completionOrder", line: 8, column: 84, endLine: 8, endColumn: 110 },
        { messageId: "completionOrder", line: 13, column: 69, endLine: 13, endColumn: 106 },
      ],
    },
    {
      name: "through a helper that writes a collection it closes over (fastify's trailers)",
      code:
        "export function sendTrailer(res, producers) {\n  const trailers = {};\n  let handled = 0;\n" +
        "  function send() {\n    if (handled === 0) res.addTrailers(trailers);\n  }\n" +
        "  for (const name of Object.keys(producers)) {\n    handled--;\n" +
        "    function cb(err, value) {\n      handled++;\n      if (!err) trailers[name] = value;\n      process.nextTick(send);\n    }\n" +
        "    producers[name](res).then((v) => cb(null, v), cb);\n  }\n}",
      filename: "reply.js",
      errors: [{ messageId: "completionOrder", line: 14, column: 38, endLine: 14, endColumn: 49 }],
    },
    {
      name: "then inside a synchronous map",
      code: "const names = [];\nawait Promise.all(ids.map((id) => lookup(id).then((n) => names.push(n))));\nexport const list = names.slice();",
      errors: [{ messageId: "completionOrder", line: 2, column: 58, endLine: 2, endColumn: 71 }],
    },
  ],
});
