import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toPlainValue } from "../../src/json-document/file.js";
import {
  findDuplicateKey,
  getProperty,
  JsonSyntaxError,
  parseJsonWithPositions,
  positionAt,
  type JsonNode,
  type JsonObjectNode,
} from "../../src/json-document/parse.js";

function objectNode(node: JsonNode): JsonObjectNode {
  if (node.kind !== "object") throw new Error(`expected an object, got ${node.kind}`);
  return node;
}

function syntaxError(text: string): JsonSyntaxError {
  try {
    parseJsonWithPositions(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) return error;
    throw error;
  }
  throw new Error("parsed without error");
}

describe("parseJsonWithPositions", () => {
  const text = ['{', '  "name": "app",', '  "dependencies": {', '    "ms": "^2.1.3",', '\t"é\\u00e9": [1, true, null]', "  }", "}", ""].join("\n");
  const root = objectNode(parseJsonWithPositions(text));

  it("records the line and column of keys and values", () => {
    const dependencies = getProperty(root, "dependencies");
    expect(dependencies).toMatchObject({ line: 3, column: 3 });
    const section = objectNode(dependencies?.value ?? root);
    const ms = getProperty(section, "ms");
    expect(ms).toMatchObject({ key: "ms", line: 4, column: 5 });
    expect(ms?.value).toMatchObject({ kind: "string", value: "^2.1.3", line: 4, column: 11 });
    expect(text.slice(ms?.value.start, ms?.value.end)).toBe('"^2.1.3"');
    expect(getProperty(section, "éé")).toMatchObject({ line: 5, column: 2 });
  });

  it("finds the last of duplicate keys, as JSON.parse keeps", () => {
    const small = objectNode(parseJsonWithPositions('{"a": 1, "a": 2}'));
    expect(getProperty(small, "a")?.value).toMatchObject({ value: 2 });
    const many = `{${Array.from({ length: 40 }, (_, index) => `"k${index % 20}": ${index}`).join(", ")}}`;
    expect(getProperty(objectNode(parseJsonWithPositions(many)), "k3")?.value).toMatchObject({ value: 23 });
  });

  it("accepts a byte order mark, as npm does", () => {
    expect(toPlainValue(parseJsonWithPositions('\ufeff{"a": 1}'))).toEqual({ a: 1 });
  });

  it.each([
    ['{"a": 1', 1, 8, "unexpected end of file, expected ',' or '}' after the value of \"a\" (the file looks truncated)"],
    ['{"a": "b', 1, 7, "unterminated string (the file looks truncated)"],
    ['{\n  "a": 1,\n}', 3, 1, "unexpected '}', expected a property name"],
    ["{'a': 1}", 1, 2, "unexpected ''', expected a property name or '}'"],
    ['{"a": 01}', 1, 8, "unexpected '1', expected ',' or '}' after the value of \"a\""],
    ['{"a": "x\ny"}', 1, 9, "control character in a string (a line break must be written \\n)"],
    ['{"a": "\\x"}', 1, 8, "invalid escape in a string"],
    ['{"a": tru}', 1, 7, "unexpected 't', expected a value"],
    ["{} {}", 1, 4, "unexpected '{', expected end of file after the top-level value"],
    ["", 1, 1, "unexpected end of file, expected a value (the file looks truncated)"],
  ])("reports %j at %i:%i", (input, line, column, message) => {
    const error = syntaxError(input);
    expect([error.line, error.column, error.message]).toEqual([line, column, message]);
  });

  it("rejects nesting deep enough to exhaust the stack", () => {
    expect(syntaxError(`${"[".repeat(600)}${"]".repeat(600)}`).message).toBe("nesting deeper than 512 levels");
  });

  it("agrees with JSON.parse on every JSON document", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(0, 2, "\t"), (value, indent) => {
        const json = JSON.stringify(value, null, indent);
        expect(toPlainValue(parseJsonWithPositions(json))).toEqual(JSON.parse(json));
      }),
    );
  });

  it("rejects exactly what JSON.parse rejects", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json().map((json) => json.slice(0, -1)), fc.json().map((json) => `${json},`)), (text) => {
        let expected = true;
        try {
          JSON.parse(text);
        } catch {
          expected = false;
        }
        let actual = true;
        try {
          parseJsonWithPositions(text);
        } catch (error) {
          expect(error).toBeInstanceOf(JsonSyntaxError);
          actual = false;
        }
        expect(actual).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it("gives every property of a pretty-printed object the line JSON.stringify put it on", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 1 }), { minKeys: 1 }), (value) => {
        const json = JSON.stringify(value, null, 2);
        const root = objectNode(parseJsonWithPositions(json));
        for (const property of root.properties) {
          const { line, column } = positionAt(json, property.keyStart);
          expect([property.line, property.column]).toEqual([line, column]);
          expect(json.slice(property.keyStart).startsWith(JSON.stringify(property.key))).toBe(true);
        }
      }),
    );
  });
});

describe("positionAt", () => {
  it("counts lines and columns from 1", () => {
    expect(positionAt("ab\ncd\n", 0)).toEqual({ line: 1, column: 1 });
    expect(positionAt("ab\ncd\n", 4)).toEqual({ line: 2, column: 2 });
    expect(positionAt("ab\ncd\n", 6)).toEqual({ line: 3, column: 1 });
  });
});

describe("findDuplicateKey", () => {
  const duplicate = (text: string) => {
    const found = findDuplicateKey(parseJsonWithPositions(text));
    return found && [found.second.key, found.first.line, found.second.line, found.second.column];
  };

  it("finds the first repeated key in file order, at any depth, inside arrays too", () => {
    expect(duplicate('{ "a": 1, "b": { "c": 1 } }')).toBeUndefined();
    expect(duplicate('{ "a": 1,\n  "b": [{ "c": 1,\n "c": 2 }],\n  "a": 2 }')).toEqual(["c", 2, 3, 2]);
    expect(duplicate('{ "x": { "y": 1, "y": 2 }, "x": 3 }')).toEqual(["y", 1, 1, 18]);
  });

  it("tells keys apart exactly: escapes are decoded, case is kept", () => {
    expect(duplicate('{ "a": 1, "\\u0061": 2 }')).toEqual(["a", 1, 1, 11]);
    expect(duplicate('{ "a": 1, "A": 2 }')).toBeUndefined();
  });
});
