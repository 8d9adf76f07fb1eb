import { describe, expect, it } from "vitest";
import rule from "../../rules/no-json-stringify-identity.js";
import { applyFixes } from "../../src/fix/apply.js";
import { lintWithFixes, ruleTester } from "../helpers/rule-tester.js";

const CANONICALIZE = [{ module: "@detkit/runtime/json", name: "canonicalize" }];
const fixedText = (code: string) => applyFixes("example.ts", code, lintWithFixes(rule, code).fixes).text;

ruleTester(rule, {
  valid: [
    // Serializing for output, storage or transport is not an identity.
    "res.end(JSON.stringify(body));",
    "localStorage.setItem('cart', JSON.stringify(cart));",
    "headers.set('x-meta', JSON.stringify(meta));",
    "const text = JSON.stringify(report, null, 2);",
    "log(`state: ${JSON.stringify(state)}`);",
    // Values without keys to reorder.
    "if (JSON.stringify(String(name)) === quoted) {}",
    "cache.get(JSON.stringify(`${a}:${b}`));",
    "seen.add(JSON.stringify([1, 'a', true]));",
    "createHash('sha1').update(JSON.stringify(String(id)));",
    // An object literal of literals always writes its keys in the same order (fastify's trailer tests).
    "const data = JSON.stringify({ hello: 'world' });\nconst hash = createHash('md5');\nhash.update(data);",
    // Comparisons with literals that have no second key or element.
    "if (JSON.stringify(options) === '{}') {}",
    "if (JSON.stringify(list) !== '[]') {}",
    "if (JSON.stringify(value) === undefined) {}",
    // A replacer may order the keys.
    "const key = JSON.stringify(value, Object.keys(value).sort());",
    "hash(JSON.stringify(value, sortedReplacer));",
    // Shadowed JSON, and keys that are not stringified.
    "function f(JSON: { stringify(v: unknown): string }) { return cache.get(JSON.stringify(v)); }",
    'import { canonicalize } from "@detkit/runtime/json";\ncache.get(canonicalize(v));',
    // update() of something that is not a hash object; a const that is only logged.
    "repo.update(JSON.stringify(patch));",
    "const body = JSON.stringify(payload);\nconsole.log(body);\nsend(body);",
    // memoize's first argument is the function, not the resolver.
    "const f = memoize((x) => JSON.stringify(x));",
    // A memo: another key order misses the cache and computes an equal value again (luxon's Intl caches).
    "const cache = new Map();\nfunction formatter(locale, opts) {\n  const key = JSON.stringify([locale, opts]);\n  let dtf = cache.get(key);\n  if (dtf === undefined) {\n    dtf = new Intl.DateTimeFormat(locale, opts);\n    cache.set(key, dtf);\n  }\n  return dtf;\n}",
    "const cache = {};\nfunction listFormat(locale, opts) {\n  const key = JSON.stringify([locale, opts]);\n  let lf = cache[key];\n  if (!lf) {\n    lf = new Intl.ListFormat(locale, opts);\n    cache[key] = lf;\n  }\n  return lf;\n}",
    // An object literal writes its keys in source order; its values here are strings (firebase-tools' key).
    "function pair(source: string, prefix?: string) {\n  const key = JSON.stringify({ source, prefix: prefix || '' });\n  return seen.has(key);\n}",
    // The callee says it ordered the keys (firebase-tools' runtime config hash).
    "createHash('sha1').update(JSON.stringify(convertToSortedKeyValueArray(config)));",
    // The types show no object whose keys could be reordered (ioredis' slot lists).
    "function same(a: string[][], b: string[][]) {\n  return JSON.stringify(a) === JSON.stringify(b);\n}",
    "function seen(ids: readonly number[], set: Set<string>) {\n  return set.has(JSON.stringify(ids));\n}",
    // Either side of a comparison holding no object is enough: equal texts have equal shapes.
    "function same(a: any, b: string[][]) {\n  return JSON.stringify(a) === JSON.stringify(b);\n}",
    // A change detector: the stored side is only ever empty or a copy of the other side.
    "class Filters {\n  private last = {};\n  update(next) {\n    if (JSON.stringify(this.last) !== JSON.stringify(next)) {\n      this.last = next;\n      this.emit(next);\n    }\n  }\n}",
    "let previous;\nexport function onState(state) {\n  if (JSON.stringify(state) === JSON.stringify(previous)) return;\n  previous = structuredClone(state);\n  render(state);\n}",
    // ioredis' ClusterSubscriberGroup (built JavaScript, reduced): the compared parameter is fed, at the only
    // call of a `_private` method, the value whose copy the field keeps.
    {
      filename: "group.js",
      code: "class Group {\n  constructor() {\n    this.slots = [];\n  }\n  _refresh(target) {\n    if (this._equal(target)) return false;\n    this.slots = JSON.parse(JSON.stringify(target));\n    return true;\n  }\n  _equal(other) {\n    return JSON.stringify(this.slots) === JSON.stringify(other);\n  }\n}",
    },
    "class Users {\n  #lastFilters: object = {};\n  changed(current: object): boolean {\n    const changed = JSON.stringify(current) !== JSON.stringify(this.#lastFilters);\n    if (changed) this.#lastFilters = current;\n    return changed;\n  }\n}",
    "let lastSeen = [];\nfunction differs(items) {\n  return JSON.stringify(lastSeen) !== JSON.stringify(items);\n}\nexport function track(items) {\n  if (differs(items)) lastSeen = [...items];\n}",
  ],
  invalid: [
    // Hashed: node:crypto in every import style, chained updates, a hash object in a const, WebCrypto, hash libraries.
    {
      code: 'import { createHash } from "node:crypto";\ncreateHash("sha256").update(JSON.stringify(doc)).digest("hex");',
      errors: [{ messageId: "hashed", line: 2, column: 29, endLine: 2, endColumn: 48 }],
      output: 'import { createHash } from "node:crypto";\ncreateHash("sha256").update(canonicalize(doc)).digest("hex");',
      imports: CANONICALIZE,
    },
    {
      code: 'const crypto = require("crypto");\nconst h = crypto.createHash("md5");\nh.update(JSON.stringify(doc));',
      filename: "a.cjs",
      errors: [{ messageId: "hashed", line: 3, column: 10, endLine: 3, endColumn: 29 }],
      output: 'const crypto = require("crypto");\nconst h = crypto.createHash("md5");\nh.update(canonicalize(doc));',
      imports: CANONICALIZE,
    },
    {
      code: 'import * as c from "crypto";\nc.createHmac("sha256", k).update("v1").update(JSON.stringify(body));',
      errors: [{ messageId: "hashed", line: 2, column: 47, endLine: 2, endColumn: 67 }],
      output: 'import * as c from "crypto";\nc.createHmac("sha256", k).update("v1").update(canonicalize(body));',
      imports: CANONICALIZE,
    },
    {
      code: 'await crypto.subtle.digest("SHA-256", new TextEncoder().encode(JSON.stringify(doc)));',
      errors: [{ messageId: "hashed", line: 1, column: 64, endLine: 1, endColumn: 83 }],
      output: 'await crypto.subtle.digest("SHA-256", new TextEncoder().encode(canonicalize(doc)));',
      imports: CANONICALIZE,
    },
    { code: "const id = sha256(JSON.stringify(doc));", errors: [{ messageId: "hashed", line: 1, column: 19, endLine: 1, endColumn: 38 }], output: "const id = sha256(canonicalize(doc));", imports: CANONICALIZE },
    { code: "const etag = hashObject(`v2:${JSON.stringify(doc)}`);", errors: [{ messageId: "hashed", line: 1, column: 31, endLine: 1, endColumn: 50 }], output: "const etag = hashObject(`v2:${canonicalize(doc)}`);", imports: CANONICALIZE },
    { code: "const J = JSON;\nmd5(J.stringify(doc));", errors: [{ messageId: "hashed", line: 2, column: 5, endLine: 2, endColumn: 21 }], output: "const J = JSON;\nmd5(canonicalize(doc));", imports: CANONICALIZE },
    // Compared.
    // An object literal holding an object value.
    { code: "function pair(source: { id: string; region: string }) {\n  return seen.has(JSON.stringify({ source, prefix: '' }));\n}", errors: [{ messageId: "key", line: 2, column: 19, endLine: 2, endColumn: 57 }] },
    // Objects by type; a Set of seen keys and a grouping object are not memos.
    { code: "function same(a: { x: number; y: number }, b: { x: number; y: number }) {\n  return JSON.stringify(a) === JSON.stringify(b);\n}", errors: [{ messageId: "compared", line: 2, column: 10, endLine: 2, endColumn: 27 }] },
    { code: "function unique(items, seen) {\n  const key = JSON.stringify(items);\n  if (seen.has(key)) return false;\n  seen.add(key);\n  return true;\n}", errors: [{ messageId: "key", line: 2, column: 15, endLine: 2, endColumn: 36 }] },
    { code: "function group(groups, item) {\n  const key = JSON.stringify(item.tags);\n  let list = groups[key];\n  groups[key] = [...(list ?? []), item];\n}", errors: [{ messageId: "key", line: 2, column: 15, endLine: 2, endColumn: 40 }] },
    { code: "function stale(cache, input, other) {\n  const key = JSON.stringify(input);\n  let value = cache.get(key);\n  cache.set(key, other);\n  return value;\n}", errors: [{ messageId: "key", line: 2, column: 15, endLine: 2, endColumn: 36 }] },
    { code: "if (JSON.stringify(a) === JSON.stringify(b)) {}", errors: [{ messageId: "compared", line: 1, column: 5, endLine: 1, endColumn: 22 }] },
    { code: "const changed = JSON.stringify(next) !== previous;", errors: [{ messageId: "compared", line: 1, column: 17, endLine: 1, endColumn: 37 }] },
    { code: "if (expected == JSON.stringify(actual)) {}", errors: [{ messageId: "compared", line: 1, column: 17, endLine: 1, endColumn: 39 }] },
    { code: "if (JSON.stringify(o) === '{\"a\":1,\"b\":2}') {}", errors: [{ messageId: "compared", line: 1, column: 5, endLine: 1, endColumn: 22 }] },
    // Not a change detector: the stored side is also written from another source, changed in place, written by
    // another object, or compared with a parameter that public callers feed.
    { code: "class C {\n  update(next, fallback) {\n    if (JSON.stringify(this.last) !== JSON.stringify(next)) this.last = fallback;\n  }\n}", errors: [{ messageId: "compared", line: 3, column: 9, endLine: 3, endColumn: 34 }] },
    { code: "class C {\n  update(next) {\n    if (JSON.stringify(this.last) !== JSON.stringify(next)) this.last = next;\n    this.last.extra = 1;\n  }\n}", errors: [{ messageId: "compared", line: 3, column: 9, endLine: 3, endColumn: 34 }] },
    { code: "class C {\n  update(next) {\n    if (JSON.stringify(this.last) !== JSON.stringify(next)) this.last = next;\n  }\n}\nexport function reset(c, value) {\n  c.last = value;\n}", errors: [{ messageId: "compared", line: 3, column: 9, endLine: 3, endColumn: 34 }] },
    { code: "class C {\n  refresh(target) {\n    if (this.equal(target)) return;\n    this.slots = target;\n  }\n  equal(other) {\n    return JSON.stringify(this.slots) === JSON.stringify(other);\n  }\n}", errors: [{ messageId: "compared", line: 7, column: 12, endLine: 7, endColumn: 38 }] },
    { code: "let previous;\nexport function onState(state, saved) {\n  if (JSON.stringify(state) === JSON.stringify(previous)) return;\n  previous = saved;\n}", errors: [{ messageId: "compared", line: 3, column: 7, endLine: 3, endColumn: 28 }] },
    { code: "let seen = [];\nexport function onState(state) {\n  if (JSON.stringify(state) === JSON.stringify(seen)) return;\n  seen = state;\n  seen.push(1);\n}", errors: [{ messageId: "compared", line: 3, column: 7, endLine: 3, endColumn: 28 }] },
    // Adversarial review: an object literal on the other side has keys in its own order; a stored value pinned at
    // the first call and an unequal answer rejected (the copy is never refreshed); successive elements of a list;
    // fields written by a constructor's caller, through `this` handed on or indexed, or by a destructuring; a
    // public TypeScript `_method`; an alias that changes the copy.
    { code: "export function isDefault(opts: { a: number; b: number }) {\n  return JSON.stringify(opts) === JSON.stringify({ a: 1, b: 2 });\n}", errors: [{ messageId: "compared", line: 2, column: 10, endLine: 2, endColumn: 30 }] },
    { code: "export class Client {\n  #options = null;\n  init(options) {\n    if (this.#options !== null) {\n      if (JSON.stringify(this.#options) !== JSON.stringify(options)) throw new Error('other options');\n      return;\n    }\n    this.#options = options;\n  }\n}", errors: [{ messageId: "compared", line: 5, column: 11, endLine: 5, endColumn: 40 }] },
    { code: "export function dedupe(rows: object[]) {\n  const out: object[] = [];\n  let previous: object | undefined;\n  for (const row of rows) {\n    if (JSON.stringify(row) === JSON.stringify(previous)) continue;\n    out.push(row);\n    previous = row;\n  }\n  return out;\n}", errors: [{ messageId: "compared", line: 5, column: 9, endLine: 5, endColumn: 28 }] },
    { code: "export function dedupe(rows: object[]) {\n  let previous: object | undefined;\n  return rows.filter((row) => {\n    if (JSON.stringify(row) === JSON.stringify(previous)) return false;\n    previous = row;\n    return true;\n  });\n}", errors: [{ messageId: "compared", line: 4, column: 9, endLine: 4, endColumn: 28 }] },
    { code: "export class Watcher {\n  constructor(private last: Record<string, number>) {}\n  update(next: Record<string, number>) {\n    if (JSON.stringify(this.last) !== JSON.stringify(next)) this.last = structuredClone(next);\n  }\n}", errors: [{ messageId: "compared", line: 4, column: 9, endLine: 4, endColumn: 34 }] },
    { code: "class W {\n  constructor(options) {\n    this.last = null;\n    Object.assign(this, options);\n  }\n  update(next) {\n    if (JSON.stringify(this.last) !== JSON.stringify(next)) this.last = next;\n  }\n}", filename: "w.js", errors: [{ messageId: "compared", line: 7, column: 9, endLine: 7, endColumn: 34 }] },
    { code: "class W {\n  set(name, value) {\n    this[name] = value;\n  }\n  update(next) {\n    if (JSON.stringify(this.last) !== JSON.stringify(next)) this.last = next;\n  }\n}", filename: "w.js", errors: [{ messageId: "compared", line: 6, column: 9, endLine: 6, endColumn: 34 }] },
    { code: "class W {\n  load(source) {\n    ({ last: this.last } = source);\n  }\n  update(next) {\n    if (JSON.stringify(this.last) !== JSON.stringify(next)) this.last = next;\n  }\n}", filename: "w.js", errors: [{ messageId: "compared", line: 6, column: 9, endLine: 6, endColumn: 34 }] },
    { code: "export class Group {\n  private slots: object[] = [];\n  refresh(target: object[]) {\n    if (this._equal(target)) return false;\n    this.slots = JSON.parse(JSON.stringify(target));\n    return true;\n  }\n  _equal(other: object[]) {\n    return JSON.stringify(this.slots) === JSON.stringify(other);\n  }\n}", errors: [{ messageId: "compared", line: 9, column: 12, endLine: 9, endColumn: 38 }] },
    { code: "let previous = {};\nexport function onState(state, key, value) {\n  if (JSON.stringify(state) === JSON.stringify(previous)) return;\n  previous = state;\n  const alias = previous;\n  alias[key] = value;\n}", errors: [{ messageId: "compared", line: 3, column: 7, endLine: 3, endColumn: 28 }] },
    // Second review: something leaves or waits between "changed" and the store; the value comes from a loop,
    // directly, through a const in its body or through a function called once per element; a JavaScript field a
    // base class, an accessor or a string key can write; a member of the copy handed to a function; a nested var.
    { code: "let owner: object | null = null;\nexport function acquire(who: object) {\n  if (JSON.stringify(owner) === JSON.stringify(who)) return true;\n  if (owner !== null) return false;\n  owner = who;\n  return true;\n}", errors: [{ messageId: "compared", line: 3, column: 7, endLine: 3, endColumn: 28 }] },
    { code: "export class C {\n  #options: object | null = null;\n  init(options: object) {\n    if (JSON.stringify(this.#options) !== JSON.stringify(options)) {\n      if (this.#options) throw new Error('other options');\n      this.#options = options;\n    }\n  }\n}", errors: [{ messageId: "compared", line: 4, column: 9, endLine: 4, endColumn: 38 }] },
    { code: "export class C {\n  #last: object | null = null;\n  async push(next: object) {\n    if (JSON.stringify(this.#last) === JSON.stringify(next)) return;\n    await save(next);\n    this.#last = next;\n  }\n}", errors: [{ messageId: "compared", line: 4, column: 9, endLine: 4, endColumn: 35 }] },
    { code: "export function rowsChanged(rows: { data: object }[]) {\n  const out: object[] = [];\n  let previous: object | undefined;\n  for (const r of rows) {\n    const row = r.data;\n    if (JSON.stringify(previous) !== JSON.stringify(row)) { out.push(row); previous = { ...row }; }\n  }\n  return out;\n}", errors: [{ messageId: "compared", line: 6, column: 9, endLine: 6, endColumn: 33 }] },
    { code: "let previous: object | undefined;\nconst out: object[] = [];\nfunction keep(row: object) {\n  if (JSON.stringify(row) === JSON.stringify(previous)) return;\n  out.push(row);\n  previous = row;\n}\nexport function dedupe(rows: object[]) {\n  rows.forEach(keep);\n  return out;\n}", errors: [{ messageId: "compared", line: 4, column: 7, endLine: 4, endColumn: 26 }] },
    { code: "export class Rows {\n  #last: object | null = null;\n  out: object[] = [];\n  #push(row: object) {\n    if (JSON.stringify(this.#last) === JSON.stringify(row)) return;\n    this.out.push(row);\n    this.#last = row;\n  }\n  add(rows: object[]) {\n    for (const row of rows) this.#push(row);\n  }\n}", errors: [{ messageId: "compared", line: 5, column: 9, endLine: 5, endColumn: 35 }] },
    { code: "import { Base } from './base.js';\nexport class Sync extends Base {\n  push(next) {\n    if (JSON.stringify(this.last) !== JSON.stringify(next)) this.last = next;\n  }\n}", filename: "sync.js", errors: [{ messageId: "compared", line: 4, column: 9, endLine: 4, endColumn: 34 }] },
    { code: "export class Sync {\n  constructor() {\n    this.last = null;\n  }\n  push(next) {\n    if (JSON.stringify(this.last) !== JSON.stringify(next)) this.last = next;\n  }\n}\nexport function seed(s, v) {\n  s['last'] = v;\n}", filename: "sync.js", errors: [{ messageId: "compared", line: 6, column: 9, endLine: 6, endColumn: 34 }] },
    { code: "export class C {\n  #last: { meta: object } | null = null;\n  push(next: { meta: object }) {\n    if (JSON.stringify(this.#last) !== JSON.stringify(next)) {\n      this.#last = structuredClone(next);\n      normalize(this.#last.meta);\n    }\n  }\n}", errors: [{ messageId: "compared", line: 4, column: 9, endLine: 4, endColumn: 35 }] },
    { code: "let previous;\nexport function onState(state, saved) {\n  if (saved) {\n    var previous = saved;\n  }\n  if (JSON.stringify(state) === JSON.stringify(previous)) return;\n  previous = state;\n}", errors: [{ messageId: "compared", line: 6, column: 7, endLine: 6, endColumn: 28 }] },
    // Third review: a loop one call or one closure away; a look at the stored value before the store (assert,
    // invariant) pins it; a private accessor; a duplicate guard that throws on "same".
    { code: "export class Deduper {\n  #last: object | undefined;\n  out: object[] = [];\n  #keep(row: object) {\n    if (JSON.stringify(this.#last) === JSON.stringify(row)) return;\n    this.out.push(row);\n    this.#last = { ...row };\n  }\n  run(rows: object[]) {\n    rows.forEach((row) => this.#keep(row));\n    return this.out;\n  }\n}", errors: [{ messageId: "compared", line: 5, column: 9, endLine: 5, endColumn: 35 }] },
    { code: "export function dedupe(rows: object[]) {\n  let last: object | undefined;\n  const out: object[] = [];\n  const keep = (row: object) => {\n    if (JSON.stringify(last) === JSON.stringify(row)) return;\n    out.push(row);\n    last = row;\n  };\n  for (const row of rows) keep(row);\n  return out;\n}", errors: [{ messageId: "compared", line: 5, column: 9, endLine: 5, endColumn: 29 }] },
    { code: "export class Steps {\n  #last: object | undefined;\n  #keep(row: object) {\n    if (JSON.stringify(this.#last) === JSON.stringify(row)) return;\n    this.#last = row;\n  }\n  #step(row: object) {\n    this.#keep(row);\n  }\n  run(rows: object[]) {\n    for (const row of rows) this.#step(row);\n  }\n}", errors: [{ messageId: "compared", line: 4, column: 9, endLine: 4, endColumn: 35 }] },
    { code: "import assert from 'node:assert';\nexport class Client {\n  #options: object | undefined;\n  init(options: object) {\n    if (JSON.stringify(this.#options) !== JSON.stringify(options)) {\n      assert(this.#options === undefined, 'already initialized');\n      this.#options = structuredClone(options);\n    }\n  }\n}", errors: [{ messageId: "compared", line: 5, column: 9, endLine: 5, endColumn: 38 }] },
    { code: "let owner: object | null = null;\nexport function acquire(who: object) {\n  if (JSON.stringify(owner) === JSON.stringify(who)) return true;\n  invariant(owner === null, 'taken');\n  owner = who;\n  return true;\n}", errors: [{ messageId: "compared", line: 3, column: 7, endLine: 3, endColumn: 28 }] },
    { code: "export class C {\n  #store = new Map<string, object>();\n  get #last() { return this.#store.get('last'); }\n  set #last(v) { this.#store.set('last', { ...v, seen: true }); }\n  push(next: object) {\n    if (JSON.stringify(this.#last) !== JSON.stringify(next)) this.#last = next;\n  }\n}", errors: [{ messageId: "compared", line: 6, column: 9, endLine: 6, endColumn: 35 }] },
    { code: "let last: object | undefined;\nexport function submit(req: object) {\n  if (JSON.stringify(last) === JSON.stringify(req)) throw new Error('duplicate submission');\n  last = structuredClone(req);\n  send(req);\n}", errors: [{ messageId: "compared", line: 3, column: 7, endLine: 3, endColumn: 27 }] },
    // A field typed only `null` by its initializer says nothing of what an untyped parameter later puts there.
    { code: "export class Client {\n  #options = null;\n  init(options) {\n    if (JSON.stringify(options) === JSON.stringify(this.#options)) return;\n    if (this.#options !== null) throw new Error('other options');\n    this.#options = options;\n  }\n}", filename: "client.js", errors: [{ messageId: "compared", line: 4, column: 9, endLine: 4, endColumn: 32 }] },
    // Keys: Map/Set/cache methods, element access, `in`, computed properties, names that say key, memoize resolvers.
    { code: "cache.get(JSON.stringify(args));", errors: [{ messageId: "key", line: 1, column: 11, endLine: 1, endColumn: 31 }] },
    { code: "seen.add(JSON.stringify(item));", errors: [{ messageId: "key", line: 1, column: 10, endLine: 1, endColumn: 30 }] },
    { code: "memo[JSON.stringify(query)] = result;", errors: [{ messageId: "key", line: 1, column: 6, endLine: 1, endColumn: 27 }] },
    { code: "if (JSON.stringify(q) in memo) {}", errors: [{ messageId: "key", line: 1, column: 5, endLine: 1, endColumn: 22 }] },
    { code: "const index = { [JSON.stringify(k)]: v };", errors: [{ messageId: "key", line: 1, column: 18, endLine: 1, endColumn: 35 }] },
    { code: "const cacheKey = JSON.stringify(params);", errors: [{ messageId: "key", line: 1, column: 18, endLine: 1, endColumn: 40 }] },
    { code: "const k = `${url}|${JSON.stringify(opts)}`;\nif (!inflight.has(k)) {}", errors: [{ messageId: "key", line: 1, column: 21, endLine: 1, endColumn: 41 }] },
    { code: "const lookup = memoize(load, (...args) => JSON.stringify(args));", errors: [{ messageId: "key", line: 1, column: 43, endLine: 1, endColumn: 63 }] },
    { code: "const options = { cacheKey: (req) => JSON.stringify(req.query) };", errors: [{ messageId: "key", line: 1, column: 38, endLine: 1, endColumn: 63 }] },
    { code: "const { stringify } = JSON;\nmap.set(stringify(k), v);", errors: [{ messageId: "key", line: 2, column: 9, endLine: 2, endColumn: 21 }] },
  ],
});

describe("no-json-stringify-identity fix", () => {
  it("replaces JSON.stringify fed to a hash with canonicalize, importing it after the file's imports", () => {
    const code = 'import { createHash } from "node:crypto";\nexport const digest = createHash("sha256").update(JSON.stringify(doc)).digest("hex");\n';
    expect(fixedText(code)).toBe(
      'import { createHash } from "node:crypto";\nimport { canonicalize } from "@detkit/runtime/json";\nexport const digest = createHash("sha256").update(canonicalize(doc)).digest("hex");\n',
    );
  });

  it("keeps comments and line breaks inside the call, and adds to an existing @detkit/runtime/json import", () => {
    const code = 'import { hash } from "@detkit/runtime/json";\nsha256(JSON.stringify(\n  doc, // the order document\n));\n';
    expect(fixedText(code)).toBe('import { hash, canonicalize } from "@detkit/runtime/json";\nsha256(canonicalize(\n  doc, // the order document\n));\n');
  });

  it("offers no fix for comparisons and keys, for a call with a second argument, or when canonicalize is taken", () => {
    for (const code of [
      "if (JSON.stringify(a) === JSON.stringify(b)) {}",
      "cache.get(JSON.stringify(args));",
      "sha256(JSON.stringify(doc, null));",
      "sha256(JSON.stringify(...parts));",
      "function canonicalize(v: unknown) { return String(v); }\nsha256(JSON.stringify(doc));",
    ]) {
      expect(lintWithFixes(rule, code).fixes).toEqual([]);
    }
  });
});
