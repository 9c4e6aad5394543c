// dlvbridge for VS Code: starts `dlvbridge lsp` for Go files and breakpoint
// texts, sends it every breakpoint, and runs `dlvbridge` debug sessions in
// that same process.

import * as vscode from "vscode";

import { BreakpointSync } from "./breakpointSync";
import { SCHEME } from "./breakpointText";
import { BreakpointTextFileSystem, closeOnManualSave, editBreakpointText } from "./conditionEditor";
import { AdapterFactory, DEBUG_TYPE, DlvbridgeConfigurations, GoPathRules } from "./debug";
import { DLV_INSTALL_COMMAND, dlvMessage, problems, runDoctor } from "./locate";
import { Notices } from "./notices";
import { dlvEnv, Server, workspaceRoot } from "./server";

let server: Server | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel("dlvbridge");
  const notices = new Notices(output);
  server = new Server(output, notices);
  const sync = new BreakpointSync(server, output);
  const texts = new BreakpointTextFileSystem();

  context.subscriptions.push(
    output,
    server,
    sync,
    texts,
    vscode.workspace.registerFileSystemProvider(SCHEME, texts, { isCaseSensitive: true }),
    closeOnManualSave(),
    vscode.commands.registerCommand("dlvbridge.editBreakpointCondition", (arg) => editBreakpointText("condition", arg)),
    vscode.commands.registerCommand("dlvbridge.editBreakpointHitCondition", (arg) =>
      editBreakpointText("hitCondition", arg),
    ),
    vscode.commands.registerCommand("dlvbridge.editBreakpointLogMessage", (arg) => editBreakpointText("logMessage", arg)),
    vscode.commands.registerCommand("dlvbridge.restartServer", () => server?.restart()),
    vscode.commands.registerCommand("dlvbridge.showLog", () => output.show(true)),
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, new AdapterFactory(server, output)),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new DlvbridgeConfigurations(server, notices)),
    vscode.debug.registerDebugConfigurationProvider("go", new GoPathRules(server, output)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("dlvbridge.path") || e.affectsConfiguration("dlvbridge.dlvPath")) {
        void server?.restart().then(() => checkDlv(notices, output));
      }
    }),
  );

  const client = await server.ready();
  if (client !== undefined) {
    void checkDlv(notices, output);
  }
}

/** Tells the user once if Delve is missing or unusable (what `dlvbridge doctor` finds). */
async function checkDlv(notices: Notices, output: vscode.OutputChannel): Promise<void> {
  const found = server?.locate();
  if (found === undefined) {
    return;
  }
  try {
    const checks = await runDoctor(found.path, { workspace: workspaceRoot(), env: dlvEnv() });
    for (const check of problems(checks).filter((c) => c.id === "dlv")) {
      notices.show("doctor-dlv", check.status === "error" ? "error" : "warning", dlvMessage(check.message), {
        copy: DLV_INSTALL_COMMAND,
        setting: "dlvbridge.dlvPath",
      });
    }
  } catch (error) {
    output.appendLine(`dlvbridge doctor failed: ${String(error)}`);
  }
}

export async function deactivate(): Promise<void> {
  await server?.stop();
}
