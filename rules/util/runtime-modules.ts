/**
 * The package application code imports detkit's wrappers from. `detkit` re-exports the same modules as
 * `detkit/<subpath>` for scripts and tests, so code importing either spelling is calling a wrapper; fixes write
 * the runtime package's spelling, the one a production install carries.
 */
export const RUNTIME_PACKAGE = "@detkit/runtime";

export type RuntimeSubpath = "clock" | "collections" | "conflict" | "decimal" | "hash" | "json" | "random" | "testing";

/** The specifier a fix imports a wrapper from, e.g. `@detkit/runtime/json`. */
export function runtimeModule(subpath: RuntimeSubpath): string {
  return `${RUNTIME_PACKAGE}/${subpath}`;
}

/** Both spellings of a wrapper module: the runtime package's and detkit's re-export. */
export function runtimeModuleSpecifiers(subpath: RuntimeSubpath): readonly string[] {
  return [runtimeModule(subpath), `detkit/${subpath}`];
}

/** Whether an import specifier names one of detkit's wrapper modules (`@detkit/runtime/…` or `detkit/…`). */
export function isRuntimeModule(specifier: string): boolean {
  return /^(?:@detkit\/runtime|detkit)\/(?:clock|collections|conflict|decimal|hash|json|random|testing)$/.test(specifier);
}
