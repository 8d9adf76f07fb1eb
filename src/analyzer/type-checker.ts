import { getLibFiles, ts } from "@ts-morph/common";
import { JSDOC_PARSING_MODE } from "./source.js";

// @ts-morph/common bundles TypeScript without its lib folder on disk; the lib files are served from memory here.
const LIB_FOLDER = "/__detkit_lib__";

/**
 * A type checker over the files detkit already parsed, built only when a rule first asks for types. The
 * program reuses the parsed source files, so the nodes rules hold are the nodes the checker knows.
 */
export function lazyTypeChecker(
  options: ts.CompilerOptions,
  parsed: ReadonlyMap<string, ts.SourceFile>,
): () => ts.TypeChecker {
  let checker: ts.TypeChecker | undefined;
  return () => {
    checker ??= createProgram(options, parsed).getTypeChecker();
    return checker;
  };
}

let libTexts: ReadonlyMap<string, string> | undefined;

/**
 * The lib files parsed once per process and shared by every program: they never change, and parsing them is a
 * fixed cost that a second program (tests, `detkit diff` over two trees) need not pay again.
 */
const libSourceFiles = new Map<string, ts.SourceFile>();

function libSourceFile(fileName: string, text: string, languageVersion: ts.ScriptTarget | ts.CreateSourceFileOptions): ts.SourceFile {
  const target = typeof languageVersion === "object" ? languageVersion.languageVersion : languageVersion;
  const key = `${target} ${fileName}`;
  let sourceFile = libSourceFiles.get(key);
  if (!sourceFile) {
    sourceFile = ts.createSourceFile(fileName, text, languageVersion, true);
    libSourceFiles.set(key, sourceFile);
  }
  return sourceFile;
}

function createProgram(options: ts.CompilerOptions, parsed: ReadonlyMap<string, ts.SourceFile>): ts.Program {
  const compilerOptions: ts.CompilerOptions = { ...options, allowJs: true, noEmit: true };
  libTexts ??= new Map(getLibFiles().map((lib) => [`${LIB_FOLDER}/${lib.fileName}`, lib.text]));
  const libs = libTexts;
  const host = ts.createCompilerHost(compilerOptions, true);
  host.jsDocParsingMode = JSDOC_PARSING_MODE;
  const defaultGetSourceFile = host.getSourceFile.bind(host);
  const defaultFileExists = host.fileExists.bind(host);
  const defaultReadFile = host.readFile.bind(host);
  host.getDefaultLibLocation = () => LIB_FOLDER;
  host.getDefaultLibFileName = (opts) => `${LIB_FOLDER}/${ts.getDefaultLibFileName(opts)}`;
  host.fileExists = (fileName) => parsed.has(fileName) || libs.has(fileName) || defaultFileExists(fileName);
  host.readFile = (fileName) => parsed.get(fileName)?.text ?? libs.get(fileName) ?? defaultReadFile(fileName);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const existing = parsed.get(fileName);
    if (existing) return existing;
    const lib = libs.get(fileName);
    if (lib !== undefined) return libSourceFile(fileName, lib, languageVersion);
    return defaultGetSourceFile(fileName, languageVersion, onError, shouldCreate);
  };
  return ts.createProgram({ rootNames: [...parsed.keys()], options: compilerOptions, host });
}
