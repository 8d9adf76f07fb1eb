import { createRule } from "./util/create-rule.js";

const GC_OBSERVERS = new Set(["WeakRef", "FinalizationRegistry"]);

export default createRule({
  meta: {
    id: "no-gc-observation",
    category: "concurrency",
    severity: "warning",
    description: "new WeakRef() and new FinalizationRegistry(): code that observes when the garbage collector runs.",
    rationale:
      "When an object is collected depends on heap size, allocation pattern, engine version and flags, never on " +
      "the program's input. weakRef.deref() returns the object in one run and undefined in the next; a " +
      "finalization callback runs late, early or not at all. A warning: a cache whose miss simply recomputes the " +
      "same value is deterministic in its results, but anything that counts, orders, logs or releases resources " +
      "from these callbacks is not.",
    examples: {
      incorrect: [
        "const sessions = new Map<string, WeakRef<object>>();",
        "",
        "export function activeSessions() {",
        "  return [...sessions].filter(([, ref]) => ref.deref() !== undefined).length;",
        "}",
        "",
        "export function track(id: string, session: object) {",
        "  sessions.set(id, new WeakRef(session));",
        "}",
        "",
      ].join("\n"),
      correct: [
        "const sessions = new Set<string>();",
        "",
        "export function activeSessions() {",
        "  return sessions.size;",
        "}",
        "",
        "export function open(id: string) {",
        "  sessions.add(id);",
        "}",
        "",
        "export function close(id: string) {",
        "  sessions.delete(id);",
        "}",
        "",
      ].join("\n"),
    },
    replacement:
      "release objects explicitly (close/dispose, `using`, a Map you delete from) instead of waiting for the collector; check code that must not depend on GC timing with expectReproducible from @detkit/runtime/testing",
    requiresTypes: false,
    messages: {
      observesGc: "new {{name}}() observes the garbage collector: when it reports an object gone differs from run to run",
    },
  },
  create(context) {
    // Any way of reaching these globals spells their name somewhere in the file: a cheap test per file.
    const text = context.sourceFile.text;
    if (![...GC_OBSERVERS].some((name) => text.includes(name))) return {};
    return {
      NewExpression(node) {
        const name = context.resolveName(node.expression);
        if (name !== undefined && GC_OBSERVERS.has(name)) context.report({ node, messageId: "observesGc", data: { name } });
      },
    };
  },
});
