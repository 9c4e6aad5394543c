// Every breakpoint of the workspace goes to the server
// (`dlvbridge/setBreakpoints`, one file at a time), so an invalid condition
// is a diagnostic on its line before any debug session exists.

import * as vscode from "vscode";

import type { Server, SourceBreakpointArgs } from "./server";
import { SetBreakpointsRequest } from "./server";

function isGoFile(uri: vscode.Uri): boolean {
  return uri.scheme === "file" && uri.path.endsWith(".go");
}

/** The enabled breakpoints of one Go file, as DAP `setBreakpoints` lists them. */
export function breakpointsOf(file: vscode.Uri): SourceBreakpointArgs[] {
  const key = file.toString();
  return vscode.debug.breakpoints
    .filter(
      (bp): bp is vscode.SourceBreakpoint =>
        bp instanceof vscode.SourceBreakpoint && bp.enabled && bp.location.uri.toString() === key,
    )
    .map((bp) => ({
      line: bp.location.range.start.line + 1,
      condition: bp.condition || undefined,
      hitCondition: bp.hitCondition || undefined,
      logMessage: bp.logMessage || undefined,
    }))
    .sort((a, b) => a.line - b.line);
}

export class BreakpointSync implements vscode.Disposable {
  /** Files whose last sent set was not empty: they need an empty set when their last breakpoint goes. */
  private readonly withBreakpoints = new Map<string, vscode.Uri>();
  /** Requests go out one after another, in the order of the changes. */
  private queue: Promise<void> = Promise.resolve();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly server: Server,
    private readonly output: vscode.OutputChannel,
  ) {
    this.subscriptions.push(
      vscode.debug.onDidChangeBreakpoints((e) => {
        const files = new Map<string, vscode.Uri>();
        for (const bp of [...e.added, ...e.removed, ...e.changed]) {
          if (bp instanceof vscode.SourceBreakpoint && isGoFile(bp.location.uri)) {
            files.set(bp.location.uri.toString(), bp.location.uri);
          }
        }
        this.send([...files.values()]);
      }),
      // A new server (first start, restart) knows nothing yet.
      server.onDidStart(() => {
        this.withBreakpoints.clear();
        this.sendAll();
      }),
    );
  }

  /** Sends every Go file that has breakpoints. */
  sendAll(): void {
    const files = new Map<string, vscode.Uri>();
    for (const bp of vscode.debug.breakpoints) {
      if (bp instanceof vscode.SourceBreakpoint && isGoFile(bp.location.uri)) {
        files.set(bp.location.uri.toString(), bp.location.uri);
      }
    }
    this.send([...files.values()]);
  }

  private send(files: vscode.Uri[]): void {
    if (files.length === 0) {
      return;
    }
    this.queue = this.queue.then(async () => {
      const client = this.server.running;
      if (client === undefined) {
        return; // sent in full when the server starts
      }
      for (const file of files) {
        const breakpoints = breakpointsOf(file);
        if (breakpoints.length === 0 && !this.withBreakpoints.has(file.toString())) {
          continue;
        }
        try {
          const result = await client.sendRequest(SetBreakpointsRequest, {
            source: { path: file.fsPath },
            breakpoints,
          });
          if (breakpoints.length > 0) {
            this.withBreakpoints.set(file.toString(), file);
          } else {
            this.withBreakpoints.delete(file.toString());
          }
          result.breakpoints.forEach((verdict, i) => {
            if (verdict.message !== undefined && breakpoints[i] !== undefined) {
              this.output.appendLine(`${file.fsPath}:${breakpoints[i].line}: ${verdict.message}`);
            }
          });
        } catch (error) {
          this.output.appendLine(`dlvbridge/setBreakpoints for ${file.fsPath} failed: ${String(error)}`);
        }
      }
    });
  }

  dispose(): void {
    for (const s of this.subscriptions) {
      s.dispose();
    }
  }
}
