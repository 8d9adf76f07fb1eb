import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixturePath, REPO_ROOT, temporaryDirectory } from "../helpers/fixtures.js";
import { git } from "./helpers.js";

const SCRIPT = join(REPO_ROOT, ".github", "detkit-action.sh");
const UPGRADE = fixturePath("diff", "upgrade");

// A stand-in for the GitHub CLI: records each call, hands back `FAKE_GH_COMMENT_ID` when the action looks for
// its earlier comment, and keeps the body it is given. Nothing reaches the network.
const FAKE_GH = `#!/usr/bin/env bash
set -euo pipefail
printf 'gh %s\\n' "$*" >>"$FAKE_GH_LOG"
printf 'token %s\\n' "\${GH_TOKEN:-}" >>"$FAKE_GH_LOG"
for argument in "$@"; do
  if [[ "$argument" == body=@* ]]; then cp "\${argument#body=@}" "$FAKE_GH_BODY"; fi
done
if [[ " $* " != *" --method "* ]]; then printf '%s' "\${FAKE_GH_COMMENT_ID:-}"; fi
`;

interface ActionRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly summary: string;
  readonly outputs: string;
  readonly gh: string;
  readonly body: string;
}

/**
 * A pull request as the action meets it: a checkout of the head (the upgrade fixture's head files) whose remote
 * `origin` has the base on `main`, which the checkout does not have yet.
 */
function pullRequestCheckout(): { checkout: string; root: string } {
  const root = temporaryDirectory("detkit-action-");
  const seed = join(root, "seed");
  mkdirSync(seed);
  git(seed, "init", "--quiet", "--initial-branch=main");
  cpSync(join(UPGRADE, "base"), seed, { recursive: true });
  git(seed, "add", ".");
  git(seed, "commit", "--quiet", "-m", "base");
  git(root, "clone", "--quiet", "--bare", seed, join(root, "origin.git"));
  const checkout = join(root, "checkout");
  mkdirSync(checkout);
  git(checkout, "init", "--quiet", "--initial-branch=pr");
  git(checkout, "remote", "add", "origin", join(root, "origin.git"));
  cpSync(join(UPGRADE, "head"), checkout, { recursive: true });
  git(checkout, "add", ".");
  git(checkout, "commit", "--quiet", "-m", "upgrade");
  return { checkout, root };
}

function runAction(mode: string, checkout: string, root: string, env: Record<string, string>): ActionRun {
  const bin = join(root, "bin");
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, "gh"), FAKE_GH);
  writeFileSync(join(bin, "detkit"), `#!/usr/bin/env bash\nexec "${process.execPath}" "${join(REPO_ROOT, "dist", "src", "cli", "main.js")}" "$@"\n`);
  chmodSync(join(bin, "gh"), 0o755);
  chmodSync(join(bin, "detkit"), 0o755);
  const files = { summary: join(root, "summary.md"), outputs: join(root, "outputs.txt"), gh: join(root, "gh.log"), body: join(root, "body.md") };
  const event = join(root, "event.json");
  writeFileSync(event, JSON.stringify({ pull_request: { number: 7 } }));
  const result = spawnSync("bash", [SCRIPT, mode], {
    cwd: checkout,
    encoding: "utf8",
    env: {
      PATH: `${bin}:${process.env.PATH ?? ""}`,
      HOME: root,
      npm_config_cache: join(root, "npm-cache"),
      DETKIT_COMMAND: "detkit",
      GITHUB_EVENT_NAME: "pull_request",
      GITHUB_BASE_REF: "main",
      GITHUB_EVENT_PATH: event,
      GITHUB_REPOSITORY: "acme/app",
      GITHUB_STEP_SUMMARY: files.summary,
      GITHUB_OUTPUT: files.outputs,
      FAKE_GH_LOG: files.gh,
      FAKE_GH_BODY: files.body,
      ...env,
    },
  });
  const read = (path: string) => (existsSync(path) ? readFileSync(path, "utf8") : "");
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    summary: read(files.summary),
    outputs: read(files.outputs),
    gh: read(files.gh),
    body: read(files.body),
  };
}

describe("the GitHub Action's shell step", () => {
  it("on a pull request: fetches the base, writes the markdown to the job summary and comments once", async () => {
    const { checkout, root } = pullRequestCheckout();
    const run = runAction("diff", checkout, root, { GITHUB_TOKEN: "test-token" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.summary).toMatch(/^### ❌ detkit diff: 8 updated \(2 major\), 1 added, 5 removed, 2 changed\n/);
    expect(run.summary).toContain("`origin/main` → `working tree`");
    expect(run.outputs).toBe("exit-code=1\n");
    expect(run.gh).toBe(
      [
        'gh api --paginate repos/acme/app/issues/7/comments --jq .[] | select(.body | startswith("<!-- detkit-diff -->")) | .id',
        "token test-token",
        `gh api --method POST repos/acme/app/issues/7/comments -F body=@${run.gh.match(/body=@(\S+)/)?.[1] ?? "?"}`,
        "token test-token",
        "",
      ].join("\n"),
    );
    expect(run.body).toBe(`<!-- detkit-diff -->\n${run.summary}`);
    expect(run.stdout).toContain("detkit diff: commented on pull request #7");
  });

  it("updates its earlier comment instead of adding another", async () => {
    const { checkout, root } = pullRequestCheckout();
    const run = runAction("diff", checkout, root, { GITHUB_TOKEN: "test-token", FAKE_GH_COMMENT_ID: "42" });
    expect(run.status).toBe(0);
    expect(run.gh).toContain("gh api --method PATCH repos/acme/app/issues/comments/42 -F body=@");
    expect(run.gh).not.toContain("--method POST");
    expect(run.body.startsWith("<!-- detkit-diff -->\n### ❌ detkit diff")).toBe(true);
  });

  it("without a token: the job summary only", async () => {
    const { checkout, root } = pullRequestCheckout();
    const run = runAction("diff", checkout, root, {});
    expect(run.status).toBe(0);
    expect(run.summary).toContain("#### Needs attention");
    expect(run.gh).toBe("");
  });

  it("on a push: nothing to compare, and nothing fails", async () => {
    const { checkout, root } = pullRequestCheckout();
    const run = runAction("diff", checkout, root, { GITHUB_EVENT_NAME: "push", GITHUB_TOKEN: "test-token" });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe("detkit diff: not a pull request (push); nothing to compare\n");
    expect(run.outputs).toBe("exit-code=0\n");
    expect(run.summary).toBe("");
    expect(run.gh).toBe("");
  });

  it("a detkit input error fails the step at once with an annotation", async () => {
    const { checkout, root } = pullRequestCheckout();
    writeFileSync(join(checkout, "package-lock.json"), "{");
    const run = runAction("diff", checkout, root, { GITHUB_TOKEN: "test-token" });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^detkit: package-lock\.json:1:2: not valid JSON/);
    expect(run.stdout).toContain("::error title=detkit::detkit diff could not run (exit code 2)");
    expect(run.gh).toBe("");
  });

  it("audit: SARIF for the upload step, and the exit code for the last step", async () => {
    const { checkout, root } = pullRequestCheckout();
    writeFileSync(join(checkout, "stamp.js"), "export const stamp = () => Date.now();\n");
    const run = runAction("audit", checkout, root, { INPUT_PATHS: "stamp.js" });
    expect(run.stderr).toBe("");
    // Findings do not fail this step: the upload comes first, the action's last step fails the job.
    expect(run.status).toBe(0);
    expect(run.outputs).toBe("sarif=detkit.sarif\nexit-code=1\n");
    const sarif: unknown = JSON.parse(readFileSync(join(checkout, "detkit.sarif"), "utf8"));
    expect(sarif).toMatchObject({ version: "2.1.0", runs: [{ results: expect.arrayContaining([expect.objectContaining({ ruleId: "no-wall-clock" })]) }] });
  });

  it("action.yml runs the script in both modes and declares every input it reads", () => {
    const action = readFileSync(join(REPO_ROOT, "action.yml"), "utf8");
    expect(action).toContain('run: bash "${{ github.action_path }}/.github/detkit-action.sh" audit');
    expect(action).toContain('run: bash "${{ github.action_path }}/.github/detkit-action.sh" diff');
    expect(action).toContain("uses: github/codeql-action/upload-sarif@v3");
    const declared = new Set([...action.matchAll(/^ {2}([a-z-]+):\n {4}description:/gm)].map((match) => match[1]));
    const used = new Set([...action.matchAll(/inputs\.([a-z-]+)/g)].map((match) => match[1]));
    expect([...used].filter((name) => !declared.has(name))).toEqual([]);
    expect([...used].sort()).toEqual(["detkit-command", "diff", "fetch", "github-token", "paths", "upload-sarif", "working-directory"]);
  });
});
