import assert from "node:assert/strict";
import { test } from "node:test";

import { formatUri, normalizeText, parseQuery, parseUri } from "../breakpointText";

test("breakpoint text URIs are spelled as the contract says", () => {
  assert.equal(
    formatUri({ path: "/home/me/orders/main.go", line: 54, kind: "condition" }),
    "go-breakpoint:///home/me/orders/main.go?line=54&kind=condition",
  );
  assert.equal(
    formatUri({ path: "/home/me/my project/ä.go", line: 1, kind: "logMessage" }),
    "go-breakpoint:///home/me/my%20project/%C3%A4.go?line=1&kind=logMessage",
  );
  // A Windows path as vscode.Uri.path spells it keeps its drive colon.
  assert.equal(
    formatUri({ path: "/c:/Users/dev/proj/main.go", line: 7, kind: "hitCondition" }),
    "go-breakpoint:///c:/Users/dev/proj/main.go?line=7&kind=hitCondition",
  );
});

test("formatted URIs read back", () => {
  for (const ref of [
    { path: "/home/me/orders/main.go", line: 54, kind: "condition" as const },
    { path: "/home/me/my project/#?%.go", line: 3, kind: "logMessage" as const },
    { path: "/c:/Users/dev/main.go", line: 12, kind: "hitCondition" as const },
  ]) {
    assert.deepEqual(parseUri(formatUri(ref)), ref);
  }
  // Without the empty authority, as vscode.Uri spells it, is read too.
  assert.deepEqual(parseUri("go-breakpoint:/a/b.go?line=5&kind=logMessage"), {
    path: "/a/b.go",
    line: 5,
    kind: "logMessage",
  });
});

test("queries without a usable line or kind name nothing", () => {
  assert.deepEqual(parseQuery("line=9"), { line: 9, kind: "condition" });
  assert.deepEqual(parseQuery("kind=hitCondition&line=2"), { line: 2, kind: "hitCondition" });
  for (const bad of ["", "line=0", "line=-1", "line=x", "line=4&kind=watch", "kind=condition"]) {
    assert.equal(parseQuery(bad), undefined, bad);
  }
  assert.equal(parseUri("file:///a/b.go?line=1&kind=condition"), undefined);
  assert.equal(parseUri("go-breakpoint:///a/b.go"), undefined);
  assert.equal(parseUri("go-breakpoint:///a/%E0%A4%A.go?line=1"), undefined);
});

test("blank texts clear a field; lines are joined", () => {
  assert.equal(normalizeText(""), undefined);
  assert.equal(normalizeText("  \n "), undefined);
  assert.equal(normalizeText(" o.ID == 2\n"), "o.ID == 2");
  assert.equal(normalizeText("a &&\r\nb"), "a && b");
});
