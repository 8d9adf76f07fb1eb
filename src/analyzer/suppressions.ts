import { ts } from "@ts-morph/common";

/** One `detkit-disable-line` / `detkit-disable-next-line` comment. */
export interface Suppression {
  /** 1-based line of the comment itself. */
  readonly line: number;
  readonly column: number;
  /** 1-based line whose findings it suppresses. */
  readonly targetLine: number;
  /** Rule ids it names; empty means every rule. */
  readonly ruleIds: readonly string[];
  /** The text after `--`, trimmed; empty when the author gave none. */
  readonly reason: string;
}

const DIRECTIVE = /detkit-disable-(next-line|line)(?![\w-])/g;

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

/** The innermost node whose own text (without leading trivia) contains `position`. */
function tokenAt(sourceFile: ts.SourceFile, position: number): ts.Node | undefined {
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
  const node = tokenAt(sourceFile, position);
  return node !== undefined && LITERAL_KINDS.has(node.kind) && position >= node.getStart(sourceFile);
}

/**
 * Finds the suppression comments of a file. The text is searched first, so files without any directive cost
 * one `includes`; each candidate is confirmed to sit in a comment, not in a string or template.
 */
export function findSuppressions(sourceFile: ts.SourceFile): Suppression[] {
  const text = sourceFile.text;
  if (!text.includes("detkit-disable")) return [];
  const suppressions: Suppression[] = [];
  for (const match of text.matchAll(DIRECTIVE)) {
    const start = match.index;
    const commentStart = commentOpening(text, start);
    if (commentStart === undefined || isInsideLiteral(sourceFile, start)) continue;
    const block = text.startsWith("/*", commentStart);
    const bodyEnd = block ? indexOrEnd(text, "*/", start) : lineEnd(text, start);
    const body = text.slice(start + match[0].length, bodyEnd);
    const [idsText = "", ...reasonParts] = body.split(/\s--\s?|^--\s?/);
    const position = sourceFile.getLineAndCharacterOfPosition(commentStart);
    const end = sourceFile.getLineAndCharacterOfPosition(bodyEnd);
    suppressions.push({
      line: position.line + 1,
      column: position.character + 1,
      targetLine: match[1] === "next-line" ? end.line + 2 : position.line + 1,
      ruleIds: idsText
        .split(/[\s,]+/)
        .map((id) => id.trim())
        .filter((id) => id.length > 0),
      reason: reasonParts.join(" -- ").trim(),
    });
  }
  return suppressions;
}

/** Where the comment holding the directive opens, when the directive is the first thing in it. */
function commentOpening(text: string, directiveStart: number): number | undefined {
  let index = directiveStart - 1;
  while (index >= 0 && (text[index] === " " || text[index] === "\t")) index--;
  if (text[index] === "/" && text[index - 1] === "/") return index - 1;
  let stars = index;
  while (stars >= 0 && text[stars] === "*") stars--;
  return stars < index && text[stars] === "/" ? stars : undefined;
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
