/**
 * Orderings that do not depend on insertion order, locale, or the machine: sorted keys and entries, a total
 * order on numbers, stable multi-key sorting, grouping, and directory listings.
 */
import { readdirSync, type Dirent, type PathLike } from "node:fs";
import { readdir } from "node:fs/promises";

/**
 * Orders strings by UTF-16 code units, the same on every machine and locale (unlike `localeCompare`,
 * whose result depends on the ICU data and default locale of the process).
 */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A total order on numbers, for sorts whose result must not depend on input order:
 * -Infinity, negative numbers, -0, +0, positive numbers, +Infinity, then NaN. `-0` sorts before `+0` (as in
 * IEEE 754 totalOrder) because a comparator that called them equal would leave their order to the input;
 * every NaN compares equal to every other NaN.
 */
export function compareNumbers(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) {
    if (a !== 0) return 0;
    const aNegative = Object.is(a, -0);
    return aNegative === Object.is(b, -0) ? 0 : aNegative ? -1 : 1;
  }
  // At least one is NaN.
  const aNaN = Number.isNaN(a);
  return aNaN === Number.isNaN(b) ? 0 : aNaN ? 1 : -1;
}

/**
 * A value detkit can order: keys of Maps and Sets passed to `sortedKeys`/`sortedEntries`, and what the key
 * functions of `sortBy` and `groupBy` return. Values of different types are ordered by type: numbers, then
 * bigints, then strings, then booleans (false before true), then null, then undefined.
 */
export type SortKey = number | bigint | string | boolean | null | undefined;

function rankOf(key: SortKey): number {
  switch (typeof key) {
    case "number":
      return 0;
    case "bigint":
      return 1;
    case "string":
      return 2;
    case "boolean":
      return 3;
    default:
      return key === null ? 4 : 5;
  }
}

function isSortKey(value: unknown): value is SortKey {
  return (
    value === null ||
    value === undefined ||
    typeof value === "number" ||
    typeof value === "bigint" ||
    typeof value === "string" ||
    typeof value === "boolean"
  );
}

function compareSortKeys(a: SortKey, b: SortKey): number {
  const rankA = rankOf(a);
  const rankB = rankOf(b);
  if (rankA !== rankB) return rankA - rankB;
  if (typeof a === "number" && typeof b === "number") return compareNumbers(a, b);
  if (typeof a === "string" && typeof b === "string") return compareStrings(a, b);
  if (typeof a === "bigint" && typeof b === "bigint") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  return 0;
}

function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

function toSortKey(value: unknown, where: string): SortKey {
  if (isSortKey(value)) return value;
  throw new TypeError(
    `${where} is ${describeType(value)}, which has no defined order; ` +
      "order by a number, bigint, string, boolean, null or undefined derived from it (sortBy with a key function)",
  );
}

function sortedCollectionKeys<K>(keys: Iterable<K>, caller: string): K[] {
  const rows: { key: K; sortKey: SortKey }[] = [];
  for (const key of keys) rows.push({ key, sortKey: toSortKey(key, `${caller}: a key`) });
  rows.sort((a, b) => compareSortKeys(a.sortKey, b.sortKey));
  return rows.map((row) => row.key);
}

/**
 * The keys of a Map, the values of a Set, or the own enumerable string keys of an object (as `Object.keys`),
 * sorted: the result does not depend on insertion order. Object keys are strings and sort with
 * `compareStrings` (so `"10"` comes before `"9"`); Map keys and Set values sort by the `SortKey` order.
 *
 * @throws TypeError when a Map key or Set value is not a `SortKey` (an object, symbol or function).
 */
export function sortedKeys<K>(collection: ReadonlyMap<K, unknown> | ReadonlySet<K>): K[];
export function sortedKeys(object: object): string[];
export function sortedKeys(collection: object): unknown[] {
  if (collection instanceof Map || collection instanceof Set) {
    return sortedCollectionKeys<unknown>(collection.keys(), "sortedKeys");
  }
  return Object.keys(collection).sort(compareStrings);
}

/**
 * The `[key, value]` pairs of a Map, the `[value, value]` pairs of a Set (as `Set.prototype.entries`), or the
 * own enumerable string-keyed properties of an object, sorted by key as `sortedKeys` sorts.
 *
 * @throws TypeError when a Map key or Set value is not a `SortKey`.
 */
export function sortedEntries<K, V>(map: ReadonlyMap<K, V>): [K, V][];
export function sortedEntries<T>(set: ReadonlySet<T>): [T, T][];
export function sortedEntries<V>(object: Readonly<Record<string, V>>): [string, V][];
export function sortedEntries(object: object): [string, unknown][];
export function sortedEntries(collection: object): [unknown, unknown][] {
  if (collection instanceof Map) {
    return sortedCollectionKeys<unknown>(collection.keys(), "sortedEntries").map((key) => [key, collection.get(key)]);
  }
  if (collection instanceof Set) {
    return sortedCollectionKeys<unknown>(collection.keys(), "sortedEntries").map((value) => [value, value]);
  }
  return Object.entries(collection).sort(([a], [b]) => compareStrings(a, b));
}

/** Derives the value an item is sorted or grouped by. */
export type KeyFunction<T> = (item: T) => SortKey;

/** One sort key for `sortBy`: a key function (ascending) or a key function with its direction. */
export type SortSpec<T> =
  | KeyFunction<T>
  | {
      /** Derives the value to sort by. */
      readonly key: KeyFunction<T>;
      /**
       * `"desc"` reverses the whole `SortKey` order, types included (so undefined comes first).
       * @default "asc"
       */
      readonly order?: "asc" | "desc";
    };

/**
 * A new array of `items` sorted by one or more keys: the first key decides, the next breaks its ties, and
 * items equal on every key keep their input order (stable). Each key function is called once per item.
 * With no keys, items are compared as `SortKey`s themselves.
 *
 * @throws TypeError when a key function returns (or, with no keys, an item is) an object, symbol or function.
 *
 * @example
 * sortBy(invoices, (i) => i.customer, { key: (i) => i.total, order: "desc" });
 */
export function sortBy<T>(items: Iterable<T>, ...keys: readonly SortSpec<T>[]): T[] {
  const specs = keys.map((spec) =>
    typeof spec === "function" ? { key: spec, direction: 1 } : { key: spec.key, direction: spec.order === "desc" ? -1 : 1 },
  );
  const rows: { item: T; index: number; sortKeys: SortKey[] }[] = [];
  let index = 0;
  for (const item of items) {
    const sortKeys =
      specs.length === 0
        ? [toSortKey(item, `sortBy: item ${index}`)]
        : specs.map((spec, k) => toSortKey(spec.key(item), `sortBy: key ${k} of item ${index}`));
    rows.push({ item, index, sortKeys });
    index++;
  }
  const directions = specs.length === 0 ? [1] : specs.map((spec) => spec.direction);
  rows.sort((a, b) => {
    for (let k = 0; k < directions.length; k++) {
      const order = compareSortKeys(a.sortKeys[k], b.sortKeys[k]);
      if (order !== 0) return order * (directions[k] ?? 1);
    }
    // Array.prototype.sort is stable since ES2019; the index makes the tie-break explicit all the same.
    return a.index - b.index;
  });
  return rows.map((row) => row.item);
}

/**
 * Groups `items` by `keyOf(item)`. The Map iterates its groups in ascending `SortKey` order of their keys,
 * whatever the input order; each group keeps its items in input order. Keys are matched as Map keys are
 * (SameValueZero): -0 and +0 form one group, under key 0, and every NaN forms one group.
 *
 * @throws TypeError when `keyOf` returns an object, symbol or function.
 */
export function groupBy<T, K extends SortKey>(items: Iterable<T>, keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  let index = 0;
  for (const item of items) {
    const key = keyOf(item);
    toSortKey(key, `groupBy: the key of item ${index}`);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [item]);
    else group.push(item);
    index++;
  }
  const sorted = new Map<K, T[]>();
  for (const [key, group] of sortedEntries(groups)) sorted.set(key, group);
  return sorted;
}

/** Options for `readdirSorted` and `readdirSortedSync`. */
export interface ReaddirSortedOptions {
  /**
   * Return `fs.Dirent` objects (name and file type) instead of names.
   * @default false
   */
  readonly withFileTypes?: boolean;
}

function byName(a: Dirent, b: Dirent): number {
  return compareStrings(a.name, b.name);
}

/**
 * The entries of directory `dir`, sorted by name with `compareStrings`. `fs.readdir` returns entries in the
 * order the file system stores them, which differs between file systems, machines and runs. Names are
 * compared as the UTF-16 strings Node decodes them to; the byte form of a name (for example Unicode
 * normalization on macOS) is the file system's.
 */
export function readdirSorted(dir: PathLike, options: ReaddirSortedOptions & { readonly withFileTypes: true }): Promise<Dirent[]>;
export function readdirSorted(dir: PathLike, options?: ReaddirSortedOptions & { readonly withFileTypes?: false }): Promise<string[]>;
export function readdirSorted(dir: PathLike, options?: ReaddirSortedOptions): Promise<Dirent[] | string[]>;
export async function readdirSorted(dir: PathLike, options?: ReaddirSortedOptions): Promise<Dirent[] | string[]> {
  if (options?.withFileTypes === true) return (await readdir(dir, { withFileTypes: true })).sort(byName);
  return (await readdir(dir)).sort(compareStrings);
}

/** The synchronous form of `readdirSorted`. */
export function readdirSortedSync(dir: PathLike, options: ReaddirSortedOptions & { readonly withFileTypes: true }): Dirent[];
export function readdirSortedSync(dir: PathLike, options?: ReaddirSortedOptions & { readonly withFileTypes?: false }): string[];
export function readdirSortedSync(dir: PathLike, options?: ReaddirSortedOptions): Dirent[] | string[];
export function readdirSortedSync(dir: PathLike, options?: ReaddirSortedOptions): Dirent[] | string[] {
  if (options?.withFileTypes === true) return readdirSync(dir, { withFileTypes: true }).sort(byName);
  return readdirSync(dir).sort(compareStrings);
}
