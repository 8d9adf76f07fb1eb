import type { ts } from "@ts-morph/common";
import { createRule } from "./util/create-rule.js";
import { unwrap } from "./util/expressions.js";
import { FS_MODULES } from "./util/fs-modules.js";
import { lastMemberNames } from "./util/function-values.js";
import { orderUseOf, parameterUse, type OrderUse, type OrderUseOptions } from "./util/order-uses.js";
import type { SourceFix } from "./util/types.js";

/**
 * How a listing function hands over its result: returned (`sync`), as a promise (`promise`), to a Node-style
 * callback's second parameter (`callback`), or as something iterated entry by entry (`iterator`, which cannot be
 * sorted in place).
 */
interface Listing {
  readonly shown: string;
  readonly delivery: "sync" | "promise" | "callback" | "iterator";
  readonly order: Order;
  /** graceful-fs's callback readdir (and fs-extra's, which is it) sorts names; Dirents it leaves as they came. */
  readonly sortsNames?: true;
  /** A readdir or opendir: one directory's entries, each name once unless `recursive` (a glob's matches repeat names). */
  readonly readsDirectory?: true;
}

/**
 * Where a listing's order comes from.
 * - `platform`: Node's readdir, and the walks built on it one directory after another. libuv sorts each
 *   directory's names by byte value on Linux and macOS; Windows gives the file system's order (NTFS compares
 *   names without case: `alpha` before `Beta` there, after it on Linux) and so does Bun everywhere (hash order
 *   on ext4). Node's documentation promises no order.
 * - `fileSystem`: opendir's Dir, which streams entries in the file system's order on every platform.
 * - `walk`: an asynchronous glob walk, whose directory reads run concurrently: matches come as the reads
 *   finish, from run to run in another order.
 */
type Order = "platform" | "fileSystem" | "walk";

/**
 * graceful-fs calls `.sort()` on what its callback `readdir` gives (code-unit order for names on every platform;
 * Dirents, which sort as equal, keep libuv's order), and fs-extra's `readdir` is graceful-fs's, promisified.
 */
const SORTING_READDIR_MODULES = new Set(["fs-extra", "graceful-fs"]);

/**
 * Functions that list a directory or match a glob, by resolved name. Which glob libraries sort: glob 7 sorted
 * its matches unless `nosort` (its `glob()` and `glob.sync()` keep that name in later majors, so they are left
 * out), glob ≥ 9 returns them "in indeterminate order", fast-glob "in arbitrary order", and globby and
 * tinyglobby (built on fast-glob and fdir) in the order the walk met them: concurrently when asynchronous, one
 * readdirSync after another when synchronous. Node's own `fs.glob` reads one directory after another.
 */
const LISTINGS: ReadonlyMap<string, Listing> = new Map([
  ...FS_MODULES.flatMap((module): [string, Listing][] => [
    [`${module}#readdirSync`, { shown: "readdirSync()", delivery: "sync", order: "platform", readsDirectory: true }],
    [`${module}#readdir`, { shown: "readdir()", delivery: "callback", order: "platform", readsDirectory: true, ...(SORTING_READDIR_MODULES.has(module) ? { sortsNames: true } : {}) }],
    [`${module}#promises.readdir`, { shown: "fs.promises.readdir()", delivery: "promise", order: "platform", readsDirectory: true }],
    [`${module}#opendirSync`, { shown: "opendirSync()", delivery: "iterator", order: "fileSystem", readsDirectory: true }],
    [`${module}#opendir`, { shown: "opendir()", delivery: "iterator", order: "fileSystem", readsDirectory: true }],
    [`${module}#promises.opendir`, { shown: "fs.promises.opendir()", delivery: "iterator", order: "fileSystem", readsDirectory: true }],
  ]),
  ["fs/promises#readdir", { shown: "readdir()", delivery: "promise", order: "platform", readsDirectory: true }],
  ["fs/promises#opendir", { shown: "opendir()", delivery: "iterator", order: "fileSystem", readsDirectory: true }],
  ["fs#globSync", { shown: "fs.globSync()", delivery: "sync", order: "platform" }],
  ["fs#glob", { shown: "fs.glob()", delivery: "callback", order: "platform" }],
  ["fs/promises#glob", { shown: "fs.promises.glob()", delivery: "iterator", order: "platform" }],
  ["fs#promises.glob", { shown: "fs.promises.glob()", delivery: "iterator", order: "platform" }],
  ["glob#glob", { shown: "glob()", delivery: "promise", order: "walk" }],
  ["glob#globSync", { shown: "globSync()", delivery: "sync", order: "platform" }],
  ["glob#globIterate", { shown: "globIterate()", delivery: "iterator", order: "walk" }],
  ["glob#globIterateSync", { shown: "globIterateSync()", delivery: "iterator", order: "platform" }],
  ["fast-glob#", { shown: "fast-glob", delivery: "promise", order: "walk" }],
  ["fast-glob#async", { shown: "fast-glob async()", delivery: "promise", order: "walk" }],
  ["fast-glob#glob", { shown: "fast-glob glob()", delivery: "promise", order: "walk" }],
  ["fast-glob#globAsync", { shown: "fast-glob globAsync()", delivery: "promise", order: "walk" }],
  ["fast-glob#sync", { shown: "fast-glob sync()", delivery: "sync", order: "platform" }],
  ["fast-glob#globSync", { shown: "fast-glob globSync()", delivery: "sync", order: "platform" }],
  ["globby#", { shown: "globby()", delivery: "promise", order: "walk" }],
  ["globby#globby", { shown: "globby()", delivery: "promise", order: "walk" }],
  ["globby#sync", { shown: "globby.sync()", delivery: "sync", order: "platform" }],
  ["globby#globbySync", { shown: "globbySync()", delivery: "sync", order: "platform" }],
  ["tinyglobby#glob", { shown: "tinyglobby glob()", delivery: "promise", order: "walk" }],
  ["tinyglobby#globSync", { shown: "tinyglobby globSync()", delivery: "sync", order: "platform" }],
]);

const LISTING_NAMES = lastMemberNames([...LISTINGS.keys()].filter((name) => !name.endsWith("#")));

/** Options under which a listing holds objects (Dirents, stats), for which `.sort()` is no order at all. */
const OBJECT_RESULT_OPTIONS = new Set(["withFileTypes", "stats", "objectMode", "encoding"]);

const ARRAY_USE = { indexedReadIsOrdered: true } as const;
/** One directory's entries: each name once (not so for a recursive listing or a glob's matches). */
const ONE_DIRECTORY_USE = { indexedReadIsOrdered: true, namesAreUnique: true } as const;

export default createRule({
  meta: {
    id: "no-unsorted-directory-listing",
    category: "ordering",
    severity: "warning",
    description:
      "A directory listing or glob result (readdir, readdirSync, fs.promises.readdir, opendir, fast-glob, globby, glob, tinyglobby) used in its raw order.",
    rationale:
      "No listing promises an order, and each one's differs somewhere. Node's readdir family gives names sorted " +
      "by byte value on Linux and macOS (libuv sorts them), but the file system's order on Windows (NTFS ignores " +
      "case, so `alpha` comes before `Beta` there and after it on Linux; FAT keeps creation order), and Bun gives " +
      "the file system's order everywhere (hash order on ext4, different after a copy); synchronous glob walks " +
      "read one directory after another with it. opendir streams the file system's own order on every platform. " +
      "An asynchronous glob walk (glob ≥ 9, fast-glob, globby, tinyglobby) reads directories concurrently and " +
      "returns matches as the reads finish, so its order changes from run to run on one machine. Anything built " +
      "from such an order (a bundle, a manifest, plugin load order, an archive, a hash) changes with it. It is a warning " +
      "because it matters only when the order reaches a result: listings that are sorted, only counted or only " +
      "searched (includes, some, every) are not reported, nor is an entry read by position where the listing is " +
      "known to hold one (`if (files.length === 1) use(files[0])`), nor a loop whose order cannot show: each pass " +
      "only changes files of its own entry (rm, unlink, copy or rename of a path built from the entry), or the " +
      "passes change nothing and leave with the same value whichever entry matched (`if (read(f).includes(x)) " +
      "return true`). A pass that logs, calls an unknown function or leaves with its entry keeps the order; one that " +
      "only collects entries into an array passes the order on to that array, whose uses decide. A search for one " +
      "name (`find((e) => e.name === wanted)`: a directory holds each name once) and a test of membership or size " +
      "(`expect(files).toContain(…)`, `toEqual([])`) are not reported either. Dirents (`withFileTypes: true`) " +
      "sorted without a comparator are: they all compare as \"[object Object]\", and the sort keeps the listing's order.",
    examples: {
      incorrect: [
        'import { readdirSync } from "node:fs";',
        "",
        "export function migrationFiles(dir: string): string[] {",
        '  return readdirSync(dir).filter((name) => name.endsWith(".sql"));',
        "}",
        "",
      ].join("\n"),
      correct: [
        'import { readdirSortedSync } from "@detkit/runtime/collections";',
        "",
        "export function migrationFiles(dir: string): string[] {",
        '  return readdirSortedSync(dir).filter((name) => name.endsWith(".sql"));',
        "}",
        "",
      ].join("\n"),
    },
    replacement:
      "list with readdirSorted (or readdirSortedSync) from @detkit/runtime/collections, or sort the result before its order is used: readdirSync(dir).sort()",
    requiresTypes: false,
    messages: {
      unsortedListing:
        "{{listing}} lists entries in an order Node does not promise (byte order on Linux and macOS, the file system's on Windows and under Bun); the result is {{how}} without being sorted",
      walkOrder: "{{listing}} returns matches as its concurrent directory reads finish, in an order that changes from run to run; the result is {{how}} without being sorted",
      unsortedIteration:
        "{{listing}} yields entries in file-system order, which differs between machines; collect and sort them (readdirSorted) before their order is used",
    },
    fix: "Appends .sort() to a synchronous listing of names, or wraps an awaited one as (await readdir(dir)).sort(), so that entries come in code-unit order.",
  },
  create(context) {
    const { ts } = context;

    const sortFix = (call: ts.CallExpression, listing: Listing): SourceFix | undefined => {
      if (!yieldsStrings(ts, call)) return undefined;
      if (listing.delivery === "sync") return { edits: [{ start: call.end, end: call.end, text: ".sort()" }] };
      if (listing.delivery !== "promise") return undefined;
      const awaited = call.parent;
      if (!ts.isAwaitExpression(awaited)) return undefined;
      if (ts.isParenthesizedExpression(awaited.parent)) {
        return { edits: [{ start: awaited.parent.end, end: awaited.parent.end, text: ".sort()" }] };
      }
      return {
        edits: [
          { start: awaited.getStart(), end: awaited.getStart(), text: "(" },
          { start: awaited.end, end: awaited.end, text: ").sort()" },
        ],
      };
    };

    /** Whether the listing holds one directory's entries: a readdir or opendir without `recursive`. */
    const listsOneDirectory = (call: ts.CallExpression, listing: Listing): boolean => {
      if (!listing.readsDirectory) return false;
      const options = call.arguments[1];
      // Options held elsewhere or spread in may say `recursive`: only a literal that does not counts.
      if (options === undefined || ts.isStringLiteralLike(options) || ts.isFunctionLike(options) || options.kind === ts.SyntaxKind.NullKeyword) return true;
      if (!ts.isObjectLiteralExpression(options)) return false;
      return options.properties.every((property) => {
        if (!ts.isPropertyAssignment(property) && !ts.isShorthandPropertyAssignment(property)) return false;
        const name = property.name;
        return !((ts.isIdentifier(name) || ts.isStringLiteralLike(name)) && name.text === "recursive") && !ts.isComputedPropertyName(name);
      });
    };

    const useOptions = (call: ts.CallExpression, listing: Listing): OrderUseOptions => {
      const base = listsOneDirectory(call, listing) ? ONE_DIRECTORY_USE : ARRAY_USE;
      return listing.readsDirectory && givesDirents(ts, call) ? { ...base, entriesCompareEqual: true } : base;
    };

    const useOf = (call: ts.CallExpression, listing: Listing): OrderUse => {
      const options = useOptions(call, listing);
      if (listing.delivery !== "callback") return orderUseOf(context, call, options);
      const callback = call.arguments.length > 1 ? context.functionOf(call.arguments[call.arguments.length - 1]!) : undefined;
      // Without a visible callback this is the promisified or util.promisify'd form: its value is followed as a promise.
      if (!callback) return orderUseOf(context, call, options);
      const entries = callback.parameters[1];
      if (!entries) return { kind: "insensitive" };
      if (!ts.isIdentifier(entries.name)) return { kind: "sensitive", node: entries, how: "destructured" };
      return parameterUse(context, callback, entries.name, options, 0);
    };

    return {
      CallExpression(node) {
        const callee = node.expression;
        const memberName = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
        // Default imports (fast-glob, globby) are called by any local name, so only a cheap name test for members.
        if (memberName !== undefined && ts.isPropertyAccessExpression(callee) && !LISTING_NAMES.has(memberName)) return;
        const listing = LISTINGS.get(context.resolveName(callee) ?? "");
        if (!listing) return;
        if (listing.sortsNames && yieldsStrings(ts, node)) return;
        const use = listing.delivery === "iterator" ? orderUseOf(context, node, useOptions(node, listing)) : useOf(node, listing);
        if (use.kind !== "sensitive") return;
        if (listing.order === "fileSystem") {
          context.report({ node, messageId: "unsortedIteration", data: { listing: listing.shown } });
          return;
        }
        const line = context.sourceFile.getLineAndCharacterOfPosition(use.node.getStart()).line + 1;
        const fix = sortFix(node, listing);
        context.report({
          node,
          messageId: listing.order === "walk" ? "walkOrder" : "unsortedListing",
          data: { listing: listing.shown, how: `${use.how} (line ${line})` },
          ...(fix ? { fix } : {}),
        });
      },
    };
  },
});

/** Whether a readdir's options literal asks for Dirents (`withFileTypes: true`), which have no text to sort by. */
function givesDirents(typescript: typeof ts, call: ts.CallExpression): boolean {
  const options = call.arguments[1] && unwrap(typescript, call.arguments[1]);
  return (
    options !== undefined &&
    typescript.isObjectLiteralExpression(options) &&
    options.properties.some(
      (property) =>
        typescript.isPropertyAssignment(property) &&
        (typescript.isIdentifier(property.name) || typescript.isStringLiteralLike(property.name)) &&
        property.name.text === "withFileTypes" &&
        property.initializer.kind === typescript.SyntaxKind.TrueKeyword,
    )
  );
}

/** Whether the listing's entries are strings, judging by its options: absent, or a literal without object modes. */
function yieldsStrings(typescript: typeof ts, call: ts.CallExpression): boolean {
  const options = call.arguments[1];
  if (options === undefined || typescript.isFunctionLike(options)) return true;
  if (typescript.isStringLiteralLike(options)) return options.text !== "buffer";
  if (!typescript.isObjectLiteralExpression(options)) return false;
  return options.properties.every((property) => {
    if (!typescript.isPropertyAssignment(property) && !typescript.isShorthandPropertyAssignment(property)) return false;
    const name = property.name;
    const key = typescript.isIdentifier(name) || typescript.isStringLiteralLike(name) ? name.text : undefined;
    if (key === undefined) return false;
    if (!OBJECT_RESULT_OPTIONS.has(key)) return true;
    if (!typescript.isPropertyAssignment(property)) return false;
    const value = property.initializer;
    if (key === "encoding") return typescript.isStringLiteralLike(value) && value.text !== "buffer";
    return value.kind === typescript.SyntaxKind.FalseKeyword;
  });
}
