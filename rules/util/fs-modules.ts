/** Node's fs and the drop-in wrappers that keep its function names: graceful-fs, and fs-extra on top of it. */
export const FS_MODULES: readonly string[] = ["fs", "fs-extra", "graceful-fs"];

/**
 * The resolved names of fs functions, for each of `names`: `fs#rm`, `fs#promises.rm`, `fs/promises#rm`, and the
 * same for the wrappers.
 */
export function fsFunctionNames(names: readonly string[]): Set<string> {
  return new Set(
    names.flatMap((name) => [...FS_MODULES.flatMap((module) => [`${module}#${name}`, `${module}#promises.${name}`]), `fs/promises#${name}`]),
  );
}
