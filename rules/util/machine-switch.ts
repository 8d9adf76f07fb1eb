import type { ts } from "@ts-morph/common";
import { accessedName, isConditionOf, isValueLiteral, isWriteTarget, unwrap, valueSite } from "./expressions.js";
import { isExported, referencesTo } from "./local-variables.js";

/**
 * Why a test of the machine that only picks which code runs is reported inside deterministic zones only,
 * appended to the rationale of the environment rules that apply it. On the fifteen packages of the adoption
 * study 17 of 30 environment findings were such switches (WASM SIMD by architecture, a Windows timer, ICU or
 * not, a Cloudflare check); 16 chose between implementations meant to agree.
 */
export const SWITCHES_ONLY_IN_ZONES =
  " A read that is only tested to pick which code runs — `if (process.platform === \"win32\")`, " +
  "`const simd = process.arch !== \"ppc64\"`, `major >= 24 ? fast : portable` — is reported inside deterministic " +
  "zones only (message `switch`): there every dependence on the machine counts, while elsewhere such a switch " +
  "usually chooses between implementations meant to give the same result. A test whose outcome picks between " +
  "literal data (`isWindows ? \"\\r\\n\" : \"\\n\"`) is data, and reported everywhere.";

/** Members whose call turns the value into a yes/no answer. */
const TEST_METHODS: ReadonlySet<string> = new Set(["includes", "startsWith", "endsWith", "has", "test"]);

/** Members whose call derives another value from it, still to be followed: `version.split(".").map(Number)`. */
const DERIVING_METHODS: ReadonlySet<string> = new Set([
  "split", "map", "slice", "substring", "substr", "trim", "trimStart", "trimEnd", "toLowerCase", "toUpperCase",
  "replace", "replaceAll", "at", "padStart", "padEnd", "toString", "filter", "match", "indexOf", "lastIndexOf",
  "search", "charAt", "charCodeAt", "normalize",
]);

/** Functions that convert the value, still to be followed: `Number(major) >= 20`. */
const CONVERSIONS: ReadonlySet<string> = new Set(["Number", "parseInt", "parseFloat", "String", "Boolean"]);

/** How far a value is followed through variables: a switch is decided within a few steps of the read. */
const MAX_HOPS = 4;

/**
 * Whether the machine value read at `read` only decides which code runs: it is compared, matched or tested
 * for truthiness (directly, after members and conversions, or through the variables it is stored in), and the
 * answer picks a branch. The value itself never reaches a result. A yes/no answer that picks between literal
 * data (`win ? "\r\n" : "\n"`, `if (win) return "NUL"`) is data, as is any value carried on
 * (`process.env.PORT ?? 3000`, a path joined, a string logged, an exported constant).
 */
export function onlyPicksCode(typescript: typeof ts, read: ts.Node): boolean {
  // `const { platform } = process`: the binding is the read.
  if (typescript.isBindingElement(read)) return storedOnlyTested(typescript, read, 0, derivedOnlyTested) ?? false;
  return derivedOnlyTested(typescript, read, 0);
}

/** `node` holds a value derived from the machine's: is every use of it a test? */
function derivedOnlyTested(typescript: typeof ts, node: ts.Node, hops: number): boolean {
  const site = valueSite(typescript, node);
  const parent = site.parent;
  if (isConditionOf(typescript, site)) return answerOnlyPicksCode(typescript, site, hops);
  if ((typescript.isPropertyAccessExpression(parent) || typescript.isElementAccessExpression(parent)) && parent.expression === site) {
    const call = valueSite(typescript, parent).parent;
    if (typescript.isCallExpression(call) && call.expression === valueSite(typescript, parent)) {
      const method = accessedName(typescript, parent) ?? "";
      if (TEST_METHODS.has(method)) return answerOnlyPicksCode(typescript, call, hops);
      return DERIVING_METHODS.has(method) && derivedOnlyTested(typescript, call, hops);
    }
    return !isWriteTarget(typescript, parent) && derivedOnlyTested(typescript, parent, hops);
  }
  if (typescript.isCallExpression(parent) && parent.arguments.includes(site as ts.Expression)) {
    const callee = unwrap(typescript, parent.expression);
    if (typescript.isIdentifier(callee) && CONVERSIONS.has(callee.text)) return derivedOnlyTested(typescript, parent, hops);
    // `/^v2/.test(process.version)`
    if (accessedName(typescript, callee) === "test" && parent.arguments.length === 1) return answerOnlyPicksCode(typescript, parent, hops);
    return false;
  }
  if (typescript.isTypeOfExpression(parent)) return derivedOnlyTested(typescript, parent, hops);
  if (typescript.isPrefixUnaryExpression(parent) && parent.operator === typescript.SyntaxKind.ExclamationToken) {
    return answerOnlyPicksCode(typescript, parent, hops);
  }
  if (typescript.isBinaryExpression(parent)) {
    if (isComparison(typescript, parent.operatorToken.kind)) return answerOnlyPicksCode(typescript, parent, hops);
    // `a && b`, `a || b`: the value itself may come out, so the whole must be a test.
    if (!isLogical(typescript, parent.operatorToken.kind)) return false;
    const whole = climbLogical(typescript, parent);
    const negation = whole.parent;
    // `!(process.versions.electron && process.type)`: the negation turns the whole chain into an answer.
    if (typescript.isPrefixUnaryExpression(negation) && negation.operator === typescript.SyntaxKind.ExclamationToken) return answerOnlyPicksCode(typescript, negation, hops);
    return isConditionOf(typescript, whole) && answerOnlyPicksCode(typescript, whole, hops);
  }
  return storedOnlyTested(typescript, site, hops, derivedOnlyTested) ?? false;
}

/** `answer` is a yes/no decided by the machine: does it only pick code, not literal data? */
function answerOnlyPicksCode(typescript: typeof ts, answer: ts.Node, hops: number): boolean {
  let site = valueSite(typescript, answer);
  // `!a`, `a && b`, `a || b` of answers are answers.
  for (;;) {
    const parent = site.parent;
    if (typescript.isPrefixUnaryExpression(parent) && parent.operator === typescript.SyntaxKind.ExclamationToken) site = valueSite(typescript, parent);
    else if (typescript.isBinaryExpression(parent) && isLogical(typescript, parent.operatorToken.kind)) {
      const other = parent.left === site ? parent.right : parent.left;
      if (isLiteralData(typescript, other)) return false;
      site = valueSite(typescript, parent);
    } else break;
  }
  const parent = site.parent;
  if (typescript.isConditionalExpression(parent) && parent.condition === site) {
    return !isLiteralData(typescript, parent.whenTrue) && !isLiteralData(typescript, parent.whenFalse);
  }
  if (typescript.isIfStatement(parent) && parent.expression === site) {
    return !branchGivesLiteral(typescript, parent.thenStatement) && !(parent.elseStatement && branchGivesLiteral(typescript, parent.elseStatement));
  }
  if (isConditionOf(typescript, site)) return true;
  // A yes/no stored or passed on still only says which way to go.
  return storedOnlyTested(typescript, site, hops, answerOnlyPicksCode) ?? true;
}

/**
 * `const x = value` (a destructuring of it, `x = value`, or a destructured binding itself): whether every read
 * of the names bound passes `follow`. Undefined where the uses cannot be seen: not a declaration or
 * assignment, an exported declaration, or a name never read here.
 */
function storedOnlyTested(
  typescript: typeof ts,
  site: ts.Node,
  hops: number,
  follow: (typescript: typeof ts, node: ts.Node, hops: number) => boolean,
): boolean | undefined {
  const parent = site.parent;
  let names: ts.Identifier[] = [];
  if (typescript.isBindingElement(site)) names = boundNames(typescript, site.name);
  else if (typescript.isVariableDeclaration(parent) && parent.initializer === site) {
    if (isExported(typescript, parent)) return undefined;
    names = boundNames(typescript, parent.name);
  } else if (typescript.isBinaryExpression(parent) && parent.right === site && parent.operatorToken.kind === typescript.SyntaxKind.EqualsToken) {
    const target = unwrap(typescript, parent.left);
    if (typescript.isIdentifier(target)) names = [target];
  }
  if (names.length === 0 || hops >= MAX_HOPS) return undefined;
  const readsOf = names.map((name) => referencesTo(typescript, name).filter((reference) => reference !== name && !isWriteTarget(typescript, reference)));
  if (readsOf.some((reads) => reads.length === 0)) return undefined;
  return readsOf.every((reads) => reads.every((reference) => follow(typescript, reference, hops + 1)));
}

function boundNames(typescript: typeof ts, name: ts.BindingName): ts.Identifier[] {
  if (typescript.isIdentifier(name)) return [name];
  return name.elements.flatMap((element) => (typescript.isOmittedExpression(element) ? [] : boundNames(typescript, element.name)));
}

/** The outermost `&&`/`||` chain (through parentheses) that `expression` is part of. */
function climbLogical(typescript: typeof ts, expression: ts.BinaryExpression): ts.Node {
  let site = valueSite(typescript, expression);
  while (typescript.isBinaryExpression(site.parent) && isLogical(typescript, site.parent.operatorToken.kind)) site = valueSite(typescript, site.parent);
  return site;
}

function isComparison(typescript: typeof ts, kind: ts.SyntaxKind): boolean {
  const { SyntaxKind } = typescript;
  return (
    kind === SyntaxKind.EqualsEqualsEqualsToken || kind === SyntaxKind.ExclamationEqualsEqualsToken ||
    kind === SyntaxKind.EqualsEqualsToken || kind === SyntaxKind.ExclamationEqualsToken ||
    kind === SyntaxKind.LessThanToken || kind === SyntaxKind.LessThanEqualsToken ||
    kind === SyntaxKind.GreaterThanToken || kind === SyntaxKind.GreaterThanEqualsToken ||
    kind === SyntaxKind.InKeyword || kind === SyntaxKind.InstanceOfKeyword
  );
}

function isLogical(typescript: typeof ts, kind: ts.SyntaxKind): boolean {
  return kind === typescript.SyntaxKind.AmpersandAmpersandToken || kind === typescript.SyntaxKind.BarBarToken;
}

/**
 * Data written in the source: a string, number, template, array, object or regular expression literal, or
 * arithmetic of them (`25 * 1000`).
 */
function isLiteralData(typescript: typeof ts, expression: ts.Expression): boolean {
  const inner = unwrap(typescript, expression);
  if (typescript.isPrefixUnaryExpression(inner)) return isLiteralData(typescript, inner.operand);
  if (typescript.isBinaryExpression(inner) && !isLogical(typescript, inner.operatorToken.kind)) {
    return isLiteralData(typescript, inner.left) && isLiteralData(typescript, inner.right);
  }
  return isValueLiteral(typescript, inner);
}

/**
 * A branch of an `if` that returns or assigns literal data, directly or in a nested `if`: `if (win) return
 * "NUL"`, `{ sep = "\\" }`, `if (mac) { if (arm) key = "darwin_arm64" }`.
 */
function branchGivesLiteral(typescript: typeof ts, statement: ts.Statement): boolean {
  const statements = typescript.isBlock(statement) ? statement.statements : [statement];
  return statements.some((each) => {
    if (typescript.isBlock(each)) return branchGivesLiteral(typescript, each);
    if (typescript.isIfStatement(each)) {
      return branchGivesLiteral(typescript, each.thenStatement) || (each.elseStatement !== undefined && branchGivesLiteral(typescript, each.elseStatement));
    }
    if (typescript.isReturnStatement(each)) return each.expression !== undefined && isLiteralData(typescript, each.expression);
    if (!typescript.isExpressionStatement(each)) return false;
    const expression = unwrap(typescript, each.expression);
    return (
      typescript.isBinaryExpression(expression) &&
      expression.operatorToken.kind === typescript.SyntaxKind.EqualsToken &&
      isLiteralData(typescript, expression.right)
    );
  });
}
