import type { ts } from "@ts-morph/common";
import type { SourceRuleContext } from "./types.js";

/**
 * Whether the expression at `node` hands a function over to be called later (`useState(Date.now)`,
 * `{ now: Date.now }`, `options.now ?? Date.now`, `Date.now.bind(Date)`) rather than calling it, declaring an
 * alias of it (the call through the alias is what gets reported) or reading a property of it.
 */
export function isHandedOver(typescript: typeof ts, node: ts.Node): boolean {
  const { SyntaxKind } = typescript;
  const parent = node.parent;
  // A switch on the parent's kind: this runs for every identifier of every file.
  switch (parent.kind) {
    case SyntaxKind.CallExpression:
    case SyntaxKind.NewExpression:
      return (parent as ts.CallExpression | ts.NewExpression).expression !== node;
    case SyntaxKind.PropertyAssignment:
      return (parent as ts.PropertyAssignment).initializer === node;
    case SyntaxKind.ShorthandPropertyAssignment:
    case SyntaxKind.ArrayLiteralExpression:
    case SyntaxKind.ReturnStatement:
    case SyntaxKind.SpreadElement:
      return true;
    case SyntaxKind.ArrowFunction:
      return (parent as ts.ArrowFunction).body === node;
    case SyntaxKind.ConditionalExpression:
      return (parent as ts.ConditionalExpression).condition !== node;
    case SyntaxKind.BinaryExpression: {
      const binary = parent as ts.BinaryExpression;
      switch (binary.operatorToken.kind) {
        case SyntaxKind.EqualsToken:
          return binary.right === node;
        case SyntaxKind.QuestionQuestionToken:
        case SyntaxKind.BarBarToken:
        case SyntaxKind.AmpersandAmpersandToken:
          return true;
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
    case SyntaxKind.ParenthesizedExpression:
    case SyntaxKind.AsExpression:
    case SyntaxKind.SatisfiesExpression:
    case SyntaxKind.NonNullExpression:
      return isHandedOver(typescript, parent);
    default:
      return false;
  }
}

/**
 * Visitors that report a hazardous function handed over as a value. `describe` maps a resolved name to how a
 * message shows the function (e.g. `Date.now`), or undefined when the name is not a hazard of the rule;
 * `memberNames` are the last member names of those functions, a cheap test before resolving.
 */
export function functionValueVisitors(
  context: SourceRuleContext,
  memberNames: ReadonlySet<string>,
  describe: (name: string) => string | undefined,
  report: (node: ts.Node, shown: string) => void,
) {
  const { ts: typescript } = context;
  const check = (node: ts.Expression) => {
    if (!isHandedOver(typescript, node)) return;
    const name = context.resolveName(node);
    const shown = name === undefined ? undefined : describe(name);
    if (shown !== undefined) report(node, shown);
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

/** The last member name of each resolved name: `Date.now` → `now`, `crypto#randomBytes` → `randomBytes`. */
export function lastMemberNames(names: Iterable<string>): Set<string> {
  return new Set([...names].map((name) => name.slice(Math.max(name.lastIndexOf("."), name.lastIndexOf("#")) + 1)));
}
