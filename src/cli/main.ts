#!/usr/bin/env node
import { systemClock } from "../../wrappers/clock.js";
import { run } from "./run.js";

const exitCode = await run(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: { write: (text) => void process.stdout.write(text), isTTY: process.stdout.isTTY === true },
  stderr: { write: (text) => void process.stderr.write(text), isTTY: process.stderr.isTTY === true },
  clock: systemClock,
});
// Let buffered output drain before the process ends.
process.exitCode = exitCode;
