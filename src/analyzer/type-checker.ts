import { getLibFiles, ts } from "@ts-morph/common";

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

function createProgram(options: ts.CompilerOptions, parsed: ReadonlyMap<string, ts.SourceFile>): ts.Program {
  const compilerOptions: ts.CompilerOptions = { ...options, allowJs: true, noEmit: true };
  const libTexts = new Map(getLibFiles().map((lib) => [`${LIB_FOLDER}/${lib.fileName}`, lib.text]));
  const host = ts.createCompilerHost(compilerOptions, true);
  const defaultGetSourceFile = host.getSourceFile.bind(host);
  const defaultFileExists = host.fileExists.bind(host);
  const defaultReadFile = host.readFile.bind(host);
  host.getDefaultLibLocation = () => LIB_FOLDER;
  host.getDefaultLibFileName = (opts) => `${LIB_FOLDER}/${ts.getDefaultLibFileName(opts)}`;
  host.fileExists = (fileName) => parsed.has(fileName) || libTexts.has(fileName) || defaultFileExists(fileName);
  host.readFile = (fileName) => parsed.get(fileName)?.text ?? libTexts.get(fileName) ?? defaultReadFile(fileName);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const existing = parsed.get(fileName);
    if (existing) return existing;
    const lib = libTexts.get(fileName);
    if (lib !== undefined) return ts.createSourceFile(fileName, lib, languageVersion, true);
    return defaultGetSourceFile(fileName, languageVersion, onError, shouldCreate);
  };
  return ts.createProgram({ rootNames: [...parsed.keys()], options: compilerOptions, host });
}
