/**
 * Structural comparison for detkit/testing: two results are equal when they have the same shape and the same
 * primitive values (by Object.is, so NaN equals NaN and -0 differs from +0), whatever the insertion order of
 * object keys, Map entries or Set members. Arrays and typed arrays are ordered.
 */
import { compareStrings } from "../collections.js";

/** Where two values first differ, and each side rendered for a message. */
export interface Difference {
  /** A path from the root `$`, e.g. `$.totals["EUR"]`, `$.lines[3]`, `$.byId.get("a")`. */
  readonly path: string;
  readonly left: string;
  readonly right: string;
}

/** How a value renders when it is absent on one side (an object key, an array index, a Map entry). */
export const MISSING = "(missing)";

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function propertyPath(path: string, key: string): string {
  return IDENTIFIER.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function isPlainPrototype(prototype: unknown): boolean {
  return prototype === null || prototype === Object.prototype;
}

/** The structural kind of a value: two values of different kinds are never equal. */
function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "function") return "function";
  if (typeof value !== "object") return typeof value;
  if (Array.isArray(value)) return "Array";
  if (value instanceof Date) return "Date";
  if (value instanceof Map) return "Map";
  if (value instanceof Set) return "Set";
  if (value instanceof RegExp) return "RegExp";
  if (value instanceof Error) return "Error";
  if (value instanceof ArrayBuffer) return "ArrayBuffer";
  if (ArrayBuffer.isView(value)) return value instanceof DataView ? "DataView" : value.constructor.name;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (isPlainPrototype(prototype)) return "object";
  const constructorName = value.constructor?.name;
  return typeof constructorName === "string" && constructorName !== "" ? `${constructorName} instance` : "object";
}

function bytesOf(value: ArrayBuffer | ArrayBufferView): Uint8Array {
  return value instanceof ArrayBuffer ? new Uint8Array(value) : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}

function numbersOf(value: ArrayBufferView): readonly (number | bigint)[] {
  if (value instanceof DataView) return Array.from(bytesOf(value));
  if (value instanceof BigInt64Array || value instanceof BigUint64Array) return Array.from(value);
  if (
    value instanceof Int8Array ||
    value instanceof Uint8Array ||
    value instanceof Uint8ClampedArray ||
    value instanceof Int16Array ||
    value instanceof Uint16Array ||
    value instanceof Int32Array ||
    value instanceof Uint32Array ||
    value instanceof Float32Array ||
    value instanceof Float64Array
  ) {
    return Array.from(value);
  }
  return Array.from(bytesOf(value));
}

function renderNumber(value: number): string {
  return Object.is(value, -0) ? "-0" : String(value);
}

/** Own enumerable string keys, sorted: the order of object keys does not matter. */
function keysOf(value: object): string[] {
  return Object.keys(value).sort(compareStrings);
}

/**
 * A deterministic text for any value, with object keys, Map entries and Set members in sorted order. Used to
 * order Map keys and Set members before comparing them, and to show values in messages.
 */
export function render(value: unknown, seen: Set<object> = new Set()): string {
  switch (typeof value) {
    case "undefined":
      return "undefined";
    case "number":
      return renderNumber(value);
    case "bigint":
      return `${value}n`;
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return String(value);
    case "symbol":
      return value.toString();
    case "function":
      return `[Function ${value.name === "" ? "(anonymous)" : value.name}]`;
    default:
      break;
  }
  if (typeof value !== "object" || value === null) return "null";
  if (seen.has(value)) return "[Circular]";
  seen.add(value);
  try {
    const kind = kindOf(value);
    if (Array.isArray(value)) return `[${Array.from(value, (item: unknown) => render(item, seen)).join(",")}]`;
    if (value instanceof Date) return `Date(${Number.isNaN(value.getTime()) ? "Invalid" : value.toISOString()})`;
    if (value instanceof RegExp) return value.toString();
    if (value instanceof Error) return `${value.name}(${JSON.stringify(value.message)})`;
    if (value instanceof Map) {
      const entries = Array.from(value, ([key, item]: [unknown, unknown]) => `${render(key, seen)}=>${render(item, seen)}`);
      return `Map{${entries.sort(compareStrings).join(",")}}`;
    }
    if (value instanceof Set) {
      return `Set{${Array.from(value, (item: unknown) => render(item, seen)).sort(compareStrings).join(",")}}`;
    }
    if (value instanceof ArrayBuffer) return `ArrayBuffer[${bytesOf(value).join(",")}]`;
    if (ArrayBuffer.isView(value)) return `${kind}[${numbersOf(value).map((n) => (typeof n === "bigint" ? `${n}n` : renderNumber(n))).join(",")}]`;
    const record: Record<string, unknown> = { ...value };
    const fields = keysOf(value).map((key) => `${JSON.stringify(key)}:${render(record[key], seen)}`);
    return `${kind === "object" ? "" : `${kind} `}{${fields.join(",")}}`;
  } finally {
    seen.delete(value);
  }
}

const SHORT = 80;

/** `render`, cut to a length that fits an error message line. */
export function renderShort(value: unknown): string {
  const text = render(value);
  return text.length <= SHORT ? text : `${text.slice(0, SHORT - 1)}…`;
}

function differ(path: string, left: unknown, right: unknown): Difference {
  return { path, left: renderShort(left), right: renderShort(right) };
}

function missingOn(side: "left" | "right", path: string, present: unknown): Difference {
  return side === "left"
    ? { path, left: MISSING, right: renderShort(present) }
    : { path, left: renderShort(present), right: MISSING };
}

interface Sorted {
  readonly label: string;
  readonly value: unknown;
}

function sortedByRendering<T>(items: Iterable<T>, label: (item: T) => string, value: (item: T) => unknown): Sorted[] {
  return Array.from(items, (item) => ({ label: label(item), value: value(item) })).sort((a, b) =>
    compareStrings(a.label, b.label),
  );
}

/**
 * The first place where `left` and `right` differ, walking object keys in sorted order and arrays by index;
 * undefined when they are structurally equal.
 */
export function firstDifference(left: unknown, right: unknown): Difference | undefined {
  return walk(left, right, "$", new Map());
}

function walk(left: unknown, right: unknown, path: string, pairs: Map<object, object>): Difference | undefined {
  if (Object.is(left, right)) return undefined;
  const kind = kindOf(left);
  if (kind !== kindOf(right)) return differ(path, left, right);
  if (typeof left !== "object" || left === null || typeof right !== "object" || right === null) {
    // Distinct primitives, symbols or functions (compared by identity).
    return differ(path, left, right);
  }
  // A pair already being compared further up is assumed equal; its other fields decide (cycles end here).
  if (pairs.get(left) === right) return undefined;
  pairs.set(left, right);
  try {
    return walkObjects(left, right, path, pairs);
  } finally {
    pairs.delete(left);
  }
}

function walkObjects(left: object, right: object, path: string, pairs: Map<object, object>): Difference | undefined {
  if (Array.isArray(left) && Array.isArray(right)) return walkSequence(left, right, path, pairs);
  if (left instanceof Date && right instanceof Date) {
    return Object.is(left.getTime(), right.getTime()) ? undefined : differ(path, left, right);
  }
  if (left instanceof RegExp || left instanceof ArrayBuffer || ArrayBuffer.isView(left)) {
    return render(left) === render(right) ? undefined : differ(path, left, right);
  }
  if (left instanceof Error && right instanceof Error) {
    if (left.name !== right.name || left.message !== right.message) return differ(path, left, right);
  }
  if (left instanceof Map && right instanceof Map) return walkMaps(left, right, path, pairs);
  if (left instanceof Set && right instanceof Set) {
    const label = (item: unknown): string => render(item);
    const value = (item: unknown): unknown => item;
    const leftItems = sortedByRendering(left, label, value);
    const rightItems = sortedByRendering(right, label, value);
    return walkLabelled(leftItems, rightItems, pairs, () => path);
  }
  const leftRecord: Record<string, unknown> = { ...left };
  const rightRecord: Record<string, unknown> = { ...right };
  const leftKeys = keysOf(left).map((key) => ({ label: key, value: leftRecord[key] }));
  const rightKeys = keysOf(right).map((key) => ({ label: key, value: rightRecord[key] }));
  return walkLabelled(leftKeys, rightKeys, pairs, (label) => propertyPath(path, label));
}

function walkSequence(left: readonly unknown[], right: readonly unknown[], path: string, pairs: Map<object, object>): Difference | undefined {
  const common = Math.min(left.length, right.length);
  for (let i = 0; i < common; i++) {
    const difference = walk(left[i], right[i], `${path}[${i}]`, pairs);
    if (difference !== undefined) return difference;
  }
  if (left.length > common) return missingOn("right", `${path}[${common}]`, left[common]);
  if (right.length > common) return missingOn("left", `${path}[${common}]`, right[common]);
  return undefined;
}

function walkMaps(left: Map<unknown, unknown>, right: Map<unknown, unknown>, path: string, pairs: Map<object, object>): Difference | undefined {
  const label = ([key]: [unknown, unknown]): string => render(key);
  const value = ([, item]: [unknown, unknown]): unknown => item;
  return walkLabelled(sortedByRendering(left, label, value), sortedByRendering(right, label, value), pairs, (key) => `${path}.get(${key})`);
}

/**
 * Compares two label-sorted lists (object keys, Map keys, Set members): the first label present on one side
 * only is the difference; otherwise values with equal labels are compared in order.
 */
function walkLabelled(
  left: readonly Sorted[],
  right: readonly Sorted[],
  pairs: Map<object, object>,
  pathOf: (label: string) => string,
): Difference | undefined {
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    const a = left[i];
    const b = right[j];
    if (a === undefined) return b === undefined ? undefined : missingOn("left", pathOf(b.label), b.value);
    if (b === undefined) return missingOn("right", pathOf(a.label), a.value);
    const order = compareStrings(a.label, b.label);
    if (order < 0) return missingOn("right", pathOf(a.label), a.value);
    if (order > 0) return missingOn("left", pathOf(b.label), b.value);
    const difference = walk(a.value, b.value, pathOf(a.label), pairs);
    if (difference !== undefined) return difference;
    i++;
    j++;
  }
  return undefined;
}
