/**
 * Comparing what two runs produced: their exit status, standard output and output files. JSON is compared as
 * data unless `--strict-bytes`: parsed losslessly, given a canonical form (members in code-unit order,
 * numbers by value, as RFC 8785 orders and writes them) and printed one value per line, so key order and
 * spacing alone are no difference and the diff of two documents shows the member that changed.
 */
import { compareStrings } from "@detkit/runtime/collections";
import { Decimal } from "@detkit/runtime/decimal";
import { canonicalize, parse } from "@detkit/runtime/json";
import { UsageError } from "../errors.js";
import { unifiedDiff } from "./unified-diff.js";

/** One step of an `--ignore` path: a member name, an array index, or every member or element. */
export type JsonPathStep = { readonly key: string } | { readonly index: number } | { readonly any: true };

/** A parsed `--ignore` path such as `$.summary.durationMs` or `$.runs[*].time`. */
export interface JsonPath {
  readonly text: string;
  readonly steps: readonly JsonPathStep[];
}

export interface CompareOptions {
  /** Compare bytes only, JSON included. */
  readonly strictBytes: boolean;
  /** Values of JSON outputs that are not compared. */
  readonly ignore: readonly JsonPath[];
}

/** What a run left at one compared place: bytes, or nothing (`undefined`) when the file was not there. */
export type Content = Buffer | undefined;

/** What a run produced, as compared. */
export interface RunOutputs {
  /** `exit code 0`, `killed by SIGSEGV`, `timed out after 60 s`, `failed to start: …`. */
  readonly status: string;
  readonly stdout: Buffer;
  /** Output files by their path as reported (`out/report.json`). */
  readonly files: ReadonlyMap<string, Content>;
}

/** One compared place where a run differs from the baseline. */
export interface Difference {
  /** `exit code`, `stdout`, or an output file's path. */
  readonly item: string;
  /** Both sides were compared as canonical JSON. */
  readonly canonicalized: boolean;
  /** A unified diff of the first difference, or a one-line description for missing or binary content. */
  readonly diff: string;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*/;

/** Parses an `--ignore` path: `$`, then `.name`, `["any name"]`, `[3]`, `.*` or `[*]` steps. */
export function parseJsonPath(text: string): JsonPath {
  const fail = (why: string): never => {
    throw new UsageError(`--ignore ${JSON.stringify(text)}: ${why} (expected a path like $.summary.durationMs or $.runs[*].time)`);
  };
  if (!text.startsWith("$")) fail("a path starts with $");
  const steps: JsonPathStep[] = [];
  let rest = text.slice(1);
  while (rest !== "") {
    if (rest.startsWith(".*")) {
      steps.push({ any: true });
      rest = rest.slice(2);
    } else if (rest.startsWith(".")) {
      const name = IDENTIFIER.exec(rest.slice(1))?.[0];
      if (name === undefined) fail(`"${rest}" is not a member name; quote it as ["..."]`);
      else {
        steps.push({ key: name });
        rest = rest.slice(1 + name.length);
      }
    } else if (rest.startsWith("[*]")) {
      steps.push({ any: true });
      rest = rest.slice(3);
    } else if (/^\[\d+\]/.test(rest)) {
      const digits = rest.slice(1, rest.indexOf("]"));
      steps.push({ index: Number(digits) });
      rest = rest.slice(digits.length + 2);
    } else if (rest.startsWith('["')) {
      const end = /^\["(?:[^"\\]|\\.)*"\]/.exec(rest)?.[0];
      if (end === undefined) fail(`unterminated ["..."] in "${rest}"`);
      else {
        const key: unknown = JSON.parse(end.slice(1, -1));
        if (typeof key === "string") steps.push({ key });
        rest = rest.slice(end.length);
      }
    } else {
      fail(`unexpected "${rest}"`);
    }
  }
  return { text, steps };
}

/** Stands for an ignored value in the canonical form; never equal to a JSON value. */
const IGNORED = Symbol("ignored");

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !Decimal.isDecimal(value);
}

function ignoreAt(value: unknown, steps: readonly JsonPathStep[]): unknown {
  const [step, ...rest] = steps;
  if (step === undefined) return IGNORED;
  if (Array.isArray(value)) {
    if ("key" in step) return value;
    return value.map((element, index) => ("any" in step || step.index === index ? ignoreAt(element, rest) : element));
  }
  if (isRecord(value)) {
    if ("index" in step) return value;
    const result: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      result[key] = "any" in step || step.key === key ? ignoreAt(member, rest) : member;
    }
    return result;
  }
  return value;
}

/**
 * A number as its exact decimal value in plain notation, so that `1e3`, `1000` and `1000.0` read alike (the
 * lossless parser gives safe integers as numbers, larger integers as bigints, the rest as Decimals).
 */
function numberText(value: number | bigint | Decimal): string {
  const text = typeof value === "number" || typeof value === "bigint" ? String(value) : value.toFixed();
  return text === "-0" ? "0" : text;
}

function render(value: unknown, indent: string | undefined, depth: number): string {
  if (value === IGNORED) return "(ignored)";
  if (typeof value === "number" || typeof value === "bigint" || Decimal.isDecimal(value)) return numberText(value);
  const newline = indent === undefined ? "" : `\n${indent.repeat(depth + 1)}`;
  const close = indent === undefined ? "" : `\n${indent.repeat(depth)}`;
  const separator = indent === undefined ? ":" : ": ";
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[${value.map((element) => `${newline}${render(element, indent, depth + 1)}`).join(",")}${close}]`;
  }
  if (isRecord(value)) {
    const keys = Object.keys(value).sort(compareStrings);
    if (keys.length === 0) return "{}";
    const members = keys.map((key) => `${newline}${canonicalize(key)}${separator}${render(value[key], indent, depth + 1)}`);
    return `{${members.join(",")}${close}}`;
  }
  // Strings, booleans and null, written as RFC 8785 writes them.
  return canonicalize(value);
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });

function decode(bytes: Buffer): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

function parseLossless(text: string): { value: unknown } | undefined {
  try {
    return { value: parse(text, { numbers: "decimal" }) };
  } catch {
    return undefined;
  }
}

/**
 * The canonical form of a JSON document (pretty-printed) or of JSON Lines (one canonical value per line);
 * undefined for anything else.
 */
export function canonicalJson(text: string, ignore: readonly JsonPath[]): string | undefined {
  const withoutIgnored = (value: unknown): unknown => ignore.reduce((current, path) => ignoreAt(current, path.steps), value);
  if (text.trim() === "") return undefined;
  const whole = parseLossless(text);
  if (whole !== undefined) return `${render(withoutIgnored(whole.value), "  ", 0)}\n`;
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  const values = lines.map(parseLossless);
  if (lines.length < 2 || values.some((value) => value === undefined)) return undefined;
  return values.map((parsed) => `${render(withoutIgnored(parsed?.value), undefined, 0)}\n`).join("");
}

function describeBytes(bytes: Buffer): string {
  return `${bytes.length} byte${bytes.length === 1 ? "" : "s"}`;
}

/** How `left` (the baseline) and `right` differ at one place, or undefined when they do not. */
export function compareContent(
  left: Content,
  right: Content,
  labels: readonly [string, string],
  options: CompareOptions,
): Omit<Difference, "item"> | undefined {
  if (left === undefined || right === undefined) {
    if (left === right) return undefined;
    return { canonicalized: false, diff: `only in ${left === undefined ? labels[1] : labels[0]}\n` };
  }
  const leftText = decode(left);
  const rightText = decode(right);
  if (!options.strictBytes && leftText !== undefined && rightText !== undefined) {
    const leftCanonical = canonicalJson(leftText, options.ignore);
    const rightCanonical = canonicalJson(rightText, options.ignore);
    if (leftCanonical !== undefined && rightCanonical !== undefined) {
      if (leftCanonical === rightCanonical) return undefined;
      return { canonicalized: true, diff: unifiedDiff(leftCanonical, rightCanonical, labels) };
    }
  }
  if (left.equals(right)) return undefined;
  if (leftText !== undefined && rightText !== undefined) {
    return { canonicalized: false, diff: unifiedDiff(leftText, rightText, labels) };
  }
  let offset = 0;
  while (offset < left.length && offset < right.length && left[offset] === right[offset]) offset++;
  return {
    canonicalized: false,
    diff: `binary content differs: ${labels[0]} has ${describeBytes(left)}, ${labels[1]} has ${describeBytes(right)}; first difference at byte ${offset}\n`,
  };
}

/**
 * Every place where `other` differs from `baseline`, in a fixed order: the exit status, standard output, then
 * the output files by path.
 */
export function compareRuns(
  baseline: RunOutputs,
  other: RunOutputs,
  runs: readonly [string, string],
  options: CompareOptions,
): Difference[] {
  const differences: Difference[] = [];
  const labelled = (item: string): [string, string] => [`${runs[0]}: ${item}`, `${runs[1]}: ${item}`];
  if (baseline.status !== other.status) {
    differences.push({
      item: "exit code",
      canonicalized: false,
      diff: unifiedDiff(`${baseline.status}\n`, `${other.status}\n`, labelled("exit code")),
    });
  }
  const stdout = compareContent(baseline.stdout, other.stdout, labelled("stdout"), options);
  if (stdout !== undefined) differences.push({ item: "stdout", ...stdout });
  const paths = [...new Set([...baseline.files.keys(), ...other.files.keys()])].sort(compareStrings);
  for (const path of paths) {
    const difference = compareContent(baseline.files.get(path), other.files.get(path), labelled(path), options);
    if (difference !== undefined) differences.push({ item: path, ...difference });
  }
  return differences;
}
