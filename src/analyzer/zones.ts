import { ts } from "@ts-morph/common";
import { compareStrings } from "@detkit/runtime/collections";
import { fingerprint } from "../report/fingerprint.js";
import type { Finding } from "../report/types.js";
import type { ZoneSettings } from "./zone-settings.js";

/** A call the walk could not follow, for `--explain`. */
export interface UnfollowedCall {
  /** The entry point whose walk met it, as a trace step. */
  readonly entry: string;
  /** `file:line text` of the call. */
  readonly call: string;
  readonly reason: string;
}

export interface ZoneOutcome {
  /** Every file's findings after zones: errors inside zones, one traced copy per entry for hazards reached from one. */
  readonly findings: ReadonlyMap<string, readonly Finding[]>;
  /** The entry points found, as trace steps (`src/workflow.ts:3 run()`), in a defined order. */
  readonly entries: readonly string[];
  readonly unfollowed: readonly UnfollowedCall[];
}

/** Methods that call the function passed to them: `items.map(format)` calls `format`. */
const HIGHER_ORDER_METHODS: ReadonlySet<string> = new Set([
  "map",
  "flatMap",
  "forEach",
  "filter",
  "reduce",
  "reduceRight",
  "some",
  "every",
  "find",
  "findIndex",
  "findLast",
  "findLastIndex",
  "sort",
  "toSorted",
  "then",
  "catch",
  "finally",
  "from",
]);

const DETERMINISTIC_TAG = "deterministic";

/** A function the walk can enter: a declaration, method, accessor, constructor, or a function bound to a name. */
interface Unit {
  readonly node: ts.SignatureDeclaration;
  readonly file: string;
  readonly name: string;
}

interface Call {
  readonly target: Unit;
  /** Line (1-based) of the call inside the caller. */
  readonly line: number;
}

interface Summary {
  /** Indexes, in the file's findings, of the findings inside this function and not inside a nested one. */
  readonly hazards: readonly number[];
  readonly calls: readonly Call[];
  readonly unfollowed: readonly { readonly call: string; readonly reason: string }[];
}

/**
 * Follows calls from every entry point (functions marked `@deterministic`, and the exported functions of files
 * a `zones` glob matches) into the project's own functions, with the type checker's answer for what each call
 * calls, and re-files the findings: every finding inside a zone is an error; a hazard in a function reached from
 * an entry becomes one error per entry, with the shortest call chain as its `trace`; elsewhere `outsideZones`
 * decides. Each function is summarised once; walks share the summaries, and cycles end where a function was
 * already reached.
 */
export function applyZones(options: {
  readonly sourceFiles: ReadonlyMap<string, ts.SourceFile>;
  readonly findings: ReadonlyMap<string, readonly Finding[]>;
  /** Asked only once there is an entry point to walk from: a run whose text merely mentions the tag pays nothing. */
  readonly checker: () => ts.TypeChecker;
  readonly settings: ZoneSettings;
  readonly display: (absolute: string) => string;
}): ZoneOutcome {
  const { sourceFiles, settings, display } = options;
  const units = new Map<ts.Node, Unit>();
  const unitsByFile = new Map<string, Unit[]>();
  const summaries = new Map<Unit, Summary>();
  const findingUnits = new Map<string, (Unit | undefined)[]>();

  const unitsOf = (file: string): Unit[] => {
    let known = unitsByFile.get(file);
    if (!known) {
      known = [];
      const sourceFile = sourceFiles.get(file);
      if (sourceFile) collectUnits(sourceFile, file, known);
      for (const unit of known) units.set(unit.node, unit);
      unitsByFile.set(file, known);
    }
    return known;
  };
  const unitOf = (node: ts.Node): Unit | undefined => {
    const sourceFile = node.getSourceFile();
    if (!sourceFiles.has(sourceFile.fileName)) return undefined;
    unitsOf(sourceFile.fileName);
    return units.get(node);
  };
  /** The innermost unit around each finding of a file, by position. */
  const unitsOfFindings = (file: string): (Unit | undefined)[] => {
    let known = findingUnits.get(file);
    if (!known) {
      const sourceFile = sourceFiles.get(file);
      const fileUnits = unitsOf(file);
      known = (options.findings.get(file) ?? []).map((finding) => {
        if (!sourceFile) return undefined;
        const position = positionOf(sourceFile, finding);
        let innermost: Unit | undefined;
        for (const unit of fileUnits) {
          if (unit.node.getStart(sourceFile) <= position && position < unit.node.getEnd()) {
            if (!innermost || unit.node.getStart(sourceFile) >= innermost.node.getStart(sourceFile)) innermost = unit;
          }
        }
        return innermost;
      });
      findingUnits.set(file, known);
    }
    return known;
  };
  const lineOf = (node: ts.Node) => {
    const sourceFile = node.getSourceFile();
    return sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
  };
  const callText = (node: ts.Node) => {
    const text = node.getText().replace(/\s+/g, " ");
    return text.length <= 60 ? text : `${text.slice(0, 59)}…`;
  };

  /**
   * The function an expression names, through what binds it: an alias (`export const map = internal.map`), a
   * re-export, or a module-level wrapper call around a function literal (`export const map = dual(2, (self, f)
   * => …)`, `const load = memoize(async (id) => …)`).
   */
  const unitBehind = (expression: ts.Expression, depth = 0): Unit | { reason: string } | undefined => {
    if (depth > 8) return undefined;
    const named = ts.isPropertyAccessExpression(expression) ? expression.name : expression;
    const checker = options.checker();
    let symbol = ts.isPropertyAccessExpression(expression) ? namespaceMember(checker, expression) : undefined;
    symbol ??= checker.getSymbolAtLocation(named);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    const declarations = symbol?.declarations ?? [];
    if (declarations.length === 0) {
      return ts.isIdentifier(named) || ts.isPrivateIdentifier(named) ? { reason: "the type checker cannot tell which function this calls" } : undefined;
    }
    // Packages, lib files and files outside the run are not the project's code to follow.
    if (!declarations.some((declaration) => sourceFiles.has(declaration.getSourceFile().fileName))) return undefined;
    for (const declaration of declarations) {
      // An overloaded function: the declaration with the body is the one that runs.
      const direct = unitOf(declaration);
      if (direct) return direct;
      if (ts.isClassDeclaration(declaration) || ts.isClassExpression(declaration)) {
        const constructor = declaration.members.find((member) => ts.isConstructorDeclaration(member) && member.body !== undefined);
        return constructor ? unitOf(constructor) : undefined;
      }
    }
    const [declaration] = declarations;
    const initializer =
      declaration && (ts.isVariableDeclaration(declaration) || ts.isPropertyAssignment(declaration) || ts.isPropertyDeclaration(declaration))
        ? declaration.initializer && skipOuterExpressions(declaration.initializer)
        : undefined;
    if (!initializer) {
      return declaration && (ts.isMethodSignature(declaration) || ts.isPropertySignature(declaration) || ts.isParameter(declaration) || ts.isVariableDeclaration(declaration))
        ? { reason: "a call through an interface, a parameter or a declared type: no function body to follow" }
        : undefined;
    }
    const bound = unitOf(initializer);
    if (bound) return bound;
    if (ts.isIdentifier(initializer) || ts.isPropertyAccessExpression(initializer)) return unitBehind(initializer, depth + 1);
    if (ts.isCallExpression(initializer)) {
      for (const argument of initializer.arguments) {
        const wrapped = unitOf(argument);
        if (wrapped) return wrapped;
      }
    }
    return undefined;
  };

  /**
   * `core.map` where `core` is `import * as core from "./core.js"`: the module's export, looked up in its export
   * table. Asking the checker for the symbol at `core.map` would also compute the type of `map` (for `export
   * const map = dual(2, …)`, inferring the call's type arguments), the bulk of a zone walk on generic code.
   */
  const namespaceMember = (checker: ts.TypeChecker, access: ts.PropertyAccessExpression): ts.Symbol | undefined => {
    const receiver = access.expression;
    if (!ts.isIdentifier(receiver) || !ts.isIdentifier(access.name)) return undefined;
    const local = checker.getSymbolAtLocation(receiver);
    if (!local || !(local.flags & ts.SymbolFlags.Alias)) return undefined;
    const target = checker.getAliasedSymbol(local);
    return target.flags & ts.SymbolFlags.ValueModule ? checker.tryGetMemberInModuleExports(access.name.text, target) : undefined;
  };

  /**
   * What a call calls, from the symbol of its callee (cheaper than resolving the call's signature, which infers
   * every type argument): a unit, a reason it cannot be followed, or undefined for code that is not the project's.
   */
  const targetOf = (call: ts.CallExpression | ts.NewExpression): Unit | { reason: string } | undefined => {
    const callee = skipOuterExpressions(call.expression);
    if (!ts.isIdentifier(callee) && !ts.isPropertyAccessExpression(callee)) return undefined;
    return unitBehind(callee);
  };

  /** A function passed by name to a method that calls it (`items.map(format)`). */
  const callbackTarget = (argument: ts.Expression): Unit | undefined => {
    if (!ts.isIdentifier(argument) && !ts.isPropertyAccessExpression(argument)) return undefined;
    const target = unitBehind(argument);
    return target && !("reason" in target) ? target : undefined;
  };

  const summaryOf = (unit: Unit): Summary => {
    const known = summaries.get(unit);
    if (known) return known;
    const inUnit = unitsOfFindings(unit.file);
    const hazards = inUnit.flatMap((owner, index) => (owner === unit ? [index] : []));
    const calls: Call[] = [];
    const unfollowed: { call: string; reason: string }[] = [];
    const visit = (node: ts.Node): void => {
      // A nested named function is a unit of its own, entered only when something calls it.
      if (node !== unit.node && units.has(node)) return;
      if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
        const target = targetOf(node);
        if (target && "reason" in target) unfollowed.push({ call: `${display(unit.file)}:${lineOf(node)} ${callText(node.expression)}()`, reason: target.reason });
        else if (target) calls.push({ target, line: lineOf(node) });
        const callee = node.expression;
        const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
        if (method !== undefined && HIGHER_ORDER_METHODS.has(method)) {
          for (const argument of node.arguments ?? []) {
            const callback = callbackTarget(argument);
            if (callback) calls.push({ target: callback, line: lineOf(argument) });
          }
        }
      }
      node.forEachChild(visit);
    };
    unitsOf(unit.file);
    unit.node.forEachChild(visit);
    const summary = { hazards, calls, unfollowed };
    summaries.set(unit, summary);
    return summary;
  };

  const step = (unit: Unit, line: number) => `${display(unit.file)}:${line} ${unit.name}()`;

  // Entry points, in file order then source order.
  const files = [...sourceFiles.keys()].sort((a, b) => compareStrings(display(a), display(b)));
  const entries: Unit[] = [];
  for (const file of files) {
    const sourceFile = sourceFiles.get(file);
    if (!sourceFile) continue;
    const zoneFile = settings.isZoneFile(file);
    if (!zoneFile && !sourceFile.text.includes("@deterministic")) continue;
    const fileEntries = new Set<Unit>();
    for (const unit of unitsOf(file)) {
      if (isMarkedDeterministic(unit.node) || (zoneFile && isExported(unit.node))) fileEntries.add(unit);
    }
    // `export const map = internal.map`: the function behind an exported alias is an entry point of the zone.
    if (zoneFile) {
      for (const statement of sourceFile.statements) {
        if (!ts.isVariableStatement(statement) || !hasExportModifier(statement)) continue;
        for (const declaration of statement.declarationList.declarations) {
          const behind = ts.isIdentifier(declaration.name) ? unitBehind(declaration.name) : undefined;
          if (behind && !("reason" in behind)) fileEntries.add(behind);
        }
      }
    }
    entries.push(...fileEntries);
  }

  // One walk from all entry points together finds every function a zone reaches, summarising each once, and
  // records the calls backwards. Then, from each function that holds a hazard, a breadth-first walk along the
  // calls backwards gives every function that reaches it the next step of a shortest chain: the cost grows with
  // the number of hazardous functions (few), not with entry points times what each reaches.
  const callers = new Map<Unit, { readonly caller: Unit; readonly line: number }[]>();
  const reachedFirstFrom = new Map<Unit, Unit>(entries.map((entry) => [entry, entry]));
  const queue: Unit[] = [...entries];
  const unfollowedCalls: UnfollowedCall[] = [];
  const stepOfEntry = new Map(entries.map((entry) => [entry, step(entry, lineOf(entry.node))]));
  for (let unit = queue.shift(); unit !== undefined; unit = queue.shift()) {
    const summary = summaryOf(unit);
    const from = reachedFirstFrom.get(unit) ?? unit;
    for (const { call, reason } of summary.unfollowed) unfollowedCalls.push({ entry: stepOfEntry.get(from) ?? "", call, reason });
    for (const call of summary.calls) {
      if (settings.isWrapper(call.target.file, call.target.name)) continue;
      const known = callers.get(call.target);
      if (known) known.push({ caller: unit, line: call.line });
      else callers.set(call.target, [{ caller: unit, line: call.line }]);
      if (!reachedFirstFrom.has(call.target)) {
        reachedFirstFrom.set(call.target, from);
        queue.push(call.target);
      }
    }
  }

  // Where each finding goes: kept (in or out of zones), or replaced by traced copies.
  const reached = new Map<string, Map<number, Finding[]>>();
  for (const holder of reachedFirstFrom.keys()) {
    const summary = summaryOf(holder);
    if (summary.hazards.length === 0) continue;
    const next = new Map<Unit, { readonly callee: Unit; readonly line: number }>();
    const backwards: Unit[] = [holder];
    const seen = new Set<Unit>([holder]);
    for (let unit = backwards.shift(); unit !== undefined; unit = backwards.shift()) {
      for (const { caller, line } of callers.get(unit) ?? []) {
        if (seen.has(caller)) continue;
        seen.add(caller);
        next.set(caller, { callee: unit, line });
        backwards.push(caller);
      }
    }
    const findings = options.findings.get(holder.file) ?? [];
    for (const entry of entries) {
      if (entry === holder || !next.has(entry)) continue;
      const chain: string[] = [];
      for (let unit: Unit = entry, hop = next.get(entry); hop !== undefined; unit = hop.callee, hop = next.get(hop.callee)) {
        chain.push(step(unit, hop.line));
      }
      for (const index of summary.hazards) {
        const finding = findings[index];
        if (!finding) continue;
        const copy: Finding = {
          ...withoutZoneMark(finding),
          severity: "error",
          trace: [...chain, step(holder, finding.line)],
          fingerprint: fingerprint(finding.ruleId, `${finding.fingerprint ?? finding.message}\0${display(entry.file)}#${entry.name}`, 0),
        };
        const byIndex = reached.get(holder.file) ?? new Map<number, Finding[]>();
        reached.set(holder.file, byIndex);
        byIndex.set(index, [...(byIndex.get(index) ?? []), copy]);
      }
    }
  }
  const entrySteps = [...stepOfEntry.values()];

  const entryNodes = new Set(entries.map((entry) => entry.node));
  const insideEntry = (file: string, unit: Unit | undefined): boolean => {
    for (let node: ts.Node | undefined = unit?.node; node; node = node.parent) {
      if (entryNodes.has(node as ts.SignatureDeclaration)) return true;
    }
    return settings.isZoneFile(file);
  };
  const result = new Map<string, readonly Finding[]>();
  for (const [file, findings] of options.findings) {
    const owners = entries.length > 0 ? unitsOfFindings(file) : [];
    const copies = reached.get(file);
    const refiled: Finding[] = [];
    findings.forEach((finding, index) => {
      const traced = copies?.get(index);
      if (insideEntry(file, owners[index])) refiled.push({ ...withoutZoneMark(finding), severity: "error" });
      else if (traced) refiled.push(...traced);
      else if (finding.onlyInZones) return;
      else if (settings.outsideZones === "warn") refiled.push(finding.severity === "error" ? { ...finding, severity: "warning" } : finding);
      else if (settings.outsideZones === "error") refiled.push(finding);
    });
    result.set(file, refiled);
  }
  return { findings: result, entries: entrySteps, unfollowed: unfollowedCalls };
}

/** A finding as reported: without the analyzer's own `onlyInZones` mark. */
export function withoutZoneMark<F extends Finding>(finding: F): F {
  if (!finding.onlyInZones) return finding;
  const { onlyInZones: _mark, ...reported } = finding;
  return reported as F;
}

function positionOf(sourceFile: ts.SourceFile, finding: Finding): number {
  const lines = sourceFile.getLineStarts();
  const lineStart = lines[Math.min(finding.line - 1, lines.length - 1)] ?? 0;
  return lineStart + finding.column - 1;
}

/** The functions of a file that calls can enter, with the names a trace shows. */
function collectUnits(sourceFile: ts.SourceFile, file: string, into: Unit[]): void {
  const visit = (node: ts.Node): void => {
    const name = unitName(node);
    if (name !== undefined) into.push({ node: node as ts.SignatureDeclaration, file, name });
    node.forEachChild(visit);
  };
  visit(sourceFile);
}

function unitName(node: ts.Node): string | undefined {
  if (ts.isFunctionDeclaration(node)) return node.body ? (node.name?.text ?? "default") : undefined;
  if (ts.isMethodDeclaration(node) || ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node)) {
    if (!node.body) return undefined;
    const member = ts.isIdentifier(node.name) || ts.isPrivateIdentifier(node.name) || ts.isStringLiteral(node.name) ? node.name.text : "[computed]";
    return qualified(node.parent, member);
  }
  if (ts.isConstructorDeclaration(node)) return node.body ? qualified(node.parent, "constructor") : undefined;
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
    const parent = node.parent;
    if (ts.isVariableDeclaration(parent) && parent.initializer === node && ts.isIdentifier(parent.name)) return parent.name.text;
    if (ts.isPropertyAssignment(parent) && parent.initializer === node && !ts.isComputedPropertyName(parent.name)) {
      return qualified(parent.parent, parent.name.text);
    }
    if (ts.isPropertyDeclaration(parent) && parent.initializer === node && !ts.isComputedPropertyName(parent.name)) {
      return qualified(parent.parent, parent.name.text);
    }
    if (ts.isExportAssignment(parent)) return "default";
    // `export const map = dual(2, (self, f) => …)`: at module level, the function a wrapper call is given is what
    // calling `map` runs. (Inside a function, a callback stays part of the function that passes it.)
    if (ts.isCallExpression(parent) && parent.arguments.includes(node as ts.Expression)) {
      const holder = parent.parent;
      if (ts.isVariableDeclaration(holder) && holder.initializer === parent && ts.isIdentifier(holder.name) && isModuleLevel(holder)) {
        return holder.name.text;
      }
    }
    if (ts.isBinaryExpression(parent) && parent.right === node && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const target = parent.left;
      if (ts.isPropertyAccessExpression(target)) return target.getText().replace(/^(module\.)?exports\./, "");
    }
  }
  return undefined;
}

function isModuleLevel(declaration: ts.VariableDeclaration): boolean {
  const statement = declaration.parent.parent;
  return ts.isVariableStatement(statement) && ts.isSourceFile(statement.parent);
}

/** `Class.member` for a class member, `object.member` for a member of an object bound to a name. */
function qualified(container: ts.Node, member: string): string {
  if ((ts.isClassDeclaration(container) || ts.isClassExpression(container)) && container.name) return `${container.name.text}.${member}`;
  if (ts.isObjectLiteralExpression(container) && ts.isVariableDeclaration(container.parent) && ts.isIdentifier(container.parent.name)) {
    return `${container.parent.name.text}.${member}`;
  }
  return member;
}

function skipOuterExpressions(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current) || ts.isNonNullExpression(current)) {
    current = current.expression;
  }
  return current;
}

function hasExportModifier(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword) ?? false);
}

/** `@deterministic` as a tag of a `/** … *\/` comment: at a line's start (after `*`) or after whitespace. */
const DETERMINISTIC_MARK = new RegExp(`(?:^|[\\s*])@${DETERMINISTIC_TAG}(?![\\w-])`);

/**
 * Whether a documentation comment right before the function (or the declaration holding it: the `const`
 * statement, the property) carries `@deterministic`. Read from the comment text: TypeScript files are parsed
 * without their documentation comments (see JSDOC_PARSING_MODE).
 */
function isMarkedDeterministic(node: ts.Node): boolean {
  const holder = ts.isVariableDeclaration(node.parent) ? node.parent : ts.isPropertyAssignment(node.parent) || ts.isPropertyDeclaration(node.parent) ? node.parent : node;
  const holders = [holder];
  if (ts.isVariableDeclaration(holder) && ts.isVariableStatement(holder.parent.parent)) holders.push(holder.parent.parent);
  const text = node.getSourceFile().text;
  return holders.some((candidate) =>
    (ts.getLeadingCommentRanges(text, candidate.getFullStart()) ?? []).some(
      (range) => text.startsWith("/**", range.pos) && DETERMINISTIC_MARK.test(text.slice(range.pos + 3, range.end - 2)),
    ),
  );
}

/** An exported function, a function bound to an exported const, or a method of an exported class. */
function isExported(node: ts.Node): boolean {
  const exported = hasExportModifier;
  if (ts.isFunctionDeclaration(node)) return exported(node);
  if (ts.isVariableDeclaration(node.parent)) {
    const statement = node.parent.parent.parent;
    return statement !== undefined && ts.isVariableStatement(statement) && exported(statement);
  }
  if (ts.isExportAssignment(node.parent)) return true;
  if (ts.isClassDeclaration(node.parent)) return exported(node.parent);
  if (ts.isBinaryExpression(node.parent)) return /^(module\.)?exports\./.test(node.parent.left.getText());
  return false;
}
