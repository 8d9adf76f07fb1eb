/**
 * Orders strings by UTF-16 code units, the same on every machine and locale (unlike `localeCompare`,
 * whose result depends on the ICU data and default locale of the process).
 */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
