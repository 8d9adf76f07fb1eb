import { dirname, extname, join, resolve } from "node:path";
import { ts } from "@ts-morph/common";
import { commonJsExportName } from "../../rules/util/commonjs-exports.js";
import {
  ReferenceResolver,
  packageReference,
  propertyNameText,
  skipParentheses,
  traced,
  type ModuleLinker,
  type Resolved,
} from "./references.js";

/**
 * Where a trace says an export's value was declared (`src/time.ts:3 now = Date.now`): `node`, or the declaration
 * of the alias `aliasOf` when it is one (`export { now }`, `export default root`). Worked out only for an export
 * that turns out to hold a reference, since most never do.
 */
interface Site {
  readonly node?: ts.Node;
  readonly aliasOf?: ts.Identifier;
}

type Entry =
  /** A value declared in the file, resolved with its resolver while its tree is held. */
  | { readonly kind: "local"; readonly node: ts.Expression; readonly site: Site | undefined }
  /** Resolved once, or never a reference (a function, a class); kept after the tree is dropped. */
  | { readonly kind: "settled"; readonly value: Resolved | undefined }
  /** `export { a as b } from "./m"` (`name` a) or `export * as b from "./m"` (no `name`). */
  | { readonly kind: "forward"; readonly file: string; readonly name: string | undefined };

interface Module {
  readonly named: Map<string, Entry>;
  /** Targets of `export * from "./m"` (and `__exportStar(require("./m"), exports)`), in source order. */
  readonly stars: readonly string[];
  /** `module.exports = value` or `export = value`: what `require` gives. */
  whole: Entry | undefined;
  /** Whether the file assigns `module.exports`/`exports`: an ES default import of it is its `module.exports`. */
  readonly commonJs: boolean;
  /** The parsed file and its resolver, held from the first question until the file has been checked. */
  tree: { readonly sourceFile: ts.SourceFile; readonly resolver: ReferenceResolver } | undefined;
}

/** How a specifier without extension may be written, in the order TypeScript and Node try them. */
const EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".d.ts", ".js", ".jsx", ".mjs", ".cjs"];

/** TypeScript's ESM convention: `./time.js` in a .ts file names `time.ts`. */
const SOURCE_FOR_OUTPUT: Readonly<Record<string, readonly string[]>> = {
  ".js": [".ts", ".tsx"],
  ".jsx": [".tsx"],
  ".mjs": [".mts"],
  ".cjs": [".cts"],
};

const SITE_TEXT_LENGTH = 80;

/** A function, class or enum export, or one whose value is computed: never a reference. */
const NOT_A_REFERENCE: Entry = { kind: "settled", value: undefined };

/** The key of `module.exports` among a module's exports in cycle bookkeeping (not an identifier, so no clash). */
const WHOLE = "module.exports";

/**
 * The scanned files as modules: which file a relative import names, and what each file exports, resolved
 * syntactically (`export const`, `export { x as y }`, `export default`, `export * from`, `export { x } from`,
 * and the CommonJS `exports.x =` / `module.exports =` forms). Built once per run; each file's exports are
 * worked out the first time another file asks, and summarised when that file has been checked, so its syntax
 * tree can be dropped. Specifiers that are not relative (packages, path aliases) are not followed.
 *
 * Following calls into the project's own functions across files (deterministic zones) builds on the same
 * pieces: `resolveModule` for the file an import names, the export tables (`forward` entries and `export *`
 * targets lead to the file that declares a name), the per-file resolvers (`resolverFor`) and the early-parse
 * queue that keeps such walks from holding many trees. What it adds is an answer for function exports, which
 * a summary now keeps only as "not a reference": the declaring file and the function's position.
 */
export class ModuleGraph {
  private readonly files: ReadonlySet<string>;
  private readonly modules = new Map<string, Module | null>();
  private readonly specifiers = new Map<string, string | undefined>();
  /** The scanned files each file's imports and re-exports named, as far as a question followed them. */
  private readonly dependencies = new Map<string, Set<string>>();
  /** Files parsed because another file asked about them, not yet handed to the analyzer. */
  private readonly parsedEarly: string[] = [];
  /** Exports being resolved, as `file\0name`: meeting one again is a cycle between files. */
  private readonly resolving = new Set<string>();
  private cycleCount = 0;

  /**
   * @param files absolute paths of the scanned files
   * @param load parses a file when another file asks about it before its turn; undefined when it cannot be read
   * @param display how a trace shows a file (relative to the working directory)
   */
  constructor(
    files: readonly string[],
    private readonly load: (file: string) => ts.SourceFile | undefined,
    private readonly display: (file: string) => string,
  ) {
    this.files = new Set(files.map((file) => resolve(file)));
  }

  get cycles(): number {
    return this.cycleCount;
  }

  /** The scanned file a relative `specifier` written in `fromFile` names, or undefined. */
  resolveModule(fromFile: string, specifier: string): string | undefined {
    if (!specifier.startsWith("./") && !specifier.startsWith("../") && specifier !== "." && specifier !== "..") return undefined;
    const found = this.fileAt(resolve(dirname(fromFile), specifier));
    if (found !== undefined) {
      const known = this.dependencies.get(fromFile);
      if (known) known.add(found);
      else this.dependencies.set(fromFile, new Set([found]));
    }
    return found;
  }

  /**
   * Records every scanned file `sourceFile` imports or re-exports (its import and export declarations, `import x =
   * require(…)`, and `require(…)`/`import(…)` calls with a literal): what a type-aware result may depend on,
   * since the types of a file come from the files it imports.
   */
  recordImports(file: string, sourceFile: ts.SourceFile): void {
    const from = resolve(file);
    const visit = (node: ts.Node): void => {
      let specifier: ts.Expression | undefined;
      if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) specifier = node.moduleSpecifier;
      else if (ts.isExternalModuleReference(node)) specifier = node.expression;
      else if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === "require"))) {
        specifier = node.arguments[0];
      }
      if (specifier && ts.isStringLiteralLike(specifier)) this.resolveModule(from, specifier.text);
      node.forEachChild(visit);
    };
    visit(sourceFile);
  }

  /**
   * Every file whose content a result for `file` may depend on: the files its questions followed, theirs in
   * turn, and so on. `stored` gives the dependencies an earlier run recorded for a file this run did not
   * check (its result came from a cache), so that the closure stays whole.
   */
  dependencyClosure(file: string, stored: (file: string) => readonly string[] | undefined = () => undefined): string[] {
    const start = resolve(file);
    const seen = new Set<string>([start]);
    const queue = [start];
    for (let current = queue.shift(); current !== undefined; current = queue.shift()) {
      for (const next of [...(this.dependencies.get(current) ?? []), ...(stored(current) ?? [])]) {
        if (seen.has(next)) continue;
        seen.add(next);
        queue.push(next);
      }
    }
    seen.delete(start);
    return [...seen].sort();
  }

  private fileAt(base: string): string | undefined {
    if (this.specifiers.has(base)) return this.specifiers.get(base);
    const extension = extname(base);
    const stem = base.slice(0, base.length - extension.length);
    const candidates = [
      base,
      ...(SOURCE_FOR_OUTPUT[extension] ?? []).map((source) => stem + source),
      ...EXTENSIONS.map((candidate) => base + candidate),
      ...EXTENSIONS.map((candidate) => join(base, `index${candidate}`)),
    ];
    const found = candidates.find((candidate) => this.files.has(candidate));
    this.specifiers.set(base, found);
    return found;
  }

  /** A tree the graph parsed ahead of the file's turn, so that the file is not parsed twice. */
  heldTree(file: string): ts.SourceFile | undefined {
    return this.modules.get(resolve(file))?.tree?.sourceFile;
  }

  /**
   * The next file the graph parsed ahead of its turn and still holds the tree of, in the order it parsed them:
   * checking (and releasing) those first keeps few trees in memory at once.
   */
  nextEarlyTree(): string | undefined {
    for (let file = this.parsedEarly.shift(); file !== undefined; file = this.parsedEarly.shift()) {
      if (this.modules.get(file)?.tree) return file;
    }
    return undefined;
  }

  /** The resolver for checking `file`, linked to the other files; the one the graph already uses when it has one. */
  resolverFor(file: string, sourceFile: ts.SourceFile): ReferenceResolver {
    const absolute = resolve(file);
    const known = this.modules.get(absolute);
    if (known?.tree?.sourceFile === sourceFile) return known.tree.resolver;
    const module = this.buildModule(absolute, sourceFile);
    this.modules.set(absolute, module);
    // A module built here always holds its tree.
    return module.tree?.resolver ?? new ReferenceResolver(sourceFile, this.linkerFor(absolute));
  }

  /**
   * Called once `file` has been checked: settles every export it declares and drops its tree. An export whose
   * answer a cycle between files cut short keeps that answer from here on (the files are checked in a fixed
   * order, so it is the same on every run), rather than parsing the file again.
   */
  release(file: string): void {
    const absolute = resolve(file);
    const module = this.modules.get(absolute);
    if (!module?.tree) return;
    for (const [name, entry] of module.named) this.guarded(absolute, name, () => this.settle(module, entry, name, true));
    const whole = module.whole;
    if (whole) this.guarded(absolute, WHOLE, () => this.settle(module, whole, WHOLE, true));
    // Without `export *` to fall through to, an export that holds no reference answers as a missing one does:
    // forget it, so that the summaries of a large project stay small. (An ES default is kept: a missing one
    // means a CommonJS module.exports.)
    if (module.stars.length === 0) {
      for (const [name, entry] of module.named) {
        if (entry.kind === "settled" && entry.value === undefined && name !== "default") module.named.delete(name);
      }
    }
    module.tree = undefined;
  }

  /** What export `name` of `file` holds, following re-exports and `export *`; undefined when not a reference. */
  exportOf(file: string, name: string): Resolved | undefined {
    return this.guarded(file, name, () => {
      const module = this.module(file);
      if (!module) return undefined;
      const entry = module.named.get(name);
      if (entry) return this.valueOf(this.settle(module, entry, name));
      // An ES default import of a CommonJS file is its module.exports.
      if (name === "default") return module.commonJs ? this.requireOf(file) : undefined;
      for (const target of module.stars) {
        const value = this.exportOf(target, name);
        if (value) return value;
      }
      return undefined;
    });
  }

  /** What `require(file)` gives: its `module.exports` value when the file assigns one, else the module itself. */
  requireOf(file: string): Resolved | undefined {
    return this.guarded(file, WHOLE, () => {
      const module = this.module(file);
      if (!module) return undefined;
      if (!module.whole) return { kind: "project", file };
      return this.valueOf(this.settle(module, module.whole, WHOLE));
    });
  }

  /** Runs `work` for one export unless it is already being worked out: that is a cycle between files. */
  private guarded<T>(file: string, name: string, work: () => T): T | undefined {
    const key = `${file}\0${name}`;
    if (this.resolving.has(key)) {
      this.cycleCount++;
      return undefined;
    }
    this.resolving.add(key);
    try {
      return work();
    } finally {
      this.resolving.delete(key);
    }
  }

  private valueOf(entry: Entry): Resolved | undefined {
    switch (entry.kind) {
      case "settled":
        return entry.value;
      case "forward":
        return entry.name === undefined ? { kind: "project", file: entry.file } : this.exportOf(entry.file, entry.name);
      case "local":
        return undefined;
    }
  }

  /**
   * Resolves a local entry with the file's resolver and records the answer in the module, so that it outlives
   * the tree. An answer a cycle cut short depends on where the question started: it is returned for this
   * question only, unless `final` (the tree is about to go).
   */
  private settle(module: Module, entry: Entry, name: string, final = false): Entry {
    if (entry.kind !== "local") return entry;
    if (!module.tree) return NOT_A_REFERENCE;
    const { sourceFile, resolver } = module.tree;
    const before = this.cycleCount;
    let value = resolver.resolveValue(entry.node);
    const step = value && entry.site && this.traceStep(sourceFile, resolver, entry.site);
    if (step) value = traced([step], value);
    const settled: Entry = value === undefined ? NOT_A_REFERENCE : { kind: "settled", value };
    if (this.cycleCount !== before && !final) return settled;
    if (module.whole === entry) module.whole = settled;
    else module.named.set(name, settled);
    return settled;
  }

  /** `src/time.ts:3 now = Date.now`: the file, line and (shortened) text of the declaration a site names. */
  private traceStep(sourceFile: ts.SourceFile, resolver: ReferenceResolver, site: Site): string | undefined {
    const node = (site.aliasOf && resolver.aliasDeclarationOf(site.aliasOf)) ?? site.node;
    if (!node) return undefined;
    const start = node.getStart(sourceFile);
    const line = sourceFile.getLineAndCharacterOfPosition(start).line + 1;
    // Only the beginning of the text is shown: never copy a whole declaration of a large object.
    const text = siteText(sourceFile.text.slice(start, Math.min(node.getEnd(), start + 4 * SITE_TEXT_LENGTH)));
    return `${this.display(sourceFile.fileName)}:${line} ${text}`;
  }

  private module(file: string): Module | undefined {
    // A file asked about before its turn is parsed here, once.
    const known = this.modules.get(file);
    if (known !== undefined) return known ?? undefined;
    const sourceFile = this.files.has(file) ? this.load(file) : undefined;
    const module = sourceFile ? this.buildModule(file, sourceFile) : null;
    this.modules.set(file, module);
    if (module) this.parsedEarly.push(file);
    return module ?? undefined;
  }

  private linkerFor(file: string): ModuleLinker {
    // The getter must read the graph's live count, not the linker object's.
    const graph = this;
    return {
      moduleFile: (specifier) => graph.resolveModule(file, specifier),
      exportOf: (target, name) => graph.exportOf(target, name),
      requireOf: (target) => graph.requireOf(target),
      get cycles() {
        return graph.cycles;
      },
    };
  }

  private buildModule(file: string, sourceFile: ts.SourceFile): Module {
    const resolver = new ReferenceResolver(sourceFile, this.linkerFor(file));
    const named = new Map<string, Entry>();
    const stars: string[] = [];
    let whole: Entry | undefined;
    let commonJs = false;
    const site = (node: ts.Node): Site => ({ node });
    const aliasSite = (identifier: ts.Identifier): Site => ({ aliasOf: identifier });
    const local = (node: ts.Expression, where: Site | undefined): Entry => ({ kind: "local", node, site: where });
    const declared: Entry = NOT_A_REFERENCE;
    const commonJsTarget = (target: ts.Expression): string | undefined =>
      commonJsExportName(ts, target, (identifier) => resolver.lookup(identifier) === undefined);
    const exportObject = (object: ts.ObjectLiteralExpression) => {
      for (const property of object.properties) {
        if (ts.isPropertyAssignment(property)) {
          const name = propertyNameText(property.name);
          if (name !== undefined) named.set(name, local(property.initializer, site(property)));
        } else if (ts.isShorthandPropertyAssignment(property)) {
          named.set(property.name.text, local(property.name, aliasSite(property.name)));
        } else if (property.name && ts.isIdentifier(property.name)) {
          named.set(property.name.text, declared);
        }
      }
    };

    for (const statement of sourceFile.statements) {
      if (ts.isExportDeclaration(statement)) {
        if (statement.isTypeOnly) continue;
        const specifier = statement.moduleSpecifier && ts.isStringLiteralLike(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
        const target = specifier === undefined ? undefined : this.resolveModule(file, specifier);
        const clause = statement.exportClause;
        if (specifier !== undefined && target === undefined) {
          // A re-export of a package: `export { randomUUID as id } from "node:crypto"` is that member.
          if (clause && ts.isNamedExports(clause)) {
            for (const element of clause.elements) {
              if (element.isTypeOnly) continue;
              const imported = (element.propertyName ?? element.name).text;
              const value = packageReference(specifier, imported === "default" ? [] : [imported]);
              named.set(element.name.text, { kind: "settled", value });
            }
          }
          continue;
        }
        if (!clause) {
          if (target !== undefined) stars.push(target);
        } else if (ts.isNamespaceExport(clause)) {
          if (target !== undefined) named.set(clause.name.text, { kind: "forward", file: target, name: undefined });
        } else {
          for (const element of clause.elements) {
            if (element.isTypeOnly) continue;
            const localName = element.propertyName ?? element.name;
            if (target !== undefined) {
              named.set(element.name.text, { kind: "forward", file: target, name: localName.text });
            } else if (ts.isIdentifier(localName)) {
              named.set(element.name.text, local(localName, aliasSite(localName)));
            }
          }
        }
      } else if (ts.isExportAssignment(statement)) {
        // `export default root` names the declaration of root in a trace, not the export statement.
        const exported = statement.expression;
        const entry = local(exported, ts.isIdentifier(exported) ? { aliasOf: exported, node: statement } : site(statement));
        if (statement.isExportEquals) {
          whole = entry;
        } else {
          named.set("default", entry);
        }
      } else if (hasExportModifier(statement)) {
        const isDefault = hasModifier(statement, ts.SyntaxKind.DefaultKeyword);
        if (ts.isVariableStatement(statement)) {
          for (const declaration of statement.declarationList.declarations) {
            forEachBoundName(declaration.name, (identifier) => named.set(identifier.text, local(identifier, site(declaration))));
          }
        } else if (
          (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) &&
          (statement.name || isDefault)
        ) {
          named.set(isDefault ? "default" : (statement.name?.text ?? "default"), declared);
        }
      } else if (ts.isExpressionStatement(statement)) {
        const expression = statement.expression;
        if (ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
          const name = commonJsTarget(skipParentheses(expression.left));
          if (name === undefined) continue;
          commonJs = true;
          const value = skipParentheses(expression.right);
          // `exports.a = exports.b = void 0` only declares the names before TypeScript's output assigns them.
          if (isPlaceholder(value)) continue;
          if (name !== "") named.set(name, local(value, site(expression)));
          else if (ts.isObjectLiteralExpression(value)) exportObject(value);
          else whole = local(value, site(expression));
        } else if (ts.isCallExpression(expression)) {
          commonJs = this.collectCompiledExport(file, expression, named, stars, site) || commonJs;
        }
      }
    }
    return { named, stars, whole, commonJs, tree: { sourceFile, resolver } };
  }

  /**
   * TypeScript's CommonJS output for re-exports: `Object.defineProperty(exports, "x", { get: function () {
   * return m.x; } })` and `__exportStar(require("./m"), exports)`. Returns whether the call was one of them.
   */
  private collectCompiledExport(
    file: string,
    call: ts.CallExpression,
    named: Map<string, Entry>,
    stars: string[],
    site: (node: ts.Node) => Site,
  ): boolean {
    const [first, second, third] = call.arguments;
    const callee = call.expression;
    if (
      ts.isPropertyAccessExpression(callee) &&
      callee.name.text === "defineProperty" &&
      ts.isIdentifier(callee.expression) &&
      callee.expression.text === "Object" &&
      first !== undefined &&
      ts.isIdentifier(first) &&
      first.text === "exports" &&
      second !== undefined &&
      ts.isStringLiteralLike(second) &&
      third !== undefined &&
      ts.isObjectLiteralExpression(third)
    ) {
      const returned = getterResult(third);
      if (returned) named.set(second.text, { kind: "local", node: returned, site: site(call) });
      return true;
    }
    if (ts.isIdentifier(callee) && /^(__exportStar|__export)$/.test(callee.text) && first && ts.isCallExpression(first)) {
      const [specifier] = first.arguments;
      if (ts.isIdentifier(first.expression) && first.expression.text === "require" && specifier && ts.isStringLiteralLike(specifier)) {
        const target = this.resolveModule(file, specifier.text);
        if (target !== undefined) stars.push(target);
        return true;
      }
    }
    return false;
  }
}

/** The expression a `{ get: function () { return x; } }` or `{ get() { return x; } }` descriptor returns. */
function getterResult(descriptor: ts.ObjectLiteralExpression): ts.Expression | undefined {
  for (const property of descriptor.properties) {
    if (!property.name || propertyNameText(property.name) !== "get") continue;
    const body =
      ts.isPropertyAssignment(property) && (ts.isFunctionExpression(property.initializer) || ts.isArrowFunction(property.initializer))
        ? property.initializer.body
        : ts.isMethodDeclaration(property)
          ? property.body
          : undefined;
    if (body && !ts.isBlock(body)) return body;
    const [only] = body && ts.isBlock(body) ? body.statements : [];
    if (only && ts.isReturnStatement(only) && only.expression) return only.expression;
  }
  return undefined;
}

function isPlaceholder(value: ts.Expression): boolean {
  if (ts.isVoidExpression(value) || (ts.isIdentifier(value) && value.text === "undefined")) return true;
  return ts.isBinaryExpression(value) && value.operatorToken.kind === ts.SyntaxKind.EqualsToken && isPlaceholder(skipParentheses(value.right));
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((modifier) => modifier.kind === kind) ?? false);
}

function hasExportModifier(statement: ts.Statement): boolean {
  return hasModifier(statement, ts.SyntaxKind.ExportKeyword) && !hasModifier(statement, ts.SyntaxKind.DeclareKeyword);
}

function forEachBoundName(name: ts.BindingName, visit: (identifier: ts.Identifier) => void): void {
  if (ts.isIdentifier(name)) {
    visit(name);
    return;
  }
  for (const element of name.elements) {
    if (ts.isBindingElement(element)) forEachBoundName(element.name, visit);
  }
}

function siteText(text: string): string {
  const collapsed = text.replace(/\s+/g, " ").trim().replace(/;$/, "");
  return collapsed.length <= SITE_TEXT_LENGTH ? collapsed : `${collapsed.slice(0, SITE_TEXT_LENGTH - 1)}…`;
}
