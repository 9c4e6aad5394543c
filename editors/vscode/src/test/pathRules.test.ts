import assert from "node:assert/strict";
import { test } from "node:test";

import { binaryToMap, debuggedBinary, substitutePath } from "../pathRules";

test("the binary a configuration debugs", () => {
  assert.equal(debuggedBinary({ request: "launch", mode: "exec", program: "./app" }, "linux"), "./app");
  assert.equal(debuggedBinary({ request: "launch", mode: "core", program: "/b/app" }, "linux"), "/b/app");
  assert.equal(debuggedBinary({ request: "launch", mode: "debug", program: "." }, "linux"), undefined);
  assert.equal(debuggedBinary({ request: "launch", program: "." }, "linux"), undefined);
  assert.equal(debuggedBinary({ request: "attach", mode: "local", processId: 42 }, "linux"), "/proc/42/exe");
  assert.equal(debuggedBinary({ request: "attach", mode: "local", processId: "42" }, "linux"), "/proc/42/exe");
  assert.equal(debuggedBinary({ request: "attach", processId: 42 }, "darwin"), undefined);
  assert.equal(debuggedBinary({ request: "attach", mode: "local", processId: "${command:pickProcess}" }, "linux"), undefined);
  assert.equal(debuggedBinary({ request: "attach", mode: "remote", program: "./copy" }, "linux"), "./copy");
  assert.equal(debuggedBinary({ request: "attach", mode: "remote" }, "linux"), undefined);
});

test("a configuration's own substitutePath is left alone", () => {
  const mine = { request: "launch", mode: "exec", program: "./app", substitutePath: [{ from: "/a", to: "/b" }] };
  assert.equal(binaryToMap(mine, "linux"), undefined);
  assert.equal(binaryToMap({ ...mine, substitutePath: [] }, "linux"), "./app");
});

test("rules become Delve's substitutePath", () => {
  assert.deepEqual(
    substitutePath({ rules: [{ from: "/home/me/app", to: "/app", why: "docker root" }], unmapped: ["/x"] }),
    [{ from: "/home/me/app", to: "/app" }],
  );
});
