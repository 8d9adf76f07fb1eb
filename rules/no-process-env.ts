import type { ts } from "@ts-morph/common";
import { createRule } from "./util/create-rule.js";
import { isConditionOf, isValueRead, isWriteTarget, unwrap, valueSite } from "./util/expressions.js";
import { localDeclarationOf } from "./util/local-bindings.js";
import { referencesTo } from "./util/local-variables.js";
import { MACHINE_VALUES_IN_TESTS } from "./util/in-tests.js";
import { onlyPicksCode, SWITCHES_ONLY_IN_ZONES } from "./util/machine-switch.js";

const ENV = "process.env";
const ENV_PREFIX = `${ENV}.`;

export default createRule({
  meta: {
    id: "no-process-env",
    category: "environment",
    severity: "warning",
    description:
      "Reading environment variables: process.env.NAME, process.env[name], const { NAME } = process.env, and process.env passed around whole.",
    rationale:
      "An environment variable is input that no call site shows: the same function gives different results on a " +
      "laptop, in CI and in production, and a test passes or fails with the shell it was started from. " +
      "process.env.NODE_ENV is the most common case: code that branches on it behaves differently in the " +
      "environment that was tested than in the one that runs. Read the environment once, where the program " +
      "starts, validate it into a configuration object and pass that in. Writes (process.env.X = …, delete) and " +
      "handing the environment to a child process ({ env: process.env }, a copy with changes, or a copy kept " +
      "in a const or field that is only handed on so) are not reads and not flagged. A " +
      "warning: where the entry point reads its configuration, suppress the finding with a reason." + SWITCHES_ONLY_IN_ZONES + MACHINE_VALUES_IN_TESTS,
    examples: {
      incorrect: [
        "export function pageSize() {",
        '  return Number(process.env.PAGE_SIZE ?? "50");',
        "}",
        "",
        "export function banner() {",
        '  return process.env.NODE_ENV === "production" ? "" : "[dev]";',
        "}",
        "",
      ].join("\n"),
      correct: [
        "export interface Config {",
        "  readonly pageSize: number;",
        '  readonly mode: "production" | "development";',
        "}",
        "",
        "export function pageSize(config: Config) {",
        "  return config.pageSize;",
        "}",
        "",
        "export function banner(config: Config) {",
        '  return config.mode === "production" ? "" : "[dev]";',
        "}",
        "",
      ].join("\n"),
    },
    replacement:
      "read the environment once at the entry point into a validated configuration object and inject it; in tests, pass the configuration explicitly, and record/replay what a run read with @detkit/runtime/testing",
    requiresTypes: false,
    inTests: "off",
    onlyInZones: ["switch"],
    messages: {
      readsEnv: "{{name}} reads the process environment: the result depends on where the process was started",
      nodeEnv: "{{name}} is ambient configuration: code that branches on it behaves differently where it was not tested; inject the mode as configuration",
      switch: "{{name}} decides which code runs: a process started elsewhere takes another branch",
      wholeEnv: "{{name}} exposes the whole process environment: what is read from it depends on where the process was started",
    },
  },
  create(context) {
    const { ts } = context;

    const reportMember = (node: ts.Node, member: string) => {
      const name = /^[A-Za-z_$][\w$]*$/.test(member) ? `${ENV}.${member}` : `${ENV}[${JSON.stringify(member)}]`;
      const messageId = onlyPicksCode(ts, node) ? "switch" : member === "NODE_ENV" ? "nodeEnv" : "readsEnv";
      context.report({ node, messageId, data: { name } });
    };

    /**
     * Whether the environment at `site` is handed to a child process: `{ env: process.env }`, `{ env: { ...process.env,
     * X: "1" } }`, `{ env: Object.assign({}, process.env, extra) }`, or a copy kept in a const or a `this` field whose
     * every read is handed on so (lerna's `this.env = Object.assign({}, process.env)`).
     */
    const isForwarded = (site: ts.Node, depth = 0): boolean => {
      if (depth > 4) return false;
      let value = valueSite(ts, site);
      for (;;) {
        const holder = value.parent;
        if (ts.isSpreadAssignment(holder)) {
          value = valueSite(ts, holder.parent);
          continue;
        }
        if (ts.isCallExpression(holder) && holder.arguments.indexOf(value as ts.Expression) > 0 && context.resolveName(holder.expression) === "Object.assign") {
          value = valueSite(ts, holder);
          continue;
        }
        break;
      }
      const holder = value.parent;
      if (ts.isPropertyAssignment(holder)) return ts.isIdentifier(holder.name) && holder.name.text === "env";
      // `spawn(cmd, args, { env })`: a copy named env, handed on in shorthand.
      if (ts.isShorthandPropertyAssignment(holder)) return holder.name.text === "env";
      // A class field initialised with a copy: `env = { ...process.env }`.
      if (ts.isPropertyDeclaration(holder) && holder.initializer === value && ts.isIdentifier(holder.name)) {
        const reads = fieldReads(holder.parent, holder.name.text);
        return reads.length > 0 && reads.every((read) => isForwarded(read, depth + 1));
      }
      if (ts.isVariableDeclaration(holder) && holder.initializer === value && ts.isIdentifier(holder.name)) {
        const name = holder.name;
        const reads = referencesTo(ts, name).filter((reference) => reference !== name);
        return reads.length > 0 && reads.every((read) => !isWriteTarget(ts, read) && isForwarded(read, depth + 1));
      }
      if (ts.isBinaryExpression(holder) && holder.right === value && holder.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        const field = unwrap(ts, holder.left);
        if (!ts.isPropertyAccessExpression(field) || field.expression.kind !== ts.SyntaxKind.ThisKeyword) return false;
        let owner: ts.Node | undefined = field.parent;
        while (owner !== undefined && !ts.isClassLike(owner)) owner = owner.parent;
        const reads = owner === undefined ? [] : fieldReads(owner, field.name.text);
        return reads.length > 0 && reads.every((read) => isForwarded(read, depth + 1));
      }
      return false;
    };

    /** The reads of `this.<name>` in a class (a field other modules also read is not seen: rare for a copy of the environment). */
    const fieldReads = (owner: ts.Node, name: string): ts.PropertyAccessExpression[] => {
      const reads: ts.PropertyAccessExpression[] = [];
      const visit = (node: ts.Node): void => {
        if (ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword && node.name.text === name && !isWriteTarget(ts, node)) {
          reads.push(node);
        }
        node.forEachChild(visit);
      };
      visit(owner);
      return reads;
    };

    /** Whether `process.env` at `site` is only written to: `Object.assign(process.env, …)`, `process.env = …`. */
    const isWrittenWhole = (site: ts.Node): boolean => {
      const parent = site.parent;
      if (ts.isCallExpression(parent) && parent.arguments[0] === site) return context.resolveName(parent.expression) === "Object.assign";
      return isWriteTarget(ts, site);
    };

    const isExistenceCheck = (site: ts.Node): boolean => {
      const parent = site.parent;
      if (ts.isTypeOfExpression(parent) || isConditionOf(ts, site)) return true;
      if (ts.isPrefixUnaryExpression(parent)) return parent.operator === ts.SyntaxKind.ExclamationToken;
      return ts.isBinaryExpression(parent) && parent.left === site && parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken;
    };

    /** `process.env` itself: classify what is done with it. */
    const checkEnvObject = (node: ts.Expression) => {
      const site = valueSite(ts, node);
      const parent = site.parent;
      if (ts.isPropertyAccessExpression(parent) && parent.expression === site) {
        if (!isWriteTarget(ts, parent)) reportMember(parent, parent.name.text);
        return;
      }
      if (ts.isElementAccessExpression(parent) && parent.expression === site) {
        if (isWriteTarget(ts, parent)) return;
        const key = parent.argumentExpression;
        if (ts.isStringLiteralLike(key)) reportMember(parent, key.text);
        else context.report({ node: parent, messageId: onlyPicksCode(ts, parent) ? "switch" : "readsEnv", data: { name: `${ENV}[${key.getText(context.sourceFile)}]` } });
        return;
      }
      // typeof process.env, `process.env && …`, `if (process.env)`: checks that there is an environment.
      if (isExistenceCheck(site)) return;
      // const { A, B } = process.env: each element is reported by the BindingElement visitor.
      if (ts.isVariableDeclaration(parent) && ts.isObjectBindingPattern(parent.name)) return;
      if (isForwarded(site) || isWrittenWhole(site)) return;
      context.report({ node: site, messageId: "wholeEnv", data: { name: ENV } });
    };

    return {
      PropertyAccessExpression(node) {
        if (node.name.text === "env" && context.resolveName(node) === ENV) checkEnvObject(node);
      },
      ElementAccessExpression(node) {
        const key = node.argumentExpression;
        if (ts.isStringLiteralLike(key) && key.text === "env" && context.resolveName(node) === ENV) checkEnvObject(node);
      },
      Identifier(node) {
        // `import { env } from "node:process"; env.PORT`: the imported name stands for process.env. A variable
        // holding it (`const env = process.env`, `const { env } = process`) is reported where it is declared.
        if (node.text !== "env" || !isValueRead(ts, node) || context.resolveName(node) !== ENV) return;
        if (localDeclarationOf(ts, node) === undefined) checkEnvObject(node);
      },
      BindingElement(node) {
        const name = context.resolveName(node);
        if (name === ENV) context.report({ node, messageId: "wholeEnv", data: { name: ENV } });
        else if (name?.startsWith(ENV_PREFIX)) reportMember(node, name.slice(ENV_PREFIX.length));
      },
    };
  },
});
