import { createRule } from "./util/create-rule.js";
import { lockedProject, MS_2_1_3 } from "./util/dependency-examples.js";
import type { ConfiguredRegistry } from "./util/dependency-context.js";
import { describeLocked, lockedSource } from "./util/locked-source.js";

/** npm replaces this host with the configured registry (`replace-registry-host`), so it is never a redirect. */
const PUBLIC_REGISTRY_HOST = "registry.npmjs.org";

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

/**
 * The hosts registry packages may come from: the public registry, those the project's .npmrc configures and
 * `deps.allowedHosts`; undefined when a configured registry cannot be known offline (`registry=${NPM_REGISTRY}`).
 */
function trustedHosts(registries: readonly ConfiguredRegistry[], allowed: readonly string[]): ReadonlySet<string> | undefined {
  const hosts = new Set([PUBLIC_REGISTRY_HOST, ...allowed]);
  for (const registry of registries) {
    const host = registry.url.includes("${") ? undefined : hostOf(registry.url);
    if (host === undefined) return undefined;
    hosts.add(host);
  }
  return hosts;
}

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
      "(warning). A registry package whose `resolved` URL is on another host than the configured registry (the " +
      "project's .npmrc, else registry.npmjs.org) is fetched from that host by `npm ci` (warning: its integrity " +
      "hash still holds, but the build now depends on that host); list hosts you trust in `deps.allowedHosts`. " +
      "Git dependencies locked at a full commit, links and local folders are fine.",
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
      otherRegistryHost:
        "{{package}} is locked to {{host}}, not the configured registry ({{registries}}): `npm ci` downloads it from there",
    },
  },
  check(context) {
    const lockfile = context.project.lockfile;
    if (!lockfile) return;
    const { registries } = context.project;
    const hosts = trustedHosts(registries, context.options.allowedHosts);
    const configured = registries.length > 0 ? [...new Set(registries.map((registry) => hostOf(registry.url) ?? registry.url))].join(", ") : PUBLIC_REGISTRY_HOST;
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
      } else if (source.kind === "registry" && source.url !== undefined && hosts !== undefined) {
        const host = hostOf(source.url);
        if (host === undefined || hosts.has(host)) continue;
        context.report({
          position: locked.position,
          severity: "warning",
          messageId: "otherRegistryHost",
          data: { package: describeLocked(locked), host, registries: configured },
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
