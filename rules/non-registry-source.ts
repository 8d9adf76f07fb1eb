import { createRule } from "./util/create-rule.js";
import { lockedProject, MS_2_1_3 } from "./util/dependency-examples.js";
import { describeLocked, lockedSource } from "./util/locked-source.js";

const TARBALL_URL = "https://example.com/ms-2.1.3.tgz";

export default createRule({
  meta: {
    id: "non-registry-source",
    category: "dependency",
    severity: "error",
    description:
      "A locked package fetched from somewhere other than the registry: plain http, a git repository without a commit hash, or a tarball URL.",
    rationale:
      "The registry never changes a published version, so name@version plus its integrity hash is one file " +
      "forever. Other sources do not promise that: a plain http download can be altered on the way (error), a " +
      "git ref without a commit hash follows whatever the branch points at (error), and a tarball URL serves " +
      "whatever its owner uploads last, which at best breaks the install when the integrity check fails " +
      "(warning). Git dependencies locked at a full commit, links and local folders are fine.",
    examples: {
      incorrect: lockedProject(
        { ms: TARBALL_URL },
        { "node_modules/ms": { version: "2.1.3", resolved: TARBALL_URL, integrity: MS_2_1_3.integrity } },
      ),
      correct: lockedProject({ ms: "2.1.3" }, { "node_modules/ms": MS_2_1_3 }),
    },
    replacement:
      "depend on the registry release (\"name\": \"x.y.z\"), or on a git URL pinned to a full commit hash; serve registries over https",
    requiresTypes: false,
    messages: {
      plainHttp: "{{package}} is downloaded over plain http ({{url}}): anyone on the network path can change it",
      gitWithoutCommit: "{{package}} comes from git without a commit hash ({{url}}): it installs whatever the ref points at",
      tarballUrl: "{{package}} comes from a tarball URL, not the registry ({{url}}): its content is whatever the URL serves",
    },
  },
  check(context) {
    const lockfile = context.project.lockfile;
    if (!lockfile) return;
    for (const locked of lockfile.packages) {
      if (locked.inBundle) continue;
      const source = lockedSource(locked);
      const pkg = { name: locked.name, version: locked.version };
      if (source.kind === "local") continue;
      if (source.kind !== "git" && source.url?.startsWith("http:")) {
        context.report({
          position: locked.position,
          messageId: "plainHttp",
          data: { package: describeLocked(locked), url: source.url },
          package: pkg,
        });
      } else if (source.kind === "git" && source.commit === undefined) {
        context.report({
          position: locked.position,
          messageId: "gitWithoutCommit",
          data: { package: describeLocked(locked), url: source.url },
          package: pkg,
        });
      } else if (source.kind === "tarball-url") {
        context.report({
          position: locked.position,
          severity: "warning",
          messageId: "tarballUrl",
          data: { package: describeLocked(locked), url: source.url },
          package: pkg,
        });
      }
    }
  },
});
