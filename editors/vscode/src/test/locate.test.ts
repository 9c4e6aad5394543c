import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { test } from "node:test";

import { expandHome, findProgram, parseDoctor, problems } from "../locate";

test("the setting first, then PATH; a setting that names nothing finds nothing", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "dlvbridge-locate-"));
  const a = path.join(dir, "a");
  const b = path.join(dir, "b");
  mkdirSync(a);
  mkdirSync(b);
  const onPath = path.join(b, "dlvbridge");
  writeFileSync(onPath, "#!/bin/sh\n");
  chmodSync(onPath, 0o755);
  const notExecutable = path.join(a, "dlvbridge");
  writeFileSync(notExecutable, "");
  chmodSync(notExecutable, 0o644);
  const envPath = [a, b].join(path.delimiter);

  assert.deepEqual(findProgram("dlvbridge", "", envPath, "linux"), { path: onPath, source: "PATH" });
  assert.deepEqual(findProgram("dlvbridge", onPath, "", "linux"), { path: onPath, source: "setting" });
  assert.deepEqual(findProgram("dlvbridge", "dlvbridge", envPath, "linux"), { path: onPath, source: "setting" });
  assert.equal(findProgram("dlvbridge", notExecutable, envPath, "linux"), undefined);
  assert.equal(findProgram("dlvbridge", path.join(dir, "nope"), envPath, "linux"), undefined);
  assert.equal(findProgram("dlvbridge", "", a, "linux"), undefined);
});

test("home is expanded", () => {
  assert.equal(expandHome("~/bin/dlvbridge", "/home/me"), path.join("/home/me", "bin/dlvbridge"));
  assert.equal(expandHome("${userHome}/x", "/home/me"), "/home/me/x");
  assert.equal(expandHome("/abs/x", "/home/me"), "/abs/x");
});

test("doctor's JSON: problems first by severity, junk ignored", () => {
  const checks = parseDoctor(
    JSON.stringify({
      checks: [
        { id: "dlv", status: "ok", message: "dlv 1.27.2" },
        { id: "optimizations", status: "warning", message: "built with optimizations", fix: "rebuild" },
        { id: "dwarf", status: "error", message: "no DWARF" },
        { id: 3, status: "error", message: "bad" },
        { id: "x", status: "fatal", message: "bad" },
      ],
    }),
  );
  assert.deepEqual(
    problems(checks).map((c) => c.id),
    ["dwarf", "optimizations"],
  );
  assert.deepEqual(parseDoctor("not json"), []);
  assert.deepEqual(parseDoctor('{"checks": 1}'), []);
});
