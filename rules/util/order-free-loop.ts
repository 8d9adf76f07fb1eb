import type { ts } from "@ts-morph/common";
import { isWriteTarget, unwrap } from "./expressions.js";
import { fsFunctionNames } from "./fs-modules.js";
import { constInitializer } from "./local-bindings.js";
import { declaringNodeOf, isVariableUse, isWithin } from "./local-variables.js";
import type { SourceRuleContext } from "./types.js";

/** File-system reads: they change nothing, so the order they run in changes nothing. */
const FS_READS = fsFunctionNames([
  "stat", "statSync", "lstat", "lstatSync", "existsSync", "exists", "pathExists", "pathExistsSync", "access", "accessSync",
  "readFile", "readFileSync", "readlink", "readlinkSync", "realpath", "realpathSync", "readJson", "readJsonSync",
]);

/** File-system changes to one path (their first argument). */
const FS_CHANGES_ONE = fsFunctionNames([
  "rm", "rmSync", "rmdir", "rmdirSync", "unlink", "unlinkSync", "remove", "removeSync", "mkdir", "mkdirSync",
  "mkdirp", "mkdirpSync", "ensureDir", "ensureDirSync", "emptyDir", "emptyDirSync", "chmod", "chmodSync", "chown",
  "chownSync", "utimes", "utimesSync", "truncate", "truncateSync", "writeFile", "writeFileSync", "outputFile",
  "outputFileSync", "writeJson", "writeJsonSync", "outputJson", "outputJsonSync",
]);

/** Changes that settle to a value (the first directory `mkdir` made): a `map` keeps those in the listing's order. */
const FS_CHANGES_WITH_VALUE = fsFunctionNames(["mkdir", "mkdirSync", "mkdirp", "mkdirpSync", "ensureDir", "ensureDirSync", "mkdirs", "mkdirsSync"]);

/** `join` and `resolve` of path, whose result ends in their last segment. */
const JOINING_PATH_FUNCTIONS = new Set(
  ["path", "path/posix", "path/win32"].flatMap((module) =>
    ["join", "resolve"].flatMap((name) => [`${module}#${name}`, `${module}#posix.${name}`, `${module}#win32.${name}`]),
  ),
);

/** File-system changes from one path to another (their first two arguments): both must be the entry's own. */
const FS_CHANGES_TWO = fsFunctionNames([
  "copyFile", "copyFileSync", "cp", "cpSync", "copy", "copySync", "rename", "renameSync", "move", "moveSync",
  "symlink", "symlinkSync", "link", "linkSync",
]);

/** `path` functions: pure. `join` and `resolve` end in their last segment, so one entry's name gives one path. */
const PATH_FUNCTIONS = new Set(
  ["path", "path/posix", "path/win32"].flatMap((module) =>
    ["join", "resolve", "basename", "dirname", "extname", "relative", "normalize", "parse", "format", "isAbsolute"].flatMap(
      (name) => [`${module}#${name}`, `${module}#posix.${name}`, `${module}#win32.${name}`],
    ),
  ),
);

/**
 * Methods that answer a question about their receiver and change nothing: those of strings and of the Dirent
 * and Stats objects a listing gives. Matched by name on any receiver, as the other order rules match `includes`
 * and `some`. A regular expression's `test` is one only on a literal without `g` or `y`: those keep `lastIndex`
 * from one call to the next.
 */
const QUESTION_METHODS = new Set([
  "includes", "startsWith", "endsWith", "indexOf", "lastIndexOf", "slice", "substring", "replace", "replaceAll",
  "toLowerCase", "toUpperCase", "trim", "trimStart", "trimEnd", "split", "match", "padStart", "padEnd",
  "isFile", "isDirectory", "isSymbolicLink", "toString",
]);

/**
 * How a loop over a collection is written: `for…of` (a `return` leaves), a `forEach` callback (a `return` moves
 * on to the next entry) or a `map` callback (what it returns is the new list's entry).
 */
export type LoopForm = "for-of" | "forEach" | "map";

/**
 * The entry a loop's passes see, and the checks built on it. The entry is the one name a `for…of` binds or a
 * callback's first parameter; a loop that binds more (`for (const [i, f] of files.entries())`, a callback that
 * reads its index) gives each pass its position, which is order itself: none of its checks hold.
 */
function entryLoop(context: SourceRuleContext, body: ts.Node, scope: ts.Node) {
  const { ts: typescript } = context;
  const { SyntaxKind } = typescript;
  // A `var` outlives the loop: after it, it holds the last entry the loop saw.
  const binding = typescript.isForOfStatement(scope)
    ? typescript.isVariableDeclarationList(scope.initializer) &&
      scope.initializer.declarations.length === 1 &&
      (scope.initializer.flags & (typescript.NodeFlags.Const | typescript.NodeFlags.Let)) !== 0
      ? scope.initializer.declarations[0]?.name
      : undefined
    : typescript.isFunctionLike(scope)
      ? scope.parameters[0]?.name
      : undefined;
  const entry = binding !== undefined && typescript.isIdentifier(binding) ? binding : undefined;
  // A callback's index or array parameter, or `arguments`, tells a pass where it is.
  const readsPosition =
    typescript.isFunctionLike(scope) &&
    (scope.parameters.slice(1).some((parameter) => readsName(parameter.name)) ||
      (!typescript.isArrowFunction(scope) && mentionsArguments(body)));

  function mentionsArguments(node: ts.Node): boolean {
    if (typescript.isIdentifier(node) && node.text === "arguments") return true;
    if (node !== body && typescript.isFunctionLike(node) && !typescript.isArrowFunction(node)) return false;
    return node.forEachChild(mentionsArguments) ?? false;
  }

  function readsName(name: ts.BindingName): boolean {
    if (!typescript.isIdentifier(name)) return true;
    let found = false;
    const visit = (node: ts.Node): void => {
      if (found) return;
      if (typescript.isIdentifier(node) && node !== name && node.text === name.text && isVariableUse(typescript, node)) found = true;
      else node.forEachChild(visit);
    };
    visit(body);
    return found;
  }

  /** The expression an `await` or `void` statement runs. */
  const operand = (expression: ts.Expression): ts.Expression => {
    let node = unwrap(typescript, expression);
    while (typescript.isAwaitExpression(node) || typescript.isVoidExpression(node)) node = unwrap(typescript, node.expression);
    return node;
  };

  /** A name declared inside the loop's body (not the entry). */
  const isBodyLocal = (identifier: ts.Identifier): boolean => {
    const declaring = declaringNodeOf(typescript, identifier);
    return declaring !== undefined && declaring !== scope && isWithin(declaring, body);
  };

  /**
   * Whether a value is built from the entry: it reads the entry, or a name of the body, which is taken to be
   * (a `const` is followed to its initializer; a `let`, a destructured name, a catch binding are not).
   */
  const ownsEntry = (expression: ts.Expression | undefined, depth = 0): boolean => {
    if (expression === undefined || depth > 4) return false;
    let owns = false;
    const visit = (node: ts.Node): void => {
      if (owns) return;
      if (typescript.isIdentifier(node) && isVariableUse(typescript, node)) {
        if (node.text === entry?.text && declaringNodeOf(typescript, node) === scope) owns = true;
        else if (isBodyLocal(node)) {
          const initializer = constInitializer(typescript, node);
          owns = initializer === undefined || ownsEntry(initializer, depth + 1);
        }
        return;
      }
      node.forEachChild(visit);
    };
    visit(expression);
    return owns;
  };

  /** The entry itself, its `name` (a Dirent), or a body `const` holding one of them. */
  const isEntryName = (expression: ts.Expression, depth = 0): boolean => {
    const node = unwrap(typescript, expression);
    if (typescript.isIdentifier(node)) {
      if (entry !== undefined && node.text === entry.text && declaringNodeOf(typescript, node) === scope) return true;
      const initializer = isBodyLocal(node) ? constInitializer(typescript, node) : undefined;
      return initializer !== undefined && depth < 4 && isEntryName(initializer, depth + 1);
    }
    return typescript.isPropertyAccessExpression(node) && node.name.text === "name" && isEntryName(node.expression, depth + 1);
  };

  /**
   * A path that only this entry gives: the entry's name itself, or `join`/`resolve` of segments that do not
   * depend on the entry, ending in the entry's name (`join(dir, f)`, `resolve(out, entry.name)`). Two entries of
   * one listing have two names, so two such paths never meet; `basename(f)`, `f.toLowerCase()` or
   * `` `${f}.old` `` could.
   */
  const isEntryPath = (expression: ts.Expression | undefined, depth = 0): ts.Expression[] | undefined => {
    if (expression === undefined || depth > 4) return undefined;
    const node = operand(expression);
    if (isEntryName(node)) return [];
    if (typescript.isIdentifier(node) && isBodyLocal(node)) {
      const initializer = constInitializer(typescript, node);
      return initializer === undefined ? undefined : isEntryPath(initializer, depth + 1);
    }
    if (typescript.isTemplateExpression(node)) return entryPathTemplate(node);
    if (!typescript.isCallExpression(node)) return undefined;
    const callee = context.resolveName(node.expression);
    if (callee === undefined || !JOINING_PATH_FUNCTIONS.has(callee)) return undefined;
    const last = node.arguments.at(-1);
    const others = node.arguments.slice(0, -1);
    if (last === undefined || !isEntryName(last) || others.some((segment) => ownsEntry(segment))) return undefined;
    return [...others];
  };

  /** `` `${dir}/${f}` ``: a template that ends in a separator and the entry's name, as `join(dir, f)` does. */
  const entryPathTemplate = (template: ts.TemplateExpression): ts.Expression[] | undefined => {
    const spans = template.templateSpans;
    const last = spans.at(-1);
    if (last === undefined || last.literal.text !== "" || !isEntryName(last.expression)) return undefined;
    const before = spans.length > 1 ? spans[spans.length - 2]?.literal.text : template.head.text;
    if (before === undefined || !/[/\\]$/.test(before)) return undefined;
    const others = spans.slice(0, -1).map((span) => span.expression);
    return others.some((segment) => ownsEntry(segment)) ? undefined : others;
  };

  /** The file-system reads met by isQuiet: with changes in the loop, each must read the entry's own path. */
  const fileReads: ts.CallExpression[] = [];

  /** An expression that changes nothing: reads, path arithmetic, file-system reads, questions. */
  const isQuiet = (expression: ts.Expression): boolean => {
    const node = operand(expression);
    if (typescript.isCallExpression(node)) {
      const callee = context.resolveName(node.expression);
      if (callee !== undefined && FS_READS.has(callee)) fileReads.push(node);
      const method = typescript.isPropertyAccessExpression(node.expression) ? node.expression : undefined;
      const asks =
        method !== undefined &&
        (QUESTION_METHODS.has(method.name.text) || (method.name.text === "test" && isStatelessPattern(method.expression))) &&
        isQuiet(method.expression);
      return ((callee !== undefined && (PATH_FUNCTIONS.has(callee) || FS_READS.has(callee))) || asks) && node.arguments.every(isQuiet);
    }
    if (typescript.isBinaryExpression(node)) {
      const operator = node.operatorToken.kind;
      if (operator >= SyntaxKind.FirstAssignment && operator <= SyntaxKind.LastAssignment) return false;
      return isQuiet(node.left) && isQuiet(node.right);
    }
    if (typescript.isPrefixUnaryExpression(node) || typescript.isPostfixUnaryExpression(node)) {
      const operator = node.operator;
      return operator !== SyntaxKind.PlusPlusToken && operator !== SyntaxKind.MinusMinusToken && isQuiet(node.operand);
    }
    if (typescript.isPropertyAccessExpression(node)) return isQuiet(node.expression);
    if (typescript.isElementAccessExpression(node)) return isQuiet(node.expression) && isQuiet(node.argumentExpression);
    if (typescript.isConditionalExpression(node)) return isQuiet(node.condition) && isQuiet(node.whenTrue) && isQuiet(node.whenFalse);
    if (typescript.isTemplateExpression(node)) return node.templateSpans.every((span) => isQuiet(span.expression));
    if (typescript.isTypeOfExpression(node)) return isQuiet(node.expression);
    if (typescript.isObjectLiteralExpression(node)) {
      return node.properties.every((property) => typescript.isPropertyAssignment(property) && isQuiet(property.initializer));
    }
    if (typescript.isArrayLiteralExpression(node)) return node.elements.every((element) => !typescript.isSpreadElement(element) && isQuiet(element));
    return (
      typescript.isIdentifier(node) ||
      typescript.isLiteralExpression(node) ||
      typescript.isNoSubstitutionTemplateLiteral(node) ||
      node.kind === SyntaxKind.ThisKeyword ||
      node.kind === SyntaxKind.TrueKeyword ||
      node.kind === SyntaxKind.FalseKeyword ||
      node.kind === SyntaxKind.NullKeyword
    );
  };

  /** `/x/.test(…)` on a literal without `g` or `y`, whose `lastIndex` stays 0. */
  function isStatelessPattern(receiver: ts.Expression): boolean {
    const pattern = unwrap(typescript, receiver);
    if (!typescript.isRegularExpressionLiteral(pattern)) return false;
    const flags = pattern.text.slice(pattern.text.lastIndexOf("/") + 1);
    return !flags.includes("g") && !flags.includes("y");
  }

  return { typescript, entry, readsPosition, operand, ownsEntry, isEntryPath, isQuiet, fileReads };
}

/**
 * Whether a loop over a collection gives the same outcome in any order of its entries. `body` is the loop's
 * statement (or the callback's body) and `scope` the node that declares the entry (the `for…of`, or the
 * callback). Two shapes qualify:
 * - each pass changes only its own entry's files (`for (const f of readdirSync(d)) rmSync(join(d, f))`): every
 *   target path ends in the entry's name, so no two passes touch one file, and the changes commute;
 * - the passes change nothing and every early exit leaves with the same constant (`for (const f of files) if
 *   (read(f).includes(x)) return true`): a search for any match.
 * A `map` callback qualifies when it only returns such a change: the new list holds what fs changes settle
 * to (nothing), one per entry, the same in any order (`Promise.all(names.map((n) => rm(join(d, n))))`).
 * Anything else (a log line, a push, an unknown call, the entry's position, exits with different values, a
 * copy or rename whose target could be another entry's source) keeps the order.
 */
export function loopIgnoresOrder(context: SourceRuleContext, body: ts.Node, scope: ts.Node, form: LoopForm, oneDirectory: boolean): boolean {
  const loop = entryLoop(context, body, scope);
  const { typescript, operand, ownsEntry, isEntryPath, isQuiet, fileReads } = loop;
  if (loop.entry === undefined || loop.readsPosition) return false;
  let changes = false;
  let leaves = false;
  const exits = new Set<string>();

  /**
   * A change to the entry's own files: an fs change whose target path only this entry gives. A copy or rename
   * must also come from a folder other than the one it goes to (`rename(join(d, f), join(d, f + ".old"))`
   * could overwrite the next entry). A `map` callback's change must settle to nothing, so that the new list
   * holds no value in the listing's order.
   */
  const isOwnChange = (expression: ts.Expression): boolean => {
    // Only one directory's entries have names that no other entry's path can contain (a recursive listing or a
    // glob holds `a` and `a/b`, and the same name in two folders).
    if (!oneDirectory) return false;
    const node = operand(expression);
    if (!typescript.isCallExpression(node) || !node.arguments.every(isQuiet)) return false;
    const callee = context.resolveName(node.expression);
    if (callee === undefined || (form === "map" && FS_CHANGES_WITH_VALUE.has(callee))) return false;
    if (FS_CHANGES_ONE.has(callee)) return isEntryPath(node.arguments[0]) !== undefined;
    if (!FS_CHANGES_TWO.has(callee)) return false;
    const from = isEntryPath(node.arguments[0]);
    const to = isEntryPath(node.arguments[1]);
    if (from === undefined || to === undefined) return false;
    const folder = (segments: ts.Expression[]) => segments.map((segment) => segment.getText()).join(",");
    return from.length > 0 && to.length > 0 && folder(from) !== folder(to);
  };

  const statementIgnoresOrder = (statement: ts.Statement): boolean => {
    if (typescript.isBlock(statement)) return statement.statements.every(statementIgnoresOrder);
    if (typescript.isEmptyStatement(statement)) return true;
    if (typescript.isContinueStatement(statement)) return statement.label === undefined;
    if (typescript.isBreakStatement(statement)) {
      leaves = true;
      return statement.label === undefined;
    }
    if (typescript.isReturnStatement(statement)) {
      if (form === "map" && statement.expression !== undefined && isOwnChange(statement.expression)) {
        changes = true;
        return true;
      }
      if (form !== "for-of") return statement.expression === undefined;
      leaves = true;
      // Every exit must leave with one and the same literal: which entry left then decides nothing.
      const value = statement.expression === undefined ? undefined : unwrap(typescript, statement.expression);
      const literal = value === undefined || (typescript.isIdentifier(value) && value.text === "undefined") ? "undefined" : literalText(value);
      function literalText(node: ts.Expression): string | undefined {
        const isLiteral =
          typescript.isStringLiteralLike(node) ||
          typescript.isNumericLiteral(node) ||
          node.kind === typescript.SyntaxKind.TrueKeyword ||
          node.kind === typescript.SyntaxKind.FalseKeyword ||
          node.kind === typescript.SyntaxKind.NullKeyword ||
          (typescript.isPrefixUnaryExpression(node) && typescript.isNumericLiteral(node.operand));
        return isLiteral ? node.getText() : undefined;
      }
      if (literal === undefined) return false;
      exits.add(literal);
      return exits.size === 1;
    }
    if (typescript.isIfStatement(statement)) {
      return (
        isQuiet(statement.expression) &&
        statementIgnoresOrder(statement.thenStatement) &&
        (statement.elseStatement === undefined || statementIgnoresOrder(statement.elseStatement))
      );
    }
    if (typescript.isVariableStatement(statement)) {
      return statement.declarationList.declarations.every(
        (declaration) => declaration.initializer === undefined || isQuiet(declaration.initializer),
      );
    }
    if (typescript.isExpressionStatement(statement)) {
      if (isOwnChange(statement.expression)) {
        changes = true;
        return true;
      }
      return isQuiet(statement.expression);
    }
    if (typescript.isTryStatement(statement)) {
      return (
        statementIgnoresOrder(statement.tryBlock) &&
        (statement.catchClause === undefined || statementIgnoresOrder(statement.catchClause.block)) &&
        (statement.finallyBlock === undefined || statementIgnoresOrder(statement.finallyBlock))
      );
    }
    return false;
  };

  let ignores: boolean;
  if (typescript.isBlock(body) || typescript.isStatement(body)) {
    ignores = statementIgnoresOrder(body);
  } else if (typescript.isExpression(body) && isOwnChange(body)) {
    ignores = changes = true;
  } else {
    // A `map` callback's quiet value (`(n) => n.trim()`) is the entry itself, in the listing's order.
    ignores = form !== "map" && typescript.isExpression(body) && isQuiet(body);
  }
  // Leaving early after changes: which entries were changed before it left depends on the order. With changes,
  // a read of another path than the entry's own could see what another pass changed.
  return ignores && !(changes && leaves) && !(changes && fileReads.some((read) => isEntryPath(read.arguments[0]) === undefined));
}


/**
 * The array a loop only collects entries into, as `filter` and `map` would: every pass tests the entry with
 * what changes nothing (`if (f.endsWith(".js"))`, `continue`, consts) and pushes a value built from it into the same
 * array declared outside the loop, and nothing else. The entries' order then lives on in that array, whose uses
 * decide. Not such a loop: one that leaves early (`break`, `return`) or tests the array itself (`out.length <
 * MAX`, `!out.some(…)`), which keep an order-dependent selection; one that assigns or counts (`id: next++`); one
 * that reads the entry's position.
 */
export function collectedInto(context: SourceRuleContext, body: ts.Node, scope: ts.Node): ts.Identifier | undefined {
  const loop = entryLoop(context, body, scope);
  const { typescript, isQuiet } = loop;
  if (loop.entry === undefined || loop.readsPosition) return undefined;
  let target: ts.Identifier | undefined;

  const isPush = (expression: ts.Expression): boolean => {
    const call = unwrap(typescript, expression);
    if (!typescript.isCallExpression(call) || !typescript.isPropertyAccessExpression(call.expression) || call.expression.name.text !== "push") return false;
    const array = unwrap(typescript, call.expression.expression);
    if (!typescript.isIdentifier(array) || !call.arguments.every(isQuiet)) return false;
    const declaring = declaringNodeOf(typescript, array);
    if (declaring === undefined || isWithin(declaring, scope)) return false;
    if (target !== undefined && target.text !== array.text) return false;
    target = array;
    return true;
  };

  const collects = (statement: ts.Statement): boolean => {
    if (typescript.isBlock(statement)) return statement.statements.every(collects);
    if (typescript.isEmptyStatement(statement)) return true;
    if (typescript.isContinueStatement(statement)) return statement.label === undefined;
    // In a forEach callback, a bare `return` moves on to the next entry.
    if (typescript.isReturnStatement(statement)) return typescript.isFunctionLike(scope) && statement.expression === undefined;
    // What decides which entries are kept must not change anything (`claim(f)`, `seen.add(f)` would keep the first).
    if (typescript.isIfStatement(statement)) {
      return isQuiet(statement.expression) && collects(statement.thenStatement) && (statement.elseStatement === undefined || collects(statement.elseStatement));
    }
    if (typescript.isVariableStatement(statement)) {
      return statement.declarationList.declarations.every((declaration) => declaration.initializer === undefined || isQuiet(declaration.initializer));
    }
    if (typescript.isExpressionStatement(statement)) return isPush(statement.expression);
    return false;
  };

  /** Whether the body assigns, counts, or reads the target anywhere but in its pushes. */
  const disturbs = (node: ts.Node): boolean => {
    if (typescript.isIdentifier(node) && isVariableUse(typescript, node)) {
      if (isWriteTarget(typescript, node)) return true;
      const access = node.parent;
      const isPushedInto = typescript.isPropertyAccessExpression(access) && access.expression === node && access.name.text === "push";
      return target !== undefined && node.text === target.text && !isPushedInto;
    }
    if (typescript.isBinaryExpression(node) && node.operatorToken.kind >= typescript.SyntaxKind.FirstAssignment && node.operatorToken.kind <= typescript.SyntaxKind.LastAssignment) {
      return true;
    }
    return node.forEachChild(disturbs) ?? false;
  };

  const statement = typescript.isBlock(body) || typescript.isStatement(body) ? body : undefined;
  return statement !== undefined && collects(statement) && !disturbs(statement) ? target : undefined;
}
