import rule from "../../rules/no-float-money-sum.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    // Counts, lengths and integer minor units add exactly.
    "const n = items.reduce((sum, item) => sum + item.count, 0);",
    "const cents = lines.reduce((sum, line) => sum + line.priceCents, 0);",
    "let size = 0;\nfor (const chunk of chunks) size += chunk.length;",
    "let totalCount = 0;\ntotalCount += page.totalCount;",
    // Text built from amounts is not a sum.
    "const label = 'Total: ' + order.total;",
    "const row = `${line.price} x ${line.quantity}`;",
    "html += '<td>' + item.price + '</td>';",
    // Decimal arithmetic does not use +.
    "const total = lines.reduce((sum, line) => sum.plus(line.price), dec(0));",
    // One money term with an unrelated value.
    "const next = index + item.price;",
  ],
  invalid: [
    { code: "const total = lines.reduce((sum, line) => sum + line.price * line.quantity, 0);", errors: [{ messageId: "moneySum", line: 1, column: 43, endLine: 1, endColumn: 75 }] },
    { code: "const total = lines.reduce(function (acc, l) { return acc + l.amount; }, 0);", errors: [{ messageId: "moneySum", line: 1, column: 55, endLine: 1, endColumn: 69 }] },
    { code: "let total = 0;\nfor (const item of cart) total += item.price;", errors: [{ messageId: "moneySum", line: 2, column: 26, endLine: 2, endColumn: 45 }] },
    { code: "balance -= payment.amount;", errors: [{ messageId: "moneySum", line: 1, column: 1, endLine: 1, endColumn: 26 }] },
    { code: "const due = invoice.subtotal + invoice.tax + invoice.shippingFee;", errors: [{ messageId: "moneySum", line: 1, column: 13, endLine: 1, endColumn: 65 }] },
    { code: "const due = (order.netPrice + order.vat);", errors: [{ messageId: "moneySum", line: 1, column: 14, endLine: 1, endColumn: 40 }] },
    { code: "totals.grandTotal += Number(row.lineTotal);", errors: [{ messageId: "moneySum", line: 1, column: 1, endLine: 1, endColumn: 43 }] },
    { code: "import { sumBy } from \"lodash-es\";\nconst total = sumBy(items, \"price\");", errors: [{ messageId: "moneySum", line: 2, column: 15, endLine: 2, endColumn: 36 }] },
    { code: "const total = _.sumBy(items, (item) => item.cost);", errors: [{ messageId: "moneySum", line: 1, column: 15, endLine: 1, endColumn: 50 }] },
  ],
});
