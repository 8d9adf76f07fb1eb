/**
 * How `detkit repro` talks to the preload it injects into the Node.js processes of a run: environment
 * variables in, one JSON line per process out. Kept dependency-free: the preload imports it.
 */

/** The per-run seed of the scheduling jitter; absent, timers and callbacks are left alone. */
export const SCHEDULE_SEED_VARIABLE = "DETKIT_REPRO_SCHEDULE";
/** The per-run seed of the directory-listing shuffle; absent, listings are left alone. */
export const FSORDER_SEED_VARIABLE = "DETKIT_REPRO_FSORDER";
/** A file each process appends one `ProcessReport` line to, so detkit can see what the run really had. */
export const REPORT_FILE_VARIABLE = "DETKIT_REPRO_REPORT";

/** What one Node.js process of a run reports about itself as it starts. */
export interface ProcessReport {
  readonly pid: number;
  /** `Intl.DateTimeFormat().resolvedOptions().locale`: the ICU default locale Node took from LANG/LC_ALL. */
  readonly locale: string;
  /** `Intl.DateTimeFormat().resolvedOptions().timeZone`: the zone Node took from TZ. */
  readonly timeZone: string;
}

/** The reports in a report file's text; lines that are not a report (a process killed mid-write) are skipped. */
export function parseProcessReports(text: string): ProcessReport[] {
  const reports: ProcessReport[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue;
    }
    if (typeof value !== "object" || value === null) continue;
    const pid: unknown = Reflect.get(value, "pid");
    const locale: unknown = Reflect.get(value, "locale");
    const timeZone: unknown = Reflect.get(value, "timeZone");
    if (typeof pid === "number" && typeof locale === "string" && typeof timeZone === "string") {
      reports.push({ pid, locale, timeZone });
    }
  }
  return reports;
}
