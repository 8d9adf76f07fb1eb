import type { ts } from "@ts-morph/common";
import { localVariableOf } from "./local-variables.js";
import type { SourceRuleContext } from "./types.js";

/** The Intl constructors whose first argument is the locale (`Intl.Locale` always names one). */
const INTL_CONSTRUCTORS: ReadonlySet<string> = new Set(
  ["Collator", "DateTimeFormat", "DisplayNames", "DurationFormat", "ListFormat", "NumberFormat", "PluralRules", "RelativeTimeFormat", "Segmenter"].map(
    (name) => `Intl.${name}`,
  ),
);

/**
 * Whether a locale argument leaves the choice to the host: absent, `undefined`, `void 0` or `[]`. Any other
 * expression is taken as the caller's explicit choice, even when it may be undefined at run time (a library
 * passing its caller's `options.locale` through is not the place to report).
 */
export function isDefaultLocale(typescript: typeof ts, argument: ts.Expression | undefined): boolean {
  if (argument === undefined) return true;
  let node = argument;
  while (typescript.isParenthesizedExpression(node) || typescript.isAsExpression(node)) node = node.expression;
  if (typescript.isIdentifier(node)) return node.text === "undefined";
  if (typescript.isVoidExpression(node)) return true;
  return typescript.isArrayLiteralExpression(node) && node.elements.length === 0;
}

/**
 * Whether an options argument sets `key`: "no" when it is absent or an object literal (or a `const` holding
 * one) without the key, or with it set to `undefined`; "unknown" when the syntax cannot tell (a parameter, a
 * spread).
 */
export function optionSet(context: SourceRuleContext, options: ts.Expression | undefined, key: string): "yes" | "no" | "unknown" {
  const typescript = context.ts;
  if (options === undefined) return "no";
  let node = options;
  while (typescript.isParenthesizedExpression(node) || typescript.isAsExpression(node) || typescript.isSatisfiesExpression(node)) {
    node = node.expression;
  }
  if (typescript.isIdentifier(node)) {
    if (node.text === "undefined") return "no";
    const variable = localVariableOf(typescript, node);
    const initializer = variable?.constant ? variable.declaration.initializer : undefined;
    return initializer && typescript.isObjectLiteralExpression(initializer) ? optionSet(context, initializer, key) : "unknown";
  }
  if (!typescript.isObjectLiteralExpression(node)) return "unknown";
  let spread = false;
  for (const property of node.properties) {
    if (typescript.isSpreadAssignment(property)) {
      spread = true;
      continue;
    }
    const name = property.name;
    const text = name && (typescript.isIdentifier(name) || typescript.isStringLiteralLike(name)) ? name.text : undefined;
    if (text === undefined) {
      spread = true;
      continue;
    }
    if (text !== key) continue;
    if (typescript.isPropertyAssignment(property) && typescript.isIdentifier(property.initializer) && property.initializer.text === "undefined") {
      return "no";
    }
    return "yes";
  }
  return spread ? "unknown" : "no";
}

/** The name of the Intl constructor a `new` or call expression makes, e.g. `Intl.DateTimeFormat`, or undefined. */
export function intlConstructorOf(context: SourceRuleContext, node: ts.CallExpression | ts.NewExpression): string | undefined {
  const name = context.resolveName(node.expression);
  return name !== undefined && INTL_CONSTRUCTORS.has(name) ? name : undefined;
}

/**
 * The option read from `<node>.resolvedOptions()` right away, as in the idioms that read the host's settings:
 * `new Intl.DateTimeFormat().resolvedOptions().timeZone` or `const { locale } = ….resolvedOptions()`. Returns
 * the names read (`["timeZone"]`), `[]` for another use of the options, or undefined when `node` is not the
 * receiver of `.resolvedOptions()`.
 */
export function resolvedOptionsRead(typescript: typeof ts, node: ts.Node): string[] | undefined {
  const access = node.parent;
  if (!typescript.isPropertyAccessExpression(access) || access.expression !== node || access.name.text !== "resolvedOptions") return undefined;
  const call = access.parent;
  if (!typescript.isCallExpression(call)) return undefined;
  const use = call.parent;
  if (typescript.isPropertyAccessExpression(use) && use.expression === call) return [use.name.text];
  if (typescript.isVariableDeclaration(use) && typescript.isObjectBindingPattern(use.name)) {
    return use.name.elements.flatMap((element) => {
      const key = element.propertyName ?? element.name;
      return typescript.isIdentifier(key) ? [key.text] : [];
    });
  }
  return [];
}
