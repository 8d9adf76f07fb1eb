import type { ts } from "@ts-morph/common";
import { enclosingConcurrentCallback, suspendsBefore } from "./util/concurrent-callbacks.js";
import { createRule } from "./util/create-rule.js";
import { accessedName, calleeName, identifierWords, numericLiteralValue, unwrap } from "./util/expressions.js";
import { localDeclarationOf } from "./util/local-bindings.js";

/** Compound assignments whose result depends on the order of the updates when the operands are not integers. */
const ORDER_SENSITIVE = new Set(["+=", "-=", "*=", "/="]);

/** Last words of names that hold integers: adding integers in any order gives the same sum. */
const INTEGER_WORDS = new Set(["count", "length", "size", "bytes", "index", "lines", "n", "num"]);

export default createRule({
  meta: {
    id: "no-completion-order-sum",
    category: "float",
    severity: "error",
    description:
      "A running total updated inside concurrently running async callbacks (Promise.all(xs.map(async …)), forEach(async …), async event handlers): total += … after an await, or total += await ….",
    rationale:
      "After their first await, concurrent callbacks resume in the order their work completes, which changes from " +
      "run to run. Floating-point addition is not associative, so a sum built in completion order can differ in " +
      "its last digits for the same inputs (and a string built that way differs in order). Worse, total += await " +
      "f() reads total before waiting and writes it after: the callbacks overwrite each other's updates and the " +
      "total is simply wrong. An error: the result changes for the same input. Updates before the first await " +
      "run in call order, integer counters (count++, done += 1, += x.length) give the same sum in any order, and " +
      "neither is flagged.",
    examples: {
      incorrect: [
        "export async function totalDue(ids: string[], fetchInvoice: (id: string) => Promise<{ due: number }>) {",
        "  let total = 0;",
        "  await Promise.all(",
        "    ids.map(async (id) => {",
        "      const invoice = await fetchInvoice(id);",
        "      total += invoice.due;",
        "    }),",
        "  );",
        "  return total;",
        "}",
        "",
      ].join("\n"),
      correct: [
        'import { sum } from "@detkit/runtime/decimal";',
        "",
        "export async function totalDue(ids: string[], fetchInvoice: (id: string) => Promise<{ due: string }>) {",
        "  const invoices = await Promise.all(ids.map((id) => fetchInvoice(id)));",
        "  return sum(invoices.map((invoice) => invoice.due));",
        "}",
        "",
      ].join("\n"),
    },
    replacement:
      "collect the results with Promise.all (which keeps input order) and add them afterwards, exactly, with sum() from @detkit/runtime/decimal; check with expectReproducible from @detkit/runtime/testing under a perturbed schedule",
    requiresTypes: false,
    messages: {
      completionOrder: "{{target}} {{operator}} runs in completion order inside {{role}}: the sum depends on which callback finishes first",
      lostUpdate: "{{target}} {{operator}} await … inside {{role}} reads {{target}} before the await and writes it after: concurrent updates are lost",
    },
  },
  create(context) {
    const { ts } = context;
    const resolveName = (expression: ts.Expression) => context.resolveName(expression);

    /** The name a target starts from: `total` → total, `this.stats.sum` → this, `acc[key]` → acc. */
    const rootOf = (target: ts.Expression): ts.Expression => {
      let current = unwrap(ts, target);
      while (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) current = unwrap(ts, current.expression);
      return current;
    };

    /** Whether the target lives outside `fn`, so that every concurrent run of `fn` updates the same one. */
    const isShared = (target: ts.Expression, fn: ts.Node): boolean => {
      const root = rootOf(target);
      if (root.kind === ts.SyntaxKind.ThisKeyword) return !ts.isFunctionExpression(fn);
      if (!ts.isIdentifier(root)) return false;
      const declaration = localDeclarationOf(ts, root);
      return declaration !== undefined && (declaration.pos < fn.pos || declaration.end > fn.end);
    };

    /** Whether an added value is an integer as far as the code shows: `1`, `x.length`, `byteCount`. */
    const isIntegral = (value: ts.Expression): boolean => {
      const inner = unwrap(ts, value);
      const literal = numericLiteralValue(ts, inner);
      if (literal !== undefined) return Number.isInteger(literal);
      let name: string | undefined;
      if (ts.isIdentifier(inner)) name = inner.text;
      else if (ts.isCallExpression(inner)) name = calleeName(ts, inner);
      else name = accessedName(ts, inner);
      const last = name === undefined ? undefined : identifierWords(name).at(-1);
      return last !== undefined && INTEGER_WORDS.has(last);
    };

    const awaitsIn = (node: ts.Node): boolean => {
      let found = false;
      const visit = (current: ts.Node): void => {
        if (found || ts.isFunctionLike(current)) return;
        if (ts.isAwaitExpression(current)) found = true;
        else current.forEachChild(visit);
      };
      visit(node);
      return found;
    };

    return {
      BinaryExpression(node) {
        const operator = ts.tokenToString(node.operatorToken.kind);
        if (operator === undefined || !ORDER_SENSITIVE.has(operator)) return;
        const callback = enclosingConcurrentCallback(ts, node, resolveName);
        if (!callback || !isShared(node.left, callback.fn)) return;
        const target = node.left.getText(context.sourceFile);
        const data = { target, operator, role: callback.role };
        if (awaitsIn(node.right)) {
          context.report({ node, messageId: "lostUpdate", data });
          return;
        }
        if (!isIntegral(node.right) && suspendsBefore(ts, callback.fn, node)) context.report({ node, messageId: "completionOrder", data });
      },
    };
  },
});
