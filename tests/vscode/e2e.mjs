// The VS Code extension in a real VS Code (code-server 4.100.3, i.e. VS Code
// 1.100.3, in headless Chromium) against real dlv, on a copy of
// examples/orders. Every step saves a screenshot into
// target/vscode-test/screenshots; a failing step saves one too and prints
// the dlvbridge log.
//
// Expects (tests/vscode/run does it): the .vsix built, dlvbridge on PATH,
// dlv on PATH, code-server in .tools/code-server, Chromium.

import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const OUT = path.join(REPO, "target/vscode-test");
const SHOTS = path.join(OUT, "screenshots");
const WS = path.join(OUT, "orders");
const USER_DATA = path.join(OUT, "user-data");
const EXTENSIONS = path.join(OUT, "extensions");
const CODE_SERVER = path.join(REPO, ".tools/code-server/node_modules/.bin/code-server");
const VSIX = path.join(REPO, "editors/vscode/dist/dlvbridge.vsix");
// A `go` debug type running real `dlv dap`, standing in for the Go extension.
const GO_ADAPTER = path.join(REPO, "tests/vscode/go-adapter");
const VSCE = path.join(REPO, "editors/vscode/node_modules/.bin/vsce");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

// examples/orders/main.go: line 44 is in (*Order).Total (receiver `o`),
// 52 and 54 in process(o *Order).
const LINE_TOTAL = 44;
const LINE_LABEL = 52;
const LINE_RETURN = 54;

const started = Date.now();
let shotNumber = 0;
let page;
let codeServer;
let browser;
let remotePort;

function log(message) {
  const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
  console.log(`[${seconds}s] ${message}`);
}

async function screenshot(name) {
  shotNumber += 1;
  const file = path.join(SHOTS, `${String(shotNumber).padStart(2, "0")}-${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/**
 * A close-up of the page for the README (`detail-NAME.png`): the part of
 * the window between `top` and `bottom` (page pixels), from the editor's
 * left edge.
 */
async function detail(name, top, bottom, left = 340, right = 1200) {
  const y = Math.max(0, Math.round(top));
  const clip = { x: left, y, width: right - left, height: Math.min(900, Math.round(bottom)) - y };
  await page.screenshot({ path: path.join(SHOTS, `detail-${name}.png`), clip });
}

const boxOf = async (locator) => (await locator.first().boundingBox()) ?? { x: 0, y: 0, width: 0, height: 0 };

/** Runs one acceptance step; a failure leaves a screenshot and the dlvbridge log. */
async function step(name, body) {
  log(`step: ${name}`);
  try {
    await body();
  } catch (error) {
    if (page !== undefined) {
      await screenshot(`FAILED-${name.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}`).catch(() => undefined);
      const outputLog = await dlvbridgeLog().catch(() => "(no log)");
      console.error(`--- dlvbridge output channel ---\n${outputLog}\n---`);
    }
    throw new Error(`step "${name}" failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

/** Polls `probe` until it returns a truthy value. */
async function until(what, probe, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await probe();
    if (last) {
      return last;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function run(command, args, options = {}) {
  return execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], ...options });
}

// ---------------------------------------------------------------- set-up

async function prepareWorkspace() {
  rmSync(OUT, { recursive: true, force: true });
  for (const dir of [SHOTS, WS, path.join(WS, ".vscode"), path.join(USER_DATA, "User"), EXTENSIONS]) {
    mkdirSync(dir, { recursive: true });
  }
  for (const file of ["go.mod", "main.go"]) {
    copyFileSync(path.join(REPO, "examples/orders", file), path.join(WS, file));
  }
  // A binary built as in a container: every path in its debug info starts
  // with /app, none of which exists here.
  const trim = `-trimpath=${WS}=>/app`;
  run("go", ["build", `-gcflags=all=-N -l ${trim}`, `-asmflags=all=${trim}`, "-o", "app", "."], { cwd: WS });
  const inferred = JSON.parse(run("dlvbridge", ["paths", "--json", "app", "--workspace", WS], { cwd: WS }));
  check(
    inferred.rules.some((r) => r.to === "/app" && r.from === WS),
    `the foreign build should need the rule ${WS} => /app, dlvbridge paths says ${JSON.stringify(inferred)}`,
  );
  // Where the test's `dlv --headless` listens for the remote attach.
  remotePort = await freePort();
  // The same program without debug information.
  run("go", ["build", "-ldflags=-s -w", "-o", "app-stripped", "."], { cwd: WS });

  writeFileSync(
    path.join(WS, ".vscode/launch.json"),
    JSON.stringify(
      {
        version: "0.2.0",
        configurations: [
          {
            name: "Debug orders",
            type: "dlvbridge",
            request: "launch",
            mode: "debug",
            program: "${workspaceFolder}",
            strictConditions: true,
          },
          {
            name: "Run app built in /app",
            type: "dlvbridge",
            request: "launch",
            mode: "exec",
            program: "${workspaceFolder}/app",
          },
          {
            name: "Go extension: app built in /app",
            type: "go",
            request: "launch",
            mode: "exec",
            program: "${workspaceFolder}/app",
          },
          {
            name: "Connect to dlv --headless",
            type: "dlvbridge",
            request: "attach",
            mode: "remote",
            host: "127.0.0.1",
            port: remotePort,
          },
          {
            name: "Run stripped app",
            type: "dlvbridge",
            request: "launch",
            mode: "exec",
            program: "${workspaceFolder}/app-stripped",
          },
        ],
      },
      null,
      2,
    ),
  );
  writeFileSync(path.join(USER_DATA, "User/settings.json"), JSON.stringify(userSettings(), null, 2));
}

function userSettings() {
  return {
    // No stray keystroke may reach a file on disk.
    "files.autoSave": "off",
    "files.hotExit": "off",
    "security.workspace.trust.enabled": false,
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": false,
    "workbench.enableExperiments": false,
    "extensions.ignoreRecommendations": true,
    "telemetry.telemetryLevel": "off",
    "update.mode": "none",
    "editor.minimap.enabled": false,
    "editor.fontSize": 15,
    "window.restoreWindows": "none",
    "workbench.secondarySideBar.defaultVisibility": "hidden",
    "chat.commandCenter.enabled": false,
    "git.openRepositoryInParentFolders": "never",
  };
}

async function startCodeServer() {
  const port = await freePort();
  const config = path.join(OUT, "code-server.yaml");
  writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const common = ["--config", config, "--user-data-dir", USER_DATA, "--extensions-dir", EXTENSIONS];

  const installed = run(CODE_SERVER, [...common, "--install-extension", VSIX]);
  check(/successfully installed/i.test(installed), `installing the .vsix said: ${installed}`);
  const goAdapter = path.join(OUT, "go-adapter.vsix");
  run(VSCE, ["package", "--no-dependencies", "--skip-license", "--allow-missing-repository", "-o", goAdapter], {
    cwd: GO_ADAPTER,
  });
  run(CODE_SERVER, [...common, "--install-extension", goAdapter]);
  const listed = run(CODE_SERVER, [...common, "--list-extensions", "--show-versions"]);
  const version = JSON.parse(readFileSync(path.join(REPO, "editors/vscode/package.json"), "utf8")).version;
  check(listed.includes(`dlvbridge.dlvbridge@${version}`), `installed extensions: ${listed}`);
  log(`installed dlvbridge.dlvbridge@${version}`);

  const logFile = path.join(OUT, "code-server.log");
  codeServer = spawn(
    CODE_SERVER,
    [
      ...common,
      "--disable-telemetry",
      "--disable-update-check",
      "--disable-workspace-trust",
      "--disable-getting-started-override",
      "--ignore-last-opened",
      WS,
    ],
    // VSCODE_CLI=1: the extension host keeps this environment (PATH with
    // dlvbridge, dlv and go) instead of the user's login shell's.
    { detached: true, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, VSCODE_CLI: "1" } },
  );
  let output = "";
  const collect = (chunk) => {
    output += chunk.toString();
    writeFileSync(logFile, output);
  };
  codeServer.stdout.on("data", collect);
  codeServer.stderr.on("data", collect);
  await until("code-server to listen", () => output.includes("HTTP server listening"), 60_000);
  return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(WS)}`;
}

function stopCodeServer() {
  if (codeServer?.pid !== undefined && codeServer.exitCode === null) {
    try {
      process.kill(-codeServer.pid, "SIGTERM"); // its own process group: code-server and its extension host
    } catch {
      // already gone
    }
  }
}

// ---------------------------------------------------------------- the workbench

const editor = () => page.locator(".editor-group-container.active .monaco-editor").first();

async function openFile(name) {
  await page.keyboard.press("Control+P");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible" });
  await input.fill(name);
  await page.locator(".quick-input-list .monaco-list-row", { hasText: name }).first().waitFor();
  await page.keyboard.press("Enter");
  await page.locator(`.tab.active[data-resource-name="${name}"]`).waitFor();
}

async function runCommand(title) {
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible" });
  await input.fill(`>${title}`);
  await page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first().waitFor();
  await page.keyboard.press("Enter");
}

async function gotoLine(line) {
  await editor().click({ position: { x: 300, y: 10 } });
  await page.keyboard.press("Control+G");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible" });
  await input.fill(`:${line}`);
  await page.keyboard.press("Enter");
  await input.waitFor({ state: "hidden" });
}

/** The screen box of a line's number in the active editor (the line is revealed first). */
async function lineBox(line) {
  const number = editor()
    .locator(".margin-view-overlays .line-numbers")
    .filter({ hasText: new RegExp(`^\\s*${line}\\s*$`) })
    .first();
  await number.waitFor();
  // The editor may still be scrolling to the line: wait until it stands still.
  let box = await number.boundingBox();
  for (let i = 0; i < 20; i++) {
    await new Promise((r) => setTimeout(r, 150));
    const again = await number.boundingBox();
    if (again !== null && box !== null && again.y === box.y) {
      return again;
    }
    box = again;
  }
  return box;
}

/** A point in the glyph margin (where breakpoints are) at `line`. */
async function glyphPoint(line) {
  const box = await lineBox(line);
  const margin = await editor().locator(".glyph-margin").first().boundingBox();
  return { x: margin.x + margin.width / 2, y: box.y + box.height / 2 };
}

/** Opens the breakpoint box from the gutter's menu and waits until it has the keyboard. */
async function openBox(line, item) {
  await gutterMenu(line, item);
  // Off the box, whose tooltip would cover the suggestions in screenshots.
  await page.mouse.move(150, 450);
  await until(
    "the box's tooltip to go",
    async () => (await page.locator(".workbench-hover-container, .monaco-hover:not(.hidden)").count()) === 0,
    5_000,
  ).catch(() => undefined); // cosmetic only
  await page.locator(".breakpoint-widget .monaco-editor.focused").waitFor();
}

/** Picks an item of the open context menu (a click can land while it still animates: Enter then). */
async function pickMenuItem(item) {
  const action = page.locator(".monaco-menu .action-label", { hasText: item }).first();
  await action.waitFor({ timeout: 5_000 });
  await action.hover();
  await action.click();
  const menu = page.locator(".monaco-menu").first();
  try {
    await menu.waitFor({ state: "hidden", timeout: 2_000 });
  } catch {
    await action.hover();
    await page.keyboard.press("Enter");
    await menu.waitFor({ state: "hidden", timeout: 5_000 });
  }
}

async function gutterMenu(line, item) {
  await gotoLine(line);
  const at = await glyphPoint(line);
  await page.mouse.click(at.x, at.y, { button: "right" });
  await page.locator(".monaco-menu .action-label").first().waitFor({ timeout: 5_000 });
  gutterMenuItems = await page.locator(".monaco-menu .action-label").allInnerTexts();
  await pickMenuItem(item);
}

/** The items of the last gutter menu opened. */
let gutterMenuItems = [];

/** The breakpoint glyphs of the active editor, by line (glyphs and line numbers are matched by height). */
async function breakpointGlyphs() {
  const found = await editor().evaluate((root) => {
    const numbers = [...root.querySelectorAll(".margin-view-overlays .line-numbers")].map((n) => ({
      line: Number(n.textContent.trim()),
      box: n.getBoundingClientRect(),
    }));
    const out = [];
    for (const glyph of root.querySelectorAll("[class*='codicon-debug-breakpoint']")) {
      const box = glyph.getBoundingClientRect();
      const y = box.top + box.height / 2;
      const at = numbers.find((n) => y >= n.box.top && y < n.box.bottom);
      const kind = [...glyph.classList].find((c) => c.startsWith("codicon-debug-breakpoint"));
      if (at !== undefined && kind !== undefined) {
        out.push([at.line, kind]);
      }
    }
    return out;
  });
  const byLine = new Map();
  for (const [line, kind] of found) {
    byLine.set(line, [...(byLine.get(line) ?? []), kind]);
  }
  return byLine;
}

async function suggestions() {
  return page
    .locator(".suggest-widget.visible .monaco-list-row .label-name")
    .evaluateAll((labels) => labels.map((l) => l.textContent ?? ""));
}

async function suggestClosed() {
  await until("the suggestion list to close", async () => (await page.locator(".suggest-widget.visible").count()) === 0, 5_000);
}

async function typeSlowly(text) {
  await page.keyboard.type(text, { delay: 60 });
}

/** The breakpoint box's text. */
async function boxText() {
  return (await page.locator(".breakpoint-widget .view-lines").first().innerText()).replace(/\u00a0/g, " ").trim();
}

/** Fails unless the breakpoint box comes to read `expected`: the editor may
 * render an accepted suggestion a frame after the list closes. */
async function checkBoxReads(expected, what) {
  let last = "";
  await until(`the box to read ${expected}`, async () => (last = await boxText()) === expected, 5_000).catch(() => undefined);
  check(last === expected, `${what}: expected ${expected}, the box reads ${last}`);
}

async function problemsText() {
  return page.locator(".markers-panel").first().innerText();
}

async function callStackText() {
  return page.locator(".debug-call-stack").first().innerText();
}

async function dlvbridgeLog() {
  await runCommand("dlvbridge: Show Log");
  const view = page.locator(".output-view .view-lines").first();
  await view.waitFor({ timeout: 5_000 });
  return view.innerText();
}

/**
 * Sets a setting the way a user does, in the Settings editor. dlvbridge's
 * paths are machine settings: in code-server (a remote window) they live on
 * the Remote tab.
 */
async function setSetting(id, label, value) {
  await runCommand("Preferences: Open Remote Settings");
  const search = page.locator(".settings-editor .settings-header .monaco-editor").first();
  await search.waitFor();
  await search.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.type(id);
  const row = page
    .locator(".settings-editor .setting-item-contents")
    .filter({ has: page.locator(".setting-item-label", { hasText: new RegExp(`^${label}$`) }) })
    .first();
  const input = row.locator("input").first();
  await input.waitFor();
  await input.fill(value);
  await page.keyboard.press("Tab");
  await page.keyboard.press("Control+W"); // close the Settings editor
}

/** How many notifications (shown or in the notification center) mention `text`. */
async function notificationCount(text) {
  return page.locator(".notification-list-item", { hasText: text }).count();
}

async function notificationsText() {
  return page.locator(".notifications-toasts").first().innerText().catch(() => "");
}

/** Starts a launch configuration through Quick Open's `debug ` prefix. */
async function startDebugging(configuration) {
  await page.keyboard.press("Control+P");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible" });
  await input.fill(`debug ${configuration}`);
  await page.locator(".quick-input-list .monaco-list-row", { hasText: configuration }).first().waitFor();
  await page.keyboard.press("Enter");
  await input.waitFor({ state: "hidden" });
}

/** Waits until the session is paused and returns the Call Stack's text. */
async function pausedAt(file, line, timeoutMs = 120_000) {
  // The top frame's row: "main.process  main.go  54".
  const want = new RegExp(`${file.replace(".", "\\.")}\\s+${line}\\b`);
  return until(
    `a stop at ${file}:${line}`,
    async () => {
      const text = await callStackText().catch(() => "");
      const top = text.split(/\n/).findIndex((l) => /paused on breakpoint/i.test(l));
      return top >= 0 && want.test(text.split(/\n/).slice(top, top + 6).join(" ")) ? text : false;
    },
    timeoutMs,
  );
}

async function stopDebugging() {
  await page.keyboard.press("Shift+F5");
  await until("the session to end", async () => (await page.locator(".debug-toolbar").count()) === 0 || !(await page.locator(".debug-toolbar").isVisible()), 20_000);
}

// ---------------------------------------------------------------- the test

async function main() {
  await prepareWorkspace();
  const url = await startCodeServer();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.setDefaultTimeout(20_000);
  await page.goto(url);
  await page.locator(".monaco-workbench").waitFor({ timeout: 60_000 });
  log("workbench loaded");

  await step("an invalid condition is a problem before any session", async () => {
    await openFile("main.go");
    await openBox(LINE_TOTAL, /Add Conditional Breakpoint/);
    check(
      gutterMenuItems.includes("dlvbridge: Edit Breakpoint Condition"),
      `the gutter's menu should offer the condition editor: ${gutterMenuItems.join(" | ")}`,
    );
    await typeSlowly('o.Custmer.Name == "alice"');
    await suggestClosed();
    await page.keyboard.press("Enter");
    await page.locator(".breakpoint-widget").waitFor({ state: "hidden" });
    await page.keyboard.press("Control+Shift+M");
    // The first verdict waits for dlvbridge to start and index the package.
    const problems = await until(
      "the invalid condition in the Problems panel",
      async () => {
        const text = await problemsText().catch(() => "");
        return text.includes("Custmer") ? text : false;
      },
      60_000,
    );
    log(`problems: ${problems.replace(/\s+/g, " ").slice(0, 300)}`);
    check(/Customer/.test(problems.replace(/Custmer/g, "")), `the problem should suggest Customer: ${problems}`);
    check((await page.locator(".debug-toolbar").count()) === 0, "no debug session may be running yet");
    await until("the squiggle on line 44", async () => (await editor().locator(".squiggly-error").count()) > 0);
    await screenshot("invalid-condition-in-problems");
    const row = await boxOf(page.locator(".markers-panel .monaco-list-row", { hasText: "Custmer" }));
    await detail("invalid-condition-in-problems", (await lineBox(LINE_TOTAL)).y - 90, row.y + row.height + 8);
  });

  await step("the gutter's conditional breakpoint box completes o.Cu", async () => {
    await openBox(LINE_RETURN, /Add Conditional Breakpoint/);
    await typeSlowly("o.Cu");
    const items = await until("o.Customer among the suggestions", async () => {
      const labels = await suggestions();
      return labels.includes("o.Customer") ? labels : false;
    });
    log(`box suggestions for "o.Cu": ${items.join(", ")}`);
    // Dotted paths two levels deep; VS Code may add words of the document.
    check(items.includes("o.Customer.Name"), `the box should offer o.Customer.Name too: ${items}`);
    await screenshot("box-completes-o-cu");
    const widget = await boxOf(page.locator(".breakpoint-widget"));
    const list = await boxOf(page.locator(".suggest-widget.visible"));
    await detail("box-completes-o-cu", widget.y - 90, list.y + list.height + 40);
    await typeSlowly(".N");
    await until("only o.Customer.Name", async () => {
      const labels = await suggestions();
      return labels.length === 1 && labels[0] === "o.Customer.Name";
    });
    await page.keyboard.press("Enter"); // accepts the suggestion: the whole box becomes it
    await suggestClosed();
    await checkBoxReads("o.Customer.Name", "accepting the suggestion replaces the box's text");
    await typeSlowly(' == "alice"');
    await suggestClosed();
    await page.keyboard.press("Enter");
    await page.locator(".breakpoint-widget").waitFor({ state: "hidden" });
    const glyphs = await until("a conditional breakpoint glyph on line 54", async () => {
      const g = await breakpointGlyphs();
      return g.get(LINE_RETURN)?.some((c) => c.includes("conditional")) ? g : false;
    });
    log(`breakpoints: ${JSON.stringify([...glyphs])}`);
  });

  await step("a dlvbridge session stops at the valid conditional breakpoint", async () => {
    await startDebugging("Debug orders");
    const stack = await pausedAt("main.go", LINE_RETURN);
    log(`call stack: ${stack.replace(/\s+/g, " ").slice(0, 200)}`);
    await screenshot("session-stopped-at-54");
  });

  await step("the Debug Console completes o.Customer.", async () => {
    await page.keyboard.press("Control+Shift+Y");
    const input = page.locator(".repl-input-wrapper .monaco-editor").first();
    await input.waitFor();
    await input.click();
    await typeSlowly("o.Customer.");
    let items = await until("members of o.Customer", async () => {
      const labels = await suggestions();
      return labels.length > 0 ? labels : false;
    }, 10_000).catch(() => undefined);
    if (items === undefined) {
      // Not every VS Code opens the list on "."; ask for it as a user would.
      await page.keyboard.press("Control+Space");
      items = await until("members of o.Customer", async () => {
        const labels = await suggestions();
        return labels.length > 0 ? labels : false;
      });
    }
    log(`console suggestions: ${items.join(", ")}`);
    for (const field of ["Name", "Email", "Address", "Tags"]) {
      check(items.some((l) => l === field || l === `o.Customer.${field}`), `console completion should offer ${field}: ${items}`);
    }
    await screenshot("console-completes-o-customer");
    const consoleList = await boxOf(page.locator(".suggest-widget.visible"));
    await detail("console-completes-o-customer", consoleList.y - 120, 882, 340, 1100);
    await page.keyboard.press("Escape");
    await typeSlowly("Name");
    await page.keyboard.press("Enter");
    await until("the console to print alice", async () =>
      (await page.locator(".repl .monaco-list-rows").first().innerText()).includes('"alice"'),
    );
    await stopDebugging();
  });

  await step("the condition editor writes a condition back", async () => {
    await page.keyboard.press("Control+1"); // back to the code
    await gotoLine(LINE_LABEL);
    await page.keyboard.press("Shift+F10"); // the editor's context menu, at the cursor
    await pickMenuItem("dlvbridge: Edit Breakpoint Condition");
    // The editor on the breakpoint's text: VS Code marks each editor with its document's URI.
    const conditionEditor = page
      .locator('.monaco-editor[data-uri^="go-breakpoint:"], .monaco-editor:has([data-uri^="go-breakpoint:"])')
      .first();
    await conditionEditor.waitFor();
    const uri = await page.locator('[data-uri^="go-breakpoint:"]').first().getAttribute("data-uri");
    log(`condition editor on ${uri}`);
    check(decodeURIComponent(uri).endsWith(`orders/main.go?line=${LINE_LABEL}&kind=condition`), `unexpected document ${uri}`);
    // It has the keyboard as soon as it opens: typing must never reach main.go.
    await until("the condition editor to have the keyboard", async () =>
      ((await conditionEditor.getAttribute("class")) ?? "").includes("focused"),
    );
    await typeSlowly("o.Cu");
    let typed = "";
    await until("the condition editor to read o.Cu", async () => {
      typed = (await conditionEditor.locator(".view-lines").first().innerText()).replace(/\u00a0/g, " ").trim();
      return typed === "o.Cu";
    }, 5_000).catch(() => undefined);
    check(typed === "o.Cu", `what was typed into the condition editor should be there: it reads ${typed}`);
    const members = await until("Customer among the suggestions", async () => {
      const labels = await suggestions();
      return labels.some((l) => l.includes("Customer")) ? labels : false;
    });
    log(`condition editor suggestions for "o.Cu": ${members.join(", ")}`);
    await screenshot("condition-editor-completes");
    await page.keyboard.press("Escape");
    await typeSlowly("stmer != nil");
    if ((await page.locator(".suggest-widget.visible").count()) > 0) {
      await page.keyboard.press("Escape"); // in a normal editor it only closes the list
    }
    await suggestClosed();
    await until("a diagnostic under Custmer", async () => (await conditionEditor.locator(".squiggly-error").count()) > 0);
    await screenshot("condition-editor-diagnostic");
    // The quick fix the server offers, with the cursor in the wrong name.
    await page.keyboard.press("Home");
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press("ArrowRight");
    }
    await page.keyboard.press("Control+.");
    const fix = page.locator(".action-widget .monaco-list-row", { hasText: "Customer" }).first();
    await fix.waitFor({ timeout: 10_000 });
    await screenshot("condition-editor-quick-fix");
    const menu = await boxOf(page.locator(".action-widget"));
    await detail("condition-editor-quick-fix", (await boxOf(conditionEditor)).y - 170, menu.y + menu.height + 30);
    // The menu takes keys, not clicks: move to the fix, then apply it.
    for (let i = 0; i < 5 && !((await fix.getAttribute("class")) ?? "").includes("focused"); i++) {
      await page.keyboard.press("ArrowDown");
    }
    await page.keyboard.press("Enter");
    const fixed = await until("the fixed text", async () => {
      const text = (await conditionEditor.locator(".view-lines").innerText()).replace(/\u00a0/g, " ").trim();
      return text === "o.Customer != nil" ? text : false;
    });
    await until("no diagnostic left", async () => (await conditionEditor.locator(".squiggly-error").count()) === 0);
    await page.keyboard.press("Control+S");
    await until("the condition editor to close", async () => (await page.locator(".editor-group-container").count()) === 1);
    const glyphs = await until("a conditional breakpoint on line 52", async () => {
      const g = await breakpointGlyphs();
      return g.get(LINE_LABEL)?.some((c) => c.includes("conditional")) ? g : false;
    });
    log(`breakpoints: ${JSON.stringify([...glyphs])}`);
    // VS Code's own box shows what was written.
    await openBox(LINE_LABEL, /Edit Breakpoint/);
    await checkBoxReads(fixed, "VS Code's box shows the condition written back");
    await screenshot("condition-written-back");
    await page.keyboard.press("Escape");
    await page.locator(".breakpoint-widget").waitFor({ state: "hidden" });
  });

  await step("removing the invalid breakpoint clears its problem", async () => {
    await gotoLine(LINE_TOTAL);
    const at = await glyphPoint(LINE_TOTAL);
    await page.mouse.click(at.x, at.y);
    await until("line 44 without a breakpoint", async () => !(await breakpointGlyphs()).has(LINE_TOTAL));
    await page.keyboard.press("Control+Shift+M");
    await until("the problem to go", async () => !(await problemsText().catch(() => "Custmer")).includes("Custmer"));
  });

  await step("a binary built under /app binds with no configuration", async () => {
    await startDebugging("Run app built in /app");
    const first = await pausedAt("main.go", LINE_LABEL, 60_000);
    log(`call stack: ${first.replace(/\s+/g, " ").slice(0, 200)}`);
    // The editor showing the stopped line is the local file, not /app/main.go.
    const shown = await until("an editor showing the stopped line", () =>
      page.evaluate(() => {
        const line = document.querySelector(".monaco-editor .debug-top-stack-frame-line");
        return line?.closest(".monaco-editor")?.querySelector("[data-uri]")?.getAttribute("data-uri") ??
          line?.closest("[data-uri]")?.getAttribute("data-uri");
      }),
    );
    // A file VS Code cannot find locally would be a read-only `debug:` document.
    const local = new URL(shown);
    check(
      ["file:", "vscode-remote:"].includes(local.protocol) && decodeURIComponent(local.pathname) === path.join(WS, "main.go"),
      `the stop should show ${WS}/main.go, not ${shown}`,
    );
    await screenshot("foreign-binary-stopped-at-52");
    await detail("foreign-binary-stopped-at-52", 0, 660, 0, 1440);
    await page.keyboard.press("F5");
    await pausedAt("main.go", LINE_RETURN, 30_000);
    await screenshot("foreign-binary-stopped-at-54");
    await stopDebugging();
  });

  await step("a go configuration gets the inferred substitutePath", async () => {
    // The same /app binary through plain dlv dap (no dlvbridge in the
    // session): it binds only with the rules dlvbridge adds to the configuration.
    await startDebugging("Go extension: app built in /app");
    const first = await pausedAt("main.go", LINE_LABEL, 60_000);
    log(`call stack: ${first.replace(/\s+/g, " ").slice(0, 120)}`);
    await screenshot("go-configuration-stopped-at-52");
    await stopDebugging();
    const output = (await dlvbridgeLog()).replace(/\u00a0/g, " ");
    check(output.includes(`${WS} => /app`), `the dlvbridge log should show the rule given to the go configuration:\n${output}`);
  });

  await step("a remote attach to dlv --headless binds the /app build", async () => {
    const dlv = spawn("dlv", ["exec", "--headless", `--listen=127.0.0.1:${remotePort}`, "./app"], {
      cwd: WS,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let said = "";
    dlv.stdout.on("data", (chunk) => (said += chunk.toString()));
    dlv.stderr.on("data", (chunk) => (said += chunk.toString()));
    try {
      await until("dlv --headless to listen", () => said.includes("listening at"), 30_000);
      await startDebugging("Connect to dlv --headless");
      const stack = await pausedAt("main.go", LINE_LABEL, 60_000);
      log(`call stack: ${stack.replace(/\s+/g, " ").slice(0, 120)}`);
      await screenshot("remote-attach-stopped-at-52");
      await stopDebugging();
    } finally {
      try {
        process.kill(-dlv.pid, "SIGKILL");
      } catch {
        // it ended with the session
      }
    }
  });

  await step("a binary without debug information is explained", async () => {
    await startDebugging("Run stripped app");
    const toast = await until("a message about the missing debug information", async () => {
      const text = await notificationsText();
      return /no DWARF/i.test(text) ? text : false;
    });
    log(`message: ${toast.replace(/\s+/g, " ").slice(0, 200)}`);
    check((await page.locator(".debug-toolbar").count()) === 0 || !(await page.locator(".debug-toolbar").isVisible()), "no session should start");
    await screenshot("stripped-binary-message");
  });

  await step("a missing dlv is one message with the install command", async () => {
    await setSetting("dlvbridge.dlvPath", "Dlv Path", path.join(OUT, "no-such-dlv"));
    const toast = await until("a message about dlv", async () => {
      const text = await notificationsText();
      return /no-such-dlv/.test(text) ? text : false;
    }, 30_000);
    check(toast.includes("go install github.com/go-delve/delve/cmd/dlv@latest"), `the message should carry the install command: ${toast}`);
    check((await notificationCount("no-such-dlv ")) === 1, "one message, not one per request");
    await screenshot("dlv-missing-message");
  });

  await step("a missing dlvbridge is one message with the install command", async () => {
    await setSetting("dlvbridge.path", "Path", path.join(OUT, "no-such-dlvbridge"));
    const toast = await until("a message about dlvbridge", async () => {
      const text = await notificationsText();
      return /no-such-dlvbridge/.test(text) ? text : false;
    }, 30_000);
    check(/cargo install/.test(toast), `the message should carry the install command: ${toast}`);
    check((await notificationCount("no-such-dlvbridge")) === 1, "one message, not one per request");
    await screenshot("dlvbridge-missing-message");
  });

  log(`passed; screenshots in ${path.relative(REPO, SHOTS)}: ${readdirSync(SHOTS).length}`);
}

try {
  await main();
} finally {
  await browser?.close().catch(() => undefined);
  stopCodeServer();
}
