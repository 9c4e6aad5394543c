// What the `go` debug type (the Go extension's) needs from dlvbridge's path
// inference: which binary a configuration debugs, and the rules it gets.
// Pure.

export interface PathRule {
  from: string;
  to: string;
  why?: string;
}

export interface PathMappings {
  rules: PathRule[];
  unmapped?: string[];
}

export interface DebugConfigLike {
  request?: string;
  mode?: string;
  program?: unknown;
  processId?: unknown;
  substitutePath?: unknown;
  [key: string]: unknown;
}

/**
 * The prebuilt binary a configuration debugs, or undefined when Delve builds
 * it here (debug and test modes: local paths, optimizations off) or it is
 * not on this machine. `platform` is process.platform (a local attach reads
 * /proc/PID/exe on Linux).
 */
export function debuggedBinary(config: DebugConfigLike, platform: string): string | undefined {
  const program = typeof config.program === "string" && config.program !== "" ? config.program : undefined;
  if (config.request === "launch") {
    return config.mode === "exec" || config.mode === "core" ? program : undefined;
  }
  if (config.request === "attach") {
    if (config.mode === "remote") {
      return program;
    }
    const pid = Number(config.processId);
    if (platform === "linux" && Number.isInteger(pid) && pid > 0) {
      return `/proc/${pid}/exe`;
    }
    return program;
  }
  return undefined;
}

/**
 * The binary whose paths decide a `go` configuration's rules, or undefined
 * when there is nothing to infer or the configuration sets its own
 * `substitutePath` (the user's rules are left alone).
 */
export function binaryToMap(config: DebugConfigLike, platform: string): string | undefined {
  if (Array.isArray(config.substitutePath) && config.substitutePath.length > 0) {
    return undefined;
  }
  return debuggedBinary(config, platform);
}

/** The rules in Delve's `substitutePath` shape (from: this machine, to: the binary's). */
export function substitutePath(mappings: PathMappings): { from: string; to: string }[] {
  return mappings.rules.map((rule) => ({ from: rule.from, to: rule.to }));
}
