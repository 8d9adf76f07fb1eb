import rule from "../../rules/no-unsorted-directory-listing.js";
import { ruleTester } from "../helpers/rule-tester.js";

const FS = 'import fs, { readdirSync, readdir } from "node:fs";\n';

ruleTester(rule, {
  valid: [
    // Sorted before the order is used: directly, through a chain, through a variable, or by a sorting wrapper.
    FS + "const names = readdirSync(dir).sort();",
    FS + "const names = readdirSync(dir).filter((n) => n.endsWith('.js')).sort();",
    FS + "export function f(dir: string) { return readdirSync(dir).toSorted(); }",
    FS + "const files = readdirSync(dir);\nfiles.sort();\nfor (const f of files) load(f);",
    FS + "const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));",
    FS + 'import { sortBy } from "detkit/collections";\nconst files = sortBy(readdirSync(dir), (f) => f);',
    'import { readdir } from "node:fs/promises";\nexport async function f(d: string) { return (await readdir(d)).sort(); }',
    'import { readdir } from "node:fs/promises";\nexport async function f(d: string) { const names = await readdir(d); names.sort(); return names; }',
    'import { readdir } from "node:fs/promises";\nreaddir(d).then((names) => names.sort()).then(print);',
    FS + "readdir(dir, (err, names) => { names.sort(); names.forEach(print); });",
    // A sort inside a try block or a plain block runs before the reads after it.
    FS + "export function f(d: string) { const files = readdirSync(d); try { files.sort(); } finally { done(); } return files; }",
    // Questions whose answer does not depend on the order.
    FS + "const empty = readdirSync(dir).length === 0;",
    FS + "if (readdirSync(dir).includes('package.json')) build();",
    FS + "const hasTests = readdirSync(dir).some((n) => n.endsWith('.test.ts'));",
    FS + "const count = readdirSync(dir).filter((n) => n.endsWith('.js')).length;",
    FS + "const known = new Set(readdirSync(dir));\nexport const has = (name: string) => known.has(name);",
    FS + "const files = readdirSync(dir);\nif (files.length > 0 && files.includes('a')) go();",
    FS + "readdirSync(dir);",
    FS + "const names = readdirSync(dir);\nif (Array.isArray(names)) count(names.length);",
    FS + "const all: string[] = [];\nconst names = readdirSync(dir);\nall.push.apply(all, names.sort());",
    'import { readdir } from "node:fs/promises";\nexport async function f(d: string) { return (await readdir(d).catch(() => [])).sort(); }',
    // Read by position only where it holds one entry (firebase-tools' remoteSource and studio export).
    FS + "const files = readdirSync(dir);\nif (files.length === 1) unpack(files[0]);",
    FS + "const items = readdirSync(dir);\nconst root = items.length === 1 && isDir(items[0]) ? items[0] : dir;",
    // Each pass changes only its own entry's files: the changes commute (firebase-tools' cleanup loops).
    'import { readdir, rm } from "node:fs/promises";\nimport { join } from "node:path";\nexport async function clean(d: string) {\n  for (const file of await readdir(d)) {\n    if (file !== "node_modules") await rm(join(d, file), { recursive: true });\n  }\n}',
    FS + 'import * as path from "node:path";\nfor (const f of readdirSync(dir)) {\n  const full = path.join(dir, f);\n  if (!f.endsWith(".tmp")) continue;\n  try { fs.unlinkSync(full); } catch {}\n}',
    FS + 'import { join } from "node:path";\nreaddirSync(src).forEach((name) => fs.copyFileSync(join(src, name), join(out, name)));',
    FS + 'import { join } from "node:path";\nreaddirSync(src).forEach((name) => { if (name.startsWith(".")) return; fs.renameSync(join(src, name), join(out, name)); });',
    // Dirents sorted by a comparator, or their names sorted.
    FS + "export const a = readdirSync(x, { withFileTypes: true }).sort((p, q) => (p.name < q.name ? -1 : p.name > q.name ? 1 : 0));",
    FS + "export const b = readdirSync(y, { withFileTypes: true }).map((e) => e.name).sort();",
    // A template path that ends in a separator and the entry's name is that entry's own, as join's is.
    FS + "for (const f of readdirSync(dir)) fs.unlinkSync(`${dir}/${f}`);",
    FS + "readdirSync(src, { withFileTypes: true }).forEach((e) => fs.copyFileSync(`${src}/${e.name}`, `${out}/${e.name}`));",
    // npm ci: every entry removed at once; the settled list holds nothing, one per entry.
    'import { readdir, rm } from "node:fs/promises";\nimport * as path from "node:path";\nexport async function empty(d: string) {\n  const entries = await readdir(d).catch(() => []);\n  return Promise.all(entries.map((folder) => {\n    return rm(path.join(d, folder), { force: true, recursive: true });\n  }));\n}',
    // A search for any match: nothing changes, and every exit leaves with the same value (firebase-tools' next utils).
    'import { readFile } from "node:fs/promises";\nimport { glob } from "glob";\nexport async function usesImage(d: string) {\n  for (const file of await glob(d + "/**/*.html")) {\n    const html = await readFile(file, "utf-8");\n    if (html.includes("data-nimg")) return true;\n  }\n  return false;\n}',
    // graceful-fs sorts what its callback readdir gives, and fs-extra's readdir is graceful-fs's.
    'import gfs from "graceful-fs";\ngfs.readdir(dir, (err, names) => names.forEach(load));',
    'import fse from "fs-extra";\nexport async function f(d: string) { return (await fse.readdir(d)).map(load); }',
    // Entries collected into an array that is sorted, or read only where it holds one (npm's install completion,
    // whose test calls its own function, stays reported: that function could keep the first match).
    'import { readdir } from "node:fs/promises";\nexport async function configs(d: string) {\n  const found: string[] = [];\n  for (const name of await readdir(d)) {\n    if (name.endsWith(".json")) found.push(name);\n  }\n  return found.sort();\n}',
    'import { readdir } from "node:fs/promises";\nexport async function only(d: string) {\n  const matches: string[] = [];\n  for (const sibling of await readdir(d)) {\n    if (sibling.startsWith(prefix)) matches.push(sibling);\n  }\n  if (matches.length === 1) return [matches[0]];\n  return [];\n}',
    FS + "const kept: string[] = [];\nreaddirSync(dir).forEach((f) => { if (f.startsWith('.')) return; kept.push(f); });\nexport const count = kept.length;",
    // A search for one name: a directory holds each name once (firebase-tools' export metadata lookups).
    FS + "const meta = readdirSync(dir).find((f) => f === 'metadata.json');",
    FS + "const entry = readdirSync(dir, { withFileTypes: true }).find((e) => e.name === wanted);",
    // Tests of membership or size (firebase-tools' agentSkills spec with chai, Jest's toContain).
    FS + "expect(readdirSync(dir)).to.include('firebase-basics');\nexpect(readdirSync(dir)).to.have.lengthOf(3);\nexpect(readdirSync(dir)).to.be.empty;",
    FS + "expect(readdirSync(dir)).toContain('index.js');\nexpect(readdirSync(dir)).to.have.members(['a', 'b']);",
    // A test expecting no entry or one: another length fails whatever the order (lerna's and npm's tests).
    FS + "expect(readdirSync(dir)).toEqual([]);\nexpect(readdirSync(out)).toStrictEqual(['index.js']);",
    FS + "t.strictSame(readdirSync(dir), [], 'nothing left behind');",
    // The result is not the listing.
    FS + "readdir(dir, (err) => { if (err) throw err; });",
    // Local functions of the same names, and glob 7's sorted glob.sync.
    "function readdirSync(d: string) { return [d]; }\nfor (const f of readdirSync('x')) use(f);",
    'import glob from "glob";\nfor (const f of glob.sync("*.js")) use(f);',
    "const fs = { readdirSync: (d: string) => [d] };\nfor (const f of fs.readdirSync('x')) use(f);",
  ],
  invalid: [
    {
      name: "a Set iterates in insertion order",
      code: FS + "export const folders = [...new Set(readdirSync(dir))].join('\\n');",
      errors: [{ messageId: "unsortedListing", line: 2, column: 36, endLine: 2, endColumn: 52 }],
      output: FS + "export const folders = [...new Set(readdirSync(dir).sort())].join('\\n');",
    },
    {
      name: "second review: names from a recursive or remapped listing, options not seen, a test that changes state, reads of another pass's file, var, arguments, a prefix, export { }, exits equal only in text",
      code:
        FS +
        'import { join } from "node:path";\n' +
        "for (const e of readdirSync(a, { withFileTypes: true, recursive: true })) if (e.isFile()) fs.writeFileSync(join(out, e.name), '');\n" +
        "export const idx = readdirSync(c, { withFileTypes: true }).map((e) => ({ name: e.name.toLowerCase(), e })).find((x) => x.name === 'readme.md');\n" +
        "export const named = readdirSync(d, opts).find((e) => e.name === 'x');\n" +
        "export function claimed(g: string) { const out: string[] = []; for (const f of readdirSync(g)) if (claim(f)) out.push(f); return out.sort(); }\n" +
        "for (const f of readdirSync(h)) fs.writeFileSync(join(h, f), fs.readFileSync(join(h, 'LICENSE'), 'utf8'));\n" +
        "export function firstConfig(k: string) { for (var f of readdirSync(k)) { if (f.startsWith('config.')) break; } return f; }\n" +
        "readdirSync(m).forEach(function (f) { fs.writeFileSync(join(out, f), String(arguments[1])); });\n" +
        "expect(readdirSync(n).slice(0, 1)).toEqual(['index.js']);\n" +
        "const registry: string[] = [];\nfor (const f of readdirSync(p)) if (f.endsWith('.js')) registry.push(f);\nexport { registry };\n" +
        "export function manager(q: string) { for (const f of readdirSync(q)) { if (f === 'yarn.lock') { const m = 'yarn'; return m; } if (f === 'package-lock.json') { const m = 'npm'; return m; } } return undefined; }",
      errors: [
        { messageId: "unsortedListing", line: 3, column: 17, endLine: 3, endColumn: 73 },
        { messageId: "unsortedListing", line: 4, column: 20, endLine: 4, endColumn: 59 },
        { messageId: "unsortedListing", line: 5, column: 22, endLine: 5, endColumn: 42 },
        { messageId: "unsortedListing", line: 6, column: 80, endLine: 6, endColumn: 94 },
        { messageId: "unsortedListing", line: 7, column: 17, endLine: 7, endColumn: 31 },
        { messageId: "unsortedListing", line: 8, column: 56, endLine: 8, endColumn: 70 },
        { messageId: "unsortedListing", line: 9, column: 1, endLine: 9, endColumn: 15 },
        { messageId: "unsortedListing", line: 10, column: 8, endLine: 10, endColumn: 22 },
        { messageId: "unsortedListing", line: 12, column: 17, endLine: 12, endColumn: 31 },
        { messageId: "unsortedListing", line: 14, column: 54, endLine: 14, endColumn: 68 },
      ],
      output:
        FS +
        'import { join } from "node:path";\n' +
        "for (const e of readdirSync(a, { withFileTypes: true, recursive: true })) if (e.isFile()) fs.writeFileSync(join(out, e.name), '');\n" +
        "export const idx = readdirSync(c, { withFileTypes: true }).map((e) => ({ name: e.name.toLowerCase(), e })).find((x) => x.name === 'readme.md');\n" +
        "export const named = readdirSync(d, opts).find((e) => e.name === 'x');\n" +
        "export function claimed(g: string) { const out: string[] = []; for (const f of readdirSync(g).sort()) if (claim(f)) out.push(f); return out.sort(); }\n" +
        "for (const f of readdirSync(h).sort()) fs.writeFileSync(join(h, f), fs.readFileSync(join(h, 'LICENSE'), 'utf8'));\n" +
        "export function firstConfig(k: string) { for (var f of readdirSync(k).sort()) { if (f.startsWith('config.')) break; } return f; }\n" +
        "readdirSync(m).sort().forEach(function (f) { fs.writeFileSync(join(out, f), String(arguments[1])); });\n" +
        "expect(readdirSync(n).sort().slice(0, 1)).toEqual(['index.js']);\n" +
        "const registry: string[] = [];\nfor (const f of readdirSync(p).sort()) if (f.endsWith('.js')) registry.push(f);\nexport { registry };\n" +
        "export function manager(q: string) { for (const f of readdirSync(q).sort()) { if (f === 'yarn.lock') { const m = 'yarn'; return m; } if (f === 'package-lock.json') { const m = 'npm'; return m; } } return undefined; }",
    },
    {
      name: "review: exits with different values, colliding or chained targets, the position, capped or counted collections, a let, an exported target, a recursive listing",
      code:
        FS +
        'import { join } from "node:path";\n' +
        "export function tool(a: string) { for (const f of readdirSync(a)) { if (f === 'Dockerfile') return 'docker'; if (f === 'docker-compose.yml') return 'compose'; } return undefined; }\n" +
        "export function first(b: string) { for (const f of readdirSync(b)) { if (f.endsWith('.ts')) return true; else return false; } return false; }\n" +
        "for (const f of readdirSync(c)) fs.writeFileSync(join(out, f.toLowerCase()), '');\n" +
        "for (const f of readdirSync(d)) fs.renameSync(join(d, f), join(d, f + '.old'));\n" +
        "readdirSync(e).forEach((f, i) => fs.writeFileSync(join(out, f), String(i)));\n" +
        "export function capped(g: string) { const out: string[] = []; for (const f of readdirSync(g)) if (out.length < 3) out.push(f); return out.sort(); }\n" +
        "export function numbered(h: string) { let next = 0; const mods: object[] = []; for (const f of readdirSync(h)) mods.push({ id: next++, file: f }); return mods.length; }\n" +
        "export function firstText(k: string) { for (const f of readdirSync(k)) { let text = fs.readFileSync(join(k, f), 'utf8'); if (text.includes('x')) return text; } return ''; }\n" +
        "export const registry: string[] = [];\nfor (const f of readdirSync(m)) if (f.endsWith('.js')) registry.push(f);\n" +
        "export const manifest = readdirSync(n, { withFileTypes: true, recursive: true }).find((e) => e.name === 'package.json');",
      errors: [
        { messageId: "unsortedListing", line: 3, column: 51, endLine: 3, endColumn: 65 },
        { messageId: "unsortedListing", line: 4, column: 52, endLine: 4, endColumn: 66 },
        { messageId: "unsortedListing", line: 5, column: 17, endLine: 5, endColumn: 31 },
        { messageId: "unsortedListing", line: 6, column: 17, endLine: 6, endColumn: 31 },
        { messageId: "unsortedListing", line: 7, column: 1, endLine: 7, endColumn: 15 },
        { messageId: "unsortedListing", line: 8, column: 79, endLine: 8, endColumn: 93 },
        { messageId: "unsortedListing", line: 9, column: 96, endLine: 9, endColumn: 110 },
        { messageId: "unsortedListing", line: 10, column: 56, endLine: 10, endColumn: 70 },
        { messageId: "unsortedListing", line: 12, column: 17, endLine: 12, endColumn: 31 },
        { messageId: "unsortedListing", line: 13, column: 25, endLine: 13, endColumn: 81 },
      ],
      output:
        FS +
        'import { join } from "node:path";\n' +
        "export function tool(a: string) { for (const f of readdirSync(a).sort()) { if (f === 'Dockerfile') return 'docker'; if (f === 'docker-compose.yml') return 'compose'; } return undefined; }\n" +
        "export function first(b: string) { for (const f of readdirSync(b).sort()) { if (f.endsWith('.ts')) return true; else return false; } return false; }\n" +
        "for (const f of readdirSync(c).sort()) fs.writeFileSync(join(out, f.toLowerCase()), '');\n" +
        "for (const f of readdirSync(d).sort()) fs.renameSync(join(d, f), join(d, f + '.old'));\n" +
        "readdirSync(e).sort().forEach((f, i) => fs.writeFileSync(join(out, f), String(i)));\n" +
        "export function capped(g: string) { const out: string[] = []; for (const f of readdirSync(g).sort()) if (out.length < 3) out.push(f); return out.sort(); }\n" +
        "export function numbered(h: string) { let next = 0; const mods: object[] = []; for (const f of readdirSync(h).sort()) mods.push({ id: next++, file: f }); return mods.length; }\n" +
        "export function firstText(k: string) { for (const f of readdirSync(k).sort()) { let text = fs.readFileSync(join(k, f), 'utf8'); if (text.includes('x')) return text; } return ''; }\n" +
        "export const registry: string[] = [];\nfor (const f of readdirSync(m).sort()) if (f.endsWith('.js')) registry.push(f);\n" +
        "export const manifest = readdirSync(n, { withFileTypes: true, recursive: true }).find((e) => e.name === 'package.json');",
    },
    {
      name: "subset and pattern tests are not equality: chai's include.ordered.members, tap's match",
      code: FS + "expect(readdirSync(a)).to.include.ordered.members(['core.js']);\nt.match(readdirSync(b), ['index']);",
      errors: [
        { messageId: "unsortedListing", line: 2, column: 8, endLine: 2, endColumn: 22 },
        { messageId: "unsortedListing", line: 3, column: 9, endLine: 3, endColumn: 23 },
      ],
      output: FS + "expect(readdirSync(a).sort()).to.include.ordered.members(['core.js']);\nt.match(readdirSync(b).sort(), ['index']);",
    },
    {
      name: "chai's ordered members compare in order",
      code: FS + "expect(readdirSync(dir)).to.have.ordered.members(['a', 'b']);",
      errors: [{ messageId: "unsortedListing", line: 2, column: 8, endLine: 2, endColumn: 24 }],
      output: FS + "expect(readdirSync(dir).sort()).to.have.ordered.members(['a', 'b']);",
    },
    {
      name: "entries collected and returned in listing order, or up to the first match",
      code:
        FS +
        "export function all(d: string) {\n  const out: string[] = [];\n  for (const f of readdirSync(d)) if (f.endsWith('.js')) out.push(f);\n  return out;\n}\n" +
        "export function upTo(d: string) {\n  const out: string[] = [];\n  for (const f of readdirSync(d)) { if (f === 'stop') break; out.push(f); }\n  return out.sort();\n}",
      errors: [
        { messageId: "unsortedListing", line: 4, column: 19, endLine: 4, endColumn: 33 },
        { messageId: "unsortedListing", line: 9, column: 19, endLine: 9, endColumn: 33 },
      ],
      output:
        FS +
        "export function all(d: string) {\n  const out: string[] = [];\n  for (const f of readdirSync(d).sort()) if (f.endsWith('.js')) out.push(f);\n  return out;\n}\n" +
        "export function upTo(d: string) {\n  const out: string[] = [];\n  for (const f of readdirSync(d).sort()) { if (f === 'stop') break; out.push(f); }\n  return out.sort();\n}",
    },
    {
      name: "a search by a test that more than one entry can pass",
      code: FS + "const config = readdirSync(dir).find((f) => f.endsWith('.json'));",
      errors: [{ messageId: "unsortedListing", line: 2, column: 16, endLine: 2, endColumn: 32 }],
      output: FS + "const config = readdirSync(dir).sort().find((f) => f.endsWith('.json'));",
    },
    {
      name: "a test expecting two entries in an order",
      code: FS + "expect(readdirSync(dir)).toEqual(['a.js', 'b.js']);",
      errors: [{ messageId: "unsortedListing", line: 2, column: 8, endLine: 2, endColumn: 24 }],
      output: FS + "expect(readdirSync(dir).sort()).toEqual(['a.js', 'b.js']);",
    },
    {
      name: "template paths another entry could share: a suffix, a changed name, no separator, a rename within one folder",
      code:
        FS +
        "for (const f of readdirSync(a)) fs.writeFileSync(`${out}/${f}.bak`, '');\n" +
        "for (const f of readdirSync(b)) fs.writeFileSync(`${out}/${f.slice(0, 3)}`, '');\n" +
        "for (const f of readdirSync(c)) fs.writeFileSync(`${out}-${f}`, '');\n" +
        "for (const f of readdirSync(d)) fs.renameSync(`${d}/${f}`, `${d}/${f}`);",
      errors: [
        { messageId: "unsortedListing", line: 2, column: 17, endLine: 2, endColumn: 31 },
        { messageId: "unsortedListing", line: 3, column: 17, endLine: 3, endColumn: 31 },
        { messageId: "unsortedListing", line: 4, column: 17, endLine: 4, endColumn: 31 },
        { messageId: "unsortedListing", line: 5, column: 17, endLine: 5, endColumn: 31 },
      ],
      output:
        FS +
        "for (const f of readdirSync(a).sort()) fs.writeFileSync(`${out}/${f}.bak`, '');\n" +
        "for (const f of readdirSync(b).sort()) fs.writeFileSync(`${out}/${f.slice(0, 3)}`, '');\n" +
        "for (const f of readdirSync(c).sort()) fs.writeFileSync(`${out}-${f}`, '');\n" +
        "for (const f of readdirSync(d).sort()) fs.renameSync(`${d}/${f}`, `${d}/${f}`);",
    },
    {
      name: "graceful-fs's sort leaves Dirents in libuv's order",
      code: 'import * as fse from "fs-extra";\nexport async function f(d: string) { return (await fse.readdir(d, { withFileTypes: true })).map((e) => e.name); }',
      errors: [{ messageId: "unsortedListing", line: 2, column: 52, endLine: 2, endColumn: 91 }],
    },
    {
      name: "a pass that logs, pushes, returns its entry or writes one shared file keeps the order",
      code:
        FS +
        'import { join } from "node:path";\n' +
        "for (const f of readdirSync(a)) { console.log(f); fs.rmSync(join(a, f)); }\n" +
        "for (const f of readdirSync(b)) { if (f.endsWith('.json')) return f; }\n" +
        "for (const f of readdirSync(c)) fs.writeFileSync(join(c, 'index.txt'), f);\n" +
        "for (const f of readdirSync(d)) { fs.rmSync(join(d, f)); if (f === 'stop') break; }\n" +
        "readdirSync(e).forEach((f) => fs.copyFileSync(join(e, f), join(out, 'latest')));\n" +
        "for (const f of readdirSync(g)) { const target = join(out, 'all'); fs.writeFileSync(target, f); }\n" +
        "export const names = readdirSync(h).map((f) => f.trim());\n" +
        "export const kept = readdirSync(k).map((f) => { fs.rmSync(join(k, f)); return f; });\n" +
        "export const made = readdirSync(m).map((f) => fs.mkdirSync(join(out, f), { recursive: true }));",
      errors: [
        { messageId: "unsortedListing", line: 3, column: 17, endLine: 3, endColumn: 31 },
        { messageId: "unsortedListing", line: 4, column: 17, endLine: 4, endColumn: 31 },
        { messageId: "unsortedListing", line: 5, column: 17, endLine: 5, endColumn: 31 },
        { messageId: "unsortedListing", line: 6, column: 17, endLine: 6, endColumn: 31 },
        { messageId: "unsortedListing", line: 7, column: 1, endLine: 7, endColumn: 15 },
        { messageId: "unsortedListing", line: 8, column: 17, endLine: 8, endColumn: 31 },
        { messageId: "unsortedListing", line: 9, column: 22, endLine: 9, endColumn: 36 },
        { messageId: "unsortedListing", line: 10, column: 21, endLine: 10, endColumn: 35 },
        { messageId: "unsortedListing", line: 11, column: 21, endLine: 11, endColumn: 35 },
      ],
      output:
        FS +
        'import { join } from "node:path";\n' +
        "for (const f of readdirSync(a).sort()) { console.log(f); fs.rmSync(join(a, f)); }\n" +
        "for (const f of readdirSync(b).sort()) { if (f.endsWith('.json')) return f; }\n" +
        "for (const f of readdirSync(c).sort()) fs.writeFileSync(join(c, 'index.txt'), f);\n" +
        "for (const f of readdirSync(d).sort()) { fs.rmSync(join(d, f)); if (f === 'stop') break; }\n" +
        "readdirSync(e).sort().forEach((f) => fs.copyFileSync(join(e, f), join(out, 'latest')));\n" +
        "for (const f of readdirSync(g).sort()) { const target = join(out, 'all'); fs.writeFileSync(target, f); }\n" +
        "export const names = readdirSync(h).sort().map((f) => f.trim());\n" +
        "export const kept = readdirSync(k).sort().map((f) => { fs.rmSync(join(k, f)); return f; });\n" +
        "export const made = readdirSync(m).sort().map((f) => fs.mkdirSync(join(out, f), { recursive: true }));",
    },
    {
      name: "a guard on another collection, or one that allows two entries",
      code: FS + "const files = readdirSync(dir);\nif (others.length === 1) use(files[0]);\nif (files.length <= 2) use(files[1]);",
      errors: [{ messageId: "unsortedListing", line: 2, column: 15, endLine: 2, endColumn: 31 }],
      output: FS + "const files = readdirSync(dir).sort();\nif (others.length === 1) use(files[0]);\nif (files.length <= 2) use(files[1]);",
    },
    {
      code: FS + "for (const f of readdirSync(dir)) load(f);",
      errors: [{ messageId: "unsortedListing", line: 2, column: 17, endLine: 2, endColumn: 33 }],
      output: FS + "for (const f of readdirSync(dir).sort()) load(f);",
    },
    {
      code: FS + "export const names = () => fs.readdirSync(dir).filter((n) => n.endsWith('.sql'));",
      errors: [{ messageId: "unsortedListing", line: 2, column: 28, endLine: 2, endColumn: 47 }],
      output: FS + "export const names = () => fs.readdirSync(dir).sort().filter((n) => n.endsWith('.sql'));",
    },
    {
      name: "through a variable",
      code: FS + "const files = readdirSync(dir);\nconsole.log(files.length);\nexport default files.map(read);",
      errors: [{ messageId: "unsortedListing", line: 2, column: 15, endLine: 2, endColumn: 31 }],
      output: FS + "const files = readdirSync(dir).sort();\nconsole.log(files.length);\nexport default files.map(read);",
    },
    {
      name: "an in-place sort sorts only the reads after it, and only where it surely runs",
      code:
        FS +
        "export function a(d: string) { const files = readdirSync(d); const first = files[0]; files.sort(); return [first, files]; }\n" +
        "export function b(d: string, sorted: boolean) { const files = readdirSync(d); if (sorted) files.sort(); return files; }\n" +
        "export function c(d: string) { const files = readdirSync(d); files.length > 1 && files.sort(); return files; }\n" +
        "readdir(e, (err, names) => { names.forEach(print); names.sort(); });",
      errors: [
        { messageId: "unsortedListing", line: 2, column: 46, endLine: 2, endColumn: 60 },
        { messageId: "unsortedListing", line: 3, column: 63, endLine: 3, endColumn: 77 },
        { messageId: "unsortedListing", line: 4, column: 46, endLine: 4, endColumn: 60 },
        { messageId: "unsortedListing", line: 5, column: 1, endLine: 5, endColumn: 68 },
      ],
      output:
        FS +
        "export function a(d: string) { const files = readdirSync(d).sort(); const first = files[0]; files.sort(); return [first, files]; }\n" +
        "export function b(d: string, sorted: boolean) { const files = readdirSync(d).sort(); if (sorted) files.sort(); return files; }\n" +
        "export function c(d: string) { const files = readdirSync(d).sort(); files.length > 1 && files.sort(); return files; }\n" +
        "readdir(e, (err, names) => { names.forEach(print); names.sort(); });",
    },
    {
      name: "Dirents get no .sort() fix: it would not order objects",
      code: FS + "const entries = readdirSync(dir, { withFileTypes: true });\nfor (const e of entries) visit(e);",
      errors: [{ messageId: "unsortedListing", line: 2, column: 17, endLine: 2, endColumn: 58 }],
    },
    {
      name: "Dirents sorted without a comparator all compare equal: the sort keeps the listing's order",
      code:
        FS +
        "export const a = readdirSync(x, { withFileTypes: true }).sort();\n" +
        "const b = readdirSync(y, { withFileTypes: true });\nb.sort();\nfor (const e of b) visit(e);\n" +
        "export const c = readdirSync(z, { withFileTypes: true }).filter((e) => e.isFile()).sort();",
      errors: [
        { messageId: "unsortedListing", line: 2, column: 18, endLine: 2, endColumn: 57 },
        { messageId: "unsortedListing", line: 3, column: 11, endLine: 3, endColumn: 50 },
        { messageId: "unsortedListing", line: 6, column: 18, endLine: 6, endColumn: 57 },
      ],
    },
    {
      name: "awaited promise listing is wrapped",
      code: 'import { readdir } from "node:fs/promises";\nexport async function f(d: string) { return await readdir(d); }',
      errors: [{ messageId: "unsortedListing", line: 2, column: 51, endLine: 2, endColumn: 61 }],
      output: 'import { readdir } from "node:fs/promises";\nexport async function f(d: string) { return (await readdir(d)).sort(); }',
    },
    {
      name: "fs.promises through a namespace import",
      code: 'import * as fs from "fs";\nasync function f(d: string) { const names = await fs.promises.readdir(d); return JSON.stringify(names); }',
      errors: [{ messageId: "unsortedListing", line: 2, column: 51, endLine: 2, endColumn: 73 }],
      output: 'import * as fs from "fs";\nasync function f(d: string) { const names = (await fs.promises.readdir(d)).sort(); return JSON.stringify(names); }',
    },
    {
      name: "callback form: the entries parameter",
      code: FS + "readdir(dir, (err, names) => { for (const n of names) load(n); });",
      errors: [{ messageId: "unsortedListing", line: 2, column: 1, endLine: 2, endColumn: 66 }],
    },
    {
      name: "a fallback with .catch() carries the listing on",
      code: 'import { readdir } from "node:fs/promises";\nexport const f = (d: string) => readdir(d).catch(() => []);',
      errors: [{ messageId: "unsortedListing", line: 2, column: 33, endLine: 2, endColumn: 43 }],
    },
    {
      name: "then callback",
      code: 'import { readdir } from "node:fs/promises";\nreaddir(d).then((names) => names.join(","));',
      errors: [{ messageId: "unsortedListing", line: 2, column: 1, endLine: 2, endColumn: 11 }],
    },
    {
      name: "require and destructuring",
      code: 'const { readdirSync: ls } = require("fs");\nmodule.exports = ls(dir);',
      errors: [{ messageId: "unsortedListing", line: 2, column: 18, endLine: 2, endColumn: 25 }],
      output: 'const { readdirSync: ls } = require("fs");\nmodule.exports = ls(dir).sort();',
    },
    {
      name: "opendir is iterated entry by entry",
      code: 'import { opendir } from "node:fs/promises";\nfor await (const entry of await opendir(d)) use(entry);',
      errors: [{ messageId: "unsortedIteration", line: 2, column: 33, endLine: 2, endColumn: 43 }],
    },
    {
      name: "fast-glob default import",
      code: 'import fg from "fast-glob";\nconst files = await fg(["src/**/*.ts"]);\nexport default files;',
      errors: [{ messageId: "walkOrder", line: 2, column: 21, endLine: 2, endColumn: 40 }],
      output: 'import fg from "fast-glob";\nconst files = (await fg(["src/**/*.ts"])).sort();\nexport default files;',
    },
    {
      name: "globby and tinyglobby",
      code: 'import { globbySync } from "globby";\nimport { globSync } from "tinyglobby";\nuse([...globbySync("*.md"), ...globSync("*.ts")]);',
      errors: [
        { messageId: "unsortedListing", line: 3, column: 9, endLine: 3, endColumn: 27 },
        { messageId: "unsortedListing", line: 3, column: 32, endLine: 3, endColumn: 48 },
      ],
      output: 'import { globbySync } from "globby";\nimport { globSync } from "tinyglobby";\nuse([...globbySync("*.md").sort(), ...globSync("*.ts").sort()]);',
    },
    {
      name: "glob 9+ named export",
      code: 'import { glob } from "glob";\nconst stats = await glob("**", { stat: true, withFileTypes: true });\nstats.forEach(print);',
      errors: [{ messageId: "walkOrder", line: 2, column: 21, endLine: 2, endColumn: 68 }],
    },
  ],
});
