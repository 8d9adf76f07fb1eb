import type { ts } from "@ts-morph/common";
import { commonJsExportName } from "./commonjs-exports.js";
import type { SourceRuleContext } from "./types.js";

/** Test doubles and assertions: `expect(Date.now)`, `vi.mocked(Math.random)`, `t.mock.fn(Date.now)`. */
const MOCKING_ROOTS = new Set(["expect", "vi", "jest", "sinon", "td"]);

/**
 * Whether a call only inspects its argument: `Boolean(Date.now)` tests that the function exists, and a test
 * framework's `expect`/`vi`/`jest`/`sinon`/`mock` call spies on it or asserts about it rather than calling it for
 * a value. Recognised by name: shadowing these names is not worth a resolver lookup on every argument.
 */
function isInspectingCall(typescript: typeof ts, callee: ts.Expression): boolean {
  if (typescript.isIdentifier(callee)) return callee.text === "Boolean" || MOCKING_ROOTS.has(callee.text);
  let current: ts.Expression = callee;
  while (typescript.isPropertyAccessExpression(current) || typescript.isCallExpression(current)) {
    if (typescript.isPropertyAccessExpression(current) && current.name.text === "mock") return true;
    current = current.expression;
  }
  return typescript.isIdentifier(current) && (MOCKING_ROOTS.has(current.text) || current.text === "mock");
}

/**
 * Whether `assignment` declares a CommonJS export (`exports.now = …`, `module.exports.now = …`), or, for
 * `objectLiteral`, whether it assigns that object as `module.exports` (`module.exports = { now: … }`).
 */
function declaresCommonJsExport(typescript: typeof ts, assignment: ts.Node, objectLiteral?: ts.Node): boolean {
  if (!typescript.isBinaryExpression(assignment) || assignment.operatorToken.kind !== typescript.SyntaxKind.EqualsToken) return false;
  const name = commonJsExportName(typescript, assignment.left);
  return objectLiteral === undefined ? name !== undefined : assignment.right === objectLiteral && name === "";
}

/**
 * Whether the expression at `node` hands a function over to be called later (`useState(Date.now)`,
 * `{ now: Date.now }`, `this.now = options.now ?? Date.now`, `Date.now.bind(Date)`, a class field `now =
 * Date.now`) rather than calling it, declaring an alias of it (the call through the alias is what gets
 * reported; the resolver follows `||`, `??` and `?:` in the alias), testing that it exists (`crypto.randomUUID
 * && …`, `Boolean(Date.now)`, a condition) or reading a property of it.
 */
export function isHandedOver(typescript: typeof ts, expression: ts.Node): boolean {
  const { SyntaxKind } = typescript;
  let node = expression;
  // Parentheses and type assertions around the value change nothing: look at what holds them, without recursion.
  while (
    node.parent.kind === SyntaxKind.ParenthesizedExpression ||
    node.parent.kind === SyntaxKind.AsExpression ||
    node.parent.kind === SyntaxKind.SatisfiesExpression ||
    node.parent.kind === SyntaxKind.NonNullExpression
  ) {
    node = node.parent;
  }
  const parent = node.parent;
  // A switch on the parent's kind: this runs for every identifier of every file.
  switch (parent.kind) {
    case SyntaxKind.CallExpression: {
      const call = parent as ts.CallExpression;
      return call.expression !== node && !isInspectingCall(typescript, call.expression);
    }
    case SyntaxKind.NewExpression:
      return (parent as ts.NewExpression).expression !== node;
    case SyntaxKind.PropertyAssignment:
      return (parent as ts.PropertyAssignment).initializer === node && !declaresCommonJsExport(typescript, parent.parent.parent, parent.parent);
    case SyntaxKind.PropertyDeclaration:
      return (parent as ts.PropertyDeclaration).initializer === node;
    case SyntaxKind.ShorthandPropertyAssignment:
    case SyntaxKind.ArrayLiteralExpression:
    case SyntaxKind.ReturnStatement:
    case SyntaxKind.SpreadElement:
      return true;
    case SyntaxKind.ArrowFunction:
      return (parent as ts.ArrowFunction).body === node;
    case SyntaxKind.ConditionalExpression:
      return (parent as ts.ConditionalExpression).condition !== node && isHandedOver(typescript, parent);
    case SyntaxKind.BinaryExpression: {
      const binary = parent as ts.BinaryExpression;
      switch (binary.operatorToken.kind) {
        case SyntaxKind.EqualsToken:
          // `exports.now = Date.now` declares an export, as `export const now = Date.now` does: the calls
          // through it, in this file or the files that require it, are what gets reported.
          return binary.right === node && !declaresCommonJsExport(typescript, binary);
        case SyntaxKind.QuestionQuestionEqualsToken:
        case SyntaxKind.BarBarEqualsToken:
        case SyntaxKind.AmpersandAmpersandEqualsToken:
          return binary.right === node;
        // The value of `a ?? b`, `a || b` is either side; the left of `a && b` is only tested.
        case SyntaxKind.QuestionQuestionToken:
        case SyntaxKind.BarBarToken:
          return isHandedOver(typescript, parent);
        case SyntaxKind.AmpersandAmpersandToken:
          return binary.right === node && isHandedOver(typescript, parent);
        default:
          return false;
      }
    }
    case SyntaxKind.PropertyAccessExpression: {
      // A bound, called-with or applied copy of the function still reads what the function reads.
      const access = parent as ts.PropertyAccessExpression;
      const name = access.name.text;
      return access.expression === node && (name === "bind" || name === "call" || name === "apply");
    }
    default:
      return false;
  }
}

/**
 * Visitors that report a hazardous function handed over as a value. `describe` maps a resolved name to how a
 * message shows the function (e.g. `Date.now`), or undefined when the name is not a hazard of the rule;
 * `report` gets both the shown and the resolved name;
 * `memberNames` are the last member names of those functions, a cheap test before resolving.
 */
export function functionValueVisitors(
  context: SourceRuleContext,
  memberNames: ReadonlySet<string>,
  describe: (name: string) => string | undefined,
  report: (node: ts.Node, shown: string, name: string) => void,
) {
  const { ts: typescript } = context;
  const check = (node: ts.Expression) => {
    if (!isHandedOver(typescript, node)) return;
    for (const name of context.resolveNames(node)) {
      const shown = describe(name);
      if (shown === undefined) continue;
      if (!isSavedOrRestored(context, node, name)) report(node, shown, name);
      return;
    }
  };
  return {
    PropertyAccessExpression(node: ts.PropertyAccessExpression) {
      if (memberNames.has(node.name.text)) check(node);
    },
    ElementAccessExpression(node: ts.ElementAccessExpression) {
      const key = node.argumentExpression;
      if (typescript.isStringLiteralLike(key) && memberNames.has(key.text)) check(node);
    },
    Identifier(node: ts.Identifier) {
      // Only a name bound to the function (an import or alias) can be one: `const { now } = Date; f(now)`.
      check(node);
    },
  };
}

/**
 * The save/restore idiom of mocking: `Date.now = realNow` puts back what `const realNow = Date.now` saved, and
 * `saved = Date.now` keeps it in a variable; either way the target already holds that very function.
 */
function isSavedOrRestored(context: SourceRuleContext, node: ts.Node, name: string): boolean {
  const { SyntaxKind } = context.ts;
  const assignment = node.parent;
  if (!context.ts.isBinaryExpression(assignment) || assignment.right !== node) return false;
  const operator = assignment.operatorToken.kind;
  const stores = operator === SyntaxKind.EqualsToken || operator === SyntaxKind.QuestionQuestionEqualsToken || operator === SyntaxKind.BarBarEqualsToken;
  return stores && context.resolveNames(assignment.left).includes(name);
}

/** The last member name of each resolved name: `Date.now` → `now`, `crypto#randomBytes` → `randomBytes`. */
export function lastMemberNames(names: Iterable<string>): Set<string> {
  return new Set([...names].map((name) => name.slice(Math.max(name.lastIndexOf("."), name.lastIndexOf("#")) + 1)));
}
