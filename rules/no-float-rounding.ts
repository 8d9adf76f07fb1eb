import type { ts } from "@ts-morph/common";
import { createRule } from "./util/create-rule.js";
import { numericLiteralValue, unwrap, valueSite } from "./util/expressions.js";
import { readsOfConst } from "./util/local-bindings.js";

const TO_TEXT_METHODS = new Set(["toFixed", "toPrecision"]);

/** Callees that read a string back as a number, by resolved name; every Math function does too. */
const TO_NUMBER = new Set(["Number", "parseFloat", "Number.parseFloat", "parseInt", "Number.parseInt"]);

/**
 * String methods that edit the rounded text and keep it digits: the to-cents idiom
 * `parseInt(x.toFixed(2).replace(".", ""))` reads the rounded digits back as a number all the same.
 */
const TEXT_EDITS = new Set(["replace", "replaceAll", "trim", "trimStart", "trimEnd", "padStart", "padEnd", "slice", "substring"]);

const ROUNDING = new Set(["Math.round", "Math.floor", "Math.ceil", "Math.trunc"]);

/** Operators that convert a string operand to a number. `+` concatenates instead, so it is not one of them. */
function isNumericOperator(typescript: typeof ts, kind: ts.SyntaxKind): boolean {
  const { SyntaxKind } = typescript;
  switch (kind) {
    case SyntaxKind.MinusToken:
    case SyntaxKind.AsteriskToken:
    case SyntaxKind.SlashToken:
    case SyntaxKind.PercentToken:
    case SyntaxKind.AsteriskAsteriskToken:
    case SyntaxKind.LessThanToken:
    case SyntaxKind.GreaterThanToken:
    case SyntaxKind.LessThanEqualsToken:
    case SyntaxKind.GreaterThanEqualsToken:
      return true;
    default:
      return false;
  }
}

function isLooseEquality(typescript: typeof ts, kind: ts.SyntaxKind): boolean {
  return kind === typescript.SyntaxKind.EqualsEqualsToken || kind === typescript.SyntaxKind.ExclamationEqualsToken;
}

/** Whether a scale is exact in binary: multiplying and dividing by a power of two loses nothing. */
function isPowerOfTwo(value: number): boolean {
  if (!(value > 0) || !Number.isFinite(value)) return false;
  // Halving and doubling are exact, so this walks to 1 exactly when the value is a power of two.
  let scaled = value;
  while (scaled >= 2) scaled /= 2;
  while (scaled < 1) scaled *= 2;
  return scaled === 1;
}

export default createRule({
  meta: {
    id: "no-float-rounding",
    category: "float",
    severity: "warning",
    description:
      "Rounding a binary double to decimal places and using the result as a number: Number(x.toFixed(2)), +x.toPrecision(3), parseInt(x.toFixed(2).replace(\".\", \"\")), Math.round(x * 100) / 100.",
    rationale:
      "A double such as 1.005 is really 1.00499999999999989…, so 1.005.toFixed(2) is \"1.00\" and " +
      "Math.round(1.005 * 100) / 100 is 1, not 1.01; and the rounded result is a binary double again, so the next " +
      "sum drifts anew; parseInt((2.675).toFixed(2).replace(\".\", \"\")) is 267 cents, and toFixed of a number that prints " +
      "in exponent form (1e-7, 1.4e21) gives text that reads back as another number. Money and quantities rounded this way disagree with a ledger, a database DECIMAL or " +
      "another service by a cent. A warning: formatting for display (toFixed in a template or string) is fine and " +
      "not flagged; only a rounded value that is used as a number is.",
    examples: {
      incorrect: [
        "export function withTax(net: number) {",
        "  return Math.round(net * 1.2 * 100) / 100;",
        "}",
        "",
        "export function unitPrice(total: number, count: number) {",
        "  return Number((total / count).toFixed(2));",
        "}",
        "",
      ].join("\n"),
      correct: [
        'import { dec, round } from "@detkit/runtime/decimal";',
        "",
        "export function withTax(net: string) {",
        '  return round(dec(net).times("1.2"), 2);',
        "}",
        "",
        "export function label(total: number) {",
        "  return `${total.toFixed(2)} EUR`;",
        "}",
        "",
      ].join("\n"),
    },
    replacement:
      "round decimals with round(dec(x), places, mode) from @detkit/runtime/decimal (half-even by default, exact), or keep integer minor units; use toFixed only to format text",
    requiresTypes: false,
    messages: {
      textRoundTrip: "{{method}}() rounds a binary double through text and is used as a number: halfway cases round by their binary value and the result drifts again",
      scaledRound: "Math.{{fn}}(x * {{scale}}) / {{scale}} rounds a binary double: the scaled value is inexact (1.005 * 100 is 100.49999999999999)",
    },
  },
  create(context) {
    const { ts } = context;

    /** Whether the value at `site` is converted back to a number. */
    const isReadAsNumber = (site: ts.Node): boolean => {
      const parent = site.parent;
      if (ts.isCallExpression(parent) && parent.expression !== site) {
        const name = context.resolveName(parent.expression);
        return name !== undefined && (TO_NUMBER.has(name) || name.startsWith("Math."));
      }
      if (ts.isPrefixUnaryExpression(parent)) {
        return parent.operator === ts.SyntaxKind.PlusToken || parent.operator === ts.SyntaxKind.MinusToken;
      }
      if (ts.isBinaryExpression(parent)) {
        const kind = parent.operatorToken.kind;
        if (isNumericOperator(ts, kind)) return true;
        const other = parent.left === site ? parent.right : parent.left;
        return isLooseEquality(ts, kind) && numericLiteralValue(ts, other) !== undefined;
      }
      return false;
    };

    /** `String(Number(x.toPrecision(3)))`, `${+x.toFixed(2)}`: the number goes straight back to text, for display. */
    const isShownAsText = (conversion: ts.Node): boolean => {
      const site = valueSite(ts, conversion);
      const parent = site.parent;
      if (ts.isTemplateSpan(parent)) return true;
      return ts.isCallExpression(parent) && parent.expression !== site && context.resolveName(parent.expression) === "String";
    };

    /** The text `call` gives after the edits chained on it: `x.toFixed(2).replace(".", "")`. */
    const editedText = (call: ts.CallExpression): ts.Node => {
      let site = valueSite(ts, call);
      for (;;) {
        const access = site.parent;
        const edit = access.parent;
        if (!ts.isPropertyAccessExpression(access) || !TEXT_EDITS.has(access.name.text) || !ts.isCallExpression(edit) || edit.expression !== access) return site;
        site = valueSite(ts, edit);
      }
    };

    const roundTripped = (call: ts.CallExpression): boolean => {
      const site = editedText(call);
      if (isReadAsNumber(site)) return !isShownAsText(site.parent);
      const parent = site.parent;
      if (ts.isVariableDeclaration(parent) && parent.initializer === site) {
        return readsOfConst(ts, parent).some((read) => isReadAsNumber(valueSite(ts, read)));
      }
      return false;
    };

    /** The scale of `Math.round(x * scale) / scale`, as written, or undefined when the shape does not match. */
    const roundingScale = (division: ts.BinaryExpression): { fn: string; scale: string } | undefined => {
      const rounded = unwrap(ts, division.left);
      if (!ts.isCallExpression(rounded) || rounded.arguments.length !== 1) return undefined;
      const fn = context.resolveName(rounded.expression);
      if (fn === undefined || !ROUNDING.has(fn)) return undefined;
      const product = unwrap(ts, rounded.arguments[0] as ts.Expression);
      if (!ts.isBinaryExpression(product) || product.operatorToken.kind !== ts.SyntaxKind.AsteriskToken) return undefined;
      const divisor = unwrap(ts, division.right);
      const divisorValue = numericLiteralValue(ts, divisor);
      if (divisorValue !== undefined && isPowerOfTwo(divisorValue)) return undefined;
      const sameScale = (factor: ts.Expression): boolean => {
        const inner = unwrap(ts, factor);
        if (divisorValue !== undefined) return numericLiteralValue(ts, inner) === divisorValue;
        return inner.getText(context.sourceFile).replace(/\s+/g, "") === divisor.getText(context.sourceFile).replace(/\s+/g, "");
      };
      if (!sameScale(product.left) && !sameScale(product.right)) return undefined;
      return { fn: fn.slice("Math.".length), scale: divisor.getText(context.sourceFile) };
    };

    return {
      CallExpression(node) {
        const callee = node.expression;
        if (!ts.isPropertyAccessExpression(callee) || !TO_TEXT_METHODS.has(callee.name.text) || node.arguments.length > 1) return;
        if (roundTripped(node)) context.report({ node, messageId: "textRoundTrip", data: { method: callee.name.text } });
      },
      BinaryExpression(node) {
        if (node.operatorToken.kind !== ts.SyntaxKind.SlashToken) return;
        const scale = roundingScale(node);
        if (scale) context.report({ node, messageId: "scaledRound", data: scale });
      },
    };
  },
});
