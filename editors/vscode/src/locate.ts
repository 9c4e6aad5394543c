// Finding the dlvbridge program and reading `dlvbridge doctor --json`.
// Node only (no vscode import), so it is unit-tested under plain Node.

import { execFile } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import { homedir } from "node:os";
import * as path from "node:path";

/** How dlvbridge is installed, run in a clone of its repository (shown to the user, copyable). */
export const INSTALL_COMMAND = "cargo install --locked --path .";

/** How Delve is installed when doctor says it is missing or unusable. */
export const DLV_INSTALL_COMMAND = "go install github.com/go-delve/delve/cmd/dlv@latest";

export interface Found {
  path: string;
  /** Where it was found: the setting or PATH. */
  source: "setting" | "PATH";
}

function isExecutable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) {
      return false;
    }
    accessSync(file, process.platform === "win32" ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `~/x` and `${userHome}/x` as the user means them. */
export function expandHome(file: string, home: string = homedir()): string {
  if (file === "~" || file.startsWith("~/") || file.startsWith("~\\")) {
    return path.join(home, file.slice(1));
  }
  return file.replace(/^\$\{userHome\}/, home);
}

/**
 * The program named by the setting (a path, or a bare name looked up on
 * PATH), else `name` on PATH. Undefined when neither exists; `setting`
 * then says whether the setting pointed nowhere.
 */
export function findProgram(
  name: string,
  setting: string | undefined,
  envPath: string | undefined = process.env.PATH,
  platform: string = process.platform,
): Found | undefined {
  const exts = platform === "win32" ? ["", ".exe"] : [""];
  const onPath = (bare: string): string | undefined => {
    for (const dir of (envPath ?? "").split(path.delimiter)) {
      if (dir === "") {
        continue;
      }
      for (const ext of exts) {
        const candidate = path.join(dir, bare + ext);
        if (isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    return undefined;
  };
  if (setting !== undefined && setting.trim() !== "") {
    const wanted = expandHome(setting.trim());
    if (wanted.includes("/") || wanted.includes("\\")) {
      for (const ext of exts) {
        if (isExecutable(wanted + ext)) {
          return { path: wanted + ext, source: "setting" };
        }
      }
      return undefined;
    }
    const found = onPath(wanted);
    return found === undefined ? undefined : { path: found, source: "setting" };
  }
  const found = onPath(name);
  return found === undefined ? undefined : { path: found, source: "PATH" };
}

/** What to tell a VS Code user about doctor's `dlv` finding (doctor's own fix names command-line flags). */
export function dlvMessage(finding: string): string {
  return `dlvbridge: ${finding}. Install Delve with \`${DLV_INSTALL_COMMAND}\`, or set dlvbridge.dlvPath.`;
}

/** One finding of `dlvbridge doctor --json`. */
export interface DoctorCheck {
  id: string;
  status: "ok" | "info" | "warning" | "error";
  message: string;
  fix?: string;
}

/** Reads doctor's `{"checks":[…]}`; malformed output gives no checks. */
export function parseDoctor(stdout: string): DoctorCheck[] {
  try {
    const parsed = JSON.parse(stdout) as { checks?: unknown };
    if (!Array.isArray(parsed.checks)) {
      return [];
    }
    return parsed.checks.filter(
      (c): c is DoctorCheck =>
        typeof c === "object" &&
        c !== null &&
        typeof (c as DoctorCheck).id === "string" &&
        typeof (c as DoctorCheck).message === "string" &&
        ["ok", "info", "warning", "error"].includes((c as DoctorCheck).status),
    );
  } catch {
    return [];
  }
}

/** The checks a user must act on: the ones that are not ok, errors first. */
export function problems(checks: DoctorCheck[]): DoctorCheck[] {
  const rank = { error: 0, warning: 1, info: 2, ok: 3 };
  return checks.filter((c) => c.status === "error" || c.status === "warning").sort((a, b) => rank[a.status] - rank[b.status]);
}

/**
 * Runs `dlvbridge doctor --json [BINARY]`. Doctor exits 1 when a check
 * fails, which is an answer, not a failure; no JSON at all is an error.
 */
export function runDoctor(
  dlvbridge: string,
  options: { binary?: string; workspace?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<DoctorCheck[]> {
  const args = ["doctor", "--json"];
  if (options.workspace !== undefined) {
    args.push("--workspace", options.workspace);
  }
  if (options.binary !== undefined) {
    args.push(options.binary);
  }
  return new Promise((resolve, reject) => {
    execFile(
      dlvbridge,
      args,
      { env: options.env, timeout: options.timeoutMs ?? 20_000, cwd: options.workspace },
      (error, stdout, stderr) => {
        const checks = parseDoctor(stdout);
        if (checks.length > 0) {
          resolve(checks);
        } else {
          reject(new Error(stderr.trim() || error?.message || "dlvbridge doctor printed nothing"));
        }
      },
    );
  });
}
