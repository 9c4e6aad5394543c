// The `dlvbridge` debug type ("Go (dlvbridge)"), whose sessions run in the
// language server's process, and the path rules dlvbridge adds to the Go
// extension's own `go` configurations.

import { readFile } from "node:fs/promises";
import * as path from "node:path";

import * as vscode from "vscode";

import { mergeEnv, parseEnvFile } from "./envFile";
import { DLV_INSTALL_COMMAND, dlvMessage, problems, runDoctor } from "./locate";
import type { Notices } from "./notices";
import { binaryToMap, type DebugConfigLike, debuggedBinary, substitutePath } from "./pathRules";
import { DapEndpointRequest, dlvEnv, PathMappingsRequest, type Server, workspaceRoot } from "./server";

export const DEBUG_TYPE = "dlvbridge";

/**
 * Connects a session to the language server's DAP endpoint, so breakpoint
 * verdicts, console completions and path rules come from the process that
 * serves the editor. A remote attach runs `dlvbridge dap --connect`.
 */
export class AdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(
    private readonly server: Server,
    private readonly output: vscode.OutputChannel,
  ) {}

  async createDebugAdapterDescriptor(session: vscode.DebugSession): Promise<vscode.DebugAdapterDescriptor> {
    const config = session.configuration;
    if (config.request === "attach" && config.mode === "remote") {
      const found = this.server.locate();
      if (found === undefined) {
        throw new Error("dlvbridge is not installed (see the dlvbridge.path setting)");
      }
      const address = `${String(config.host ?? "127.0.0.1")}:${String(config.port ?? 2345)}`;
      this.output.appendLine(`debug session "${session.name}": ${found.path} dap --connect ${address}`);
      return new vscode.DebugAdapterExecutable(found.path, ["dap", "--connect", address], {
        env: dlvEnv() as Record<string, string>,
        cwd: typeof config.cwd === "string" ? config.cwd : workspaceRoot(),
      });
    }
    const client = await this.server.ready();
    if (client === undefined) {
      throw new Error("dlvbridge is not running (see the dlvbridge output)");
    }
    try {
      const endpoint = await client.sendRequest(DapEndpointRequest);
      this.output.appendLine(`debug session "${session.name}": ${JSON.stringify(endpoint)}`);
      if (endpoint.transport === "pipe") {
        return new vscode.DebugAdapterNamedPipeServer(endpoint.path);
      }
      return new vscode.DebugAdapterServer(endpoint.port, endpoint.host);
    } catch (error) {
      // No endpoint (Windows has no named pipes yet): a bridge of its own.
      const found = this.server.locate();
      if (found === undefined) {
        throw error;
      }
      this.output.appendLine(`debug session "${session.name}": no DAP endpoint (${String(error)}); ${found.path} dap`);
      return new vscode.DebugAdapterExecutable(found.path, ["dap"], {
        env: dlvEnv() as Record<string, string>,
        cwd: typeof config.cwd === "string" ? config.cwd : workspaceRoot(),
      });
    }
  }
}

async function readEnvFiles(files: unknown, folder: string | undefined): Promise<Record<string, string>[]> {
  const list = typeof files === "string" ? [files] : Array.isArray(files) ? files.filter((f) => typeof f === "string") : [];
  const out: Record<string, string>[] = [];
  for (const file of list) {
    const absolute = path.isAbsolute(file) || folder === undefined ? file : path.join(folder, file);
    try {
      out.push(parseEnvFile(await readFile(absolute, "utf8")));
    } catch (error) {
      throw new Error(`cannot read envFile ${absolute}: ${String(error)}`);
    }
  }
  return out;
}

/** Defaults for `dlvbridge` configurations, and a look at the binary before Delve gets it. */
export class DlvbridgeConfigurations implements vscode.DebugConfigurationProvider {
  constructor(
    private readonly server: Server,
    private readonly notices: Notices,
  ) {}

  provideDebugConfigurations(): vscode.DebugConfiguration[] {
    return [
      {
        name: "Launch package (dlvbridge)",
        type: DEBUG_TYPE,
        request: "launch",
        mode: "debug",
        program: "${fileDirname}",
      },
    ];
  }

  resolveDebugConfiguration(
    _folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): vscode.DebugConfiguration | undefined {
    // F5 without a launch.json: debug the package of the Go file in front.
    if (config.type === undefined && config.request === undefined && config.name === undefined) {
      const editor = vscode.window.activeTextEditor;
      if (editor?.document.languageId !== "go") {
        void vscode.window.showInformationMessage("Open a Go file to debug its package, or add a launch configuration.");
        return undefined;
      }
      return { ...this.provideDebugConfigurations()[0], name: "Launch package" };
    }
    config.request ??= "launch";
    if (config.request === "launch") {
      config.mode ??= "debug";
      config.program ??= "${fileDirname}";
    } else {
      config.mode ??= "local";
    }
    return config;
  }

  async resolveDebugConfigurationWithSubstitutedVariables(
    folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): Promise<vscode.DebugConfiguration | undefined> {
    const root = folder?.uri.fsPath ?? workspaceRoot();
    if (config.envFile !== undefined) {
      const files = await readEnvFiles(config.envFile, root);
      config.env = mergeEnv(files, config.env as Record<string, string | null> | undefined);
      delete config.envFile;
    }
    if (config.request === "attach" && config.mode === "remote") {
      return config;
    }
    const found = this.server.locate();
    if (found === undefined) {
      return undefined;
    }
    // What doctor knows about dlv and the binary, before Delve trips on it.
    const binary = debuggedBinary(config as DebugConfigLike, process.platform);
    let checks;
    try {
      checks = await runDoctor(found.path, {
        binary: binary === undefined ? undefined : path.resolve(root ?? ".", binary),
        workspace: root,
        env: dlvEnv(),
      });
    } catch (error) {
      // Doctor is advice; a session must not depend on it.
      return config;
    }
    for (const check of problems(checks)) {
      if (check.id === "paths") {
        continue; // the bridge applies the rules itself
      }
      const fix = check.fix !== undefined ? ` Fix: ${check.fix}.` : "";
      const fatal = check.status === "error" && (check.id === "dlv" || check.id === "dwarf");
      this.notices.show(
        `doctor-${check.id}-${binary ?? ""}-${check.message}`,
        check.status === "error" ? "error" : "warning",
        check.id === "dlv" ? dlvMessage(check.message) : `dlvbridge: ${check.message}.${fix}`,
        check.id === "dlv" ? { copy: DLV_INSTALL_COMMAND, setting: "dlvbridge.dlvPath" } : {},
      );
      if (fatal) {
        return undefined;
      }
    }
    return config;
  }
}

/** Adds the inferred `substitutePath` to the Go extension's configurations that set none. */
export class GoPathRules implements vscode.DebugConfigurationProvider {
  constructor(
    private readonly server: Server,
    private readonly output: vscode.OutputChannel,
  ) {}

  async resolveDebugConfigurationWithSubstitutedVariables(
    folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): Promise<vscode.DebugConfiguration> {
    if (!vscode.workspace.getConfiguration("dlvbridge", folder).get<boolean>("inferPathsForGo", true)) {
      return config;
    }
    const root = folder?.uri.fsPath ?? workspaceRoot();
    const binary = binaryToMap(config as DebugConfigLike, process.platform);
    if (binary === undefined) {
      return config;
    }
    const client = await this.server.ready();
    if (client === undefined) {
      return config;
    }
    const cwd = typeof config.cwd === "string" && config.cwd !== "" ? config.cwd : root;
    const program = path.resolve(cwd ?? ".", binary);
    try {
      const mappings = await client.sendRequest(PathMappingsRequest, { program, cwd });
      if (mappings.rules.length > 0) {
        config.substitutePath = substitutePath(mappings);
        this.output.appendLine(`"${String(config.name)}": substitutePath inferred from ${program}:`);
        for (const rule of mappings.rules) {
          this.output.appendLine(`  ${rule.from} => ${rule.to}${rule.why ? `  (${rule.why})` : ""}`);
        }
      }
      for (const unmapped of mappings.unmapped ?? []) {
        this.output.appendLine(`  not mapped: ${unmapped}`);
      }
    } catch (error) {
      this.output.appendLine(`dlvbridge/pathMappings for ${program} failed: ${String(error)}`);
    }
    return config;
  }
}
