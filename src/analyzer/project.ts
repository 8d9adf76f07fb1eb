import { dirname } from "node:path";
import { ts } from "@ts-morph/common";
import { UsageError } from "../errors.js";
import { displayPath, messagePath } from "../paths.js";
import { findTsconfig } from "./project-location.js";

export interface Project {
  /** The directory of the tsconfig.json, or the first scanned directory when there is none. */
  readonly root: string;
  /** The tsconfig.json that applies, relative to the working directory, if any. */
  readonly tsconfig?: string;
  readonly compilerOptions: ts.CompilerOptions;
}

/** Without a tsconfig.json a project is treated as JavaScript with the newest syntax. */
const DEFAULT_COMPILER_OPTIONS: ts.CompilerOptions = {
  allowJs: true,
  checkJs: false,
  target: ts.ScriptTarget.ESNext,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  jsx: ts.JsxEmit.Preserve,
};

/**
 * The built-in declarations a project without a tsconfig.json is checked against: the ECMAScript library,
 * which declares everything the type-aware rules ask about (Date, arrays, strings, JSON). Not the DOM: at 1.9 MB
 * it is the largest file the checker reads, and a project that uses it says so in its tsconfig.json (whose
 * `lib`, or its target's default, is used as written). DOM values then have no type, and the rules treat them
 * as they treat untyped JavaScript.
 */
const LIB_WITHOUT_DOM = ["lib.esnext.d.ts"];

// "No inputs were found": the scanned paths, not the tsconfig's include, decide what is scanned.
const IGNORED_CONFIG_DIAGNOSTICS = new Set([18003]);

function formatDiagnostic(diagnostic: ts.Diagnostic, cwd: string): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ");
  if (diagnostic.file && diagnostic.start !== undefined) {
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    return `${messagePath(cwd, diagnostic.file.fileName)}:${line + 1}:${character + 1}: ${message}`;
  }
  return message;
}

/** Reads a tsconfig.json (JSON with comments, `extends` followed); a broken one is a usage error naming it. */
function readCompilerOptions(tsconfigPath: string, cwd: string): ts.CompilerOptions {
  const shown = messagePath(cwd, tsconfigPath);
  const read = ts.readConfigFile(tsconfigPath, ts.sys.readFile);
  if (read.error) throw new UsageError(`malformed ${shown}: ${formatDiagnostic(read.error, cwd)}`);
  if (typeof read.config !== "object" || read.config === null || Array.isArray(read.config)) {
    throw new UsageError(`malformed ${shown}: expected a JSON object`);
  }
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dirname(tsconfigPath), undefined, tsconfigPath);
  const problems = parsed.errors.filter(
    (diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error && !IGNORED_CONFIG_DIAGNOSTICS.has(diagnostic.code),
  );
  const [first] = problems;
  if (first) throw new UsageError(`malformed ${shown}: ${formatDiagnostic(first, cwd)}`);
  return parsed.options;
}

/** The project a scan belongs to: the nearest tsconfig.json at or above `start` (the first scanned directory). */
export function loadSourceProject(cwd: string, start: string): Project {
  const tsconfig = findTsconfig(start);
  if (!tsconfig) return { root: start, compilerOptions: { ...DEFAULT_COMPILER_OPTIONS, lib: [...LIB_WITHOUT_DOM] } };
  return {
    root: dirname(tsconfig),
    tsconfig: displayPath(cwd, tsconfig),
    compilerOptions: { ...DEFAULT_COMPILER_OPTIONS, ...readCompilerOptions(tsconfig, cwd) },
  };
}
