import type { ts } from "@ts-morph/common";
import { expectedValuesOf } from "./util/assertions.js";
import { createRule } from "./util/create-rule.js";
import { accessedName, calleeName, identifierWords, isWriteTarget, unwrap, valueSite } from "./util/expressions.js";
import { functionValueVisitors } from "./util/function-values.js";
import { constInitializer, isDeclaredInFile, localDeclarationOf, readsOfConst } from "./util/local-bindings.js";
import { declaringNodeOf, valuesWritten } from "./util/local-variables.js";
import { documentHoldsNoNumber, holdsNoNumber } from "./util/value-types.js";

/** HTTP clients, by what their response offers: a fetch-style `Response` with `.json()`, or something else. */
type Client = "fetch" | "got" | "ky" | "undici" | "axios";

const HTTP_METHODS = ["get", "post", "put", "patch", "delete", "head", "options"];

/**
 * Calls whose result (once awaited, for fetch and undici) carries a body that a zero-argument `.json()`
 * parses with JSON.parse, or (axios) whose `.data` is already parsed. By resolved name: `module#member`,
 * with an empty member for a module's default export.
 */
const CLIENT_CALLS: ReadonlyMap<string, Client> = new Map([
  ["fetch", "fetch"],
  ["undici#fetch", "fetch"],
  ["node-fetch#", "fetch"],
  ["cross-fetch#", "fetch"],
  ["cross-fetch#fetch", "fetch"],
  ["isomorphic-fetch#", "fetch"],
  ["make-fetch-happen#", "fetch"],
  ["undici#request", "undici"],
  ...["got", "ky", "axios"].flatMap((module) => [
    [`${module}#`, module as Client] as const,
    ...HTTP_METHODS.map((method) => [`${module}#${method}`, module as Client] as const),
  ]),
  ["axios#request", "axios"],
]);

/**
 * Libraries that parse JSON text into doubles as JSON.parse does (hardened or relaxed variants), by resolved
 * name: `module#member`, with an empty member for a module's default export.
 */
const LIBRARY_PARSES: ReadonlySet<string> = new Set([
  "secure-json-parse#parse",
  "secure-json-parse#safeParse",
  "@hapi/bourne#parse",
  "@hapi/bourne#safeParse",
  "json5#parse",
  "json5#",
  "parse-json#",
  "destr#",
  "destr#destr",
  "fast-json-parse#",
]);

/** The global types whose `.json()` is the fetch body mixin: a parameter annotated with one is a body to parse. */
const BODY_TYPES = new Set(["Response", "Request"]);

/** How a message names each client's parse. */
const CLIENT_PARSE: Readonly<Record<Client, string>> = {
  fetch: "Response.json()",
  got: "got's .json()",
  ky: "ky's .json()",
  undici: "undici's body.json()",
  axios: "axios",
};

const MAX_DEPTH = 8;

/** Functions that write and read whole files, by their last name (fs, fs/promises, fs-extra). */
const FILE_WRITES = new Set([
  "writeFile", "writeFileSync", "appendFile", "appendFileSync", "outputFile", "outputFileSync", "writeFileAtomic", "writeFileAtomicSync",
]);
const FILE_READS = new Set(["readFile", "readFileSync"]);

/**
 * A project's own file helpers, by the words of their names: `config.writeProjectFile(path, text)`,
 * `readProjectFile(path)`, `saveJsonFile`. fs's own functions are matched by name above.
 */
function isFileHelper(name: string, verbs: ReadonlySet<string>): boolean {
  const words = identifierWords(name);
  return words.includes("file") && words.some((word) => verbs.has(word));
}
const WRITE_VERBS: ReadonlySet<string> = new Set(["write", "save", "output", "persist", "store"]);
const READ_VERBS: ReadonlySet<string> = new Set(["read", "load"]);

/**
 * Recorded among the stringified members when the module writes JSON.stringify output to a file: a module that
 * persists its state that way and reads a file back is reading its own format. Paths are not compared: the
 * write and the read usually spell the same file differently (`join(dir, NAME)` and a parameter).
 */
const WRITTEN_TO_FILE = "\0file";

function isEmptyText(typescript: typeof ts, expression: ts.Expression): boolean {
  return typescript.isStringLiteralLike(expression) && expression.text === "";
}

/**
 * Files whose formats hold no numeric data worth the name: package manifests and compiler configuration
 * (`tsconfig.base.json`, `tsconfig.build.json` too).
 */
const MANIFEST_FILE = /(?:^|[/\\])(?:package|package-lock|(?:tsconfig|jsconfig)(?:\.[\w-]+)*|deno)\.json$/;

/**
 * Whether a number literal in a test's expected value is one a double holds exactly enough to be told apart
 * from its neighbours: a safe integer, or a decimal of at most 15 significant digits (each such text has a
 * double of its own). A longer one (an ID beyond 2^53, a price with 17 digits) is what the lossy parse breaks,
 * and the assertion would then pass on a wrong document.
 */
function isDistinctDouble(literal: string): boolean {
  const value = Number(literal.replaceAll("_", ""));
  if (Number.isInteger(value)) return Number.isSafeInteger(value);
  const digits = literal.replace(/[eE].*$/, "").replace(/[^0-9]/g, "").replace(/^0+/, "");
  return digits.length <= 15;
}

/**
 * Whether a JSON text written in the source holds only numbers a double represents exactly: integers within
 * ±2^53. Strings are skipped, so digits inside them do not count.
 */
function hasOnlyExactNumbers(text: string): boolean {
  const number = /-?\d+(\.\d+)?([eE][+-]?\d+)?/y;
  for (let index = 0; index < text.length; ) {
    const char = text[index];
    if (char === '"') {
      index++;
      while (index < text.length && text[index] !== '"') index += text[index] === "\\" ? 2 : 1;
      index++;
      continue;
    }
    if (char === "-" || (char !== undefined && char >= "0" && char <= "9")) {
      number.lastIndex = index;
      const match = number.exec(text);
      if (match) {
        if (match[1] !== undefined || match[2] !== undefined || !Number.isSafeInteger(Number(match[0]))) return false;
        index = number.lastIndex;
        continue;
      }
    }
    index++;
  }
  return true;
}

export default createRule({
  meta: {
    id: "no-lossy-json-parse",
    category: "json",
    severity: "error",
    description:
      "Parsing JSON into doubles: JSON.parse() and the libraries that wrap it (secure-json-parse, bourne, json5, parse-json, destr), a fetch Response's .json(), undici's body.json(), got and ky .json(), axios response data.",
    rationale:
      "JSON numbers are decimal text of any length; JSON.parse turns each into the nearest double, so " +
      "12345678901234567890 becomes 12345678901234567000 and 0.1 + 0.2 of parsed prices is 0.30000000000000004. " +
      "The same document gives different data than its sender meant (IDs collide, sums drift), silently. An error: " +
      "the loss happens for the same input every time. Not flagged: text that JSON.stringify wrote, such as " +
      "JSON.parse(JSON.stringify(x)), a member the same file stores stringified, a file read back by a module " +
      "that writes its files with JSON.stringify, or a fragment completed into a document (`{${members}}`) " +
      "(a double round-trips exactly); a parsed value whose every read compares it with a string or null, or " +
      "tests its presence or type (the type checker decides what the other side holds); a parse the program " +
      "types as a document without numbers (`JSON.parse(text) as Meta`, `const meta: Meta = …`, a declared return " +
      "or parameter type, whose members are strings, booleans and arrays or objects of them); " +
      "package.json and tsconfig.json reads; a literal holding only safe integers; a reviver that takes the " +
      "source text (third parameter); and a parsed value only handed to test assertions (t.assert.deepStrictEqual, " +
      "expect(…).toEqual) whose expected value holds no number longer than a double tells apart. An " +
      "XMLHttpRequest's `response` is reported where the code shows its responseType is \"json\" (a `case \"json\"` of " +
      "a switch on it, or an assignment of \"json\" to it in the file): the browser parsed it. Not run on test " +
      "code (the configuration's tests globs; an override can turn it on): a test that parses what the code under " +
      "test wrote loses nothing the code itself would, and the rule is about lost data, not a flaky result.",
    examples: {
      incorrect: [
        "export async function loadInvoice(url: string) {",
        "  const response = await fetch(url);",
        "  return response.json();",
        "}",
        "",
        "export function readLedger(text: string) {",
        "  return JSON.parse(text);",
        "}",
        "",
      ].join("\n"),
      correct: [
        'import { parse } from "@detkit/runtime/json";',
        "",
        "export async function loadInvoice(url: string) {",
        "  const response = await fetch(url);",
        '  return parse(await response.text(), { numbers: "decimal" });',
        "}",
        "",
        "export function readLedger(text: string) {",
        '  return parse(text, { numbers: "bigint" });',
        "}",
        "",
      ].join("\n"),
    },
    replacement:
      'read the body as text and parse it with parse(text, { numbers: "decimal" | "bigint" }) from @detkit/runtime/json, which keeps every digit (and rejects duplicate keys)',
    requiresTypes: true,
    inTests: "off",
    messages: {
      parse: "JSON.parse() turns every number into a double: long integers and decimals lose digits",
      libraryParse: "{{name}}() turns every number into a double, as JSON.parse does: long integers and decimals lose digits",
      parseValue: "JSON.parse passed as a value turns every number into a double when it is called",
      bodyJson: "{{client}} parses the body with JSON.parse: long integers and decimals lose digits",
      axiosData: "axios has parsed the response data with JSON.parse: long integers and decimals have lost digits",
      xhrJson: "an XMLHttpRequest whose responseType is \"json\" has parsed the response as JSON.parse does: long integers and decimals have lost digits",
    },
  },
  create(context) {
    const { ts } = context;
    let bodyTypesDeclared: Map<string, boolean> | undefined;
    /** Whether `Response`/`Request` in a type annotation is the global one: not declared or imported here. */
    const isGlobalBodyType = (name: string): boolean => {
      bodyTypesDeclared ??= new Map([...BODY_TYPES].map((type) => [type, isDeclaredInFile(ts, context.sourceFile, type)]));
      return bodyTypesDeclared.get(name) === false;
    };

    const clientOfCall = (call: ts.CallExpression, depth: number): Client | undefined => {
      const client = CLIENT_CALLS.get(context.resolveName(call.expression) ?? "");
      if (client === "axios") return axiosParses(call) ? "axios" : undefined;
      if (client) return client;
      // response.clone() and promise.then(...) keep the client's value.
      const callee = call.expression;
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === "clone") return clientOf(callee.expression, depth + 1);
      return undefined;
    };

    /** Whether an axios call parses its response: it does unless the config asks for another type or transform. */
    const axiosParses = (call: ts.CallExpression): boolean =>
      !call.arguments.some(
        (argument) =>
          ts.isObjectLiteralExpression(argument) &&
          argument.properties.some((property) => {
            const name = property.name && ts.isIdentifier(property.name) ? property.name.text : undefined;
            if (name === "transformResponse") return true;
            if (name !== "responseType" || !ts.isPropertyAssignment(property)) return false;
            return !(ts.isStringLiteralLike(property.initializer) && property.initializer.text === "json");
          }),
      );

    /** Which client's response (or, for undici, request result) an expression holds, as far as the file shows. */
    const clientOf = (expression: ts.Expression, depth: number): Client | undefined => {
      if (depth > MAX_DEPTH) return undefined;
      let inner = unwrap(ts, expression);
      if (ts.isAwaitExpression(inner)) inner = unwrap(ts, inner.expression);
      if (ts.isCallExpression(inner)) return clientOfCall(inner, depth);
      if (!ts.isIdentifier(inner)) return undefined;
      const declaration = localDeclarationOf(ts, inner);
      if (!declaration) return undefined;
      if (ts.isVariableDeclaration(declaration)) {
        const list = declaration.parent;
        const isConst = ts.isVariableDeclarationList(list) && (list.flags & ts.NodeFlags.Const) !== 0;
        return isConst && declaration.initializer ? clientOf(declaration.initializer, depth + 1) : undefined;
      }
      if (ts.isParameter(declaration)) return clientOfParameter(declaration, depth);
      return undefined;
    };

    /** `fetch(url).then((response) => …)` and `(response: Response) => …`. */
    const clientOfParameter = (parameter: ts.ParameterDeclaration, depth: number): Client | undefined => {
      const type = parameter.type;
      if (type && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && BODY_TYPES.has(type.typeName.text)) {
        return isGlobalBodyType(type.typeName.text) ? "fetch" : undefined;
      }
      const fn = parameter.parent;
      if (fn.parameters[0] !== parameter) return undefined;
      const call = fn.parent;
      if (!ts.isCallExpression(call) || call.arguments[0] !== fn) return undefined;
      const callee = call.expression;
      if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "then") return undefined;
      return clientOf(callee.expression, depth + 1);
    };

    /** `const { body } = await request(url)`: the element holds undici's body (or axios' data). */
    const clientOfDestructured = (element: ts.BindingElement, property: string): Client | undefined => {
      const key = element.propertyName ?? element.name;
      if (!ts.isIdentifier(key) || key.text !== property) return undefined;
      const pattern = element.parent;
      const declaration = pattern.parent;
      if (!ts.isObjectBindingPattern(pattern) || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
      return clientOf(declaration.initializer, 1);
    };

    /** The client whose body `receiver.json()` parses. */
    const bodyClient = (receiver: ts.Expression): Client | undefined => {
      const inner = unwrap(ts, receiver);
      if (ts.isPropertyAccessExpression(inner) && inner.name.text === "body") {
        return clientOf(inner.expression, 0) === "undici" ? "undici" : undefined;
      }
      if (ts.isIdentifier(inner)) {
        const declaration = localDeclarationOf(ts, inner);
        if (declaration && ts.isBindingElement(declaration)) {
          return clientOfDestructured(declaration, "body") === "undici" ? "undici" : undefined;
        }
      }
      const client = clientOf(inner, 0);
      return client === "fetch" || client === "got" || client === "ky" ? client : undefined;
    };

    // axios is reached through an import or require that names it: without one, no `.data` is its response's.
    const mentionsAxios = context.sourceFile.text.includes("axios");
    const mentionsResponseType = context.sourceFile.text.includes("responseType");

    /** `xhr.responseType` for the receiver `text`. */
    const isResponseTypeOf = (expression: ts.Expression, receiverText: string): boolean => {
      const inner = unwrap(ts, expression);
      return ts.isPropertyAccessExpression(inner) && inner.name.text === "responseType" && inner.expression.getText(context.sourceFile) === receiverText;
    };
    let jsonResponseTypes: Set<string> | undefined;
    /** The receivers this file gives `responseType = "json"`, by their text. */
    const receiversSetToJson = (): Set<string> => {
      if (jsonResponseTypes) return jsonResponseTypes;
      const found = new Set<string>();
      const visit = (node: ts.Node): void => {
        if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left)) {
          const value = unwrap(ts, node.right);
          if (node.left.name.text === "responseType" && ts.isStringLiteralLike(value) && value.text === "json") found.add(node.left.expression.getText(context.sourceFile));
        }
        node.forEachChild(visit);
      };
      visit(context.sourceFile);
      jsonResponseTypes = found;
      return found;
    };
    /**
     * `xhr.response` of an XMLHttpRequest whose responseType the code shows is "json": inside `case "json"` of a
     * switch on `xhr.responseType` (rxjs' getXHRResponse), or with `xhr.responseType = "json"` in the file.
     */
    const isJsonXhrResponse = (access: ts.PropertyAccessExpression): boolean => {
      if (!mentionsResponseType || access.name.text !== "response" || isWriteTarget(ts, access)) return false;
      const receiver = unwrap(ts, access.expression);
      const receiverText = receiver.getText(context.sourceFile);
      let inJsonCase = false;
      for (let node: ts.Node = access.parent; !ts.isSourceFile(node) && !ts.isFunctionLike(node); node = node.parent) {
        if (ts.isCaseClause(node) && ts.isStringLiteralLike(node.expression) && node.expression.text === "json" && isResponseTypeOf(node.parent.parent.expression, receiverText)) {
          inJsonCase = true;
          break;
        }
      }
      if (!inJsonCase && !receiversSetToJson().has(receiverText)) return false;
      const type = context.getTypeChecker().getTypeAtLocation(receiver);
      return (type.getSymbol() ?? type.aliasSymbol)?.getName() === "XMLHttpRequest";
    };

    const values = functionValueVisitors(
      context,
      new Set(["parse"]),
      (name) => (name === "JSON.parse" ? name : undefined),
      (node) => context.report({ node, messageId: "parseValue" }),
    );

    const isStringifyCall = (expression: ts.Expression): boolean =>
      ts.isCallExpression(expression) && context.resolveName(expression.expression) === "JSON.stringify";

    let stringifiedMembers: Set<string> | undefined;
    /**
     * Member names this file stores JSON.stringify output under, or stringifies: `row.headers =
     * JSON.stringify(h)`, `{ vary: JSON.stringify(v) }`, `JSON.stringify(value.vary)`. Parsing such a member
     * back reads the file's own output, whose numbers were doubles already.
     */
    const membersStringifiedHere = (): Set<string> => {
      if (stringifiedMembers) return stringifiedMembers;
      const names = new Set<string>();
      const visit = (node: ts.Node): void => {
        if (ts.isCallExpression(node) && isStringifyCall(node)) {
          const [argument] = node.arguments;
          const stored = argument && accessedName(ts, unwrap(ts, argument));
          if (stored !== undefined) names.add(stored);
          const site = valueSite(ts, node);
          const holder = ts.isConditionalExpression(site.parent) ? valueSite(ts, site.parent).parent : site.parent;
          if (ts.isPropertyAssignment(holder) && ts.isIdentifier(holder.name)) names.add(holder.name.text);
          const writer = ts.isCallExpression(holder) ? calleeName(ts, holder) ?? "" : "";
          if (FILE_WRITES.has(writer) || isFileHelper(writer, WRITE_VERBS)) names.add(WRITTEN_TO_FILE);
          if (ts.isBinaryExpression(holder) && holder.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
            const target = accessedName(ts, unwrap(ts, holder.left));
            if (target !== undefined) names.add(target);
          }
        }
        node.forEachChild(visit);
      };
      visit(context.sourceFile);
      stringifiedMembers = names;
      return names;
    };

    /**
     * Whether a text is JSON.stringify output: the call itself, a const holding it, a member this file stores it
     * in, or a file read back by a module that writes its files with JSON.stringify.
     */
    const isOwnOutput = (text: ts.Expression, depth = 0): boolean => {
      let inner = unwrap(ts, text);
      if (ts.isAwaitExpression(inner)) inner = unwrap(ts, inner.expression);
      if (ts.isIdentifier(inner)) {
        if (depth >= MAX_DEPTH) return false;
        // A `let` given text in several places (`let text = ""; try { text = readFileSync(…) }`): each must be,
        // but for the empty placeholder, which holds nothing to parse.
        const initializer = constInitializer(ts, inner);
        const values = initializer === undefined ? valuesWritten(ts, inner) : [initializer];
        const texts = values?.filter((value) => !isEmptyText(ts, unwrap(ts, value)));
        return texts !== undefined && texts.length > 0 && texts.every((value) => isOwnOutput(value, depth + 1));
      }
      if (isStringifyCall(inner)) return true;
      if (ts.isCallExpression(inner)) {
        const name = calleeName(ts, inner);
        // readFileSync(path).toString()
        if (name === "toString" && ts.isPropertyAccessExpression(inner.expression)) return isOwnOutput(inner.expression.expression);
        return name !== undefined && (FILE_READS.has(name) || isFileHelper(name, READ_VERBS)) && membersStringifiedHere().has(WRITTEN_TO_FILE);
      }
      const member = accessedName(ts, inner);
      return member !== undefined && membersStringifiedHere().has(member);
    };

    /**
     * The promise whose value a `.then` callback's parameter holds: `readFile(pj, "utf8").then((data) =>
     * JSON.parse(data))` gives `readFile(pj, "utf8")` for `data`.
     */
    const promiseSettlingInto = (identifier: ts.Identifier): ts.Expression | undefined => {
      const callback = declaringNodeOf(ts, identifier);
      if (callback === undefined || !(ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))) return undefined;
      const parameter = callback.parameters[0]?.name;
      if (parameter === undefined || !ts.isIdentifier(parameter) || parameter.text !== identifier.text) return undefined;
      const site = valueSite(ts, callback);
      const call = site.parent;
      const access = ts.isCallExpression(call) && call.arguments[0] === site ? call.expression : undefined;
      return access !== undefined && ts.isPropertyAccessExpression(access) && access.name.text === "then" ? access.expression : undefined;
    };

    /**
     * Whether the text is read from a package manifest or compiler configuration (`package.json`,
     * `tsconfig.json`): formats without numeric data. Follows `const` names a few steps back, so that
     * `JSON.parse(await readFile(join(root, "package.json"), "utf8"))` and its spread-out forms are seen.
     */
    const readsManifest = (expression: ts.Node, depth: number): boolean => {
      if (depth > 4) return false;
      if (ts.isStringLiteralLike(expression)) return MANIFEST_FILE.test(expression.text);
      if (ts.isIdentifier(expression)) {
        const initializer = constInitializer(ts, expression);
        if (initializer !== undefined) return readsManifest(initializer, depth + 1);
        const settled = promiseSettlingInto(expression);
        return settled !== undefined && readsManifest(settled, depth + 1);
      }
      if (ts.isPropertyAccessExpression(expression)) return readsManifest(expression.expression, depth);
      let found = false;
      expression.forEachChild((child) => {
        found ||= !ts.isTypeNode(child) && readsManifest(child, depth);
      });
      return found;
    };

    /** Whether a number literal beyond what a double tells apart is written anywhere under `node`. */
    const holdsLongNumber = (node: ts.Node): boolean =>
      (ts.isNumericLiteral(node) && !isDistinctDouble(node.text)) || (node.forEachChild(holdsLongNumber) ?? false);

    /**
     * Whether a value only feeds a test assertion, directly or through member reads (`JSON.parse(payload)`,
     * `body.error.message`): `t.assert.deepStrictEqual(value, { … })`, `expect(value).toEqual(…)`. A test parses
     * what the code under test printed, and compares it with numbers written in the test, which the JavaScript
     * parser turned into the same doubles: unless the expected value holds a number with more digits than a
     * double tells apart, the comparison passes exactly when the text held those numbers.
     */
    const isAssertedValue = (value: ts.Node): boolean => {
      let site = valueSite(ts, value);
      const isReadOf = (node: ts.Node, object: ts.Node): boolean =>
        ts.isAwaitExpression(node) || ((ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) && node.expression === object);
      while (isReadOf(site.parent, site)) site = valueSite(ts, site.parent);
      const expected = expectedValuesOf(ts, site);
      return expected !== undefined && !expected.some(holdsLongNumber);
    };

    /** The reads of the const a parse (or its awaited value) initializes; empty when it initializes none. */
    const readsOfParsed = (parse: ts.Expression): ts.Identifier[] => {
      let site = valueSite(ts, parse);
      if (ts.isAwaitExpression(site.parent)) site = valueSite(ts, site.parent);
      const declaration = site.parent;
      return ts.isVariableDeclaration(declaration) && declaration.initializer === site ? readsOfConst(ts, declaration) : [];
    };

    /** `const body = JSON.parse(payload)` read only by assertions, or the parse handed to one itself. */
    const onlyAsserted = (parse: ts.Expression): boolean => {
      if (isAssertedValue(parse)) return true;
      const reads = readsOfParsed(parse);
      return reads.length > 0 && reads.every(isAssertedValue);
    };

    /**
     * A value compared with a string or null (written, or a value whose type holds no number), tested for
     * truth, or asked its type: no number comes out.
     */
    const isStringOrPresenceTest = (member: ts.Node): boolean => {
      const site = valueSite(ts, member);
      const parent = site.parent;
      if (ts.isTypeOfExpression(parent) || (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken)) return true;
      if (!ts.isBinaryExpression(parent)) return false;
      const operator = parent.operatorToken.kind;
      const equality =
        operator === ts.SyntaxKind.EqualsEqualsEqualsToken ||
        operator === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
        operator === ts.SyntaxKind.EqualsEqualsToken ||
        operator === ts.SyntaxKind.ExclamationEqualsToken;
      if (!equality) return false;
      const other = unwrap(ts, parent.left === site ? parent.right : parent.left);
      if (ts.isStringLiteralLike(other) || other.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(other) && other.text === "undefined")) return true;
      // `header.alg !== algorithm` with `algorithm: string`: a number in the text could only compare unequal.
      return !ts.isNumericLiteral(other) && holdsNoNumber(context, other);
    };

    /** Whether `condition` holds only when `typeof <text> === "string"`: that test, or a `&&` holding it. */
    const assertsString = (condition: ts.Expression, text: string): boolean => {
      const inner = unwrap(ts, condition);
      if (!ts.isBinaryExpression(inner)) return false;
      const operator = inner.operatorToken.kind;
      if (operator === ts.SyntaxKind.AmpersandAmpersandToken) return assertsString(inner.left, text) || assertsString(inner.right, text);
      if (operator !== ts.SyntaxKind.EqualsEqualsEqualsToken && operator !== ts.SyntaxKind.EqualsEqualsToken) return false;
      const [typeOf, literal] = ts.isTypeOfExpression(inner.left) ? [inner.left, inner.right] : [inner.right, inner.left];
      return ts.isTypeOfExpression(typeOf) && ts.isStringLiteralLike(literal) && literal.text === "string" &&
        typeOf.expression.getText(context.sourceFile) === text;
    };

    /**
     * Whether a member read sits where a `typeof … === "string"` test of the same member holds: the checker does
     * not narrow the members of `any`, which is what JSON.parse returns, so the syntax is asked.
     */
    const isNarrowedToString = (member: ts.Expression): boolean => {
      const text = member.getText(context.sourceFile);
      for (let node: ts.Node = member; !ts.isFunctionLike(node.parent) && !ts.isSourceFile(node.parent); node = node.parent) {
        const parent = node.parent;
        if (ts.isIfStatement(parent) && parent.thenStatement === node && assertsString(parent.expression, text)) return true;
        if (ts.isConditionalExpression(parent) && parent.whenTrue === node && assertsString(parent.condition, text)) return true;
        if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && parent.right === node && assertsString(parent.left, text)) return true;
      }
      return false;
    };

    /**
     * `const header = JSON.parse(text)` whose every read compares it or a member with a string or null, reads a
     * member the checker narrowed to a string, or tests presence or type (`header.typ !== "JWT"`, `!header.alg`, `"typ" in header`, `typeof header !== "object"`):
     * whatever numbers the text holds, none is read.
     */
    const readsNoNumber = (parse: ts.Expression): boolean => {
      const reads = readsOfParsed(parse);
      return (
        reads.length > 0 &&
        reads.every((read) => {
          const parent = read.parent;
          if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.InKeyword && parent.right === read) return true;
          if (isStringOrPresenceTest(read)) return true;
          if (!(ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) || parent.expression !== read) return false;
          // `if (typeof parsed.sid === "string") return parsed.sid`, or a member whose declared type is a string.
          return isStringOrPresenceTest(parent) || isNarrowedToString(parent) || holdsNoNumber(context, parent);
        })
      );
    };

    /**
     * `JSON.parse(`{${members}}`)`, `"[" + items + "]"`: a fragment of JSON completed into a document. No
     * sender ships members without their braces; the fragment is what this program serialized itself (pino's
     * `chindings`), and a double written by JSON.stringify reads back exactly.
     */
    const isWrappedFragment = (text: ts.Expression): boolean => {
      const closes: Readonly<Record<string, string>> = { "{": "}", "[": "]" };
      if (ts.isTemplateExpression(text)) {
        const [span] = text.templateSpans;
        return text.templateSpans.length === 1 && span !== undefined && closes[text.head.text] !== undefined && span.literal.text === closes[text.head.text];
      }
      if (!ts.isBinaryExpression(text) || text.operatorToken.kind !== ts.SyntaxKind.PlusToken) return false;
      const left = unwrap(ts, text.left);
      const close = unwrap(ts, text.right);
      if (!ts.isStringLiteralLike(close) || !ts.isBinaryExpression(left) || left.operatorToken.kind !== ts.SyntaxKind.PlusToken) return false;
      const open = unwrap(ts, left.left);
      const middle = unwrap(ts, left.right);
      return ts.isStringLiteralLike(open) && !ts.isStringLiteralLike(middle) && closes[open.text] !== undefined && close.text === closes[open.text];
    };

    /**
     * Whether the program types the parsed document as one that holds no number: `JSON.parse(text) as Meta`, `const
     * meta: Meta = JSON.parse(text)`, a return or argument whose declared type is such a shape (strings, booleans,
     * arrays and objects of them).
     */
    const isTypedWithoutNumbers = (call: ts.CallExpression): boolean => {
      let site: ts.Node = call;
      for (;;) {
        const parent = site.parent;
        if (ts.isAsExpression(parent) || ts.isTypeAssertionExpression(parent) || ts.isSatisfiesExpression(parent)) {
          return documentHoldsNoNumber(context, context.getTypeChecker().getTypeFromTypeNode(parent.type));
        }
        if (!ts.isParenthesizedExpression(parent) && !ts.isAwaitExpression(parent)) break;
        site = parent;
      }
      const declared = context.getTypeChecker().getContextualType(site as ts.Expression);
      return declared !== undefined && documentHoldsNoNumber(context, declared);
    };

    const isLosslessParse = (call: ts.CallExpression): boolean => {
      const [text, reviver] = call.arguments;
      if (text === undefined) return true;
      const inner = unwrap(ts, text);
      if (isOwnOutput(inner) || readsManifest(inner, 0)) return true;
      if (ts.isStringLiteralLike(inner) && hasOnlyExactNumbers(inner.text)) return true;
      // `JSON.parse(`"${escaped}"`)` decodes one JSON string literal: the result is a string, never a number.
      if (ts.isTemplateExpression(inner) && inner.head.text.startsWith('"')) return true;
      const built = ts.isIdentifier(inner) ? constInitializer(ts, inner) : inner;
      if (built && isWrappedFragment(unwrap(ts, built))) return true;
      // A reviver's third parameter is the source text of each value: it can keep every digit.
      const fn = reviver && context.functionOf(reviver);
      return fn !== undefined && fn.parameters.length >= 3;
    };

    return {
      CallExpression(node) {
        const callee = node.expression;
        const name = context.resolveName(callee);
        if (name === "JSON.parse" || (name !== undefined && LIBRARY_PARSES.has(name))) {
          if (isLosslessParse(node) || onlyAsserted(node) || readsNoNumber(node) || isTypedWithoutNumbers(node)) return;
          if (name === "JSON.parse") context.report({ node, messageId: "parse" });
          else context.report({ node, messageId: "libraryParse", data: { name: name.endsWith("#") ? name.slice(0, -1) : name.replace("#", ".") } });
          return;
        }
        const isJsonMethod = (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) && accessedName(ts, callee) === "json";
        if (isJsonMethod && node.arguments.length === 0) {
          const client = bodyClient(callee.expression);
          if (client && !onlyAsserted(node) && !readsNoNumber(node) && !isTypedWithoutNumbers(node)) context.report({ node, messageId: "bodyJson", data: { client: CLIENT_PARSE[client] } });
        }
      },
      PropertyAccessExpression(node) {
        if (node.name.text === "data" && mentionsAxios && clientOf(node.expression, 0) === "axios") context.report({ node, messageId: "axiosData" });
        else if (isJsonXhrResponse(node)) context.report({ node, messageId: "xhrJson" });
        values.PropertyAccessExpression(node);
      },
      BindingElement(node) {
        if (mentionsAxios && clientOfDestructured(node, "data") === "axios") context.report({ node, messageId: "axiosData" });
      },
      ElementAccessExpression: values.ElementAccessExpression,
      Identifier: values.Identifier,
    };
  },
});
