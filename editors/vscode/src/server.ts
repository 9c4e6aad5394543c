// The `dlvbridge lsp` process and the language client that talks to it: one
// per window, restarted on demand or when its settings change.

import * as vscode from "vscode";
import {
  LanguageClient,
  type LanguageClientOptions,
  RequestType,
  RequestType0,
  type ServerOptions,
  State,
  TransportKind,
} from "vscode-languageclient/node";

import { formatUri, LANGUAGE, parseQuery, SCHEME } from "./breakpointText";
import { findProgram, type Found, INSTALL_COMMAND } from "./locate";
import type { PathMappings } from "./pathRules";
import { Notices } from "./notices";

export interface SourceBreakpointArgs {
  line: number;
  condition?: string;
  hitCondition?: string;
  logMessage?: string;
}

export interface SetBreakpointsParams {
  source: { path: string };
  breakpoints: SourceBreakpointArgs[];
}

export interface SetBreakpointsResult {
  breakpoints: { verified: boolean; message?: string }[];
}

export type DapEndpoint =
  | { transport: "pipe"; path: string }
  | { transport: "tcp"; host?: string; port: number };

export const SetBreakpointsRequest = new RequestType<SetBreakpointsParams, SetBreakpointsResult, void>(
  "dlvbridge/setBreakpoints",
);
/** Takes no parameters (the server rejects any, `{}` included). */
export const DapEndpointRequest = new RequestType0<DapEndpoint, void>("dlvbridge/dapEndpoint");
export const PathMappingsRequest = new RequestType<{ program: string; cwd?: string }, PathMappings, void>(
  "dlvbridge/pathMappings",
);

/** Where the settings say dlv is, as the environment dlvbridge reads it. */
export function dlvEnv(): NodeJS.ProcessEnv {
  const dlv = vscode.workspace.getConfiguration("dlvbridge").get<string>("dlvPath", "").trim();
  if (dlv === "") {
    return { ...process.env };
  }
  const found = findProgram("dlv", dlv);
  return { ...process.env, DLV_PATH: found?.path ?? dlv };
}

/** The first workspace folder on disk: the server's working directory and the default source root. */
export function workspaceRoot(): string | undefined {
  return vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === "file")?.uri.fsPath;
}

/**
 * vscode.Uri → the string the server reads. Breakpoint texts are spelled
 * exactly as the contract says (vscode.Uri would encode the query's `=`
 * and `&`); everything else as VS Code spells it.
 */
function code2Protocol(uri: vscode.Uri): string {
  if (uri.scheme === SCHEME) {
    const where = parseQuery(uri.query);
    if (where !== undefined) {
      return formatUri({ path: uri.path, ...where });
    }
  }
  return uri.toString();
}

export class Server implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private starting: Promise<LanguageClient | undefined> | undefined;
  private readonly started = new vscode.EventEmitter<LanguageClient>();
  /** Fires each time a client is up (the first start and every restart). */
  readonly onDidStart = this.started.event;

  /** dlvbridge's state beside the Go language status: starting, serving, or why not. */
  private readonly status = vscode.languages.createLanguageStatusItem("dlvbridge", [
    { language: "go" },
    { language: LANGUAGE },
  ]);

  constructor(
    private readonly output: vscode.OutputChannel,
    private readonly notices: Notices,
  ) {
    this.status.name = "dlvbridge";
    this.status.text = "dlvbridge";
    this.status.command = { title: "Show Log", command: "dlvbridge.showLog" };
  }

  private setStatus(detail: string, severity: vscode.LanguageStatusSeverity, busy = false): void {
    this.status.detail = detail;
    this.status.severity = severity;
    this.status.busy = busy;
  }

  /** The dlvbridge program the settings name, or undefined (after telling the user once). */
  locate(): Found | undefined {
    const setting = vscode.workspace.getConfiguration("dlvbridge").get<string>("path", "");
    const found = findProgram("dlvbridge", setting);
    if (found === undefined) {
      const where = setting.trim() !== "" ? `dlvbridge.path (${setting}) names no program` : "dlvbridge is not on PATH";
      this.output.appendLine(`${where}; install it with \`${INSTALL_COMMAND}\` in a clone of dlvbridge`);
      this.notices.show(
        "dlvbridge-missing",
        "error",
        `${where}. Install it (in a clone of dlvbridge: \`${INSTALL_COMMAND}\`) or set dlvbridge.path. Conditions are not checked until then.`,
        { copy: INSTALL_COMMAND, setting: "dlvbridge.path" },
      );
    }
    return found;
  }

  /** The running client, starting it if needed; undefined when dlvbridge cannot start. */
  async ready(): Promise<LanguageClient | undefined> {
    const client = this.client;
    if (client?.state === State.Starting) {
      // The client is restarting the server after a crash: wait for it.
      await new Promise<void>((resolve) => {
        const listener = client.onDidChangeState((e) => {
          if (e.newState !== State.Starting) {
            listener.dispose();
            resolve();
          }
        });
      });
    }
    if (client?.state === State.Running) {
      return client;
    }
    this.starting ??= this.start().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async start(): Promise<LanguageClient | undefined> {
    await this.stop(); // a client the language client gave up restarting
    const found = this.locate();
    if (found === undefined) {
      this.setStatus("not installed: breakpoint conditions are not checked", vscode.LanguageStatusSeverity.Error);
      return undefined;
    }
    this.output.appendLine(`starting ${found.path} lsp (from ${found.source})`);
    this.setStatus("starting", vscode.LanguageStatusSeverity.Information, true);
    const serverOptions: ServerOptions = {
      command: found.path,
      args: ["lsp"],
      transport: TransportKind.stdio,
      options: { cwd: workspaceRoot(), env: dlvEnv() },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: "file", language: "go" },
        { scheme: SCHEME },
      ],
      outputChannel: this.output,
      uriConverters: { code2Protocol, protocol2Code: (value: string) => vscode.Uri.parse(value) },
      // The server's own messages already say what to do; a popup per
      // crash would repeat them.
      revealOutputChannelOn: 4 /* RevealOutputChannelOn.Never */,
    };
    const client = new LanguageClient("dlvbridge", "dlvbridge", serverOptions, clientOptions);
    try {
      await client.start();
    } catch (error) {
      this.output.appendLine(`dlvbridge lsp did not start: ${String(error)}`);
      this.notices.show(
        "dlvbridge-failed",
        "error",
        `dlvbridge (${found.path}) did not start as a language server: ${String(error)}. Is it a current build? See the dlvbridge output for details.`,
        { log: true },
      );
      await client.dispose().catch(() => undefined);
      this.setStatus("did not start (see the log)", vscode.LanguageStatusSeverity.Error);
      return undefined;
    }
    const serving = (): void => {
      const version = client.initializeResult?.serverInfo?.version;
      this.setStatus(
        `checks breakpoint conditions${version !== undefined ? ` (${version})` : ""}`,
        vscode.LanguageStatusSeverity.Information,
      );
    };
    serving();
    client.onDidChangeState((e) => {
      if (this.client !== client) {
        return;
      }
      if (e.newState === State.Stopped) {
        this.setStatus("stopped (see the log)", vscode.LanguageStatusSeverity.Error);
      } else if (e.newState === State.Running) {
        // The client restarted the server after a crash: it knows nothing yet.
        serving();
        this.started.fire(client);
      }
    });
    this.client = client;
    this.started.fire(client);
    return client;
  }

  /** The running client without starting one. */
  get running(): LanguageClient | undefined {
    return this.client?.state === State.Running ? this.client : undefined;
  }

  async restart(): Promise<void> {
    await this.stop();
    this.notices.reset();
    await this.ready();
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client !== undefined) {
      await client.stop().catch((error: unknown) => this.output.appendLine(`stopping dlvbridge: ${String(error)}`));
    }
  }

  dispose(): void {
    void this.stop();
    this.started.dispose();
    this.status.dispose();
  }
}
