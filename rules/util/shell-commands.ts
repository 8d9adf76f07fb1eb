/**
 * Just enough of the POSIX shell grammar to tell which commands a CI step, a Dockerfile `RUN` or a script runs:
 * words (with quotes and escapes), the operators that separate commands (`&&`, `||`, `;`, `|`, `&`, newlines,
 * `$(…)`, backquotes, parentheses), comments, redirections and the keywords of compound commands. Text that is
 * only an argument (`echo "npm install"`) or a comment is never taken for a command.
 */

/** One word of a command, unquoted, with the offsets of its text in the source (quotes included). */
export interface ShellWord {
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

/** Words that open or continue a compound command; the command proper follows them. */
const KEYWORDS = new Set(["if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "{", "}", "time"]);
/** Commands that run the command that follows them (after their own options). */
const WRAPPERS = new Set(["sudo", "command", "exec", "nohup", "env", "xargs", "nice", "timeout", "retry"]);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/**
 * Splits shell text into simple commands, each a list of words. Redirections and their targets are left out;
 * `for`/`case` headers are kept as words of their own (they never start with a command we look for).
 */
export function simpleCommands(text: string): ShellWord[][] {
  const commands: ShellWord[][] = [];
  let words: ShellWord[] = [];
  let value = "";
  let start = -1;
  let skipNextWord = false;

  const endWord = (end: number) => {
    if (start === -1) return;
    if (skipNextWord) skipNextWord = false;
    else words.push({ value, start, end });
    value = "";
    start = -1;
  };
  const endCommand = (end: number) => {
    endWord(end);
    if (words.length > 0) commands.push(words);
    words = [];
    skipNextWord = false;
  };
  const begin = (index: number) => {
    if (start === -1) start = index;
  };

  let index = 0;
  while (index < text.length) {
    const char = text[index] ?? "";
    const next = text[index + 1] ?? "";
    if (char === "\\") {
      if (next === "\n") {
        // A line continuation joins the lines; it never separates words on its own.
        index += 2;
        continue;
      }
      if (next === "\r" && text[index + 2] === "\n") {
        index += 3;
        continue;
      }
      begin(index);
      value += next;
      index += 2;
      continue;
    }
    if (char === "'") {
      begin(index);
      const close = text.indexOf("'", index + 1);
      const stop = close === -1 ? text.length : close;
      value += text.slice(index + 1, stop);
      index = stop + 1;
      continue;
    }
    if (char === '"') {
      begin(index);
      index++;
      while (index < text.length && text[index] !== '"') {
        if (text[index] === "\\" && index + 1 < text.length && '"\\$`\n'.includes(text[index + 1] ?? "")) {
          if (text[index + 1] !== "\n") value += text[index + 1];
          index += 2;
        } else {
          value += text[index];
          index++;
        }
      }
      index++;
      continue;
    }
    if (char === "#" && start === -1) {
      const newline = text.indexOf("\n", index);
      index = newline === -1 ? text.length : newline;
      continue;
    }
    if (char === " " || char === "\t" || char === "\r") {
      endWord(index);
      index++;
      continue;
    }
    if (char === "\n" || char === ";" || char === "&" || char === "|" || char === "(" || char === ")" || char === "`") {
      endCommand(index);
      index++;
      continue;
    }
    if (char === "$" && next === "(") {
      endCommand(index);
      index += 2;
      continue;
    }
    if ((char === ">" || char === "<") && (start === -1 || /^\d+$/.test(value))) {
      // `>file`, `2>&1`, `< input`, `<<EOF`: a redirection and its target are not words of the command.
      start = -1;
      value = "";
      const heredoc = char === "<" && next === "<" && text[index + 2] !== "<";
      index++;
      let duplicating = false;
      while (text[index] === ">" || text[index] === "<" || text[index] === "&" || text[index] === "|") {
        if (text[index] === "&") duplicating = true;
        index++;
      }
      if (heredoc) {
        index = skipHeredoc(text, text[index] === "-" ? index + 1 : index);
        continue;
      }
      if (duplicating && /[\d-]/.test(text[index] ?? "")) {
        while (/[\d-]/.test(text[index] ?? "")) index++;
      } else {
        skipNextWord = true;
      }
      continue;
    }
    begin(index);
    value += char;
    index++;
  }
  endCommand(text.length);
  return commands;
}

/**
 * Skips a here-document: its delimiter word after `<<`, and the body lines up to the delimiter line, which are
 * text for the command, not commands. Returns the offset of the newline that ends the body, so the command the
 * `<<` belongs to ends there.
 */
function skipHeredoc(text: string, from: number): number {
  const delimiter = /^\s*(['"]?)([\w.-]+)\1/.exec(text.slice(from));
  if (!delimiter) return from;
  const word = delimiter[2] ?? "";
  const lineEnd = text.indexOf("\n", from);
  if (lineEnd === -1) return text.length;
  let cursor = lineEnd + 1;
  while (cursor < text.length) {
    const end = text.indexOf("\n", cursor);
    const line = text.slice(cursor, end === -1 ? text.length : end);
    if (line.trim() === word) return end === -1 ? text.length : end;
    if (end === -1) return text.length;
    cursor = end + 1;
  }
  return text.length;
}

/** The command proper: without variable assignments, compound-command keywords and wrappers such as `sudo`. */
export function commandWords(words: readonly ShellWord[]): readonly ShellWord[] {
  let index = 0;
  while (index < words.length) {
    const word = words[index]?.value ?? "";
    if (ASSIGNMENT.test(word) || KEYWORDS.has(word)) {
      index++;
    } else if (WRAPPERS.has(word)) {
      index++;
      // The wrapper's own options (`sudo -E`, `env -i`, `timeout 5m`) come before the command.
      while (index < words.length && (/^-/.test(words[index]?.value ?? "") || ASSIGNMENT.test(words[index]?.value ?? "") || /^\d+[smhd]?$/.test(words[index]?.value ?? ""))) index++;
    } else {
      break;
    }
  }
  return words.slice(index);
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** npm's commands that install from package.json ranges (with npm's aliases and accepted typos). */
const INSTALL_COMMANDS = new Set([
  "install", "i", "in", "ins", "inst", "insta", "instal", "isnt", "isnta", "isntal", "isntall", "add",
  "update", "up", "upgrade", "udpate", "install-test", "it",
]);
/** Every npm command name, so that the first of them after the global options is taken as the command. */
const OTHER_COMMANDS = new Set([
  "ci", "clean-install", "ic", "install-clean", "isntall-clean", "install-ci-test", "cit", "clean-install-test", "sit",
  "run", "run-script", "rum", "urn", "test", "t", "tst", "start", "stop", "restart", "exec", "x", "pack", "publish",
  "version", "view", "info", "config", "set", "get", "ls", "list", "ll", "la", "audit", "outdated", "prune", "rebuild",
  "link", "ln", "uninstall", "remove", "rm", "r", "un", "unlink", "cache", "init", "create", "login", "logout", "whoami",
  "dedupe", "ddp", "explain", "why", "query", "pkg", "sbom", "shrinkwrap", "help", "doctor", "fund", "ping", "prefix",
  "root", "bin", "dist-tag", "deprecate", "owner", "team", "token", "access", "org", "profile", "star", "stars",
  "search", "find", "repo", "docs", "home", "bugs", "edit", "explore", "completion", "diff", "hook", "unpublish",
  "adduser", "set-script",
]);
/** npm options that take the next word as their value when written without `=`. */
const NPM_VALUE_OPTIONS = new Set([
  "--prefix", "-C", "--workspace", "-w", "--registry", "--cache", "--userconfig", "--globalconfig", "--loglevel",
  "--omit", "--include", "--tag", "--before", "--location", "--install-strategy", "--script-shell", "--otp",
  "--cafile", "--nodedir", "--node-options", "--save-prefix", "--min-release-age",
]);
/** Options after which `npm install` does not install the project's dependencies from their ranges. */
function isHarmlessOption(word: string, next: string | undefined): boolean {
  if (["-g", "--global", "--package-lock-only", "--help", "-h", "--dry-run", "--location=global"].includes(word)) return true;
  return word === "--location" && next === "global";
}

/** An `npm` command that resolves ranges: its words from `npm` (or `npx npm@…`) to the subcommand. */
export interface NpmInstallCommand {
  /** Offset of the first word (`npm`, or `npx` for `npx npm@10 install`). */
  readonly start: number;
  /** Offset just past the install subcommand. */
  readonly end: number;
  /** As written, e.g. `npm --prefix app install` or `npx npm@10 i`. */
  readonly command: string;
}

/** `npm`, or npm by its absolute path (`/usr/local/bin/npm`); `./npm` is some other program. */
function isNpm(program: string): boolean {
  return program === "npm" || (program.startsWith("/") && baseName(program) === "npm");
}

/** The words after `npx …` or `npm exec …` that run npm itself (`npx -y npm@10 install`), or undefined. */
function npmViaNpx(words: readonly ShellWord[]): number | undefined {
  const first = words[0]?.value ?? "";
  let index: number;
  if (first === "npx" || (first.startsWith("/") && baseName(first) === "npx")) index = 1;
  else if (isNpm(first) && ["exec", "x"].includes(words[1]?.value ?? "")) index = 2;
  else return undefined;
  let packageOption: string | undefined;
  while (index < words.length) {
    const word = words[index]?.value ?? "";
    if (word === "--") {
      index++;
      break;
    }
    if (word === "-p" || word === "--package") {
      packageOption = words[index + 1]?.value;
      index += 2;
    } else if (word.startsWith("--package=")) {
      packageOption = word.slice("--package=".length);
      index++;
    } else if (word.startsWith("-")) {
      index++;
    } else {
      break;
    }
  }
  const program = words[index]?.value ?? "";
  const isNpmPackage = (spec: string | undefined) => spec !== undefined && /^npm(?:@\S*)?$/.test(spec);
  if (isNpmPackage(program) && (packageOption === undefined || isNpmPackage(packageOption))) return index + 1;
  return undefined;
}

/**
 * Whether one simple command runs an npm install that resolves ranges (`npm install`, `npm i`, `npm update`,
 * `npm --prefix dir install`, `npx npm@10 install`, `npm install <packages>`), and not a global tool install,
 * `--package-lock-only` or `--dry-run`. `npm ci` installs the lockfile exactly and is never matched.
 */
export function npmInstallIn(command: readonly ShellWord[]): NpmInstallCommand | undefined {
  const words = commandWords(command);
  const first = words[0];
  if (!first) return undefined;
  let index: number;
  const viaNpx = npmViaNpx(words);
  if (viaNpx !== undefined) index = viaNpx;
  else if (isNpm(first.value)) index = 1;
  else return undefined;

  // The first command name after the global options (`npm --prefix app --no-audit install`) is the command.
  let subcommand: ShellWord | undefined;
  while (index < words.length) {
    const word = words[index];
    if (!word) break;
    if (word.value.startsWith("-")) {
      index += NPM_VALUE_OPTIONS.has(word.value) ? 2 : 1;
      continue;
    }
    if (INSTALL_COMMANDS.has(word.value)) subcommand = word;
    if (INSTALL_COMMANDS.has(word.value) || OTHER_COMMANDS.has(word.value)) break;
    index++;
  }
  if (!subcommand) return undefined;
  const values = words.map((word) => word.value);
  if (values.some((value, position) => isHarmlessOption(value, values[position + 1]))) return undefined;
  const used = words.slice(0, index + 1);
  return { start: first.start, end: subcommand.end, command: used.map((word) => word.value).join(" ") };
}

/** Shells whose `-c` argument is itself a command line. */
const SHELLS = new Set(["sh", "bash", "zsh", "dash", "ash", "ksh"]);

/** The command text a `sh -c '…'` runs, and where that argument starts, or undefined. */
export function shellCommandArgument(command: readonly ShellWord[]): ShellWord | undefined {
  const words = commandWords(command);
  if (!SHELLS.has(baseName(words[0]?.value ?? ""))) return undefined;
  for (let index = 1; index < words.length; index++) {
    const word = words[index]?.value ?? "";
    if (/^-[a-z]*c[a-z]*$/.test(word)) return words[index + 1];
    if (!word.startsWith("-")) return undefined;
  }
  return undefined;
}

/**
 * The shell script a command runs, as written (`./scripts/ci.sh`, `bash scripts/setup.sh`, `. ./env.sh`), or
 * undefined. Only relative paths to files ending in `.sh` or run as `./…` are taken: anything else is a
 * program on the PATH.
 */
export function scriptInvocation(command: readonly ShellWord[]): ShellWord | undefined {
  const words = commandWords(command);
  const first = words[0];
  if (!first) return undefined;
  const relative = (path: string) => path !== "" && !path.startsWith("/") && !path.includes("$") && !path.startsWith("-");
  if (SHELLS.has(baseName(first.value)) || first.value === "source" || first.value === ".") {
    // `bash -c '…'` runs a command line, not a file.
    if (words.slice(1).some((word) => /^-[a-z]*c[a-z]*$/.test(word.value))) return undefined;
    const script = words.slice(1).find((word) => !word.value.startsWith("-"));
    return script && relative(script.value) ? script : undefined;
  }
  return relative(first.value) && (first.value.startsWith("./") || first.value.endsWith(".sh")) ? first : undefined;
}

/**
 * Every simple command of shell text, including those inside `sh -c '…'` (whose word offsets then point into the
 * quoted argument, exactly when it holds no escapes).
 */
export function allCommands(text: string, base = 0): ShellWord[][] {
  const found: ShellWord[][] = [];
  for (const command of simpleCommands(text)) {
    found.push(command.map((word) => ({ ...word, start: word.start + base, end: word.end + base })));
    const inner = shellCommandArgument(command);
    if (inner) {
      const quoted = /^["']/.test(text.slice(inner.start, inner.start + 1));
      found.push(...allCommands(inner.value, base + inner.start + (quoted ? 1 : 0)));
    }
  }
  return found;
}
