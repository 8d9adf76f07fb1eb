// Installed size of what application code pulls in: @detkit/runtime (and its one dependency, decimal.js) against
// detkit with its whole production dependency tree. Sizes are the bytes of the files npm would install: the
// `npm pack` file list for the two packages of this repository, the installed folders for the others.
import { execFileSync } from "node:child_process";
import { lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const RUNTIME = join(ROOT, "wrappers");

function npm(cwd, args) {
  return execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
}

/** Bytes and file count of the tarball npm would publish from `directory` (dist/ must be built). */
function packedContents(directory) {
  const [result] = JSON.parse(npm(directory, ["pack", "--dry-run", "--json", "--ignore-scripts"]));
  return { bytes: result.unpackedSize, files: result.entryCount };
}

/** Bytes of an installed package folder, without the packages nested in its own node_modules. */
function folderBytes(path) {
  const stats = lstatSync(path);
  if (!stats.isDirectory()) return stats.size;
  let total = 0;
  for (const entry of readdirSync(path)) {
    if (entry !== "node_modules") total += folderBytes(join(path, entry));
  }
  return total;
}

const megabytes = (bytes) => `${(bytes / 1e6).toFixed(2)} MB`;

const runtime = packedContents(RUNTIME);
const detkit = packedContents(ROOT);
const decimalJs = folderBytes(join(ROOT, "node_modules", "decimal.js"));

// detkit's production tree: every package `npm ls --omit=dev` lists, the two local ones by their packed contents.
const tree = npm(ROOT, ["ls", "--omit=dev", "--all", "--parseable"]).trim().split("\n");
let detkitTree = 0;
for (const path of new Set(tree)) {
  if (path === ROOT.replace(/\/$/, "")) detkitTree += detkit.bytes;
  else if (path === RUNTIME) detkitTree += runtime.bytes;
  else detkitTree += folderBytes(path);
}

console.log(`${"installed".padEnd(52)} ${"size".padStart(10)}`);
console.log(`${`@detkit/runtime (${runtime.files} files)`.padEnd(52)} ${megabytes(runtime.bytes).padStart(10)}`);
console.log(`${"decimal.js (its one dependency)".padEnd(52)} ${megabytes(decimalJs).padStart(10)}`);
console.log(`${"@detkit/runtime with decimal.js".padEnd(52)} ${megabytes(runtime.bytes + decimalJs).padStart(10)}`);
console.log(`${`detkit with its production tree (${new Set(tree).size} packages)`.padEnd(52)} ${megabytes(detkitTree).padStart(10)}`);
console.log(
  `\nthe runtime besides decimal.js: ${megabytes(runtime.bytes)} (target: under 1 MB); ` +
    `${(detkitTree / (runtime.bytes + decimalJs)).toFixed(0)}× less than depending on detkit`,
);
