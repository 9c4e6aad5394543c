// `envFile` of a launch configuration: KEY=VALUE lines, as the Go extension
// and docker's --env-file read them. Pure.

/** Parses the text of an env file; later lines win, `#` starts a comment line. */
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) {
      continue;
    }
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$/.exec(line);
    if (!match) {
      continue;
    }
    let value = match[2];
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.length >= 2 && value.endsWith(quote)) {
      value = value.slice(1, -1);
      if (quote === '"') {
        value = value.replace(/\\n/g, "\n").replace(/\\"/g, '"').replace(/\\\\/g, "\\");
      }
    }
    env[match[1]] = value;
  }
  return env;
}

/**
 * The environment for a launch: the files' variables in order, then the
 * configuration's own `env` on top (a null there removes a variable, which
 * Delve understands).
 */
export function mergeEnv(
  files: Record<string, string>[],
  env: Record<string, string | null> | undefined,
): Record<string, string | null> {
  const merged: Record<string, string | null> = {};
  for (const file of files) {
    Object.assign(merged, file);
  }
  return Object.assign(merged, env ?? {});
}
