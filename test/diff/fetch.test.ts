import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyFixture, fixturePath } from "../helpers/fixtures.js";
import { diffJson, emptyCacheEnv } from "./helpers.js";

// A registry on the loopback interface that serves tiny-clock 1.0.0 (the fixture's tarball), and nothing else.
const TARBALL = readFileSync(fixturePath("diff", "nondeterminism", "vendor", "tiny-clock-1.0.0.tgz"));
const INTEGRITY = `sha512-${createHash("sha512").update(TARBALL).digest("base64")}`;
let server: Server;
let registry: string;
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = request.url ?? "";
    requests.push(path);
    if (path === "/tiny-clock/-/tiny-clock-1.0.0.tgz") {
      response.writeHead(200, { "content-type": "application/octet-stream" }).end(TARBALL);
    } else if (path === "/tiny-clock") {
      const tarball = `${registry}tiny-clock/-/tiny-clock-1.0.0.tgz`;
      const packument = {
        name: "tiny-clock",
        "dist-tags": { latest: "1.0.0" },
        versions: { "1.0.0": { name: "tiny-clock", version: "1.0.0", dist: { tarball, integrity: INTEGRITY } } },
      };
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(packument));
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the test registry has no port");
  registry = `http://127.0.0.1:${address.port}/`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/**
 * The nondeterminism case as if tiny-clock 1.0.0 came from the public registry: base's lockfile entry gets the
 * registry URL npm writes for a published package (the file: URL and the spec replaced, the integrity kept), and
 * the vendored tarballs are gone, so only a download can supply 1.0.0's files.
 */
function publishedBase(): string {
  const project = copyFixture("diff", "nondeterminism");
  rmSync(join(project, "vendor"), { recursive: true });
  const editJson = (path: string, edit: (value: JsonObject) => void) => {
    const value: unknown = JSON.parse(readFileSync(path, "utf8"));
    if (!isObject(value)) throw new Error(`${path} is not an object`);
    edit(value);
    writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
  };
  editJson(join(project, "base", "package-lock.json"), (lock) => {
    const packages = child(lock, "packages");
    child(child(packages, ""), "dependencies")["tiny-clock"] = "1.0.0";
    child(packages, "node_modules/tiny-clock").resolved = "https://registry.npmjs.org/tiny-clock/-/tiny-clock-1.0.0.tgz";
  });
  editJson(join(project, "base", "package.json"), (manifest) => {
    child(manifest, "dependencies")["tiny-clock"] = "1.0.0";
  });
  // Head's 1.1.0 installed from the fixture's sources, as npm ci would leave it.
  for (const file of ["package.json", "index.js", "dist/id.js"]) {
    const target = join(project, "head", "node_modules", "tiny-clock", file);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, readFileSync(fixturePath("diff", "nondeterminism", "packages", "tiny-clock-1.1.0", file)));
  }
  return project;
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function child(value: JsonObject, key: string): JsonObject {
  const found = value[key];
  if (!isObject(found)) throw new Error(`no object at ${key}`);
  return found;
}

describe("--fetch", () => {
  it("without it nothing is downloaded and the old version is not checked; with it the registry (npm_config_registry) supplies it", async () => {
    const head = join(publishedBase(), "head");
    const env = { ...emptyCacheEnv(), npm_config_registry: registry };

    const offline = await diffJson(head, ["--base", "../base"], env);
    expect(offline.result.changes[0]?.notChecked).toBe("the old version's contents not available (not in node_modules or the npm cache; pass --fetch)");
    expect(requests).toEqual([]);

    const fetched = await diffJson(head, ["--base", "../base", "--fetch"], env);
    expect(fetched.result.changes[0]?.notChecked).toBeUndefined();
    expect(fetched.result.findings.map((finding) => `${finding.file}:${finding.line} ${finding.message}`)).toEqual([
      "node_modules/tiny-clock/dist/id.js:3 tiny-clock 1.1.0: Math.random() is unseeded randomness (not in 1.0.0)",
    ]);
    expect(requests).toContain("/tiny-clock/-/tiny-clock-1.0.0.tgz");

    // What was downloaded went into the npm cache: the next run needs no network.
    requests.length = 0;
    const cached = await diffJson(head, ["--base", "../base"], env);
    expect(cached.result.findings).toHaveLength(1);
    expect(requests).toEqual([]);
  });
});
