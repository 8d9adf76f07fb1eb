import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { expect, it } from "vitest";
import { SHARED_COPY, sharedDirectory } from "../helpers/shared.js";

function files(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const original = sharedDirectory();

it.runIf(original !== SHARED_COPY)("the copy in test/fixtures/shared equals the shared folder it was taken from", () => {
  for (const folder of ["schemas", "testdata"]) {
    const names = files(join(original, folder)).map((path) => relative(original, path)).sort();
    expect(files(join(SHARED_COPY, folder)).map((path) => relative(SHARED_COPY, path)).sort()).toEqual(names);
    for (const name of names) expect(readFileSync(join(SHARED_COPY, name)), name).toEqual(readFileSync(join(original, name)));
  }
});
