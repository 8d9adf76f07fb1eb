/**
 * The module `detkit repro` loads into every Node.js process of a perturbed run, through
 * `NODE_OPTIONS=--import=<this file>`. It reports the locale and time zone the process really got, then
 * installs the seeded scheduling jitter and directory-listing shuffle the run asks for. Without its
 * variables it does nothing at all. It imports nothing outside detkit's own runtime files, so it adds no
 * dependency to the program it runs in, and it never prints.
 */
import { appendFileSync } from "node:fs";
import { installPerturbations } from "@detkit/runtime/internal/perturb";
import { seeded } from "@detkit/runtime/random";
import { FSORDER_SEED_VARIABLE, REPORT_FILE_VARIABLE, SCHEDULE_SEED_VARIABLE, type ProcessReport } from "./protocol.js";

// detkit-disable-next-line no-process-env -- the parent detkit process hands its settings to the preload through these variables
const reportFile = process.env[REPORT_FILE_VARIABLE];
if (reportFile !== undefined && reportFile !== "") {
  // detkit-disable-next-line no-implicit-locale, no-implicit-time-zone -- reporting the host's locale and zone is this module's job
  const { locale, timeZone } = Intl.DateTimeFormat().resolvedOptions();
  // detkit-disable-next-line no-host-info -- the report names the process it comes from; detkit compares its locale and time zone
  const report: ProcessReport = { pid: process.pid, locale, timeZone };
  try {
    appendFileSync(reportFile, `${JSON.stringify(report)}\n`);
  } catch {
    // detkit then says it could not verify the run; the program must not fail because of it.
  }
}

// detkit-disable-next-line no-process-env -- the parent detkit process hands its settings to the preload through these variables
const scheduleSeed = process.env[SCHEDULE_SEED_VARIABLE];
// detkit-disable-next-line no-process-env -- the parent detkit process hands its settings to the preload through these variables
const fsorderSeed = process.env[FSORDER_SEED_VARIABLE];
const wantSchedule = scheduleSeed !== undefined && scheduleSeed !== "";
const wantFsorder = fsorderSeed !== undefined && fsorderSeed !== "";
if (wantSchedule || wantFsorder) {
  installPerturbations({
    ...(wantSchedule ? { schedule: seeded(scheduleSeed).fork("schedule") } : {}),
    ...(wantFsorder ? { fsorder: seeded(fsorderSeed).fork("fsorder") } : {}),
  });
}
