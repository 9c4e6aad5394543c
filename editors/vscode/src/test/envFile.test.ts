import assert from "node:assert/strict";
import { test } from "node:test";

import { mergeEnv, parseEnvFile } from "../envFile";

test("env files: comments, export, quotes, last wins", () => {
  const text = [
    "# comment",
    "",
    "A=1",
    "export B = two words ",
    "C=\"quoted \\\"x\\\"\\nnext\"",
    "D='single $x'",
    "not a line",
    "A=3",
    "E=",
  ].join("\n");
  assert.deepEqual(parseEnvFile(text), { A: "3", B: "two words", C: 'quoted "x"\nnext', D: "single $x", E: "" });
});

test("env wins over files, null removes", () => {
  assert.deepEqual(mergeEnv([{ A: "1", B: "1" }, { B: "2" }], { A: null, C: "3" }), { A: null, B: "2", C: "3" });
  assert.deepEqual(mergeEnv([], undefined), {});
});
