import type { ts } from "@ts-morph/common";
import { unwrap } from "./expressions.js";
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

/** File-system changes from one path to another (their first two arguments): both must be the entry's own. */
const FS_CHANGES_TWO = fsFunctionNames([
  "copyFile", "copyFileSync", "cp", "cpSync", "copy", "copySync", "rename", "renameSync", "move", "moveSync",
  "symlink", "symlinkSync", "link", "linkSync",
]);

/** `path` functions: pure. */
const PATH_FUNCTIONS = new Set(
  ["path", "path/posix", "path/win32"].flatMap((module) =>
    ["join", "resolve", "basename", "dirname", "extname", "relative", "normalize", "parse", "format", "isAbsolute"].flatMap(
      (name) => [`${module}#${name}`, `${module}#posix.${name}`, `${module}#win32.${name}`],
    ),
  ),
);

/**
 * Methods that answer a question about their receiver and change nothing: those of strings, regular
 * expressions and the Dirent and Stats objects a listing gives. Matched by name on any receiver, as the other
 * order rules match `includes` and `some`.
 */
const QUESTION_METHODS = new Set([
  "includes", "startsWith", "endsWith", "indexOf", "lastIndexOf", "slice", "substring", "replace", "replaceAll",
  "toLowerCase", "toUpperCase", "trim", "trimStart", "trimEnd", "split", "match", "test", "padStart", "padEnd",
  "isFile", "isDirectory", "isSymbolicLink", "toString",
]);

/**
 * How a loop over a collection is written: `for…of` (a `return` leaves), a `forEach` callback (a `return` moves
 * on to the next entry) or a `map` callback (what it returns is the new list's entry).
 */
export type LoopForm = "for-of" | "forEach" | "map";

/**
 * Whether a loop over a collection gives the same outcome in any order of its entries. `body` is the loop's
 * statement (or the callback's body) and `scope` the node that declares the entry (the `for…of`, or the
 * callback). Two shapes qualify:
 * - each pass changes only files of its own entry (`for (const f of readdirSync(d)) rmSync(join(d, f))`): the
 *   changes commute, whatever order they run in;
 * - the passes change nothing and may leave with a value that is the same whichever entry leaves
 *   (`for (const f of files) if (read(f).includes(x)) return true`): a search for any match.
 * A `map` callback qualifies when it only returns such a change: the new list holds what fs changes settle
 * to (nothing), one per entry, the same in any order (`Promise.all(names.map((n) => rm(join(d, n))))`).
 * Anything else (a log line, a push, an unknown call, a value of the entry returned or thrown) keeps the order.
 */
export function loopIgnoresOrder(context: SourceRuleContext, body: ts.Node, scope: ts.Node, form: LoopForm): boolean {
  const { ts: typescript } = context;
  const { SyntaxKind } = typescript;
  let changes = false;
  let leaves = false;

  /** Whether a value is built from the entry: it reads the entry, or a `const` of the body built from it. */
  const ownsEntry = (expression: ts.Expression | undefined, depth = 0): boolean => {
    if (expression === undefined || depth > 4) return false;
    let owns = false;
    const visit = (node: ts.Node): void => {
      if (owns) return;
      if (typescript.isIdentifier(node) && isVariableUse(typescript, node)) {
        const declaring = declaringNodeOf(typescript, node);
        if (declaring === scope) owns = true;
        else if (declaring !== undefined && isWithin(declaring, body)) owns = ownsEntry(constInitializer(typescript, node), depth + 1);
        return;
      }
      node.forEachChild(visit);
    };
    visit(expression);
    return owns;
  };

  /** The expression an `await` or `void` statement runs. */
  const operand = (expression: ts.Expression): ts.Expression => {
    let node = unwrap(typescript, expression);
    while (typescript.isAwaitExpression(node) || typescript.isVoidExpression(node)) node = unwrap(typescript, node.expression);
    return node;
  };

  /** An expression that changes nothing: reads, path arithmetic, file-system reads, questions. */
  const isQuiet = (expression: ts.Expression): boolean => {
    const node = operand(expression);
    if (typescript.isCallExpression(node)) {
      const callee = context.resolveName(node.expression);
      const known =
        (callee !== undefined && (PATH_FUNCTIONS.has(callee) || FS_READS.has(callee))) ||
        (typescript.isPropertyAccessExpression(node.expression) && QUESTION_METHODS.has(node.expression.name.text) && isQuiet(node.expression.expression));
      return known && node.arguments.every(isQuiet);
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

  /**
   * A change to the entry's own files: an fs change whose every target path is built from the entry. A `map`
   * callback's change must also settle to nothing, so that the new list holds no value in the listing's order.
   */
  const isOwnChange = (expression: ts.Expression): boolean => {
    const node = operand(expression);
    if (!typescript.isCallExpression(node) || !node.arguments.every(isQuiet)) return false;
    const callee = context.resolveName(node.expression);
    if (callee === undefined || (form === "map" && FS_CHANGES_WITH_VALUE.has(callee))) return false;
    if (FS_CHANGES_ONE.has(callee)) return ownsEntry(node.arguments[0]);
    if (FS_CHANGES_TWO.has(callee)) return ownsEntry(node.arguments[0]) && ownsEntry(node.arguments[1]);
    return false;
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
      // Left with a value of its own: which entry left decides it.
      return statement.expression === undefined || (isQuiet(statement.expression) && !ownsEntry(statement.expression));
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
  // Leaving early after changes: which entries were changed before it left depends on the order.
  return ignores && !(changes && leaves);
}

/**
 * The array a loop only collects entries into, as `filter` and `map` would: every pass tests what it likes
 * (`if (await isMatch(f))`, `continue`, consts) and pushes into the same array declared outside the loop, and
 * nothing else. The entries' order then lives on in that array, whose uses decide. Leaving early (`break`,
 * `return`) would keep an order-dependent prefix: no such loop qualifies.
 */
export function collectedInto(context: SourceRuleContext, body: ts.Node, scope: ts.Node): ts.Identifier | undefined {
  const { ts: typescript } = context;
  let target: ts.Identifier | undefined;

  const isPush = (expression: ts.Expression): boolean => {
    const call = unwrap(typescript, expression);
    if (!typescript.isCallExpression(call) || !typescript.isPropertyAccessExpression(call.expression) || call.expression.name.text !== "push") return false;
    const array = unwrap(typescript, call.expression.expression);
    if (!typescript.isIdentifier(array)) return false;
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
    if (typescript.isIfStatement(statement)) return collects(statement.thenStatement) && (statement.elseStatement === undefined || collects(statement.elseStatement));
    if (typescript.isVariableStatement(statement)) return true;
    if (typescript.isExpressionStatement(statement)) return isPush(statement.expression);
    return false;
  };

  const statement = typescript.isBlock(body) || typescript.isStatement(body) ? body : undefined;
  return statement !== undefined && collects(statement) ? target : undefined;
}
