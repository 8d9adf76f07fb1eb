import rule from "../../rules/no-gc-observation.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    // Weak collections hide collection timing: nothing can observe that an entry is gone.
    "const cache = new WeakMap<object, string>();",
    "const seen = new WeakSet<object>();",
    // Holding an object weakly, and acting on it only while it is alive (undici's timers and abort followers).
    "const ref = new WeakRef(session);",
    "function onTimeout(ref: WeakRef<Socket>) {\n  const socket = ref.deref();\n  if (!socket) return;\n  socket.destroy();\n}",
    "function follow(ref: WeakRef<AbortController>, reason: unknown) {\n  const ac = ref.deref();\n  if (ac !== undefined) ac.abort(reason);\n}",
    "ref.deref()?.abort();",
    // A weak cache: a miss recomputes the same value.
    "function get(cache: Map<string, WeakRef<object>>, key: string) {\n  const ref = cache.get(key);\n  return ref ? ref.deref() : null;\n}",
    // Finalizers that only release what the object held (undici's stream and TLS session registries).
    "const streams = new FinalizationRegistry((weakRef: WeakRef<ReadableStream>) => {\n  const stream = weakRef.deref();\n  if (stream && !stream.locked && !isDisturbed(stream)) stream.cancel('collected').catch(noop);\n});",
    "const sessions = new FinalizationRegistry((key: string) => {\n  if (cache.size < max) return;\n  const ref = cache.get(key);\n  if (ref !== undefined && ref.deref() === undefined) cache.delete(key);\n});",
    "const followers = new FinalizationRegistry(({ signal, reference }) => {\n  removeSignalFollower(signal, reference);\n});",
    "const transformers = new FinalizationRegistry((transformer) => {\n  qcms_drop_transformer(transformer);\n});",
    // Shadowing.
    "import { FinalizationRegistry } from \"./polyfill\";\nnew FinalizationRegistry(record);",
    // deref with an argument is not WeakRef's.
    "const value = pointer.deref(offset) === undefined;",
  ],
  invalid: [
    // Liveness as data: counted, filtered, returned as a flag, stored.
    {
      code: "export const live = (refs: WeakRef<object>[]) => refs.filter((ref) => ref.deref() !== undefined).length;",
      errors: [{ messageId: "liveness", line: 1, column: 71, endLine: 1, endColumn: 82 }],
    },
    { code: "export function isAlive(ref: WeakRef<object>) {\n  return ref.deref() !== undefined;\n}", errors: [{ messageId: "liveness", line: 2, column: 10, endLine: 2, endColumn: 21 }] },
    { code: "const target = ref.deref();\nconst state = target ? 'alive' : 'collected';", errors: [{ messageId: "liveness", line: 1, column: 16, endLine: 1, endColumn: 27 }] },
    { code: "stats.push({ id, alive: Boolean(ref.deref()) });", errors: [{ messageId: "liveness", line: 1, column: 33, endLine: 1, endColumn: 44 }] },
    // Finalizers that log, count, call back, or cannot be seen.
    { code: "const registry = new FinalizationRegistry((id) => console.log(`collected ${id}`));", errors: [{ messageId: "finalizer", line: 1, column: 18, endLine: 1, endColumn: 82 }] },
    { code: "let collected = 0;\nconst registry = new FinalizationRegistry(() => {\n  collected++;\n});", errors: [{ messageId: "finalizer", line: 2, column: 18, endLine: 4, endColumn: 3 }] },
    { code: "const registry = new globalThis.FinalizationRegistry((key) => pool.release(key) && emitter.emit('freed', key));", errors: [{ messageId: "finalizer", line: 1, column: 18, endLine: 1, endColumn: 111 }] },
    { code: "const registry = new FinalizationRegistry((id) => logAndRemove(id));", errors: [{ messageId: "finalizer", line: 1, column: 18, endLine: 1, endColumn: 68 }] },
    { code: "const registry = new FinalizationRegistry(onCollected);", errors: [{ messageId: "finalizer", line: 1, column: 18, endLine: 1, endColumn: 55 }] },
  ],
});
