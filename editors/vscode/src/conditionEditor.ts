// "dlvbridge: Edit Breakpoint Condition": a small editor on a
// `go-breakpoint:` document whose text is one of a breakpoint's texts. The
// language server completes and checks it like any document; saving writes
// it back to the breakpoint (creating one if the line has none).

import * as path from "node:path";

import * as vscode from "vscode";

import { type BreakpointTextRef, kindLabel, LANGUAGE, normalizeText, parseQuery, SCHEME, type TextKind, formatQuery } from "./breakpointText";

function goFileOf(ref: BreakpointTextRef): vscode.Uri {
  return vscode.Uri.from({ scheme: "file", path: ref.path });
}

function refOf(uri: vscode.Uri): BreakpointTextRef | undefined {
  const where = parseQuery(uri.query);
  return where === undefined ? undefined : { path: uri.path, ...where };
}

export function textUri(file: vscode.Uri, line: number, kind: TextKind): vscode.Uri {
  return vscode.Uri.from({ scheme: SCHEME, path: file.path, query: formatQuery(line, kind) });
}

/** The breakpoint on `line` (1-based) of `file`, if any. */
function breakpointAt(file: vscode.Uri, line: number): vscode.SourceBreakpoint | undefined {
  const key = file.toString();
  return vscode.debug.breakpoints.find(
    (bp): bp is vscode.SourceBreakpoint =>
      bp instanceof vscode.SourceBreakpoint &&
      bp.location.uri.toString() === key &&
      bp.location.range.start.line === line - 1,
  );
}

function textOf(bp: vscode.SourceBreakpoint | undefined, kind: TextKind): string {
  return (bp?.[kind] as string | undefined) ?? "";
}

/** Breakpoint texts as files: read from and written to vscode.debug.breakpoints. */
export class BreakpointTextFileSystem implements vscode.FileSystemProvider {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  /** Modification times, bumped on every change so VS Code reloads open documents. */
  private readonly mtimes = new Map<string, number>();
  /** The text each document was last given (`readFile`). */
  private readonly served = new Map<string, string>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor() {
    this.subscriptions.push(
      vscode.debug.onDidChangeBreakpoints(() => {
        // An open breakpoint text may have changed (edited in the gutter's
        // box). Only a text that did change is announced: VS Code reloads
        // an announced document, and a reload racing the user's typing
        // (breakpoints change whenever a session starts or ends) would
        // drop what was just typed.
        const events: vscode.FileChangeEvent[] = [];
        for (const doc of vscode.workspace.textDocuments) {
          const ref = doc.uri.scheme === SCHEME ? refOf(doc.uri) : undefined;
          const text = ref === undefined ? undefined : textOf(breakpointAt(goFileOf(ref), ref.line), ref.kind);
          if (text !== undefined && text !== this.served.get(doc.uri.toString())) {
            this.touch(doc.uri);
            events.push({ type: vscode.FileChangeType.Changed, uri: doc.uri });
          }
        }
        if (events.length > 0) {
          this.changed.fire(events);
        }
      }),
    );
  }

  private touch(uri: vscode.Uri): number {
    const key = uri.toString();
    const now = Math.max(Date.now(), (this.mtimes.get(key) ?? 0) + 1);
    this.mtimes.set(key, now);
    return now;
  }

  private target(uri: vscode.Uri): BreakpointTextRef {
    const ref = refOf(uri);
    if (ref === undefined || !ref.path.endsWith(".go")) {
      throw vscode.FileSystemError.FileNotFound(uri);
    }
    return ref;
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    const ref = this.target(uri);
    const text = textOf(breakpointAt(goFileOf(ref), ref.line), ref.kind);
    const mtime = this.mtimes.get(uri.toString()) ?? this.touch(uri);
    return { type: vscode.FileType.File, ctime: 0, mtime, size: Buffer.byteLength(text) };
  }

  readFile(uri: vscode.Uri): Uint8Array {
    const ref = this.target(uri);
    const text = textOf(breakpointAt(goFileOf(ref), ref.line), ref.kind);
    this.served.set(uri.toString(), text);
    return Buffer.from(text, "utf8");
  }

  writeFile(uri: vscode.Uri, content: Uint8Array): void {
    const ref = this.target(uri);
    const file = goFileOf(ref);
    const text = normalizeText(Buffer.from(content).toString("utf8"));
    const old = breakpointAt(file, ref.line);
    if (old === undefined && text === undefined) {
      return;
    }
    const fields = {
      condition: old?.condition,
      hitCondition: old?.hitCondition,
      logMessage: old?.logMessage,
      [ref.kind]: text,
    };
    const location = old?.location ?? new vscode.Location(file, new vscode.Position(ref.line - 1, 0));
    const updated = new vscode.SourceBreakpoint(
      location,
      old?.enabled ?? true,
      fields.condition,
      fields.hitCondition,
      fields.logMessage,
    );
    if (old !== undefined) {
      vscode.debug.removeBreakpoints([old]);
    }
    vscode.debug.addBreakpoints([updated]);
    this.touch(uri);
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  delete(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  rename(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  dispose(): void {
    for (const s of this.subscriptions) {
      s.dispose();
    }
    this.changed.dispose();
  }
}

/** Where a command was invoked: the gutter's line-number menu passes `{lineNumber, uri}`. */
function invokedAt(arg: unknown): { file: vscode.Uri; line: number } | undefined {
  if (typeof arg === "object" && arg !== null && "lineNumber" in arg && "uri" in arg) {
    const { lineNumber, uri } = arg as { lineNumber: unknown; uri: unknown };
    if (typeof lineNumber === "number" && uri instanceof vscode.Uri) {
      return { file: uri, line: lineNumber };
    }
  }
  const editor = vscode.window.activeTextEditor;
  if (editor === undefined || editor.document.uri.scheme !== "file") {
    return undefined;
  }
  return { file: editor.document.uri, line: editor.selection.active.line + 1 };
}

/** The status bar hint of the open breakpoint text editor (one at a time). */
let hint: vscode.Disposable | undefined;

function showHint(text: string, ms: number): void {
  hint?.dispose();
  hint = vscode.window.setStatusBarMessage(text, ms);
}

/** Opens the breakpoint text editor for the line the command was invoked on. */
export async function editBreakpointText(kind: TextKind, arg: unknown): Promise<void> {
  const at = invokedAt(arg);
  if (at === undefined || !at.file.path.endsWith(".go")) {
    void vscode.window.showInformationMessage("Put the cursor on a line of a Go file to edit its breakpoint.");
    return;
  }
  const uri = textUri(at.file, at.line, kind);
  let doc = await vscode.workspace.openTextDocument(uri);
  if (doc.languageId !== LANGUAGE) {
    doc = await vscode.languages.setTextDocumentLanguage(doc, LANGUAGE);
  }
  // Small and below the code: a second group a fifth of the height, when
  // the window has a single group (it closes itself when emptied).
  let column = vscode.ViewColumn.Beside;
  if (vscode.window.tabGroups.all.length === 1) {
    await vscode.commands.executeCommand("vscode.setEditorLayout", {
      orientation: 1,
      groups: [{ size: 0.8 }, { size: 0.2 }],
    });
    column = vscode.ViewColumn.Two;
  }
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: column, preview: false });
  const end = doc.lineAt(doc.lineCount - 1).range.end;
  editor.selection = new vscode.Selection(end, end);
  const where = `${path.basename(at.file.fsPath)}:${at.line}`;
  showHint(`Breakpoint ${kindLabel(kind)} at ${where}: save to set it, close to cancel`, 10_000);
}

/**
 * Closes a breakpoint text editor after an explicit save (Ctrl+S), the way
 * the breakpoint box closes on Enter; auto-saves keep it open.
 */
export function closeOnManualSave(): vscode.Disposable {
  const manual = new Set<string>();
  return vscode.Disposable.from(
    vscode.workspace.onWillSaveTextDocument((e) => {
      if (e.document.uri.scheme === SCHEME && e.reason === vscode.TextDocumentSaveReason.Manual) {
        manual.add(e.document.uri.toString());
      }
    }),
    vscode.workspace.onDidSaveTextDocument(async (doc) => {
      const key = doc.uri.toString();
      if (doc.uri.scheme !== SCHEME || !manual.delete(key)) {
        return;
      }
      const ref = refOf(doc.uri);
      if (ref !== undefined) {
        const text = normalizeText(doc.getText());
        const where = `${path.basename(goFileOf(ref).fsPath)}:${ref.line}`;
        showHint(
          text === undefined ? `Breakpoint ${kindLabel(ref.kind)} at ${where} removed` : `Breakpoint ${kindLabel(ref.kind)} at ${where} set`,
          5_000,
        );
      }
      const tabs = vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === key);
      await vscode.window.tabGroups.close(tabs);
    }),
  );
}
