import type { ts } from "@ts-morph/common";
import { createRule } from "./util/create-rule.js";
import { accessedName, calleeName, identifierWords, returnedExpression, unwrap } from "./util/expressions.js";

/**
 * The last word of a member name that says it holds money: `price`, `unitPrice`, `grandTotal`, `tax_amount`.
 * A name whose last word is a unit (`priceCents`, `amountMinor`) or a count (`totalCount`) is not money
 * held as a double, so it does not match.
 */
const MONEY_WORDS = new Set([
  "amount", "price", "total", "subtotal", "cost", "balance", "tax", "vat", "fee", "fees", "discount", "payment",
  "charge", "revenue", "salary", "wage", "credit", "debit", "refund", "tip", "shipping",
]);

function isMoneyName(name: string): boolean {
  const last = identifierWords(name).at(-1);
  return last !== undefined && MONEY_WORDS.has(last);
}

export default createRule({
  meta: {
    id: "no-float-money-sum",
    category: "float",
    severity: "warning",
    description:
      "Money-like amounts added as doubles: reduce((sum, item) => sum + item.price, 0), total += line.amount, a.subtotal + a.tax, sumBy(items, \"price\").",
    rationale:
      "Prices and amounts are decimal; doubles are binary. Every addition rounds, so 0.1 + 0.2 is " +
      "0.30000000000000004, a long sum is off by cents, and the error depends on the order of the terms: sorting " +
      "the lines differently, or receiving them in another order, changes the total. Members are recognised by " +
      "name (amount, price, total, cost, balance, tax, fee, …); names ending in a unit such as priceCents are " +
      "integers and not flagged. A warning: the amounts may already be integers.",
    examples: {
      incorrect: [
        "export function orderTotal(lines: { price: number; quantity: number }[]) {",
        "  return lines.reduce((sum, line) => sum + line.price * line.quantity, 0);",
        "}",
        "",
      ].join("\n"),
      correct: [
        'import { dec, sum } from "@detkit/runtime/decimal";',
        "",
        "export function orderTotal(lines: { price: string; quantity: number }[]) {",
        "  return sum(lines.map((line) => dec(line.price).times(line.quantity)));",
        "}",
        "",
      ].join("\n"),
    },
    replacement:
      "add amounts as Decimals with sum() and dec() from @detkit/runtime/decimal (exact, order-independent), or as integer minor units (cents, bigint)",
    requiresTypes: false,
    messages: {
      moneySum: "{{name}} is added as a binary double: sums of amounts drift by cents and depend on the order of the terms",
    },
  },
  create(context) {
    const { ts } = context;
    // Member names repeat throughout a file; splitting each into words once is enough.
    const moneyNames = new Map<string, boolean>();
    const isMoney = (name: string): boolean => {
      let money = moneyNames.get(name);
      if (money === undefined) moneyNames.set(name, (money = isMoneyName(name)));
      return money;
    };

    /** The money member an added term reads: `x.price`, `x.price * x.quantity`, `Number(x.amount)`. */
    const moneyTerm = (expression: ts.Expression): string | undefined => {
      const inner = unwrap(ts, expression);
      const name = accessedName(ts, inner);
      if (name !== undefined) return isMoney(name) ? name : undefined;
      if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.AsteriskToken) {
        return moneyTerm(inner.left) ?? moneyTerm(inner.right);
      }
      if (ts.isCallExpression(inner) && inner.arguments.length === 1) {
        const callee = context.resolveName(inner.expression);
        if (callee === "Number" || callee === "parseFloat" || callee === "Number.parseFloat") return moneyTerm(inner.arguments[0] as ts.Expression);
      }
      return undefined;
    };

    /** The operands of a chain of `+`: `a + b + c` → a, b, c. */
    const addends = (expression: ts.Expression): ts.Expression[] => {
      const inner = unwrap(ts, expression);
      if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.PlusToken) {
        return [...addends(inner.left), ...addends(inner.right)];
      }
      return [inner];
    };
    const isTextual = (expression: ts.Expression): boolean => ts.isStringLiteralLike(expression) || ts.isTemplateExpression(expression);

    /** The accumulator parameter of a reduce callback, when the callback is the call's first argument. */
    const reduceAccumulator = (node: ts.Node): string | undefined => {
      const fn = ts.isArrowFunction(node) || ts.isFunctionExpression(node) ? node : undefined;
      const call = fn?.parent;
      if (!fn || !call || !ts.isCallExpression(call) || call.arguments[0] !== fn) return undefined;
      const method = calleeName(ts, call);
      if (method !== "reduce" && method !== "reduceRight") return undefined;
      const accumulator = fn.parameters[0]?.name;
      return fn.parameters.length >= 2 && accumulator && ts.isIdentifier(accumulator) ? accumulator.text : undefined;
    };

    const report = (node: ts.Node, name: string) => context.report({ node, messageId: "moneySum", data: { name } });

    return {
      BinaryExpression(node) {
        const kind = node.operatorToken.kind;
        if (kind === ts.SyntaxKind.PlusEqualsToken || kind === ts.SyntaxKind.MinusEqualsToken) {
          const name = isTextual(unwrap(ts, node.right)) ? undefined : moneyTerm(node.right);
          if (name) report(node, name);
          return;
        }
        if (kind !== ts.SyntaxKind.PlusToken) return;
        // One finding per chain, on its outermost `+`.
        const parent = node.parent;
        if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.PlusToken) return;
        if (ts.isParenthesizedExpression(parent) && ts.isBinaryExpression(parent.parent) && parent.parent.operatorToken.kind === ts.SyntaxKind.PlusToken) return;
        const terms = addends(node);
        if (terms.some(isTextual)) return;
        const money = terms.map(moneyTerm).filter((name): name is string => name !== undefined);
        const [first] = money;
        if (first === undefined) return;
        if (money.length >= 2) {
          report(node, first);
          return;
        }
        // reduce((sum, line) => sum + line.price, 0)
        const fn = returnedBy(node);
        const accumulator = fn && reduceAccumulator(fn);
        if (accumulator && terms.some((term) => ts.isIdentifier(term) && term.text === accumulator)) report(node, first);
      },
      CallExpression(node) {
        // lodash sumBy(items, "price") and sumBy(items, (item) => item.price)
        if (calleeName(ts, node) !== "sumBy") return;
        const iteratee = node.arguments[1];
        if (iteratee === undefined) return;
        const inner = unwrap(ts, iteratee);
        if (ts.isStringLiteralLike(inner)) {
          if (isMoney(inner.text)) report(node, inner.text);
          return;
        }
        const fn = context.functionOf(inner);
        const returned = fn && returnedExpression(ts, fn);
        const name = returned && moneyTerm(returned);
        if (name) report(node, name);
      },
    };

    /** The function whose single returned expression is `node`, if any. */
    function returnedBy(node: ts.Expression): ts.Node | undefined {
      let site: ts.Node = node;
      while (ts.isParenthesizedExpression(site.parent)) site = site.parent;
      const parent = site.parent;
      if (ts.isArrowFunction(parent) && parent.body === site) return parent;
      if (ts.isReturnStatement(parent) && ts.isBlock(parent.parent) && parent.parent.statements.length === 1) {
        const fn = parent.parent.parent;
        return ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) ? fn : undefined;
      }
      return undefined;
    }
  },
});
