import type { ts } from "@ts-morph/common";

/**
 * The export a CommonJS assignment target writes: `"now"` for `exports.now`, `module.exports.now` or
 * `exports["now"]`, `""` for `module.exports` itself, undefined for anything else. `isUnbound` says whether an
 * identifier `module` or `exports` is CommonJS's own rather than a local of that name; without it, they are taken
 * to be (the cheap syntactic test rules make).
 */
export function commonJsExportName(
  typescript: typeof ts,
  target: ts.Node,
  isUnbound: (identifier: ts.Identifier) => boolean = () => true,
): string | undefined {
  const is = (node: ts.Node, name: string): node is ts.Identifier => typescript.isIdentifier(node) && node.text === name && isUnbound(node);
  if (typescript.isPropertyAccessExpression(target) && is(target.expression, "module")) {
    return target.name.text === "exports" ? "" : undefined;
  }
  if (!typescript.isPropertyAccessExpression(target) && !typescript.isElementAccessExpression(target)) return undefined;
  const owner = target.expression;
  if (!is(owner, "exports") && commonJsExportName(typescript, owner, isUnbound) !== "") return undefined;
  if (typescript.isPropertyAccessExpression(target)) return target.name.text;
  return typescript.isStringLiteralLike(target.argumentExpression) ? target.argumentExpression.text : undefined;
}
