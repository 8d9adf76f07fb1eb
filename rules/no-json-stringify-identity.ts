import type { ts } from "@ts-morph/common";
import { isChangeDetector } from "./util/change-detector.js";
import { createRule } from "./util/create-rule.js";
import { calleeName, enclosingFunction, isWriteTarget, returnedExpression, unwrap, valueSite } from "./util/expressions.js";
import { isDeclaredInFile, localDeclarationOf, readsOfConst } from "./util/local-bindings.js";
import { isRuntimeModule, runtimeModule } from "./util/runtime-modules.js";
import { mayHaveReorderableKeys } from "./util/value-types.js";

/** How a stringified value is used as the identity of the value. */
type Use = "hashed" | "compared" | "key";

/** Methods whose first argument is a key: Map/Set/WeakMap, caches (lru-cache, keyv), URLSearchParams alike. */
const KEY_METHODS = new Set(["get", "set", "has", "delete", "add", "peek"]);

/** The methods of KEY_METHODS that only look an entry up. */
const LOOKUP_METHODS = new Set(["get", "has", "peek"]);

/** Callees that hash their argument, by their last name: `sha256(s)`, `md5(s)`, `hashString(s)`, `murmur(s)`. */
const HASH_CALLEE = /^(?:.*hash.*|sha\d*|md5|ripemd\d*|blake\d.*|crc32|murmur.*|fnv.*|xxh.*|checksum|fingerprint)$/i;

/** Functions that create a hash object, whose `update()` takes the data; by resolved name. */
const HASH_FACTORIES = new Set(["crypto#createHash", "crypto#createHmac"]);

/** Names that say a value is a key: `key`, `cacheKey`, `keyFor`, `memo_key`. */
const KEY_NAME = /^(?:key|.*Key|key[A-Z].*|.*_key|.*_KEY|KEY|resolver)$/;

/** Callees that take a key-making function among their arguments: lodash's memoize(fn, resolver), memoizee. */
const MEMOIZE_CALLEE = /memoi[sz]e/i;

const EQUALITY = new Set(["===", "!==", "==", "!="]);

/** Functions whose name says they put keys in a fixed order: `sortKeys`, `toSortedKeyValueArray`, `canonicalize`, `stableStringify`. */
const ORDERING_CALLEE = /sort|canonical|stable/i;

export default createRule({
  meta: {
    id: "no-json-stringify-identity",
    category: "json",
    severity: "warning",
    description:
      "JSON.stringify(...) used as a value's identity: hashed, compared with === or !==, or used as a Map, Set, object or cache key.",
    rationale:
      "JSON.stringify writes object keys in insertion order, so two equal values built in different orders give " +
      'different strings: {"a":1,"b":2} and {"b":2,"a":1}. Hashed, they give different digests (cache misses, ' +
      "duplicate content addresses, signatures that fail to verify elsewhere); compared, equal values are unequal; " +
      "as keys, one value gets two entries. A warning, because whether it bites depends on how the values were " +
      "built. A string, a number, or an array or object literal of literals has no keys to reorder (or always " +
      "writes them in the same order) and is not flagged, nor is a value whose type holds no object (an array of " +
      "strings), an object literal whose values hold none, the result of a function whose name says it orders " +
      "keys (sortKeys(x), canonicalize(x)), a call with a replacer (which may sort keys), or a key only used to memoize a value computed from " +
      "the same input (a different order only misses the cache), or a change detector: a comparison of a value " +
      "with the stored copy of an earlier value of the same parameter or variable, where \"changed\" stores the new " +
      "one (`if (JSON.stringify(next) !== JSON.stringify(this.last)) { this.last = next; … }`): a different order " +
      "makes an unchanged value look changed, an extra update after which the copy has the new order. (A producer " +
      "whose key order keeps changing pays that update each time.) A comparison where either side can hold no " +
      "object is not flagged. Not run on test code (an override can turn it on): a " +
      "test builds its values the same way on every run, so a key-order mismatch there fails every time rather " +
      "than now and then.",
    examples: {
      incorrect: [
        'import { createHash } from "node:crypto";',
        "",
        "export function contentAddress(document: object) {",
        '  return createHash("sha256").update(JSON.stringify(document)).digest("hex");',
        "}",
        "",
      ].join("\n"),
      correct: [
        'import { createHash } from "node:crypto";',
        'import { canonicalize } from "@detkit/runtime/json";',
        "",
        "export function contentAddress(document: object) {",
        '  return createHash("sha256").update(canonicalize(document)).digest("hex");',
        "}",
        "",
      ].join("\n"),
    },
    replacement:
      "use canonicalize(value) from @detkit/runtime/json (RFC 8785: sorted keys, one spelling per number), or hash(value) / equal(a, b) from @detkit/runtime/json",
    requiresTypes: true,
    inTests: "off",
    messages: {
      hashed: "JSON.stringify() output is hashed: equal values with keys in another order hash differently",
      compared: "JSON.stringify() outputs are compared: equal values with keys in another order compare unequal",
      key: "JSON.stringify() output is used as a key: equal values with keys in another order get different entries",
    },
    fix: "replaces JSON.stringify(x) fed to a hash with canonicalize(x) and imports canonicalize from @detkit/runtime/json; only when the call has exactly one argument.",
  },
  create(context) {
    const { ts } = context;

    const isHashObject = (expression: ts.Expression, depth = 0): boolean => {
      const inner = unwrap(ts, expression);
      if (depth > 8 || !ts.isCallExpression(inner)) return false;
      if (HASH_FACTORIES.has(context.resolveName(inner.expression) ?? "")) return true;
      // createHash("sha256").update(a).update(b): update() returns the hash object.
      const callee = inner.expression;
      return ts.isPropertyAccessExpression(callee) && callee.name.text === "update" && isHashObject(callee.expression, depth + 1);
    };

    const isHashSink = (call: ts.CallExpression): boolean => {
      const callee = unwrap(ts, call.expression);
      const name = calleeName(ts, call);
      if (name === undefined || name === "createHash" || name === "createHmac") return false;
      if (name === "update" && ts.isPropertyAccessExpression(callee)) {
        if (isHashObject(callee.expression)) return true;
        const receiver = unwrap(ts, callee.expression);
        // const hash = createHash("sha256"); hash.update(...)
        return ts.isIdentifier(receiver) && hashIdentifiers().has(receiver.text);
      }
      if (context.resolveName(callee) === "crypto.subtle.digest") return true;
      return HASH_CALLEE.test(name);
    };

    /** Names bound to `createHash(...)` in this file, computed once. */
    let hashNames: Set<string> | undefined;
    const hashIdentifiers = (): Set<string> => {
      if (hashNames) return hashNames;
      const names = new Set<string>();
      const visit = (node: ts.Node): void => {
        if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && isHashObject(node.initializer)) {
          names.add(node.name.text);
        }
        node.forEachChild(visit);
      };
      visit(context.sourceFile);
      hashNames = names;
      return names;
    };

    /** Climbs out of what keeps the string's content: templates, `+` concatenation, text encoders, `Buffer.from`. */
    const composedSite = (node: ts.Node): ts.Node => {
      let site = valueSite(ts, node);
      for (;;) {
        const parent = site.parent;
        if (ts.isTemplateSpan(parent)) site = valueSite(ts, parent.parent);
        else if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.PlusToken) site = valueSite(ts, parent);
        else if (ts.isCallExpression(parent) && parent.expression !== site && isEncoder(parent)) site = valueSite(ts, parent);
        else return site;
      }
    };
    const isEncoder = (call: ts.CallExpression): boolean =>
      calleeName(ts, call) === "encode" || context.resolveName(call.expression) === "Buffer.from";

    const isOrderFreeLiteral = (expression: ts.Expression): boolean => {
      const inner = unwrap(ts, expression);
      if (ts.isStringLiteralLike(inner)) return !inner.text.includes(",");
      return (
        inner.kind === ts.SyntaxKind.NullKeyword ||
        ts.isTypeOfExpression(inner) ||
        (ts.isIdentifier(inner) && inner.text === "undefined")
      );
    };

    const isStringifyCall = (expression: ts.Expression): boolean => {
      const inner = unwrap(ts, expression);
      return ts.isCallExpression(inner) && context.resolveName(inner.expression) === "JSON.stringify";
    };
    /** The value `JSON.stringify(value)` writes, when `node` is such a call without a replacer. */
    const stringifiedArgument = (node: ts.Node): ts.Expression | undefined => {
      const inner = ts.isExpression(node) ? unwrap(ts, node) : node;
      if (!ts.isCallExpression(inner) || !isStringifyCall(inner) || hasReplacer(inner)) return undefined;
      const [argument] = inner.arguments;
      return argument && !ts.isSpreadElement(argument) ? argument : undefined;
    };

    /** How the value at `site` is used as an identity; `follow` allows one step through a `const`. */
    const useAt = (site: ts.Node, follow: boolean): Use | undefined => {
      const parent = site.parent;
      if (ts.isCallExpression(parent) && parent.expression !== site) {
        if (isHashSink(parent)) return "hashed";
        const callee = unwrap(ts, parent.expression);
        const name = calleeName(ts, parent);
        const isMethod = ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee);
        if (isMethod && name !== undefined && KEY_METHODS.has(name) && parent.arguments[0] === site) return "key";
        return undefined;
      }
      if (ts.isBinaryExpression(parent)) {
        const operator = ts.tokenToString(parent.operatorToken.kind) ?? "";
        if (EQUALITY.has(operator)) {
          const other = parent.left === site ? parent.right : parent.left;
          if (isOrderFreeLiteral(other)) return undefined;
          // One comparison of two stringified values is one finding, on the left.
          if (parent.right === site && isStringifyCall(parent.left)) return undefined;
          const otherArgument = stringifiedArgument(other);
          if (otherArgument !== undefined) {
            // Equal texts have equal shapes: when the other side can hold no object at all, neither can this one.
            // (An object literal there has keys, in an order this side need not share.)
            if (!mayHaveReorderableKeys(context, otherArgument)) return undefined;
            const ownArgument = stringifiedArgument(site);
            if (ownArgument && (isChangeDetector(context, parent, ownArgument, otherArgument) || isChangeDetector(context, parent, otherArgument, ownArgument))) {
              return undefined;
            }
          }
          return "compared";
        }
        if (parent.operatorToken.kind === ts.SyntaxKind.InKeyword && parent.left === site) return "key";
        return undefined;
      }
      if (ts.isElementAccessExpression(parent) && parent.argumentExpression === site) return "key";
      if (ts.isComputedPropertyName(parent)) return "key";
      if (ts.isPropertyAssignment(parent) && parent.initializer === site) {
        return ts.isIdentifier(parent.name) && KEY_NAME.test(parent.name.text) ? "key" : undefined;
      }
      if (ts.isVariableDeclaration(parent) && parent.initializer === site && ts.isIdentifier(parent.name)) {
        if (isMemoKey(parent)) return undefined;
        if (KEY_NAME.test(parent.name.text)) return "key";
        if (!follow) return undefined;
        for (const read of readsOfConst(ts, parent)) {
          const use = useAt(composedSite(read), false);
          if (use) return use;
        }
        return undefined;
      }
      return returnedAsKey(site) ? "key" : undefined;
    };

    /**
     * A key only used to memoize a value computed from it: `let dtf = cache.get(key); if (dtf === undefined) {
     * dtf = new Intl.DateTimeFormat(locale, options); cache.set(key, dtf); } return dtf` (and the same with
     * `cache[key]`). Equal inputs with keys in another order miss the cache and compute an equal value again:
     * a duplicate entry, never a different result. A Set of seen keys or a grouping object is not a memo.
     */
    const isMemoKey = (declaration: ts.VariableDeclaration): boolean => {
      const reads = readsOfConst(ts, declaration);
      const lookups: ts.Node[] = [];
      const stored: ts.Identifier[] = [];
      const receivers = new Set<string>();
      for (const read of reads) {
        const site = valueSite(ts, read);
        const parent = site.parent;
        if (ts.isCallExpression(parent) && parent.arguments[0] === site && ts.isPropertyAccessExpression(parent.expression)) {
          const method = parent.expression.name.text;
          receivers.add(parent.expression.expression.getText(context.sourceFile));
          const value = parent.arguments[1] && unwrap(ts, parent.arguments[1]);
          if (method === "set" && value && ts.isIdentifier(value)) stored.push(value);
          else if (LOOKUP_METHODS.has(method)) lookups.push(parent);
          else return false;
        } else if (ts.isElementAccessExpression(parent) && parent.argumentExpression === site) {
          receivers.add(parent.expression.getText(context.sourceFile));
          if (!isWriteTarget(ts, parent)) lookups.push(parent);
          else {
            const assignment = valueSite(ts, parent).parent;
            const value = ts.isBinaryExpression(assignment) ? unwrap(ts, assignment.right) : undefined;
            if (!value || !ts.isIdentifier(value)) return false;
            stored.push(value);
          }
        } else return false;
      }
      if (stored.length === 0 || receivers.size !== 1) return false;
      // What is stored is the variable the lookup filled: the cached value, not something keyed by it.
      return stored.every((value) => {
        const variable = localDeclarationOf(ts, value);
        const initializer = variable && ts.isVariableDeclaration(variable) && variable.initializer && valueSite(ts, variable.initializer);
        return initializer !== undefined && lookups.some((lookup) => valueSite(ts, lookup) === initializer);
      });
    };

    /** `memoize(fn, (...args) => JSON.stringify(args))`, `{ cacheKey: (x) => JSON.stringify(x) }`. */
    const returnedAsKey = (site: ts.Node): boolean => {
      const fn = enclosingFunction(ts, site);
      if (!fn || site !== returnedExpression(ts, fn)) return false;
      const fnSite = valueSite(ts, fn);
      const holder = fnSite.parent;
      if (ts.isCallExpression(holder) && holder.expression !== fnSite) {
        const name = calleeName(ts, holder);
        return name !== undefined && MEMOIZE_CALLEE.test(name) && holder.arguments.indexOf(fnSite as ts.Expression) > 0;
      }
      if ((ts.isPropertyAssignment(holder) || ts.isVariableDeclaration(holder)) && ts.isIdentifier(holder.name)) {
        return KEY_NAME.test(holder.name.text);
      }
      if (ts.isMethodDeclaration(fn) && ts.isIdentifier(fn.name)) return KEY_NAME.test(fn.name.text);
      return false;
    };

    /** An argument that has keys to reorder: anything but primitives and arrays of literals. */
    const mayHaveKeys = (argument: ts.Expression | undefined): boolean => {
      if (argument === undefined) return false;
      const inner = unwrap(ts, argument);
      if (
        ts.isStringLiteralLike(inner) ||
        ts.isTemplateExpression(inner) ||
        ts.isNumericLiteral(inner) ||
        ts.isPrefixUnaryExpression(inner) ||
        ts.isTypeOfExpression(inner) ||
        inner.kind === ts.SyntaxKind.TrueKeyword ||
        inner.kind === ts.SyntaxKind.FalseKeyword ||
        inner.kind === ts.SyntaxKind.NullKeyword
      ) {
        return false;
      }
      if (ts.isCallExpression(inner)) {
        const name = context.resolveName(inner.expression);
        if (name === "String" || name === "Number" || calleeName(ts, inner) === "toString") return false;
      }
      if (ts.isArrayLiteralExpression(inner)) return inner.elements.some((element) => mayHaveKeys(element));
      // An object literal of literals is built in the order the source writes it, the same every time.
      if (ts.isObjectLiteralExpression(inner)) {
        return !inner.properties.every(
          (property) => ts.isPropertyAssignment(property) && !ts.isComputedPropertyName(property.name) && !mayHaveKeys(property.initializer),
        );
      }
      return true;
    };

    /**
     * The syntax could not rule out keys to reorder; the types may (an array of strings has none). An object
     * literal writes its own keys in source order, so only its values' types count.
     */
    const typesMayReorder = (argument: ts.Expression): boolean => {
      const inner = unwrap(ts, argument);
      if (!ts.isObjectLiteralExpression(inner)) return mayHaveReorderableKeys(context, inner);
      return inner.properties.some((property) => {
        if (ts.isPropertyAssignment(property) && !ts.isComputedPropertyName(property.name)) return typesMayReorder(property.initializer);
        if (ts.isShorthandPropertyAssignment(property)) return mayHaveReorderableKeys(context, property.name);
        return true;
      });
    };

    /** `JSON.stringify(sortKeys(x))`, `JSON.stringify(toSortedEntries(config))`: the callee says it ordered them. */
    const isOrderedByCallee = (argument: ts.Expression): boolean => {
      const inner = unwrap(ts, argument);
      return ts.isCallExpression(inner) && ORDERING_CALLEE.test(calleeName(ts, inner) ?? "");
    };

    const hasReplacer = (call: ts.CallExpression): boolean => {
      const replacer = call.arguments[1];
      if (replacer === undefined) return false;
      const inner = unwrap(ts, replacer);
      return !(inner.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(inner) && inner.text === "undefined"));
    };

    let canonicalizeTaken: boolean | undefined;
    /** The fix is offered unless the file already binds `canonicalize` to something other than detkit's. */
    const canFix = (call: ts.CallExpression): boolean => {
      const [only] = call.arguments;
      if (call.arguments.length !== 1 || only === undefined || ts.isSpreadElement(only)) return false;
      canonicalizeTaken ??= isDeclaredInFile(ts, context.sourceFile, "canonicalize") && !importsCanonicalize(context.sourceFile);
      return !canonicalizeTaken;
    };
    const importsCanonicalize = (sourceFile: ts.SourceFile): boolean =>
      sourceFile.statements.some(
        (statement) =>
          ts.isImportDeclaration(statement) &&
          ts.isStringLiteral(statement.moduleSpecifier) &&
          isRuntimeModule(statement.moduleSpecifier.text) &&
          statement.moduleSpecifier.text.endsWith("/json") &&
          statement.importClause?.namedBindings !== undefined &&
          ts.isNamedImports(statement.importClause.namedBindings) &&
          statement.importClause.namedBindings.elements.some(
            (element) => element.name.text === "canonicalize" && (element.propertyName ?? element.name).text === "canonicalize",
          ),
      );

    return {
      CallExpression(node) {
        if (context.resolveName(node.expression) !== "JSON.stringify") return;
        if (!mayHaveKeys(node.arguments[0]) || hasReplacer(node)) return;
        const use = useAt(composedSite(node), true);
        if (use === undefined) return;
        const [argument] = node.arguments;
        if (argument && (isOrderedByCallee(argument) || !typesMayReorder(argument))) return;
        if (use === "hashed" && canFix(node)) {
          const callee = node.expression;
          context.report({
            node,
            messageId: use,
            fix: {
              edits: [{ start: callee.getStart(context.sourceFile), end: callee.getEnd(), text: "canonicalize" }],
              imports: [{ module: runtimeModule("json"), name: "canonicalize" }],
            },
          });
          return;
        }
        context.report({ node, messageId: use });
      },
    };
  },
});
