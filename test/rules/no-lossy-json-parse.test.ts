import rule from "../../rules/no-lossy-json-parse.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    // Decoding one JSON string literal: the result is a string.
    'const decoded = JSON.parse(`"${raw.slice(1, 7)}"`);',
    // A deep copy: a double printed by JSON.stringify parses back to the same double.
    "const copy = JSON.parse(JSON.stringify(state));",
    // Text this file wrote with JSON.stringify: a const holding it, or a member it stores stringified.
    "const saved = JSON.stringify(state);\nconst restored = JSON.parse(saved);",
    "db.run(sql, { headers: JSON.stringify(entry.headers) });\nconst headers = JSON.parse(row.headers);",
    "row.vary = vary ? JSON.stringify(vary) : null;\nconst v = row.vary ? JSON.parse(row.vary) : undefined;",
    // A module reads back a file it writes with JSON.stringify (undici's snapshot recorder).
    "async function load(path: string) {\n  const data = await readFile(resolve(path), 'utf8');\n  return JSON.parse(data);\n}\nasync function save(path: string, data: object) {\n  const resolvedPath = resolve(path);\n  await writeFile(resolvedPath, JSON.stringify(data, null, 2));\n}",
    "const state = JSON.parse(fs.readFileSync(file).toString());\nfs.writeFileSync(file, JSON.stringify(state));",
    "function load(path: string) { return JSON.parse(readFileSync(path, 'utf8')); }\nfunction save(dir: string, state: object) { writeFileAtomic(join(dir, 'cache.json'), JSON.stringify(state)); }",
    // Typed by the program as a document without numbers (firebase-tools' export metadata, .firebaserc).
    "interface Meta { version: string; firestore?: { path: string; files: string[] }; flags: Record<string, boolean> }\nexport const read = (text: string) => JSON.parse(text) as Meta;",
    "interface Rc { projects: { [alias: string]: string } }\nexport function load(text: string): Rc {\n  return JSON.parse(text);\n}",
    "interface Claims { role: string | null; tags: readonly string[] }\nexport function f(text: string) {\n  const claims: Claims = JSON.parse(text);\n  return claims;\n}",
    "export const names = (text: string) => takeNames(JSON.parse(text));\ndeclare function takeNames(names: string[]): void;",
    // The project's own file helpers (firebase-tools' Cursor MCP configuration, read, merged and written back).
    "let existing: any = {};\nconst text = config.readProjectFile(MCP_PATH);\nif (text) existing = JSON.parse(text);\nexisting.mcpServers = { ...existing.mcpServers, firebase: server };\nconfig.writeProjectFile(MCP_PATH, JSON.stringify(existing, null, 2));",
    // The text held by a `let` the read assigns (firebase-tools' export metadata).
    "class Export {\n  static read(path: string) {\n    let text = '';\n    try {\n      text = readFileSync(path, 'utf8').toString();\n      return JSON.parse(text);\n    } catch {\n      throw new Error(`cannot parse ${text}`);\n    }\n  }\n  write(path: string, meta: object) {\n    writeFileSync(path, JSON.stringify(meta, undefined, 2));\n  }\n}",
    // Package manifests and compiler configuration hold no numeric data.
    'const pkg = JSON.parse(readFileSync(join(root, "..", "package.json"), "utf8"));',
    'const file = resolve(__dirname, "../../package.json");\nconst data = await readFile(file, "utf8");\nconst meta = JSON.parse(data);',
    // Through a .then callback (npm's version command), and a compiler configuration with a middle name (lerna).
    'const pj = resolve(prefix, "package.json");\nconst pkg = await readFile(pj, "utf8").then((data) => JSON.parse(data));',
    'const raw = readFileSync(join(root, "tsconfig.base.json"), "utf-8");\nconst paths = JSON.parse(raw.replace(/^\\s*\\/\\/.*$/gm, "")).compilerOptions.paths;',
    "const config = JSON.parse(fs.readFileSync('tsconfig.json', 'utf8'));",
    // Literals that hold only safe integers (or no numbers) lose nothing.
    "const empty = JSON.parse('{}');",
    'const flags = JSON.parse(\'{"retries": 3, "name": "v1.2.3e4"}\');',
    "const list = JSON.parse(`[1, 2, -9007199254740991]`);",
    // A reviver that reads each value's source text keeps every digit.
    "const data = JSON.parse(text, (key, value, { source }) => (typeof value === 'number' ? BigInt(source) : value));",
    // A test comparing what the code under test printed with expected values (fastify's and zod's tests).
    "t.assert.deepStrictEqual(JSON.parse(res.payload), { error: 'Internal Server Error', statusCode: 500 });",
    "t.assert.deepStrictEqual({ hello: 'world' }, JSON.parse(res.payload));",
    "async function f() {\n  const response = await fetch(u);\n  t.assert.deepStrictEqual(await response.json(), { statusCode: 404 });\n}",
    "const body = JSON.parse(res.payload);\nt.assert.strictEqual(body.message, 'boom');\nt.assert.strictEqual(body['statusCode'], 500);",
    "expect(JSON.parse(e.message)).toEqual([{ code: 'invalid_union', path: [0] }]);",
    "expect(JSON.parse(out)).not.toStrictEqual({ ratio: 0.25 });",
    // Shadowing and unrelated parse/json methods.
    "function f(JSON: { parse(t: string): unknown }) { return JSON.parse(t); }",
    'import { JSON } from "./lossless";\nJSON.parse(text);',
    'import { parse } from "detkit/json";\nparse(text, { numbers: "decimal" });',
    "const url = new URL(href);\nurl.searchParams.get('a');",
    "const parsed = yaml.parse(text);",
    // Express's res.json(body) sends; Response.json(data) builds a response; a bare object's json() is unknown.
    "app.get('/', (req, res) => res.json({ ok: true }));",
    "export function GET() { return Response.json({ ok: true }); }",
    "async function f(client: Client) { return client.json(); }",
    "async function f() { const res = await db.query(sql); return res.json(); }",
    // A local fetch, and express's Request type, are not the web ones.
    "const fetch = (url: string) => cache.get(url);\nasync function f() { return (await fetch(u)).json(); }",
    'import type { Request } from "express";\nexport async function handle(req: Request) { return req.json(); }',
    "interface Response { json(): Promise<string> }\nfunction f(res: Response) { return res.json(); }",
    // A let may hold something else by the time it is read.
    "let res = await fetch(u);\nres = cached;\nawait res.json();",
    // undici's request result has no json(); only its body does. axios with a text response is not parsed.
    'import { request } from "undici";\nconst r = await request(u);\nr.statusCode;',
    'import axios from "axios";\nconst { data } = await axios.get(u, { responseType: "text" });',
    'import axios from "axios";\nconst res = await axios.get(u);\nres.status;',
    // Only strings and presence are read (zod's JWT check): whatever numbers the header holds, none is read.
    'function isJwt(part: string) {\n  const header = JSON.parse(atob(part));\n  if (typeof header !== "object" || header === null) return false;\n  if ("typ" in header && header?.typ !== "JWT") return false;\n  return !header.alg ? false : true;\n}',
    'const meta = JSON.parse(text);\nif (typeof meta.kind === "string" && meta["kind"] === "order") ok();',
    // A library parse of this program's own output, and a same-named function of another module.
    'import { parse } from "secure-json-parse";\nconst copy = parse(JSON.stringify(state));',
    'import { parse } from "./my-json";\nconst data = parse(text);',
    // Compared with a value whose type holds no number (zod's `decoded.alg !== alg`).
    'function isJwt(part: string, alg?: string) {\n  const decoded = JSON.parse(atob(part));\n  if (!decoded.alg) return false;\n  return !(alg && decoded.alg !== alg);\n}',
    'type Algorithm = "HS256" | "RS256" | (string & {});\nfunction check(text: string, expected: Algorithm | null) {\n  const header = JSON.parse(text);\n  return header.alg === expected;\n}',
    // A member read only once narrowed to a string (engine.io's session id).
    'function sessionId(data: string): string | undefined {\n  const parsed = JSON.parse(data);\n  if (typeof parsed.sid === "string") return parsed.sid;\n  return undefined;\n}',
    'export const sid = (data: string) => {\n  const parsed = JSON.parse(data);\n  return typeof parsed.sid === "string" && parsed.sid.length > 0 ? parsed.sid : null;\n};',
    // A fragment this program serialized, completed into a document (pino's bindings).
    "function bindings(chindings: string) {\n  const json = `{${chindings.substr(1)}}`;\n  return JSON.parse(json);\n}",
    'const items = JSON.parse("[" + lines.join(",") + "]");',
    // An XMLHttpRequest's text response, and a response that is no XMLHttpRequest's.
    'declare class XMLHttpRequest { response: any; responseType: string; responseText: string; open(m: string, u: string): void; send(): void; }\nexport function textOf(xhr: XMLHttpRequest) {\n  xhr.responseType = "text";\n  return xhr.response;\n}',
    "const res = { responseType: 'json', response: '{}' };\nswitch (res.responseType) {\n  case 'json':\n    use(res.response);\n}",
  ],
  invalid: [
    // A .then callback's text from anything but a manifest is still data.
    {
      code: 'const body = await readFile(path, "utf8").then((data) => JSON.parse(data));',
      errors: [{ messageId: "parse", line: 1, column: 58, endLine: 1, endColumn: 74 }],
    },
    // A member read for its value, or compared with something other than a string, may be a number.
    { code: 'const header = JSON.parse(text);\nif (header.typ !== "JWT") reject();\nif (header.exp < now) expire();', errors: [{ messageId: "parse", line: 1, column: 16, endLine: 1, endColumn: 32 }] },
    { code: "const header = JSON.parse(text);\nif (header.version === 2) upgrade();", errors: [{ messageId: "parse", line: 1, column: 16, endLine: 1, endColumn: 32 }] },
    // A `let` also given text from elsewhere.
    {
      code: "let text = '';\ntext = await response.text();\nif (!text) text = readFileSync(path, 'utf8');\nconst data = JSON.parse(text);\nwriteFileSync(path, JSON.stringify(data));",
      errors: [{ messageId: "parse", line: 4, column: 14, endLine: 4, endColumn: 30 }],
    },
    // A declared shape with a number somewhere, or none that says anything.
    {
      code: "interface Order { id: string; lines: { sku: string; price: number }[] }\nexport const read = (text: string) => JSON.parse(text) as Order;",
      errors: [{ messageId: "parse", line: 2, column: 39, endLine: 2, endColumn: 55 }],
    },
    { code: "export const read = <T>(text: string): T => JSON.parse(text);", errors: [{ messageId: "parse", line: 1, column: 45, endLine: 1, endColumn: 61 }] },
    { code: "export const read = (text: string) => JSON.parse(text) as Record<string, unknown>;", errors: [{ messageId: "parse", line: 1, column: 39, endLine: 1, endColumn: 55 }] },
    // A file helper's text, in a module that writes no JSON.stringify output to files.
    { code: "const text = loadFile(path);\nconst data = JSON.parse(text);\nsaveFile(out, render(data));", errors: [{ messageId: "parse", line: 2, column: 14, endLine: 2, endColumn: 30 }] },
    { code: "const data = JSON.parse(text);", errors: [{ messageId: "parse", line: 1, column: 14, endLine: 1, endColumn: 30 }] },
    { code: 'const n = JSON.parse(\'{"id": 12345678901234567890}\');', errors: [{ messageId: "parse", line: 1, column: 11, endLine: 1, endColumn: 53 }] },
    // A member name this file never stringifies, and a file that is not a manifest.
    { code: "store.set(k, JSON.stringify(v));\nJSON.parse(row.body);", errors: [{ messageId: "parse", line: 2, column: 1, endLine: 2, endColumn: 21 }] },
    // Reading a file in a module that does not write JSON files.
    { code: 'JSON.parse(readFileSync("orders.json", "utf8"));', errors: [{ messageId: "parse", line: 1, column: 1, endLine: 1, endColumn: 48 }] },
    // An assertion whose expected value has more digits than a double keeps passes on a wrong document.
    { code: "t.assert.deepStrictEqual(JSON.parse(res.payload), { id: 12345678901234567890 });", errors: [{ messageId: "parse", line: 1, column: 26, endLine: 1, endColumn: 49 }] },
    { code: "expect(JSON.parse(out)).toEqual({ price: 0.12345678901234567 });", errors: [{ messageId: "parse", line: 1, column: 8, endLine: 1, endColumn: 23 }] },
    // A parsed body that is also used for something else than an assertion.
    { code: "const body = JSON.parse(text);\nassert.ok(body);\nsave(body);", errors: [{ messageId: "parse", line: 1, column: 14, endLine: 1, endColumn: 30 }] },
    // Compared with a number, or with a value of unknown type (untyped JavaScript): the digits decide the answer.
    { code: "function f(text: string, id: number) {\n  const doc = JSON.parse(text);\n  return doc.id === id;\n}", errors: [{ messageId: "parse", line: 2, column: 15, endLine: 2, endColumn: 31 }] },
    { code: "function f(text, alg) {\n  const doc = JSON.parse(text);\n  return doc.alg !== alg;\n}", filename: "a.js", errors: [{ messageId: "parse", line: 2, column: 15, endLine: 2, endColumn: 31 }] },
    // A member returned without a narrowing to string may be a number.
    { code: "function pingInterval(data: string) {\n  const parsed = JSON.parse(data);\n  if (parsed.sid) return parsed.pingInterval;\n}", errors: [{ messageId: "parse", line: 2, column: 18, endLine: 2, endColumn: 34 }] },
    { code: 'function pick(data: string) {\n  const parsed = JSON.parse(data);\n  if (typeof parsed.sid === "string") return parsed.ttl;\n}', errors: [{ messageId: "parse", line: 2, column: 18, endLine: 2, endColumn: 34 }] },
    // Text built around data is not a fragment of this program's output.
    { code: "const order = JSON.parse(`{\"amount\": ${amount}}`);", errors: [{ messageId: "parse", line: 1, column: 15, endLine: 1, endColumn: 50 }] },
    // Libraries that parse as JSON.parse does (fastify's body parser uses secure-json-parse).
    { code: "const { parse: secureJsonParse } = require('secure-json-parse');\ndone(null, secureJsonParse(body, options));", filename: "a.cjs", errors: [{ messageId: "libraryParse", line: 2, column: 12, endLine: 2, endColumn: 42 }] },
    { code: 'import JSON5 from "json5";\nexport const config = JSON5.parse(text);', errors: [{ messageId: "libraryParse", line: 2, column: 23, endLine: 2, endColumn: 40 }] },
    { code: 'import parseJson from "parse-json";\nexport const data = parseJson(text);', errors: [{ messageId: "libraryParse", line: 2, column: 21, endLine: 2, endColumn: 36 }] },
    { code: "const n = JSON.parse('[0.1]');", errors: [{ messageId: "parse", line: 1, column: 11, endLine: 1, endColumn: 30 }] },
    // The global object, aliases, destructuring, a reviver that sees only the double.
    { code: "globalThis.JSON.parse(text);", errors: [{ messageId: "parse", line: 1, column: 1, endLine: 1, endColumn: 28 }] },
    { code: "const J = JSON;\nJ.parse(text);", errors: [{ messageId: "parse", line: 2, column: 1, endLine: 2, endColumn: 14 }] },
    { code: "const { parse } = JSON;\nparse(text);", errors: [{ messageId: "parse", line: 2, column: 1, endLine: 2, endColumn: 12 }] },
    { code: "JSON.parse(text, (key, value) => value);", errors: [{ messageId: "parse", line: 1, column: 1, endLine: 1, endColumn: 40 }] },
    // Handed over as a value.
    { code: "lines.map(JSON.parse);", errors: [{ messageId: "parseValue", line: 1, column: 11, endLine: 1, endColumn: 21 }] },
    { code: "const body = await readFile(p, 'utf8').then(JSON.parse);", errors: [{ messageId: "parseValue", line: 1, column: 45, endLine: 1, endColumn: 55 }] },
    // fetch: awaited, through a const, through then(), cloned, by a parameter typed Response or Request.
    {
      code: "export const data = await (await fetch(url)).json();",
      errors: [{ messageId: "bodyJson", line: 1, column: 27, endLine: 1, endColumn: 52 }],
    },
    {
      code: "const res = await fetch(url);\nconst data = await res.json();",
      errors: [{ messageId: "bodyJson", line: 2, column: 20, endLine: 2, endColumn: 30 }],
    },
    {
      code: "fetch(url).then((r) => r.json()).then(render);",
      errors: [{ messageId: "bodyJson", line: 1, column: 24, endLine: 1, endColumn: 32 }],
    },
    {
      code: "const res = await globalThis.fetch(url);\nawait res.clone().json();",
      errors: [{ messageId: "bodyJson", line: 2, column: 7, endLine: 2, endColumn: 25 }],
    },
    {
      code: "export async function POST(request: Request) {\n  const order = await request.json();\n}",
      errors: [{ messageId: "bodyJson", line: 2, column: 23, endLine: 2, endColumn: 37 }],
    },
    {
      code: "async function read(res: Response) { return res.json(); }",
      errors: [{ messageId: "bodyJson", line: 1, column: 45, endLine: 1, endColumn: 55 }],
    },
    // Imported fetch implementations and clients, named and default, ESM and CommonJS.
    {
      code: 'import { fetch as get } from "undici";\nconst r = await get(u);\nawait r.json();',
      errors: [{ messageId: "bodyJson", line: 3, column: 7, endLine: 3, endColumn: 15 }],
    },
    {
      code: 'const fetch = require("node-fetch");\nconst r = await fetch(u);\nawait r.json();',
      filename: "a.cjs",
      errors: [{ messageId: "bodyJson", line: 3, column: 7, endLine: 3, endColumn: 15 }],
    },
    {
      code: 'import { request } from "undici";\nconst { statusCode, body } = await request(u);\nconst data = await body.json();',
      errors: [{ messageId: "bodyJson", line: 3, column: 20, endLine: 3, endColumn: 31 }],
    },
    {
      code: 'import * as undici from "undici";\nconst res = await undici.request(u);\nawait res.body.json();',
      errors: [{ messageId: "bodyJson", line: 3, column: 7, endLine: 3, endColumn: 22 }],
    },
    {
      code: 'import got from "got";\nconst data = await got.post(u, { json: input }).json();',
      errors: [{ messageId: "bodyJson", line: 2, column: 20, endLine: 2, endColumn: 55 }],
    },
    {
      code: 'import ky from "ky";\nconst user = await ky(u).json();',
      errors: [{ messageId: "bodyJson", line: 2, column: 20, endLine: 2, endColumn: 32 }],
    },
    // axios has parsed the data already.
    {
      code: 'import axios from "axios";\nconst { data } = await axios.get(u);',
      errors: [{ messageId: "axiosData", line: 2, column: 9, endLine: 2, endColumn: 13 }],
    },
    {
      code: 'const axios = require("axios");\nconst res = await axios({ url: u });\nuse(res.data);',
      filename: "a.cjs",
      errors: [{ messageId: "axiosData", line: 3, column: 5, endLine: 3, endColumn: 13 }],
    },
    // An XMLHttpRequest whose responseType is "json" has parsed the body (rxjs' getXHRResponse, reduced).
    {
      code: 'declare class XMLHttpRequest { response: any; responseType: string; responseText: string; open(m: string, u: string): void; send(): void; }\n' + "export function responseOf(xhr: XMLHttpRequest) {\n  switch (xhr.responseType) {\n    case 'json':\n      return xhr.response;\n    default:\n      return xhr.response;\n  }\n}",
      errors: [{ messageId: "xhrJson", line: 5, column: 14, endLine: 5, endColumn: 26 }],
    },
    {
      code: 'declare class XMLHttpRequest { response: any; responseType: string; responseText: string; open(m: string, u: string): void; send(): void; }\n' + "const xhr = new XMLHttpRequest();\nxhr.responseType = 'json';\nxhr.open('GET', url);\nxhr.send();\nexport const body = () => xhr.response;",
      errors: [{ messageId: "xhrJson", line: 6, column: 27, endLine: 6, endColumn: 39 }],
    },
  ],
});
