// One message per bad set-up: each problem is shown once per window (until
// the server is restarted), with the action that fixes it.

import * as vscode from "vscode";

export interface NoticeActions {
  /** A command line to copy (an install command). */
  copy?: string;
  /** A setting to open. */
  setting?: string;
  /** Offer the dlvbridge log. */
  log?: boolean;
}

export class Notices {
  private readonly shown = new Set<string>();

  constructor(private readonly output: vscode.OutputChannel) {}

  /** Shows `message` unless a notice with this `id` was shown already. */
  show(id: string, severity: "error" | "warning", message: string, actions: NoticeActions = {}): void {
    if (this.shown.has(id)) {
      return;
    }
    this.shown.add(id);
    const buttons: string[] = [];
    if (actions.copy !== undefined) {
      buttons.push("Copy Command");
    }
    if (actions.setting !== undefined) {
      buttons.push("Open Settings");
    }
    if (actions.log === true) {
      buttons.push("Show Log");
    }
    const shown =
      severity === "error"
        ? vscode.window.showErrorMessage(message, ...buttons)
        : vscode.window.showWarningMessage(message, ...buttons);
    void shown.then(async (choice) => {
      if (choice === "Copy Command" && actions.copy !== undefined) {
        await vscode.env.clipboard.writeText(actions.copy);
      } else if (choice === "Open Settings" && actions.setting !== undefined) {
        await vscode.commands.executeCommand("workbench.action.openSettings", actions.setting);
      } else if (choice === "Show Log") {
        this.output.show(true);
      }
    });
  }

  /** Forgets what was shown (after a restart the user may have fixed it). */
  reset(): void {
    this.shown.clear();
  }
}
