/**
 * The part of `detkit repro` that touches processes and the file system: a session owns one temporary
 * directory and every child it starts, runs the command with a run's environment and working directory,
 * collects what it produced, and removes everything it made, also when detkit is interrupted (Ctrl-C,
 * SIGTERM, SIGHUP). Children run in their own process group, so a timeout or an interrupt stops the whole
 * tree the command started, not only its first process.
 */
import { spawn } from "node:child_process";
import {
  copyFileSync,
  constants,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, isAbsolute, join, relative, resolve, sep } from "node:path";
import { compareStrings } from "@detkit/runtime/collections";
import { messageOf, UsageError } from "../errors.js";
import type { Content, RunOutputs } from "./compare.js";
import { needsPreload, runEnvironment, type RunPlan } from "./plan.js";
import { parseProcessReports, type ProcessReport } from "./protocol.js";

/** An `--output` path: reported by the path as given, read from the run's directory or from where it points. */
export interface OutputSpec {
  /** The path as given, with `/` separators. */
  readonly label: string;
  /** The path relative to the working directory, when it was given relative. */
  readonly relative?: string;
  /** The path, when it was given absolute. */
  readonly absolute?: string;
}

export interface RunRequest {
  readonly plan: RunPlan;
  /** Names the run's temporary directory: `run-3`, `run-3-tz`. */
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  /** The working directory the user ran detkit in. */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly outputs: readonly OutputSpec[];
  readonly timeoutMs: number;
}

export interface RunResult {
  readonly outputs: RunOutputs;
  /** Why the command could not be started (not found, not executable), when it could not. */
  readonly startError?: string;
  readonly timedOut: boolean;
  /** The end of standard error, for a report on a run that failed. */
  readonly stderrTail: string;
  /** What the run's Node.js processes said about themselves; the command's own process first when it is Node. */
  readonly reports: readonly ProcessReport[];
}

// Directories linked rather than copied into a moved working directory: large, and not the program's input.
const LINKED_DIRECTORIES = new Set(["node_modules", ".git"]);
const STDERR_TAIL_BYTES = 2048;
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** Whether `path` is `directory` or inside it. */
export function isInside(path: string, directory: string): boolean {
  const fromDirectory = relative(directory, path);
  return fromDirectory === "" || (fromDirectory !== ".." && !fromDirectory.startsWith(`..${sep}`) && !isAbsolute(fromDirectory));
}

/**
 * Copies `from` to `to`, skipping `skip` (output paths, detkit's own temporary directory) and linking
 * node_modules and .git instead of copying them. Symbolic links are copied as links.
 */
function copyTree(from: string, to: string, skip: readonly string[]): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true }).sort((a, b) => compareStrings(a.name, b.name))) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (skip.some((skipped) => isInside(source, skipped))) continue;
    if (entry.isDirectory() && LINKED_DIRECTORIES.has(entry.name)) symlinkSync(source, target, "dir");
    else if (entry.isDirectory()) copyTree(source, target, skip);
    else if (entry.isSymbolicLink()) symlinkSync(readlinkSync(source), target);
    else if (entry.isFile()) copyFileSync(source, target, constants.COPYFILE_FICLONE);
  }
}

/** Every file under `directory`, by path relative to it with `/` separators, in code-unit order. */
function filesUnder(directory: string, prefix: string, into: Map<string, Content>): void {
  for (const entry of readdirSync(directory, { withFileTypes: true }).sort((a, b) => compareStrings(a.name, b.name))) {
    const path = join(directory, entry.name);
    const label = `${prefix}/${entry.name}`;
    if (entry.isDirectory()) filesUnder(path, label, into);
    // A link is compared by where it points.
    else if (entry.isSymbolicLink()) into.set(label, Buffer.from(`symbolic link to ${readlinkSync(path)}`));
    else if (entry.isFile()) into.set(label, readFileSync(path));
  }
}

/** What an output path holds after a run: one file, every file of a directory, or nothing. */
function readOutput(path: string, label: string, into: Map<string, Content>): void {
  let isDirectory: boolean;
  try {
    isDirectory = lstatSync(path).isDirectory();
  } catch {
    into.set(label, undefined);
    return;
  }
  if (isDirectory) filesUnder(path, label.replace(/\/+$/, ""), into);
  else into.set(label, readFileSync(path));
}

function describeStatus(code: number | null, signal: NodeJS.Signals | null, timedOut: boolean, timeoutMs: number): string {
  if (timedOut) return `timed out after ${timeoutMs / 1000} s`;
  if (signal !== null) return `killed by ${signal}`;
  return `exit code ${code ?? "unknown"}`;
}

function killGroup(pid: number): void {
  try {
    // A negative pid is the process group the child leads (it was started detached).
    process.kill(-pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

/** One `detkit repro` invocation's temporary directory and children. */
export class RunSession {
  readonly root: string;
  readonly #preloadUrl: string;
  readonly #children = new Set<number>();
  readonly #onSignal = (signal: NodeJS.Signals): void => this.#interrupted(signal);
  #closed = false;

  constructor(preloadUrl: string) {
    this.#preloadUrl = preloadUrl;
    this.root = mkdtempSync(join(tmpdir(), "detkit-repro-"));
    for (const signal of SIGNALS) process.on(signal, this.#onSignal);
  }

  /** Stops every child, removes the temporary directory, then dies of the same signal, as an uncaught one would. */
  #interrupted(signal: NodeJS.Signals): void {
    this.close();
    process.kill(process.pid, signal);
  }

  /** Stops any child still running and removes the temporary directory; safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const signal of SIGNALS) process.off(signal, this.#onSignal);
    for (const pid of this.#children) killGroup(pid);
    this.#children.clear();
    rmSync(this.root, { recursive: true, force: true, maxRetries: 3 });
  }

  /** The working directory of a run: the user's own, or a copy when the run moves it or writes relative outputs. */
  #workingDirectory(request: RunRequest): string {
    const needsCopy = request.plan.directoryName !== undefined || request.outputs.some((output) => output.relative !== undefined);
    if (!needsCopy) return request.cwd;
    const runRoot = join(this.root, request.name);
    // Moved: another name at another depth. Otherwise the original name, so only the location differs.
    const directory =
      request.plan.directoryName !== undefined
        ? join(runRoot, "elsewhere", request.plan.directoryName)
        : join(runRoot, basename(request.cwd) || "root");
    const skip = [
      this.root,
      ...request.outputs.flatMap((output) => (output.relative === undefined ? [] : [resolve(request.cwd, output.relative)])),
    ];
    try {
      copyTree(request.cwd, directory, skip);
    } catch (error) {
      throw new UsageError(`cannot copy ${request.cwd} to run the command elsewhere: ${messageOf(error)}`);
    }
    return directory;
  }

  async execute(request: RunRequest): Promise<RunResult> {
    const workingDirectory = this.#workingDirectory(request);
    const reportFile = join(this.root, `${request.name}.processes.jsonl`);
    const preload = needsPreload(request.plan) ? { url: this.#preloadUrl, reportFile } : undefined;
    const env = runEnvironment(request.env, request.plan, preload);
    // Absolute outputs are shared by every run: clear them so a run that writes nothing cannot pass on an
    // earlier run's files.
    for (const output of request.outputs) {
      if (output.absolute !== undefined) rmSync(output.absolute, { recursive: true, force: true });
    }

    const ended = await new Promise<{
      pid: number | undefined;
      code: number | null;
      signal: NodeJS.Signals | null;
      startError?: string;
      timedOut: boolean;
      stdout: Buffer;
      stderr: Buffer;
    }>((resolveEnded) => {
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let timedOut = false;
      let settled = false;
      const child = spawn(request.command, request.args, {
        cwd: workingDirectory,
        env,
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      });
      const pid = child.pid;
      if (pid !== undefined) this.#children.add(pid);
      const timer = setTimeout(() => {
        timedOut = true;
        if (pid !== undefined) killGroup(pid);
      }, request.timeoutMs);
      const finish = (code: number | null, signal: NodeJS.Signals | null, startError?: string): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (pid !== undefined) {
          // Whatever the command left running in its group is stopped with it.
          killGroup(pid);
          this.#children.delete(pid);
        }
        resolveEnded({
          pid,
          code,
          signal,
          timedOut,
          stdout: Buffer.concat(stdout),
          stderr: Buffer.concat(stderr),
          ...(startError === undefined ? {} : { startError }),
        });
      };
      child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
      child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
      child.on("error", (error) => finish(null, null, messageOf(error)));
      child.on("close", (code, signal) => finish(code, signal));
    });

    const files = new Map<string, Content>();
    for (const output of request.outputs) {
      const path = output.absolute ?? join(workingDirectory, output.relative ?? ".");
      readOutput(path, output.label, files);
    }
    let reports: ProcessReport[] = [];
    try {
      // The command's own process first, when it is a Node.js process.
      const all = parseProcessReports(readFileSync(reportFile, "utf8"));
      reports = [...all.filter((report) => report.pid === ended.pid), ...all.filter((report) => report.pid !== ended.pid)];
    } catch {
      // No Node.js process of the run loaded the preload.
    }
    // Copies can be as large as the project: keep at most the ones of runs in progress.
    if (workingDirectory !== request.cwd) rmSync(join(this.root, request.name), { recursive: true, force: true, maxRetries: 3 });
    rmSync(reportFile, { force: true });
    const status =
      ended.startError !== undefined
        ? `failed to start: ${ended.startError}`
        : describeStatus(ended.code, ended.signal, ended.timedOut, request.timeoutMs);
    return {
      outputs: { status, stdout: ended.stdout, files },
      ...(ended.startError === undefined ? {} : { startError: ended.startError }),
      timedOut: ended.timedOut,
      stderrTail: ended.stderr.subarray(Math.max(0, ended.stderr.length - STDERR_TAIL_BYTES)).toString("utf8"),
      reports,
    };
  }
}
