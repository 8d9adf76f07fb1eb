import { ts } from "@ts-morph/common";
import type { RequiredImport, SourceEdit, SourceFix } from "../../rules/util/types.js";
import { compareStrings } from "@detkit/runtime/collections";
import { parseDiagnosticsOf, scriptKindOf } from "../analyzer/source.js";

export interface FixOutcome {
  /** The file's new text; equal to the old when nothing applied. */
  readonly text: string;
  /** How many of the fixes were applied; a fix whose edits overlap an earlier one waits for the next run. */
  readonly applied: number;
}

/** Whether text, parsed as the analyzer parses this file, has syntax errors. */
function hasSyntaxErrors(fileName: string, text: string): boolean {
  return parseDiagnosticsOf(ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKindOf(fileName))).length > 0;
}

/** How the file already writes imports, so that an added one looks like its neighbours. */
interface ImportStyle {
  readonly quote: "'" | '"';
  readonly semicolon: boolean;
  readonly commonJs: boolean;
}

function importStyle(sourceFile: ts.SourceFile, fileName: string): ImportStyle {
  const firstModuleString = sourceFile.statements
    .map((statement) => (ts.isImportDeclaration(statement) ? statement.moduleSpecifier : undefined))
    .find((specifier) => specifier !== undefined);
  const text = sourceFile.text;
  const requireQuote = /\brequire\s*\(\s*(['"])/.exec(text)?.[1];
  const quoteOf = (node: ts.Node | undefined) =>
    (node ? text[node.getStart(sourceFile)] : requireQuote) === "'" ? "'" : '"';
  const hasEsmSyntax = sourceFile.statements.some(
    (statement) => ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement) || ts.isExportAssignment(statement) ||
      (ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)),
  );
  const commonJs = fileName.endsWith(".cjs") || (!hasEsmSyntax && /\brequire\s*\(/.test(text) && !/\.(m?ts|tsx|mjs)$/.test(fileName));
  const firstStatement = sourceFile.statements[0];
  const semicolon = firstStatement ? text.slice(firstStatement.getStart(sourceFile), firstStatement.getEnd()).trimEnd().endsWith(";") : true;
  return { quote: quoteOf(firstModuleString), semicolon, commonJs };
}

/** Edits that make `name` from `module` available: a name added to an existing import, or a new statement. */
function importEdits(sourceFile: ts.SourceFile, fileName: string, imports: readonly RequiredImport[]): SourceEdit[] {
  const style = importStyle(sourceFile, fileName);
  const edits: SourceEdit[] = [];
  const byModule = new Map<string, Set<string>>();
  for (const { module, name } of imports) {
    const names = byModule.get(module) ?? new Set<string>();
    names.add(name);
    byModule.set(module, names);
  }
  const importDeclarations = sourceFile.statements.filter(ts.isImportDeclaration);
  for (const module of [...byModule.keys()].sort(compareStrings)) {
    const wanted = [...(byModule.get(module) ?? [])].sort(compareStrings);
    const existing = importDeclarations.find(
      (declaration) =>
        ts.isStringLiteral(declaration.moduleSpecifier) &&
        declaration.moduleSpecifier.text === module &&
        !declaration.importClause?.isTypeOnly &&
        declaration.importClause?.namedBindings !== undefined &&
        ts.isNamedImports(declaration.importClause.namedBindings),
    );
    const present = new Set(
      importDeclarations.flatMap((declaration) => {
        const bindings = declaration.importClause?.namedBindings;
        if (!ts.isStringLiteral(declaration.moduleSpecifier) || declaration.moduleSpecifier.text !== module) return [];
        if (!bindings || !ts.isNamedImports(bindings) || declaration.importClause?.isTypeOnly) return [];
        return bindings.elements.filter((element) => !element.isTypeOnly && element.propertyName === undefined).map((element) => element.name.text);
      }),
    );
    const missing = wanted.filter((name) => !present.has(name));
    if (missing.length === 0) continue;
    const bindings = existing?.importClause?.namedBindings;
    if (bindings && ts.isNamedImports(bindings) && bindings.elements.length > 0 && !style.commonJs) {
      const last = bindings.elements[bindings.elements.length - 1];
      if (last) edits.push({ start: last.getEnd(), end: last.getEnd(), text: missing.map((name) => `, ${name}`).join("") });
      continue;
    }
    const end = style.semicolon ? ";" : "";
    const quoted = `${style.quote}${module}${style.quote}`;
    const statement = style.commonJs
      ? `const { ${missing.join(", ")} } = require(${quoted})${end}\n`
      : `import { ${missing.join(", ")} } from ${quoted}${end}\n`;
    const lastImport = importDeclarations[importDeclarations.length - 1];
    const position = lastImport ? lineAfter(sourceFile.text, lastImport.getEnd()) : headerEnd(sourceFile);
    edits.push({ start: position, end: position, text: statement });
  }
  return edits;
}

/** The offset of the start of the line after `offset`. */
function lineAfter(text: string, offset: number): number {
  const newline = text.indexOf("\n", offset);
  return newline === -1 ? text.length : newline + 1;
}

/** After a shebang, leading comments that belong to the file (licence headers) and directive prologues. */
function headerEnd(sourceFile: ts.SourceFile): number {
  const text = sourceFile.text;
  let position = text.startsWith("#!") ? lineAfter(text, 0) : 0;
  for (const statement of sourceFile.statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isStringLiteral(statement.expression)) break;
    position = lineAfter(text, statement.getEnd());
  }
  const comments = ts.getLeadingCommentRanges(text, position) ?? [];
  const last = comments[comments.length - 1];
  return last ? lineAfter(text, last.end) : position;
}

function overlaps(a: SourceEdit, b: SourceEdit): boolean {
  return a.start < b.end && b.start < a.end || (a.start === b.start && a.end === a.start && b.end === b.start);
}

/**
 * Applies fixes to one file's text: fixes whose edits overlap one already taken are left for the next run
 * (as ESLint does), the imports the taken fixes need are added once in the file's own style, and the result
 * must still parse: otherwise nothing is applied.
 */
export function applyFixes(fileName: string, text: string, fixes: readonly SourceFix[]): FixOutcome {
  const taken: SourceFix[] = [];
  const edits: SourceEdit[] = [];
  for (const fix of fixes) {
    if (fix.edits.some((edit) => edits.some((other) => overlaps(edit, other)))) continue;
    taken.push(fix);
    edits.push(...fix.edits);
  }
  if (taken.length === 0) return { text, applied: 0 };
  const sourceFile = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKindOf(fileName));
  const imports = importEdits(sourceFile, fileName, taken.flatMap((fix) => fix.imports ?? []));
  let result = text;
  for (const edit of [...edits, ...imports].sort((a, b) => b.start - a.start || b.end - a.end)) {
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  }
  if (hasSyntaxErrors(fileName, result)) return { text, applied: 0 };
  return { text: result, applied: taken.length };
}
