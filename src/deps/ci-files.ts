import { existsSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import type {
  CiFile,
  CiFileKind,
  CommandBlock,
  CommandLine,
  CommandWord,
  LineDirective,
} from "../../rules/util/dependency-context.js";
import { scriptInvocation, simpleCommands } from "../../rules/util/shell-commands.js";
import { compareStrings } from "@detkit/runtime/collections";
import { parseDirectiveBody } from "../directive-comment.js";
import { displayPath } from "../paths.js";
import type { FileError } from "../report/types.js";
import type { ManifestFile } from "./manifest.js";
import { listDirectory, listingErrors, readText, type FileScan, type ListingProblem } from "./project-files.js";

const DOCKERFILE = /^(?:Dockerfile|Containerfile)(?:\.[\w.-]+)?$|\.(?:[Dd]ockerfile|[Cc]ontainerfile)$/;
const YAML_FILE = /\.ya?ml$/;
const ACTION_FILE = /^action\.ya?ml$/;
/** Directories never searched for Dockerfiles: installed packages and version control. */
const DOCKERFILE_SEARCH_SKIPS = new Set(["node_modules", ".git"]);
/** Deep enough for any real layout (`deploy/docker/service/Dockerfile`), shallow enough to bound the walk. */
const MAX_SEARCH_DEPTH = 12;
/** Shell scripts larger than this are not read: no CI helper script is, and a huge file is not a script. */
const MAX_SCRIPT_BYTES = 1_000_000;

function splitLines(text: string): string[] {
  return text.split("\n").map((line) => (line.endsWith("\r") ? line.slice(0, -1) : line));
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

// ---------------------------------------------------------------------------------------------------------------
// YAML: GitHub workflows and composite actions (`run:` of a step), GitLab CI (`script` items).

const BLOCK_SCALAR = /^[|>][-+0-9]*\s*(?:#.*)?$/;
const KEY_LINE = /^((?:[^\s#'"{[,\]][^:#]*?)|"[^"]*"|'[^']*')\s*:(?:\s+(.*))?$/;

/** Which YAML values are shell: keyed values (`run:`) or list items (`script:` entries), by their parent key. */
interface YamlCommandShape {
  isCommandKey(key: string, parent: string | undefined): boolean;
  isCommandList(parent: string | undefined): boolean;
}

const GITHUB_SHAPE: YamlCommandShape = {
  isCommandKey: (key, parent) => key === "run" && parent === "steps",
  isCommandList: () => false,
};

const GITLAB_SCRIPT_KEYS = new Set(["script", "before_script", "after_script"]);
const GITLAB_SHAPE: YamlCommandShape = {
  isCommandKey: (key) => GITLAB_SCRIPT_KEYS.has(key),
  isCommandList: (parent) => parent !== undefined && GITLAB_SCRIPT_KEYS.has(parent),
};

function unquoteKey(key: string): string {
  return /^["'].*["']$/.test(key) ? key.slice(1, -1) : key;
}

/** A scalar value on one line: its text and the 0-based column where that text starts, or undefined. */
function inlineScalar(value: string, column: number): { text: string; column: number } | undefined {
  if (value.startsWith('"')) {
    const close = /^"((?:[^"\\]|\\.)*)"\s*(?:#.*)?$/.exec(value);
    if (!close) return undefined;
    try {
      return { text: String(JSON.parse(`"${close[1] ?? ""}"`)), column: column + 1 };
    } catch {
      return { text: close[1] ?? "", column: column + 1 };
    }
  }
  if (value.startsWith("'")) {
    const close = /^'((?:[^']|'')*)'\s*(?:#.*)?$/.exec(value);
    return close ? { text: (close[1] ?? "").replaceAll("''", "'"), column: column + 1 } : undefined;
  }
  if (value.startsWith("[") || value.startsWith("{") || value.startsWith("*") || value.startsWith("&")) return undefined;
  return { text: value, column };
}

/**
 * The lines of a block scalar (`|`, `>`) or of a plain scalar's continuation, after line `from`: every following
 * line that is blank or indented deeper than `parentIndent`. Returns them and the index of the next line.
 */
function indentedLines(lines: readonly string[], from: number, parentIndent: number): { block: CommandLine[]; next: number } {
  let contentIndent: number | undefined;
  const block: CommandLine[] = [];
  let index = from;
  for (; index < lines.length; index++) {
    const line = lines[index] ?? "";
    if (line.trim() === "") {
      block.push({ text: "", line: index + 1, column: 1 });
      continue;
    }
    const indent = indentOf(line);
    if (indent <= parentIndent) break;
    contentIndent ??= indent;
    if (indent < contentIndent) break;
    block.push({ text: line.slice(contentIndent), line: index + 1, column: contentIndent + 1 });
  }
  while (block.length > 0 && block[block.length - 1]?.text === "") block.pop();
  // Blank lines the block did not keep belong to whatever follows.
  return { block, next: block.length > 0 ? (block[block.length - 1]?.line ?? from) : from };
}

/**
 * The shell commands of a YAML CI file. A line-oriented reading of the YAML structure (keys, list items, block
 * and plain scalars, by indentation) is enough here: only the values under `run:` of a step (or GitLab's
 * `script` items) are commands, and step names, `with:` inputs, `env:` values and comments never are.
 */
function yamlCommands(text: string, shape: YamlCommandShape): CommandBlock[] {
  const lines = splitLines(text);
  const stack: { indent: number; key: string }[] = [];
  /** Line (1-based) where the list item whose keys sit at this column began. */
  const itemLines = new Map<number, number>();
  const blocks: CommandBlock[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index] ?? "";
    const lineNumber = index + 1;
    index++;
    if (/^\s*(?:#|$)/.test(line)) continue;
    const match = /^( *)((?:- +|-$)*)(.*)$/.exec(line);
    if (!match) continue;
    const indent = (match[1] ?? "").length;
    const dashes = match[2] ?? "";
    const rest = match[3] ?? "";
    const contentColumn = indent + dashes.length;
    for (const column of [...itemLines.keys()]) if (column > contentColumn) itemLines.delete(column);
    const key = KEY_LINE.exec(rest);

    if (!key) {
      if (dashes === "") continue;
      // A list item that is a scalar: a GitLab script line.
      while (stack.length > 0 && (stack[stack.length - 1]?.indent ?? 0) > indent) stack.pop();
      const parent = stack[stack.length - 1]?.key;
      if (BLOCK_SCALAR.test(rest)) {
        const { block, next } = indentedLines(lines, index, indent);
        if (shape.isCommandList(parent) && block.length > 0) blocks.push({ startLine: lineNumber, lines: block });
        index = next;
      } else if (shape.isCommandList(parent)) {
        const scalar = inlineScalar(rest, contentColumn);
        if (scalar) blocks.push({ startLine: lineNumber, lines: [{ text: scalar.text, line: lineNumber, column: scalar.column + 1 }] });
      }
      continue;
    }

    const name = unquoteKey(key[1] ?? "");
    const value = key[2] ?? "";
    while (stack.length > 0 && (stack[stack.length - 1]?.indent ?? 0) >= contentColumn) stack.pop();
    const parent = stack[stack.length - 1]?.key;
    if (dashes !== "") itemLines.set(contentColumn, lineNumber);
    stack.push({ indent: contentColumn, key: name });
    const isCommand = shape.isCommandKey(name, parent);
    const startLine = itemLines.get(contentColumn) ?? lineNumber;
    const valueColumn = line.length - value.length;

    if (BLOCK_SCALAR.test(value)) {
      const { block, next } = indentedLines(lines, index, contentColumn);
      if (isCommand && block.length > 0) blocks.push({ startLine, lines: block });
      index = next;
    } else if (value !== "" && !value.startsWith("#")) {
      const scalar = inlineScalar(value, valueColumn);
      // A plain scalar may continue on deeper-indented lines; they are part of the value, never keys.
      const continuation = scalar && !value.startsWith('"') && !value.startsWith("'") ? indentedLines(lines, index, contentColumn) : undefined;
      if (isCommand && scalar) {
        blocks.push({
          startLine,
          lines: [{ text: scalar.text, line: lineNumber, column: scalar.column + 1 }, ...(continuation?.block ?? [])],
        });
      }
      if (continuation) index = continuation.next;
    }
  }
  return blocks;
}

// ---------------------------------------------------------------------------------------------------------------
// Dockerfiles: `RUN` in shell form (with continuation lines and here-documents) and exec form.

const RUN_INSTRUCTION = /^(\s*)(?:ONBUILD\s+)?RUN(?=\s|$)\s*/i;
const HEREDOC = /<<(-?)(["']?)([A-Za-z_][\w.-]*)\2/;

/** The JSON strings of an exec-form command, with their offsets, or undefined when it is not one. */
function execForm(text: string): CommandWord[] | undefined {
  if (!text.trimStart().startsWith("[")) return undefined;
  let parsed: unknown;
  try {
    // detkit-disable-next-line no-lossy-json-parse -- an exec-form RUN is an array of strings; anything else is refused below
    parsed = JSON.parse(text.replaceAll("\\\n", " "));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || !parsed.every((item): item is string => typeof item === "string")) return undefined;
  const words: CommandWord[] = [];
  for (const token of text.matchAll(/"(?:[^"\\]|\\.)*"/g)) {
    const index = token.index ?? 0;
    const value = parsed[words.length];
    if (value === undefined) break;
    words.push({ value, start: index, end: index + token[0].length });
  }
  return words;
}

function dockerfileCommands(text: string): CommandBlock[] {
  const lines = splitLines(text);
  const blocks: CommandBlock[] = [];
  let index = 0;
  while (index < lines.length) {
    const first = lines[index] ?? "";
    const startLine = index + 1;
    index++;
    if (/^\s*(?:#|$)/.test(first)) continue;
    // The instruction's lines: a trailing backslash continues it; comment lines inside it are dropped, as Docker does.
    const instruction: CommandLine[] = [{ text: first, line: startLine, column: 1 }];
    let last = first;
    while (/\\\s*$/.test(last) && index < lines.length) {
      const line = lines[index] ?? "";
      index++;
      if (/^\s*#/.test(line)) continue;
      instruction.push({ text: line, line: index, column: 1 });
      last = line;
    }
    const run = RUN_INSTRUCTION.exec(first);
    if (!run) continue;
    let offset = run[0].length;
    // Options of RUN itself (`--mount=type=cache,target=/root/.npm`) come before the command.
    for (let option = /^--\S+\s*/.exec(first.slice(offset)); option; option = /^--\S+\s*/.exec(first.slice(offset))) offset += option[0].length;
    const head: CommandLine = { text: first.slice(offset), line: startLine, column: offset + 1 };
    const heredoc = HEREDOC.exec(head.text);
    if (heredoc && instruction.length === 1) {
      const delimiter = heredoc[3] ?? "";
      const body: CommandLine[] = [];
      while (index < lines.length) {
        const line = lines[index] ?? "";
        index++;
        if ((heredoc[1] === "-" ? line.trim() : line) === delimiter) break;
        body.push({ text: line, line: index, column: 1 });
      }
      blocks.push({ startLine, lines: body });
      continue;
    }
    const blockLines = [head, ...instruction.slice(1)];
    const argv = execForm(blockLines.map((line) => line.text).join("\n"));
    blocks.push({ startLine, lines: blockLines, ...(argv ? { argv } : {}) });
  }
  return blocks;
}

// ---------------------------------------------------------------------------------------------------------------
// Suppression comments: `# detkit-disable-next-line <ids> -- reason` and `# detkit-disable-line …`.

const DIRECTIVE = /(^|\s)#\s*detkit-disable-(next-line|line)(?![\w-])(.*)$/;

/**
 * The suppression comments of a `#`-commented file. In a CI file or Dockerfile, a comment above a step or
 * instruction (or on its first line) covers all of its lines; a shell script is one block, so there a comment
 * covers its line only.
 */
function lineDirectives(text: string, blocks: readonly CommandBlock[]): LineDirective[] {
  const directives: LineDirective[] = [];
  splitLines(text).forEach((line, index) => {
    const match = DIRECTIVE.exec(line);
    if (!match) return;
    const lineNumber = index + 1;
    const { ruleIds, reason } = parseDirectiveBody(match[3] ?? "");
    const target = match[2] === "next-line" ? lineNumber + 1 : lineNumber;
    // A comment above a step or instruction (or above its `run:` key) covers all of its lines.
    const block = blocks.find((candidate) => candidate.startLine <= target && target <= (candidate.lines[0]?.line ?? candidate.startLine));
    const end = block ? Math.max(target, block.lines[block.lines.length - 1]?.line ?? target) : target;
    directives.push({
      line: lineNumber,
      column: (match.index ?? 0) + (match[1] ?? "").length + 1,
      targetStart: target,
      targetEnd: end,
      ruleIds,
      reason,
    });
  });
  return directives;
}

// ---------------------------------------------------------------------------------------------------------------
// Collecting the files.

function isInside(directory: string, path: string): boolean {
  const relation = relative(directory, path);
  return relation !== "" && !relation.startsWith("..") && !relation.startsWith(sep) && !/^[A-Za-z]:/.test(relation);
}

/**
 * Every Dockerfile under `directory`, at any depth, outside node_modules and .git; sorted. A folder with a
 * package.json of its own is another npm project (a test fixture, an example, a separately built image),
 * audited on its own, unless it is one of this project's workspaces.
 */
function findDockerfiles(directory: string, workspaces: ReadonlySet<string>, onProblem: ListingProblem, depth = 0): string[] {
  const found: string[] = [];
  for (const entry of listDirectory(directory, onProblem)) {
    const path = join(directory, entry.name);
    if (entry.isFile() && DOCKERFILE.test(entry.name)) found.push(path);
    if (!entry.isDirectory() || DOCKERFILE_SEARCH_SKIPS.has(entry.name) || depth >= MAX_SEARCH_DEPTH) continue;
    if (!workspaces.has(path) && existsSync(join(path, "package.json"))) continue;
    found.push(...findDockerfiles(path, workspaces, onProblem, depth + 1));
  }
  return found;
}

/** Composite actions: `action.yml` files anywhere under `.github/actions`. */
function findActions(directory: string, onProblem: ListingProblem, depth = 0): string[] {
  const found: string[] = [];
  for (const entry of listDirectory(directory, onProblem)) {
    const path = join(directory, entry.name);
    if (entry.isFile() && ACTION_FILE.test(entry.name)) found.push(path);
    else if (entry.isDirectory() && depth < MAX_SEARCH_DEPTH) found.push(...findActions(path, onProblem, depth + 1));
  }
  return found;
}

/** The command blocks of a CI file, Dockerfile or shell script: only what runs, never names, inputs or comments. */
export function commandsOf(kind: CiFileKind, text: string): CommandBlock[] {
  switch (kind) {
    case "github-workflow":
    case "github-action":
      return yamlCommands(text, GITHUB_SHAPE);
    case "gitlab-ci":
      return yamlCommands(text, GITLAB_SHAPE);
    case "dockerfile":
      return dockerfileCommands(text);
    case "shell-script":
      return [{ startLine: 1, lines: splitLines(text).map((line, index) => ({ text: line, line: index + 1, column: 1 })) }];
  }
}

/** The scripts a block's commands run (`./scripts/ci.sh`, `bash tools/setup.sh`), as written, with their lines. */
function scriptsRunBy(block: CommandBlock): { path: string; line: number }[] {
  if (block.argv) {
    const script = scriptInvocation(block.argv);
    return script ? [{ path: script.value, line: block.startLine }] : [];
  }
  const text = block.lines.map((line) => line.text).join("\n");
  const found: { path: string; line: number }[] = [];
  for (const command of simpleCommands(text)) {
    const script = scriptInvocation(command);
    if (!script) continue;
    const lineIndex = text.slice(0, script.start).split("\n").length - 1;
    found.push({ path: script.value, line: block.lines[lineIndex]?.line ?? block.startLine });
  }
  return found;
}

export interface CiScanRequest {
  /** The directory whose `.github` and `.gitlab-ci.yml` define CI: the project (or workspace) root. */
  readonly projectDirectory: string;
  /**
   * Whether to read the CI definitions of `projectDirectory` (a whole project), or only the Dockerfiles and
   * scripts of `searchDirectory` (one workspace audited on its own, whose CI belongs to the workspace root).
   */
  readonly includeCiDefinitions: boolean;
  /** Where Dockerfiles are looked for, at any depth. */
  readonly searchDirectory: string;
  /** The package.json files whose scripts may run shell scripts; each with its absolute directory. */
  readonly manifests: readonly { readonly manifest: ManifestFile; readonly directory: string }[];
  readonly cwd: string;
}

/**
 * The files whose commands install packages: GitHub workflows (`.github/workflows/*.yml|yaml`), composite actions
 * (`.github/actions/**\/action.yml`), `.gitlab-ci.yml`, Dockerfiles at any depth outside other npm projects
 * (`Dockerfile`, `Dockerfile.*`, `*.Dockerfile`, `Containerfile`), and the shell scripts any of them or a
 * package.json script runs. Sorted by path.
 */
export function collectCiFiles(request: CiScanRequest): FileScan<CiFile> {
  const { projectDirectory, cwd } = request;
  const errors: FileError[] = [];
  const unlistable = listingErrors(cwd, errors);
  const found = new Map<string, CiFileKind>();
  if (request.includeCiDefinitions) {
    const workflows = join(projectDirectory, ".github", "workflows");
    for (const entry of listDirectory(workflows, unlistable)) {
      if (entry.isFile() && YAML_FILE.test(entry.name)) found.set(join(workflows, entry.name), "github-workflow");
    }
    for (const path of findActions(join(projectDirectory, ".github", "actions"), unlistable)) found.set(path, "github-action");
    const gitlab = join(projectDirectory, ".gitlab-ci.yml");
    if (listDirectory(projectDirectory, unlistable).some((entry) => entry.isFile() && entry.name === ".gitlab-ci.yml")) found.set(gitlab, "gitlab-ci");
  }
  const workspaces = new Set(request.manifests.map((manifest) => manifest.directory));
  for (const path of findDockerfiles(request.searchDirectory, workspaces, unlistable)) found.set(path, "dockerfile");

  const items: CiFile[] = [];
  let filesRead = 0;
  /** Scripts to read, by absolute path: whether CI runs them, and from where. */
  const scripts = new Map<string, { ci: boolean; callers: Set<string> }>();
  const queueScript = (written: string, bases: readonly string[], ci: boolean, caller: string) => {
    for (const base of bases) {
      const path = resolve(base, written);
      if (!isInside(projectDirectory, path) && !isInside(request.searchDirectory, path)) continue;
      let isFile = false;
      try {
        const stat = statSync(path);
        isFile = stat.isFile() && stat.size <= MAX_SCRIPT_BYTES;
      } catch {
        isFile = false;
      }
      if (!isFile || found.has(path)) continue;
      const entry = scripts.get(path) ?? { ci: false, callers: new Set<string>() };
      entry.ci ||= ci;
      entry.callers.add(caller);
      scripts.set(path, entry);
      return;
    }
  };

  for (const [path, kind] of found) {
    filesRead++;
    const text = readText(path, cwd, errors);
    if (text === undefined) continue;
    const file = displayPath(cwd, path);
    const commands = commandsOf(kind, text);
    items.push({ file, kind, commands, directives: lineDirectives(text, commands) });
    // Workflow steps run in the repository root; a Dockerfile's paths are inside the image, not read here.
    if (kind !== "dockerfile") {
      for (const block of commands) {
        for (const script of scriptsRunBy(block)) queueScript(script.path, [projectDirectory], true, `${file}:${script.line}`);
      }
    }
  }
  for (const { manifest, directory } of request.manifests) {
    for (const script of manifestScriptCommands(manifest)) {
      for (const invoked of scriptsRunBy(script.block)) queueScript(invoked.path, [directory], false, `${manifest.file} ("${script.name}" script)`);
    }
  }

  // Scripts run scripts: follow them, each file once, in path order at each step so the walk is deterministic.
  const done = new Set<string>();
  for (let pending = [...scripts.keys()]; pending.length > 0; pending = [...scripts.keys()].filter((path) => !done.has(path))) {
    for (const path of pending.sort(compareStrings)) {
      done.add(path);
      filesRead++;
      const text = readText(path, cwd, errors);
      if (text === undefined) continue;
      const file = displayPath(cwd, path);
      const commands = commandsOf("shell-script", text);
      items.push({ file, kind: "shell-script", commands, directives: lineDirectives(text, []) });
      const ci = scripts.get(path)?.ci ?? false;
      for (const block of commands) {
        for (const script of scriptsRunBy(block)) queueScript(script.path, [projectDirectory, dirname(path)], ci, `${file}:${script.line}`);
      }
    }
  }
  // Who runs each script is known once every caller was read (a script reached from package.json may also be run by CI).
  const settled = items.map((item) => {
    const entry = item.kind === "shell-script" ? scripts.get(resolve(cwd, item.file)) : undefined;
    return entry ? { ...item, calledFrom: { ci: entry.ci, callers: [...entry.callers].sort(compareStrings) } } : item;
  });
  settled.sort((a, b) => compareStrings(a.file, b.file));
  return { items: settled, errors, filesRead };
}

/** A package.json script as one command block, decoded from its JSON string (for the scripts it runs). */
function manifestScriptCommands(manifest: ManifestFile): { name: string; block: CommandBlock }[] {
  const scripts = manifest.data.scripts;
  if (typeof scripts !== "object" || scripts === null || Array.isArray(scripts)) return [];
  return Object.entries(scripts).flatMap(([name, command]) =>
    typeof command === "string" ? [{ name, block: { startLine: 1, lines: [{ text: command, line: 1, column: 1 }] } }] : [],
  );
}

