/**
 * Why the rules about what differs from machine to machine (environment, host, time zone, locale) do not run on
 * test code, appended to each one's rationale. On the fifteen packages of the adoption study, 2 of 59 such
 * findings in tests were true: a test runs on one host at a time, where a host value gates a skip, names a
 * scratch file, or is compared with the same value the code under test read.
 */
export const MACHINE_VALUES_IN_TESTS =
  " Not run on test code (the configuration's tests globs; an override can turn it on): a test runs on one machine " +
  "at a time, where such a value gates a skip, names a scratch file or is compared with the same value the code " +
  "under test read. Whether a test's outcome depends on the zone, locale or environment is what `detkit repro` " +
  "shows, by running it under others.";
