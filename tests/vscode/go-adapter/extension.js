// Test stand-in for the Go extension's debug adapter: each `go` session
// starts real `dlv dap` on a loopback port and connects to it, passing the
// launch configuration through untouched (substitutePath included).
const { spawn } = require("node:child_process");
const { createServer } = require("node:net");
const vscode = require("vscode");

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

exports.activate = (context) => {
  context.subscriptions.push(
    vscode.debug.registerDebugAdapterDescriptorFactory("go", {
      async createDebugAdapterDescriptor(session) {
        const port = await freePort();
        const dlv = spawn(process.env.DLV_PATH || "dlv", ["dap", "--listen", `127.0.0.1:${port}`], {
          cwd: session.workspaceFolder?.uri.fsPath,
          stdio: ["ignore", "pipe", "pipe"],
        });
        await new Promise((resolve, reject) => {
          dlv.once("error", reject);
          dlv.once("exit", (code) => reject(new Error(`dlv dap exited with ${code}`)));
          dlv.stdout.on("data", (chunk) => {
            if (chunk.toString().includes("listening at")) {
              resolve();
            }
          });
        });
        return new vscode.DebugAdapterServer(port, "127.0.0.1");
      },
    }),
  );
};
