import type { ts } from "@ts-morph/common";
import type { SourceRuleContext } from "./types.js";

/**
 * Questions about what a value can hold, asked of the type checker. Rules ask them only after the syntax has
 * failed to decide, so a file without the shape never builds a program. `any` and `unknown` answer "it may":
 * untyped JavaScript keeps every finding.
 */

export function isArrayOrTuple(checker: ts.TypeChecker, type: ts.Type): type is ts.TypeReference {
  return checker.isArrayType(type) || checker.isTupleType(type);
}

/** The parts of a type, with `null`, `undefined` and `void` left out. */
function presentParts(typescript: typeof ts, type: ts.Type): ts.Type[] {
  const parts = type.isUnion() ? type.types : [type];
  return parts.filter((part) => (part.flags & (typescript.TypeFlags.Null | typescript.TypeFlags.Undefined | typescript.TypeFlags.Void)) === 0);
}

/**
 * Whether no value of the expression's type holds a number: strings, booleans, null or undefined, and arrays or
 * objects of them (see documentHoldsNoNumber). A branded string (`string & {}`, `string & { __brand: "Id" }`)
 * is a string.
 */
export function holdsNoNumber(context: SourceRuleContext, expression: ts.Expression): boolean {
  const type = context.getTypeChecker().getTypeAtLocation(expression);
  return presentParts(context.ts, type).length === 0 || documentHoldsNoNumber(context, type);
}

/**
 * Whether a value of the expression's type may be an object with two or more keys, whose JSON text then
 * depends on the order they were added in. Primitives, and arrays and tuples of them, cannot; a type that is only
 * null or undefined is taken for unknown.
 */
export function mayHaveReorderableKeys(context: SourceRuleContext, expression: ts.Expression): boolean {
  const checker = context.getTypeChecker();
  const { TypeFlags } = context.ts;
  const PRIMITIVE = TypeFlags.StringLike | TypeFlags.NumberLike | TypeFlags.BigIntLike | TypeFlags.BooleanLike | TypeFlags.EnumLike;
  const visiting = new Set<ts.Type>();
  const may = (type: ts.Type): boolean =>
    presentParts(context.ts, type).some((part) => {
      if (part.flags & PRIMITIVE) return false;
      if (part.flags & (TypeFlags.Any | TypeFlags.Unknown | TypeFlags.TypeParameter | TypeFlags.NonPrimitive)) return true;
      if (visiting.has(part)) return false;
      visiting.add(part);
      if (isArrayOrTuple(checker, part)) return checker.getTypeArguments(part).some(may);
      return true;
    });
  const type = checker.getTypeAtLocation(expression);
  // A type of nothing but null or undefined is a slot declared empty (`#last = null`) whose later values the
  // checker did not see (an untyped parameter assigned to it): it says nothing about them.
  if (presentParts(context.ts, type).length === 0) return true;
  return may(type);
}

/**
 * Whether a JSON document of this type can hold no number: strings, booleans and null, in arrays and objects
 * of them (properties, index signatures), however deep. `any`, `unknown`, type parameters and anything
 * numeric answer no. The type a program gives a parsed document is its statement of the document's shape.
 */
export function documentHoldsNoNumber(context: SourceRuleContext, type: ts.Type): boolean {
  const checker = context.getTypeChecker();
  const { TypeFlags } = context.ts;
  const visiting = new Set<ts.Type>();
  const holdsNone = (part: ts.Type): boolean => {
    if (part.flags & (TypeFlags.StringLike | TypeFlags.BooleanLike)) return true;
    if (part.isIntersection()) return part.types.some((member) => (member.flags & TypeFlags.StringLike) !== 0) || part.types.every(holdsNone);
    if (part.flags & TypeFlags.Object) {
      if (visiting.has(part)) return true;
      visiting.add(part);
      if (isArrayOrTuple(checker, part)) return checker.getTypeArguments(part).every((argument) => presentParts(context.ts, argument).every(holdsNone));
      // A function or class instance is not a JSON document: its shape says nothing about the text.
      if (part.getCallSignatures().length > 0 || part.getConstructSignatures().length > 0) return false;
      const indexes = checker.getIndexInfosOfType(part);
      if (!indexes.every((index) => presentParts(context.ts, index.type).every(holdsNone))) return false;
      return checker.getPropertiesOfType(part).every((property) => {
        const declaration = property.valueDeclaration ?? property.declarations?.[0];
        if (declaration === undefined) return false;
        return presentParts(context.ts, checker.getTypeOfSymbolAtLocation(property, declaration)).every(holdsNone);
      });
    }
    return false;
  };
  const parts = presentParts(context.ts, type);
  return parts.length > 0 && parts.every(holdsNone);
}
