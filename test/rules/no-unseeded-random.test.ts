import rule from "../../rules/no-unseeded-random.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    // Hashing and other Math functions are deterministic.
    'import { createHash } from "node:crypto";\ncreateHash("sha256").update("x").digest("hex");',
    'const crypto = require("crypto");\ncrypto.createHash("sha1");',
    "Math.floor(3.7); Math.max(1, 2); Math.abs(-1);",
    // Seeded generators and name-based UUIDs.
    'import { seeded } from "detkit/random";\nseeded(42).next();',
    'import { v5 } from "uuid";\nv5("name", NAMESPACE);',
    'import { v3 as nameUuid } from "uuid";\nnameUuid("name", NAMESPACE);',
    // Shadowing.
    "function roll(Math: { random(): number }) { return Math.random(); }",
    "const Math = { random: () => 4 };\nMath.random();",
    'import { randomUUID } from "./ids";\nrandomUUID();',
    "const crypto = makeSeededCrypto();\ncrypto.randomUUID();",
    "function f(crypto: { getRandomValues(a: Uint8Array): Uint8Array }) { crypto.getRandomValues(new Uint8Array(4)); }",
    // Passing a seeded function is fine; passing a member named random of a local object is not the global.
    "const rng = { random: () => 0.5 };\n[1, 2].map(rng.random);",
    // Existence tests, mocking, and a variable reassigned to something else.
    'if (typeof crypto.randomUUID === "function") use();',
    "const ok = Boolean(crypto.getRandomValues);",
    'jest.spyOn(global.Math, "random").mockReturnValue(0.5);',
    "const realRandom = Math.random;\nMath.random = () => 0.5;\nafterAll(() => {\n  Math.random = realRandom;\n});",
    "let crypto = null;\ncrypto = makeFake();\ncrypto.randomUUID();",
    'let crypto = require("crypto");\ncrypto = makeFake();\ncrypto.randomUUID();',
  ],
  invalid: [
    { code: "const r = Math.random();", errors: [{ messageId: "unseeded", line: 1, column: 11, endLine: 1, endColumn: 24 }] },
    { code: "const id = crypto.randomUUID();", errors: [{ messageId: "secureRandom", line: 1, column: 12, endLine: 1, endColumn: 31 }] },
    { code: "crypto.getRandomValues(new Uint8Array(16));", errors: [{ messageId: "secureRandom", line: 1, column: 1, endLine: 1, endColumn: 43 }] },
    { code: "globalThis.crypto.randomUUID();", errors: [{ messageId: "secureRandom", line: 1, column: 1, endLine: 1, endColumn: 31 }] },
    { code: "window.Math.random();", errors: [{ messageId: "unseeded", line: 1, column: 1, endLine: 1, endColumn: 21 }] },
    { code: 'self["Math"].random();', errors: [{ messageId: "unseeded", line: 1, column: 1, endLine: 1, endColumn: 22 }] },
    { code: "const { random } = Math;\nrandom();", errors: [{ messageId: "unseeded", line: 2, column: 1, endLine: 2, endColumn: 9 }] },
    { code: "const { random: roll } = Math;\nroll();", errors: [{ messageId: "unseeded", line: 2, column: 1, endLine: 2, endColumn: 7 }] },
    { code: "const M = Math;\nM.random();", errors: [{ messageId: "unseeded", line: 2, column: 1, endLine: 2, endColumn: 11 }] },
    { code: "const r = Math.random;\nr();", errors: [{ messageId: "unseeded", line: 2, column: 1, endLine: 2, endColumn: 4 }] },
    // node:crypto in every import style.
    { code: 'import { randomUUID as id } from "node:crypto";\nid();', errors: [{ messageId: "secureRandom", line: 2, column: 1, endLine: 2, endColumn: 5 }] },
    { code: 'import { randomBytes } from "crypto";\nrandomBytes(16);', errors: [{ messageId: "secureRandom", line: 2, column: 1, endLine: 2, endColumn: 16 }] },
    { code: 'import * as c from "node:crypto";\nc.randomInt(10);', errors: [{ messageId: "secureRandom", line: 2, column: 1, endLine: 2, endColumn: 16 }] },
    { code: 'import c from "crypto";\nc.randomFillSync(buf);', errors: [{ messageId: "secureRandom", line: 2, column: 1, endLine: 2, endColumn: 22 }] },
    { code: 'import { webcrypto } from "node:crypto";\nwebcrypto.getRandomValues(buf);', errors: [{ messageId: "secureRandom", line: 2, column: 1, endLine: 2, endColumn: 31 }] },
    { code: 'const crypto = require("crypto");\ncrypto.randomBytes(8);', errors: [{ messageId: "secureRandom", line: 2, column: 1, endLine: 2, endColumn: 22 }], filename: "a.cjs" },
    { code: 'const { randomFill } = require("node:crypto");\nrandomFill(buf, cb);', errors: [{ messageId: "secureRandom", line: 2, column: 1, endLine: 2, endColumn: 20 }], filename: "a.js" },
    { code: 'require("crypto").randomUUID();', errors: [{ messageId: "secureRandom", line: 1, column: 1, endLine: 1, endColumn: 31 }], filename: "a.js" },
    // Packages.
    { code: 'import { v4 } from "uuid";\nv4();', errors: [{ messageId: "secureRandom", line: 2, column: 1, endLine: 2, endColumn: 5 }] },
    { code: 'import { v4 as uuidv4 } from "uuid";\nuuidv4();', errors: [{ messageId: "secureRandom", line: 2, column: 1, endLine: 2, endColumn: 9 }] },
    { code: 'import * as uuid from "uuid";\nuuid.v1();', errors: [{ messageId: "secureRandom", line: 2, column: 1, endLine: 2, endColumn: 10 }] },
    { code: 'const { v4 } = require("uuid");\nv4();', errors: [{ messageId: "secureRandom", line: 2, column: 1, endLine: 2, endColumn: 5 }], filename: "a.js" },
    { code: 'const uuidv4 = require("uuid/v4");\nuuidv4();', errors: [{ messageId: "secureRandom", line: 2, column: 1, endLine: 2, endColumn: 9 }], filename: "a.js" },
    { code: 'import { nanoid } from "nanoid";\nnanoid();', errors: [{ messageId: "secureRandom", line: 2, column: 1, endLine: 2, endColumn: 9 }] },
    { code: 'import { customAlphabet } from "nanoid";\nconst id = customAlphabet("abc", 8);', errors: [{ messageId: "secureRandom", line: 2, column: 12, endLine: 2, endColumn: 36 }] },
    { code: 'import _ from "lodash";\n_.shuffle([1, 2, 3]);', errors: [{ messageId: "unseeded", line: 2, column: 1, endLine: 2, endColumn: 21 }] },
    { code: 'import shuffle from "lodash/shuffle";\nshuffle(items);', errors: [{ messageId: "unseeded", line: 2, column: 1, endLine: 2, endColumn: 15 }] },
    // Handed over as a callback.
    { code: "const noise = values.map(Math.random);", errors: [{ messageId: "unseededValue", line: 1, column: 26, endLine: 1, endColumn: 37 }] },
    { code: "export const defaults = { random: Math.random };", errors: [{ messageId: "unseededValue", line: 1, column: 35, endLine: 1, endColumn: 46 }] },
    { code: "this.rng = options.rng ?? Math.random;", errors: [{ messageId: "unseededValue", line: 1, column: 27, endLine: 1, endColumn: 38 }] },
    { code: "const rng = options.rng ?? Math.random;\nrng();", errors: [{ messageId: "unseeded", line: 2, column: 1, endLine: 2, endColumn: 6 }] },
    { code: 'import { v4 } from "uuid";\nexport const ids = { make: options.makeId || v4 };', errors: [{ messageId: "secureRandomValue", line: 2, column: 46, endLine: 2, endColumn: 48 }] },
    // Math.random and the non-secure generators keep the seeded advice; only crypto-grade sources get the secure one.
    { code: 'import { nanoid } from "nanoid/non-secure";\nnanoid();', errors: [{ messageId: "unseeded", line: 2, column: 1, endLine: 2, endColumn: 9 }] },
    // Modules loaded inside try/catch, behind a feature test, through createRequire or import().then (undici).
    {
      code: 'let crypto;\ntry {\n  crypto = require("node:crypto");\n} catch {}\ncrypto.randomUUID();',
      errors: [{ messageId: "secureRandom", line: 5, column: 1, endLine: 5, endColumn: 20 }],
      filename: "a.js",
    },
    {
      code: 'const crypto = runtimeFeatures.has("crypto")\n  ? require("node:crypto")\n  : null;\ncrypto.randomBytes(16);',
      errors: [{ messageId: "secureRandom", line: 4, column: 1, endLine: 4, endColumn: 23 }],
      filename: "a.js",
    },
    {
      code: 'const random = cond\n  ? require("node:crypto").randomInt\n  : (max) => Math.floor(Math.random() * max);\nrandom(10);',
      errors: [
        { messageId: "unseeded", line: 3, column: 25, endLine: 3, endColumn: 38 },
        { messageId: "secureRandom", line: 4, column: 1, endLine: 4, endColumn: 11 },
      ],
      filename: "a.js",
    },
    {
      code: 'let cryptoModule;\ncryptoModule ??= require("crypto");\ncryptoModule.randomInt(6);',
      errors: [{ messageId: "secureRandom", line: 3, column: 1, endLine: 3, endColumn: 26 }],
      filename: "a.js",
    },
    {
      code: 'import { createRequire } from "node:module";\nconst require = createRequire(import.meta.url);\nrequire("crypto").randomBytes(4);',
      errors: [{ messageId: "secureRandom", line: 3, column: 1, endLine: 3, endColumn: 33 }],
    },
    { code: 'import("node:crypto").then((crypto) => crypto.randomBytes(8));', errors: [{ messageId: "secureRandom", line: 1, column: 40, endLine: 1, endColumn: 61 }] },
    // A function tested for existence is not a finding; the call guarded by the test is.
    { code: "const id = crypto.randomUUID && crypto.randomUUID();", errors: [{ messageId: "secureRandom", line: 1, column: 33, endLine: 1, endColumn: 52 }] },
    { code: 'import { randomUUID } from "node:crypto";\nexport const ids = { next: randomUUID };', errors: [{ messageId: "secureRandomValue", line: 2, column: 28, endLine: 2, endColumn: 38 }] },
    // A local shadow in one function does not hide the global in another.
    {
      code: "function a() { const Math = fake; return Math.random(); }\nfunction b() { return Math.random(); }",
      errors: [{ messageId: "unseeded", line: 2, column: 23, endLine: 2, endColumn: 36 }],
    },
  ],
});
