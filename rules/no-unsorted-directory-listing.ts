import type { ts } from "@ts-morph/common";
import { createRule } from "./util/create-rule.js";
import { lastMemberNames } from "./util/function-values.js";
import { orderUseOf, parameterUse, type OrderUse } from "./util/order-uses.js";
import type { SourceFix } from "./util/types.js";

/**
 * How a listing function hands over its result: returned (`sync`), as a promise (`promise`), to a Node-style
 * callback's second parameter (`callback`), or as something iterated entry by entry (`iterator`, which cannot be
 * sorted in place).
 */
interface Listing {
  readonly shown: string;
  readonly delivery: "sync" | "promise" | "callback" | "iterator";
}

const FS_MODULES = ["fs", "fs-extra", "graceful-fs"];

/**
 * Functions that list a directory or match a glob, by resolved name. Which glob libraries sort: glob 7 sorted
 * its matches unless `nosort` (its `glob()` and `glob.sync()` keep that name in later majors, so they are left
 * out), glob ≥ 9 returns them "in indeterminate order", fast-glob "in arbitrary order", and globby and
 * tinyglobby (built on fast-glob and fdir) in the order the file system walk met them; Node's `fs.glob` too.
 */
const LISTINGS: ReadonlyMap<string, Listing> = new Map([
  ...FS_MODULES.flatMap((module): [string, Listing][] => [
    [`${module}#readdirSync`, { shown: "readdirSync()", delivery: "sync" }],
    [`${module}#readdir`, { shown: "readdir()", delivery: "callback" }],
    [`${module}#promises.readdir`, { shown: "fs.promises.readdir()", delivery: "promise" }],
    [`${module}#opendirSync`, { shown: "opendirSync()", delivery: "iterator" }],
    [`${module}#opendir`, { shown: "opendir()", delivery: "iterator" }],
    [`${module}#promises.opendir`, { shown: "fs.promises.opendir()", delivery: "iterator" }],
  ]),
  ["fs/promises#readdir", { shown: "readdir()", delivery: "promise" }],
  ["fs/promises#opendir", { shown: "opendir()", delivery: "iterator" }],
  ["fs#globSync", { shown: "fs.globSync()", delivery: "sync" }],
  ["fs#glob", { shown: "fs.glob()", delivery: "callback" }],
  ["fs/promises#glob", { shown: "fs.promises.glob()", delivery: "iterator" }],
  ["fs#promises.glob", { shown: "fs.promises.glob()", delivery: "iterator" }],
  ["glob#glob", { shown: "glob()", delivery: "promise" }],
  ["glob#globSync", { shown: "globSync()", delivery: "sync" }],
  ["glob#globIterate", { shown: "globIterate()", delivery: "iterator" }],
  ["glob#globIterateSync", { shown: "globIterateSync()", delivery: "iterator" }],
  ["fast-glob#", { shown: "fast-glob", delivery: "promise" }],
  ["fast-glob#async", { shown: "fast-glob async()", delivery: "promise" }],
  ["fast-glob#glob", { shown: "fast-glob glob()", delivery: "promise" }],
  ["fast-glob#globAsync", { shown: "fast-glob globAsync()", delivery: "promise" }],
  ["fast-glob#sync", { shown: "fast-glob sync()", delivery: "sync" }],
  ["fast-glob#globSync", { shown: "fast-glob globSync()", delivery: "sync" }],
  ["globby#", { shown: "globby()", delivery: "promise" }],
  ["globby#globby", { shown: "globby()", delivery: "promise" }],
  ["globby#sync", { shown: "globby.sync()", delivery: "sync" }],
  ["globby#globbySync", { shown: "globbySync()", delivery: "sync" }],
  ["tinyglobby#glob", { shown: "tinyglobby glob()", delivery: "promise" }],
  ["tinyglobby#globSync", { shown: "tinyglobby globSync()", delivery: "sync" }],
]);

const LISTING_NAMES = lastMemberNames([...LISTINGS.keys()].filter((name) => !name.endsWith("#")));

/** Options under which a listing holds objects (Dirents, stats), for which `.sort()` is no order at all. */
const OBJECT_RESULT_OPTIONS = new Set(["withFileTypes", "stats", "objectMode", "encoding"]);

const ARRAY_USE = { indexedReadIsOrdered: true } as const;

export default createRule({
  meta: {
    id: "no-unsorted-directory-listing",
    category: "ordering",
    severity: "warning",
    description:
      "A directory listing or glob result (readdir, readdirSync, fs.promises.readdir, opendir, fast-glob, globby, glob, tinyglobby) used in its raw order.",
    rationale:
      "The order of directory entries is whatever the file system keeps: hash order on ext4, creation order on some " +
      "others, sorted on APFS and NTFS. The same folder lists differently on a developer's Mac and the Linux CI " +
      "machine, and a tarball unpacked twice can list differently on the same machine, so anything built from the " +
      "raw order (a bundle, a manifest, plugin load order, a hash) changes from machine to machine. It is a warning " +
      "because it matters only when the order reaches a result: listings that are sorted, only counted or only " +
      "searched (includes, some, every) are not reported, nor is an entry read by position where the listing is " +
      "known to hold one (`if (files.length === 1) use(files[0])`), nor a loop whose order cannot show: each pass " +
      "only changes files of its own entry (rm, unlink, copy or rename of a path built from the entry), or the " +
      "passes change nothing and leave with the same value whichever entry matched (`if (read(f).includes(x)) " +
      "return true`). A pass that logs, collects, calls an unknown function or leaves with its entry keeps the order.",
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
      unsortedListing: "{{listing}} returns entries in file-system order, which differs between machines; the result is {{how}} without being sorted",
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

    const useOf = (call: ts.CallExpression, listing: Listing): OrderUse => {
      if (listing.delivery !== "callback") return orderUseOf(context, call, ARRAY_USE);
      const callback = call.arguments.length > 1 ? context.functionOf(call.arguments[call.arguments.length - 1]!) : undefined;
      // Without a visible callback this is the promisified or util.promisify'd form: its value is followed as a promise.
      if (!callback) return orderUseOf(context, call, ARRAY_USE);
      const entries = callback.parameters[1];
      if (!entries) return { kind: "insensitive" };
      if (!ts.isIdentifier(entries.name)) return { kind: "sensitive", node: entries, how: "destructured" };
      return parameterUse(context, callback, entries.name, ARRAY_USE, 0);
    };

    return {
      CallExpression(node) {
        const callee = node.expression;
        const memberName = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
        // Default imports (fast-glob, globby) are called by any local name, so only a cheap name test for members.
        if (memberName !== undefined && ts.isPropertyAccessExpression(callee) && !LISTING_NAMES.has(memberName)) return;
        const listing = LISTINGS.get(context.resolveName(callee) ?? "");
        if (!listing) return;
        const data = { listing: listing.shown };
        if (listing.delivery === "iterator") {
          const use = orderUseOf(context, node, ARRAY_USE);
          if (use.kind === "sensitive") context.report({ node, messageId: "unsortedIteration", data });
          return;
        }
        const use = useOf(node, listing);
        if (use.kind !== "sensitive") return;
        const line = context.sourceFile.getLineAndCharacterOfPosition(use.node.getStart()).line + 1;
        const fix = sortFix(node, listing);
        context.report({
          node,
          messageId: "unsortedListing",
          data: { ...data, how: `${use.how} (line ${line})` },
          ...(fix ? { fix } : {}),
        });
      },
    };
  },
});

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
