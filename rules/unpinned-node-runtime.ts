import { createRule } from "./util/create-rule.js";
import { projectPackageOf } from "./util/dependency-context.js";
import { manifest } from "./util/dependency-examples.js";

export default createRule({
  meta: {
    id: "unpinned-node-runtime",
    category: "dependency",
    severity: "warning",
    description:
      "A project that does not say which Node.js it runs on: no engines.node, .nvmrc, .node-version, .tool-versions, Volta pin or packageManager.",
    rationale:
      "The runtime is the largest dependency of all: Node.js releases change sort stability, Intl and ICU data " +
      "(dates, collation, number formats), V8's floating-point printing, default TLS and DNS ordering, and " +
      "which npm (and so which lockfile format) comes with it. Without a declared version, CI, Docker and each " +
      "developer run whatever they have. Any of engines.node (a range other than *), volta.node, " +
      "packageManager, .nvmrc, .node-version or a nodejs line in .tool-versions at the project root counts.",
    examples: {
      incorrect: { "package.json": manifest() },
      correct: { "package.json": manifest({ engines: { node: ">=20.17.0" } }), ".nvmrc": "20.17.0\n" },
    },
    replacement:
      "declare the runtime: \"engines\": { \"node\": \">=20.17.0\" } in package.json, plus an exact version in .nvmrc (or .node-version) for CI and developers",
    requiresTypes: false,
    messages: {
      unpinnedRuntime: "the Node.js runtime is not pinned: no engines.node, volta.node or packageManager in package.json, and no .nvmrc, .node-version or .tool-versions beside it",
    },
  },
  check(context) {
    const { project } = context;
    if (project.runtimePins.length > 0) return;
    const [root] = project.manifests;
    if (!root) return;
    context.report({
      position: root.position,
      messageId: "unpinnedRuntime",
      package: projectPackageOf(root),
    });
  },
});
