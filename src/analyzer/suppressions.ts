import { ts } from "@ts-morph/common";
import { directiveFinding, parseDirectiveBody, unknownRulesPhrase } from "../directive-comment.js";
import suppressionMissingReason from "../../rules/suppression-missing-reason.js";
import unusedSuppression from "../../rules/unused-suppression.js";
import type { Severity } from "../../rules/util/types.js";
import type { Finding, SuppressedFinding } from "../report/types.js";
import type { SuppressionOutcome, SuppressionPolicy } from "./check-file.js";

/** The directives detkit reads in comments. */
export type DirectiveKind = "disable-next-line" | "disable-line" | "disable" | "enable";

interface DirectiveBase {
  /** 1-based line and column of the comment that holds it. */
  readonly line: number;
  readonly column: number;
  /** Offset of the comment's start: block directives act on what comes after it. */
  readonly position: number;
}

/** One `detkit-disable-next-line`, `detkit-disable-line`, `detkit-disable` or `detkit-enable` comment. */
export interface Suppression extends DirectiveBase {
  readonly kind: DirectiveKind;
  /** Rule ids it names; empty means every rule. */
  readonly ruleIds: readonly string[];
  /** The text after `--` (or an em or en dash), trimmed; empty when the author gave none. */
  readonly reason: string;
  /** Line directives: the 1-based line whose findings it suppresses. */
  readonly targetLine?: number;
  /**
   * `disable-next-line`: the statement (or other construct) that starts on the target line, as offsets, without the
   * blocks inside it (a function or callback body): a call chain over several lines is one statement.
   */
  readonly span?: OffsetRange;
  readonly holes?: readonly OffsetRange[];
}

/** Something that looks like a directive but is not one (`detkit-disable-nextline`, `detkit-enable-line`). */
export interface UnknownDirective extends DirectiveBase {
  readonly text: string;
}

export interface OffsetRange {
  readonly start: number;
  readonly end: number;
}

export interface Directives {
  readonly suppressions: readonly Suppression[];
  readonly unknown: readonly UnknownDirective[];
}

const DIRECTIVE = /detkit-(?:disable|enable)[\w-]*/g;

const KINDS: Readonly<Record<string, DirectiveKind>> = {
  "detkit-disable-next-line": "disable-next-line",
  "detkit-disable-line": "disable-line",
  "detkit-disable": "disable",
  "detkit-enable": "enable",
};

/** Tokens inside which `detkit-disable` is text, not a comment. */
const LITERAL_KINDS = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateHead,
  ts.SyntaxKind.TemplateMiddle,
  ts.SyntaxKind.TemplateTail,
  ts.SyntaxKind.RegularExpressionLiteral,
  ts.SyntaxKind.JsxText,
]);

/** The innermost node whose range (leading trivia included) contains `position`. */
function nodeAt(sourceFile: ts.SourceFile, position: number): ts.Node | undefined {
  let current: ts.Node = sourceFile;
  for (;;) {
    let next: ts.Node | undefined;
    current.forEachChild((child) => {
      if (child.pos <= position && position < child.end) {
        next = child;
        return true;
      }
      return undefined;
    });
    if (!next) return current === sourceFile ? undefined : current;
    current = next;
  }
}

/**
 * A `//` or `/*` followed by the directive is a comment unless it sits inside a literal (a string, template,
 * regular expression or JSX text), which is the only other place such text can occur.
 */
function isInsideLiteral(sourceFile: ts.SourceFile, position: number): boolean {
  const node = nodeAt(sourceFile, position);
  return node !== undefined && LITERAL_KINDS.has(node.kind) && position >= node.getStart(sourceFile);
}

/**
 * Finds the directive comments of a file. The text is searched first, so files without any cost one regular
 * expression scan; each candidate is confirmed to open a comment, not to sit in a string or template.
 */
export function findDirectives(sourceFile: ts.SourceFile): Directives {
  const text = sourceFile.text;
  const suppressions: Suppression[] = [];
  const unknown: UnknownDirective[] = [];
  if (!text.includes("detkit-")) return { suppressions, unknown };
  for (const match of text.matchAll(DIRECTIVE)) {
    const start = match.index;
    const commentStart = commentOpening(text, start);
    if (commentStart === undefined || isInsideLiteral(sourceFile, start)) continue;
    const opening = sourceFile.getLineAndCharacterOfPosition(commentStart);
    const base = { line: opening.line + 1, column: opening.character + 1, position: commentStart };
    const kind = KINDS[match[0]];
    if (kind === undefined) {
      unknown.push({ ...base, text: match[0] });
      continue;
    }
    const block = text.startsWith("/*", commentStart);
    const bodyEnd = block ? indexOrEnd(text, "*/", start) : lineEnd(text, start);
    const body = text.slice(start + match[0].length, bodyEnd);
    const { ruleIds, reason } = parseDirectiveBody(body);
    const suppression: Suppression = { ...base, kind, ruleIds, reason };
    if (kind === "disable-line") {
      suppressions.push({ ...suppression, targetLine: base.line });
    } else if (kind === "disable-next-line") {
      const targetLine = sourceFile.getLineAndCharacterOfPosition(bodyEnd).line + 2;
      suppressions.push({ ...suppression, targetLine, ...statementOnLine(sourceFile, targetLine) });
    } else {
      suppressions.push(suppression);
    }
  }
  return { suppressions, unknown };
}

/**
 * The construct that starts on a line: the largest node that begins at the line's first token (a statement, a
 * property, a JSX element), and the blocks inside it, which stay outside its reach. Nothing when the line is
 * empty, holds only a comment, or its first token continues something that began earlier.
 */
function statementOnLine(sourceFile: ts.SourceFile, line: number): { span?: OffsetRange; holes?: OffsetRange[] } {
  const lineStarts = sourceFile.getLineStarts();
  const lineStart = lineStarts[line - 1];
  if (lineStart === undefined) return {};
  const text = sourceFile.text;
  let first = lineStart;
  while (first < text.length && (text[first] === " " || text[first] === "\t")) first++;
  let node = nodeAt(sourceFile, first);
  if (node === undefined || node.getStart(sourceFile) !== first) return {};
  while (node.parent !== undefined && !ts.isSourceFile(node.parent) && node.parent.getStart(sourceFile) === first) node = node.parent;
  return { span: { start: first, end: node.end }, holes: blocksWithin(node) };
}

/** Bodies of functions, classes and statements below `node` (not nested in one another). */
function blocksWithin(node: ts.Node): OffsetRange[] {
  const holes: OffsetRange[] = [];
  const stack: ts.Node[] = [];
  node.forEachChild((child) => {
    stack.push(child);
  });
  for (let current = stack.pop(); current !== undefined; current = stack.pop()) {
    if (ts.isBlock(current) || ts.isModuleBlock(current) || ts.isCaseBlock(current)) {
      holes.push({ start: current.pos, end: current.end });
      continue;
    }
    if (ts.isClassLike(current)) {
      holes.push({ start: current.members.pos, end: current.members.end });
      continue;
    }
    current.forEachChild((child) => {
      stack.push(child);
    });
  }
  return holes;
}

/**
 * Where the comment holding the directive opens, when the directive is the first thing in it: after `//` and
 * spaces, or after `/*` and spaces, line breaks and the `*` that lead the lines of a block comment.
 */
function commentOpening(text: string, directiveStart: number): number | undefined {
  let index = directiveStart - 1;
  while (index >= 0 && (text[index] === " " || text[index] === "\t")) index--;
  if (text[index] === "/" && text[index - 1] === "/") return index - 1;
  while (index >= 0 && (text[index] === " " || text[index] === "\t" || text[index] === "\n" || text[index] === "\r" || text[index] === "*")) index--;
  return text[index] === "/" && text[index + 1] === "*" ? index : undefined;
}

function lineEnd(text: string, from: number): number {
  const newline = text.indexOf("\n", from);
  const end = newline === -1 ? text.length : newline;
  return text[end - 1] === "\r" ? end - 1 : end;
}

function indexOrEnd(text: string, needle: string, from: number): number {
  const index = text.indexOf(needle, from);
  return index === -1 ? text.length : index;
}

function describeSuppression(suppression: Suppression): string {
  const what = suppression.ruleIds.length > 0 ? suppression.ruleIds.join(", ") : "all rules";
  switch (suppression.kind) {
    case "disable-next-line":
    case "disable-line":
      return `suppression of ${what}`;
    case "disable":
    case "enable":
      return `detkit-${suppression.kind} of ${what}`;
  }
}

/** Whether a line directive covers a finding: its target line, or the rest of the statement starting there. */
function lineDirectiveCovers(suppression: Suppression, finding: Finding, offset: number): boolean {
  if (finding.line === suppression.targetLine) return true;
  const { span, holes = [] } = suppression;
  return (
    span !== undefined &&
    span.start <= offset &&
    offset < span.end &&
    !holes.some((hole) => hole.start <= offset && offset < hole.end)
  );
}

function names(suppression: Suppression, ruleId: string): boolean {
  return suppression.ruleIds.length === 0 || suppression.ruleIds.includes(ruleId);
}

/**
 * The state of `detkit-disable` / `detkit-enable` comments up to a point, as ESLint keeps it: a disable of all
 * rules, minus rules enabled again after it, plus disables of single rules.
 */
class BlockState {
  private all: Suppression | undefined;
  private readonly enabledAfterAll = new Set<string>();
  private readonly byRule = new Map<string, Suppression>();

  /** Applies one directive; returns false for an enable that had nothing to enable. */
  apply(directive: Suppression): boolean {
    if (directive.kind === "disable") {
      if (directive.ruleIds.length === 0) {
        this.all = directive;
        this.enabledAfterAll.clear();
      }
      for (const id of directive.ruleIds) {
        this.byRule.set(id, directive);
        this.enabledAfterAll.delete(id);
      }
      return true;
    }
    if (directive.ruleIds.length === 0) {
      const enabledSomething = this.all !== undefined || this.byRule.size > 0;
      this.all = undefined;
      this.enabledAfterAll.clear();
      this.byRule.clear();
      return enabledSomething;
    }
    let enabledSomething = false;
    for (const id of directive.ruleIds) {
      if (this.byRule.delete(id)) enabledSomething = true;
      if (this.all && !this.enabledAfterAll.has(id)) {
        this.enabledAfterAll.add(id);
        enabledSomething = true;
      }
    }
    return enabledSomething;
  }

  /** The directive that disables every rule here (less those enabled again), if any. */
  disablingAll(): Suppression | undefined {
    return this.all;
  }

  /** The directive that disables a rule here, if any. */
  disabling(ruleId: string): Suppression | undefined {
    return this.byRule.get(ruleId) ?? (this.all && !this.enabledAfterAll.has(ruleId) ? this.all : undefined);
  }
}

/** The directive that suppresses a finding: a line directive first, else the block directives before it. */
function suppressionOf(
  finding: Finding,
  offset: number,
  lineDirectives: readonly Suppression[],
  blockDirectives: readonly Suppression[],
): Suppression | undefined {
  const line = lineDirectives.find((candidate) => names(candidate, finding.ruleId) && lineDirectiveCovers(candidate, finding, offset));
  if (line) return line;
  const state = new BlockState();
  for (const directive of blockDirectives) {
    if (directive.position >= offset) break;
    state.apply(directive);
  }
  return state.disabling(finding.ruleId);
}

/** Where a block disable stops hiding: the directive after which it disables nothing, or the end of the file. */
function blockEnd(directive: Suppression, blockDirectives: readonly Suppression[]): string {
  const state = new BlockState();
  let inForce = false;
  for (const candidate of blockDirectives) {
    state.apply(candidate);
    if (candidate === directive) {
      inForce = true;
    } else if (inForce) {
      const stillDisabling =
        directive.ruleIds.length === 0
          ? state.disablingAll() === directive
          : directive.ruleIds.some((id) => state.disabling(id) === directive);
      if (!stillDisabling) return `line ${candidate.line}`;
    }
  }
  return "the end of the file";
}

/** Moves the findings the file's directives suppress to `suppressed`, and reports the directives themselves. */
export function applySuppressions(
  raw: readonly Finding[],
  sourceFile: ts.SourceFile,
  file: string,
  policy: SuppressionPolicy,
): SuppressionOutcome {
  const { suppressions, unknown: unknownDirectives } = findDirectives(sourceFile);
  const lineDirectives = suppressions.filter((suppression) => suppression.targetLine !== undefined);
  const blockDirectives = suppressions.filter((suppression) => suppression.targetLine === undefined);
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const used = new Set<Suppression>();
  for (const finding of raw) {
    const offset = sourceFile.getPositionOfLineAndCharacter(finding.line - 1, finding.column - 1);
    const suppression = suppressions.length > 0 ? suppressionOf(finding, offset, lineDirectives, blockDirectives) : undefined;
    if (suppression) {
      used.add(suppression);
      suppressed.push({ ...finding, reason: suppression.reason });
    } else {
      findings.push(finding);
    }
  }

  const directive = (
    meta: typeof unusedSuppression.meta,
    severity: Severity,
    at: { readonly line: number; readonly column: number },
    messageId: string,
    data: Record<string, string | number>,
  ): Finding => directiveFinding(meta, severity, file, at, messageId, data);
  // Enables that had nothing to enable, found by replaying the block directives in order.
  const idleEnables = new Set<Suppression>();
  const state = new BlockState();
  for (const candidate of blockDirectives) if (!state.apply(candidate)) idleEnables.add(candidate);

  for (const suppression of suppressions) {
    const shown = describeSuppression(suppression);
    const unknown = suppression.ruleIds.filter((id) => !policy.knownRuleIds.has(id));
    if (policy.missingReason && used.has(suppression) && suppression.reason === "") {
      findings.push(directive(suppressionMissingReason.meta, policy.missingReason, suppression, "missingReason", { suppression: shown }));
    }
    if (!policy.unused) continue;
    // A misspelt id is always worth saying, even beside a correct one that did hide something.
    if (unknown.length > 0) {
      findings.push(directive(unusedSuppression.meta, policy.unused, suppression, "unknownRule", { suppression: shown, rules: unknownRulesPhrase(unknown) }));
    } else if (policy.reportUnused && suppression.kind === "enable" && idleEnables.has(suppression)) {
      findings.push(directive(unusedSuppression.meta, policy.unused, suppression, "unusedEnable", { suppression: shown }));
    } else if (policy.reportUnused && suppression.kind !== "enable" && !used.has(suppression)) {
      const until = suppression.targetLine === undefined ? blockEnd(suppression, blockDirectives) : `line ${suppression.targetLine}`;
      const messageId = suppression.targetLine === undefined ? "unusedBlock" : "unused";
      findings.push(directive(unusedSuppression.meta, policy.unused, suppression, messageId, { suppression: shown, line: suppression.targetLine ?? 0, until }));
    }
  }
  if (policy.unused) {
    for (const unknown of unknownDirectives) {
      findings.push(directive(unusedSuppression.meta, policy.unused, unknown, "unknownDirective", { directive: unknown.text }));
    }
  }
  return { findings, suppressed };
}
