import type { ts } from "@ts-morph/common";
import { createRule } from "./util/create-rule.js";
import { accessedName, enclosingFunction, isConditionOf, isWriteTarget, ownNodes, returnedExpression, unwrap, valueSite } from "./util/expressions.js";
import { constInitializer, readsOfConst } from "./util/local-bindings.js";
import { referencesTo } from "./util/local-variables.js";
import { onlyPicksCode, SWITCHES_ONLY_IN_ZONES } from "./util/machine-switch.js";
import { argumentsFor } from "./util/visible-calls.js";

/** The call-site methods that give the frame's file: where the code is, as `import.meta.url` says. */
const FILE_OF_FRAME = new Set(["getFileName", "getScriptNameOrSourceURL"]);

/** util.getCallSites() (Node ≥ 22.9; getCallSite before 22.12) by resolved name: the frames as objects. */
const CALL_SITES = new Set(["util#getCallSites", "util#getCallSite"]);

export default createRule({
  meta: {
    id: "no-stack-trace-data",
    category: "environment",
    severity: "warning",
    description:
      "A stack trace used as data: new Error().stack read to find the caller, build an ID or a key, Error.prepareStackTrace replaced to read call sites, or util.getCallSites().",
    rationale:
      "A stack trace holds absolute file paths, line and column numbers and function names: it differs between " +
      "machines (install paths), builds (bundling, minification, source maps), Node versions (frame format) and " +
      "call paths. A value derived from it (a caller's file name, a cache key, a generated name) changes with " +
      "them, and Error.stackTraceLimit or another library's Error.prepareStackTrace can change it at run time. The " +
      "stack of an error that was thrown, read for a log or a report, is not flagged, nor is a fresh stack passed " +
      "straight to console. A fresh error is followed through a `const` and through an options object that every " +
      "call of a module function or private method fills with one (`apply({ errorCall })`, then " +
      "`options.errorCall.stack`). A function that installs Error.prepareStackTrace and reads a fresh stack is reported " +
      "once, where it installs it; not at all when that function reads nothing but the frames' file names " +
      "(getFileName()) from the call sites it passes through: the caller's file is the code's location, as " +
      "import.meta.url is, and resolving a module relative to it gives the same module everywhere. " +
      "util.getCallSites() (Node ≥ 22.9) is the same data and is reported unless only its frames' scriptName is " +
      "read." + SWITCHES_ONLY_IN_ZONES,
    examples: {
      incorrect: [
        "export function callerFile() {",
        '  const line = new Error().stack?.split("\\n")[2] ?? "";',
        "  return line.slice(line.indexOf(\"(\") + 1, line.lastIndexOf(\":\"));",
        "}",
        "",
      ].join("\n"),
      correct: [
        "export function loadFixture(moduleUrl: string, name: string) {",
        "  return new URL(`./fixtures/${name}`, moduleUrl);",
        "}",
        "",
        "// called as loadFixture(import.meta.url, \"orders.json\")",
        "",
      ].join("\n"),
    },
    replacement:
      "pass what the stack was read for explicitly (import.meta.url, a name, a label) instead of deriving it from a stack trace; record/replay such inputs in tests with @detkit/runtime/testing",
    requiresTypes: false,
    onlyInZones: ["switch"],
    messages: {
      switch: "{{what}} is tested to pick which code runs: another build or engine takes another branch",
      freshStack: "{{what}} is a stack trace used as data: its paths, line numbers and frames differ between machines, builds and versions",
      prepareStackTrace: "Error.prepareStackTrace turns call sites into data: paths, line numbers and frames differ between machines, builds and versions",
      callSites: "{{what}} returns the call stack as data: its paths, line numbers and frames differ between machines, builds and versions",
    },
  },
  create(context) {
    const { ts } = context;

    /** `new Error(…)`, `Error(…)`, `new TypeError(…)`: a global error constructor, called on the spot. */
    const isFreshError = (expression: ts.Expression): boolean => {
      const inner = unwrap(ts, expression);
      if (!ts.isNewExpression(inner) && !ts.isCallExpression(inner)) return false;
      const name = context.resolveName(inner.expression);
      return name !== undefined && /^(?:[A-Z]\w*)?Error$/.test(name);
    };

    /**
     * The error itself, a `const` initialised with it (`const probe = new Error(); probe.stack`), or a member of
     * a parameter that every call of its function (all visible here) fills with one: `run({ errorCall })` then
     * `options.errorCall.stack` (effect's Effect.fn).
     */
    const holdsFreshError = (expression: ts.Expression, followCalls = true): boolean => {
      const inner = unwrap(ts, expression);
      if (followCalls && ts.isPropertyAccessExpression(inner)) return isFilledWithFreshError(inner);
      if (!ts.isIdentifier(inner)) return isFreshError(inner);
      const initializer = constInitializer(ts, inner);
      return initializer !== undefined && isFreshError(initializer);
    };

    const isFilledWithFreshError = (access: ts.PropertyAccessExpression): boolean => {
      const holder = unwrap(ts, access.expression);
      const passed = ts.isIdentifier(holder) ? argumentsFor(ts, holder) : undefined;
      return (
        passed !== undefined &&
        passed.every(({ argument }) => {
          if (!ts.isObjectLiteralExpression(argument) || argument.properties.some((property) => ts.isSpreadAssignment(property))) return false;
          const member = argument.properties.find((property) => isNamed(property.name, access.name.text));
          if (member !== undefined && ts.isShorthandPropertyAssignment(member)) return holdsFreshError(member.name, false);
          return member !== undefined && ts.isPropertyAssignment(member) && holdsFreshError(member.initializer, false);
        })
      );
    };

    const isNamed = (name: ts.Node | undefined, text: string): boolean =>
      name !== undefined && (ts.isIdentifier(name) || ts.isStringLiteralLike(name)) && name.text === text;

    /** Whether a function is the getter of a `stack` property: `get stack()`, or `get()` in defineProperty(o, "stack", …). */
    const isStackGetter = (fn: ts.SignatureDeclaration | undefined): boolean => {
      if (fn === undefined) return false;
      if (isNamed(fn.name, "stack")) return true;
      // A method `get() {}`, or a property `get: () => …`, of the descriptor object.
      const member = ts.isMethodDeclaration(fn) ? fn : valueSite(ts, fn).parent;
      if (!(ts.isMethodDeclaration(member) || ts.isPropertyAssignment(member)) || !isNamed(member.name, "get")) return false;
      const descriptor = valueSite(ts, member.parent);
      const call = descriptor.parent;
      return (
        ts.isCallExpression(call) &&
        call.arguments[2] === descriptor &&
        isNamed(call.arguments[1], "stack") &&
        context.resolveName(call.expression) === "Object.defineProperty"
      );
    };

    /**
     * Whether the stack at `site` is kept as a stack trace rather than used as data: written to a `stack`
     * property, returned by a `stack` getter, logged with console, or only tested for existence.
     */
    const isKeptAsStack = (read: ts.Node): boolean => {
      const site = valueSite(ts, read);
      const parent = site.parent;
      if (isWriteTarget(ts, site)) return true;
      if (ts.isBinaryExpression(parent)) {
        const operator = parent.operatorToken.kind;
        if (operator === ts.SyntaxKind.EqualsToken) return parent.right === site && accessedName(ts, unwrap(ts, parent.left)) === "stack";
        const other = parent.left === site ? parent.right : parent.left;
        const nullish = other.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(other) && other.text === "undefined");
        return nullish || operator === ts.SyntaxKind.AmpersandAmpersandToken || operator === ts.SyntaxKind.BarBarToken;
      }
      if (ts.isPropertyAssignment(parent)) return isNamed(parent.name, "stack");
      if (isConditionOf(ts, site) || ts.isPrefixUnaryExpression(parent)) return true;
      if (ts.isReturnStatement(parent) || (ts.isArrowFunction(parent) && parent.body === site)) return isStackGetter(enclosingFunction(ts, site));
      if (ts.isCallExpression(parent) && parent.expression !== site) return context.resolveName(parent.expression)?.startsWith("console.") === true;
      return false;
    };

    /** Whether the stack of `error` (a const) is written back in the same function: frames trimmed for display. */
    const isReshaped = (error: ts.Expression, fn: ts.Node | undefined): boolean => {
      const inner = unwrap(ts, error);
      if (!ts.isIdentifier(inner) || fn === undefined) return false;
      let found = false;
      const visit = (node: ts.Node): void => {
        if (found) return;
        if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
          const target = unwrap(ts, node.left);
          if (ts.isPropertyAccessExpression(target) && target.name.text === "stack" && ts.isIdentifier(target.expression) && target.expression.text === inner.text) {
            found = true;
            return;
          }
        }
        node.forEachChild(visit);
      };
      visit(fn);
      return found;
    };

    /** Whether a fresh stack read is used as data: directly, or through a `const` that holds it. */
    const isUsedAsData = (access: ts.PropertyAccessExpression): boolean => {
      if (isKeptAsStack(access)) return false;
      if (isReshaped(access.expression, enclosingFunction(ts, access) ?? context.sourceFile)) return false;
      const parent = valueSite(ts, access).parent;
      if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) {
        const reads = readsOfConst(ts, parent);
        return reads.some((read) => !isKeptAsStack(read));
      }
      return true;
    };

    /**
     * Where a stack read's value goes on: the read, or the call a callback returning it was passed to, whose
     * result is the callback's (`run(() => new Error().stack)?.includes("run")`, effect's probe of whether a
     * build keeps function names).
     */
    const carrierOf = (access: ts.PropertyAccessExpression): ts.Node => {
      const site = valueSite(ts, access);
      const callback = site.parent;
      if (!ts.isArrowFunction(callback) || callback.body !== site) return access;
      const call = valueSite(ts, callback).parent;
      return ts.isCallExpression(call) && call.arguments.some((argument) => argument === valueSite(ts, callback)) ? call : access;
    };

    /** `Error.prepareStackTrace = fn`: a function installed to turn stacks into call sites. */
    const installedPrepareStackTrace = (node: ts.PropertyAccessExpression): ts.BinaryExpression | undefined => {
      if (node.name.text !== "prepareStackTrace" || context.resolveName(node) !== "Error.prepareStackTrace") return undefined;
      const site = valueSite(ts, node);
      const parent = site.parent;
      // Restoring a saved value installs nothing.
      const installs =
        ts.isBinaryExpression(parent) &&
        parent.left === site &&
        parent.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        context.functionOf(parent.right) !== undefined;
      return installs ? parent : undefined;
    };

    const isInstallation = (node: ts.Node): node is ts.PropertyAccessExpression =>
      ts.isPropertyAccessExpression(node) && installedPrepareStackTrace(node) !== undefined;

    const isFreshStack = (node: ts.Node): node is ts.PropertyAccessExpression =>
      ts.isPropertyAccessExpression(node) && node.name.text === "stack" && holdsFreshError(node.expression);

    /**
     * Whether `fn` installs Error.prepareStackTrace itself: the stacks it then reads are the call sites that
     * finding is about (pino's getCallers), one hazard reported once.
     */
    const installsPrepareStackTrace = (fn: ts.Node): boolean => ownNodes(ts, fn, isInstallation).length > 0;

    /** `(_, callSites) => callSites`: Error.prepareStackTrace made to hand the structured call sites over. */
    const passesCallSitesThrough = (installed: ts.Expression): boolean => {
      const fn = context.functionOf(installed);
      const second = fn?.parameters[1]?.name;
      const returned = fn && returnedExpression(ts, fn);
      const passed = returned && unwrap(ts, returned);
      return second !== undefined && ts.isIdentifier(second) && passed !== undefined && ts.isIdentifier(passed) && passed.text === second.text;
    };

    /** Whether `access` asks a call site for its file: `frame.getFileName()`, or util.getCallSites()' `scriptName`. */
    const asksForFile = (access: ts.Node): boolean => {
      if (!ts.isPropertyAccessExpression(access)) return false;
      if (access.name.text === "scriptName") return !(ts.isCallExpression(access.parent) && access.parent.expression === access);
      return FILE_OF_FRAME.has(access.name.text) && ts.isCallExpression(access.parent) && access.parent.expression === access;
    };

    /** `x ?? ""`, `x || "unknown"`: a literal fallback. */
    const isFallback = (binary: ts.BinaryExpression): boolean =>
      (binary.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || binary.operatorToken.kind === ts.SyntaxKind.BarBarToken) &&
      (ts.isStringLiteralLike(binary.right) || binary.right.kind === ts.SyntaxKind.NullKeyword);

    /** Whether a call site at `site` is only tested or asked for its file. */
    const readsFileOfFrame = (site: ts.Node): boolean => {
      const parent = site.parent;
      if (isConditionOf(ts, site) || (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken)) return true;
      return asksForFile(parent);
    };

    /**
     * Whether a list of call sites at `node` is used only for the frames' files: tested, sliced, iterated or
     * mapped to getFileName(), through the consts that hold it.
     */
    const listReadsOnlyFiles = (node: ts.Node, depth: number): boolean => {
      if (depth > 6) return false;
      const site = valueSite(ts, node);
      const parent = site.parent;
      if (isConditionOf(ts, site) || (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken)) return true;
      if (ts.isCallExpression(parent) && parent.expression !== site) return context.resolveName(parent.expression) === "Array.isArray";
      if (ts.isVariableDeclaration(parent) && parent.initializer === site && ts.isIdentifier(parent.name)) {
        const name = parent.name;
        return referencesTo(ts, name).every((reference) => reference === name || (!isWriteTarget(ts, reference) && listReadsOnlyFiles(reference, depth + 1)));
      }
      if (ts.isForOfStatement(parent) && parent.expression === site) {
        const [entry] = ts.isVariableDeclarationList(parent.initializer) ? parent.initializer.declarations : [];
        if (entry === undefined || !ts.isIdentifier(entry.name)) return false;
        const name = entry.name;
        return referencesTo(ts, name).every((reference) => reference === name || readsFileOfFrame(valueSite(ts, reference)));
      }
      // `.length` would be the stack's depth: data too.
      if (!ts.isPropertyAccessExpression(parent)) return false;
      const call = parent.parent;
      if (!ts.isCallExpression(call) || call.expression !== parent) return false;
      if (parent.name.text === "slice") return listReadsOnlyFiles(call, depth + 1);
      if (parent.name.text !== "map") return false;
      const mapper = call.arguments[0] && unwrap(ts, call.arguments[0]);
      const frame = mapper && (ts.isArrowFunction(mapper) || ts.isFunctionExpression(mapper)) ? mapper.parameters[0]?.name : undefined;
      const mapped = mapper && (ts.isArrowFunction(mapper) || ts.isFunctionExpression(mapper)) ? returnedExpression(ts, mapper) : undefined;
      if (frame === undefined || mapped === undefined) return false;
      let inner = unwrap(ts, mapped);
      // `site.getFileName() ?? ""`: a fallback written in the code adds nothing of the stack.
      while (ts.isBinaryExpression(inner) && isFallback(inner)) inner = unwrap(ts, inner.left);
      // `({ scriptName }) => scriptName`
      if (ts.isObjectBindingPattern(frame)) {
        const [element] = frame.elements;
        const bound = element?.propertyName ?? element?.name;
        return (
          frame.elements.length === 1 &&
          bound !== undefined &&
          ts.isIdentifier(bound) &&
          bound.text === "scriptName" &&
          element !== undefined &&
          ts.isIdentifier(element.name) &&
          ts.isIdentifier(inner) &&
          inner.text === element.name.text
        );
      }
      const access = ts.isCallExpression(inner) ? inner.expression : inner;
      return asksForFile(access) && ts.isPropertyAccessExpression(access) && ts.isIdentifier(access.expression) && access.expression.text === frame.getText();
    };

    /** Whether installing a pass-through prepareStackTrace serves only to read the frames' files (pino's getCallers). */
    const readsOnlyFilesOfFrames = (installation: ts.BinaryExpression): boolean => {
      if (!passesCallSitesThrough(installation.right)) return false;
      const stacks = ownNodes(ts, enclosingFunction(ts, installation) ?? context.sourceFile, isFreshStack);
      return stacks.length > 0 && stacks.every((stack) => listReadsOnlyFiles(stack, 0));
    };

    return {
      CallExpression(node) {
        const name = context.resolveName(node.expression);
        if (name === undefined || !CALL_SITES.has(name) || listReadsOnlyFiles(node, 0)) return;
        const messageId = onlyPicksCode(ts, node) ? "switch" : "callSites";
        context.report({ node, messageId, data: { what: `${node.expression.getText(context.sourceFile)}()` } });
      },
      PropertyAccessExpression(node) {
        if (node.name.text === "stack") {
          const fn = enclosingFunction(ts, node);
          if (holdsFreshError(node.expression) && isUsedAsData(node) && !(fn !== undefined && installsPrepareStackTrace(fn))) {
            const messageId = onlyPicksCode(ts, carrierOf(node)) ? "switch" : "freshStack";
            context.report({ node, messageId, data: { what: node.getText(context.sourceFile) } });
          }
          return;
        }
        const installation = installedPrepareStackTrace(node);
        if (installation !== undefined && !readsOnlyFilesOfFrames(installation)) context.report({ node: installation, messageId: "prepareStackTrace" });
      },
    };
  },
});
