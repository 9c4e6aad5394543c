// The texts a breakpoint carries (condition, hit count, log message) and the
// `go-breakpoint:` URIs that name one of them. Pure: no vscode import, so
// the unit tests run under plain Node.

export type TextKind = "condition" | "hitCondition" | "logMessage";

export const TEXT_KINDS: readonly TextKind[] = ["condition", "hitCondition", "logMessage"];

export const SCHEME = "go-breakpoint";
export const LANGUAGE = "go-breakpoint";

/** One text of the breakpoint at `line` (1-based) of a Go file. */
export interface BreakpointTextRef {
  /** The Go file's URI path, as vscode.Uri.path spells it (`/home/me/x.go`, `/c:/Users/me/x.go`). */
  path: string;
  line: number;
  kind: TextKind;
}

/** What the user reads in titles and messages. */
export function kindLabel(kind: TextKind): string {
  switch (kind) {
    case "condition":
      return "condition";
    case "hitCondition":
      return "hit count";
    case "logMessage":
      return "log message";
  }
}

/** The query of a breakpoint text's URI: `line=N&kind=KIND`. */
export function formatQuery(line: number, kind: TextKind): string {
  return `line=${line}&kind=${kind}`;
}

/** Reads `line=N&kind=KIND` (any order; kind defaults to condition). */
export function parseQuery(query: string): { line: number; kind: TextKind } | undefined {
  const params = new URLSearchParams(query);
  const lineText = params.get("line");
  if (lineText === null || !/^[1-9][0-9]*$/.test(lineText)) {
    return undefined;
  }
  const kindText = params.get("kind") ?? "condition";
  const kind = TEXT_KINDS.find((k) => k === kindText);
  if (kind === undefined) {
    return undefined;
  }
  return { line: Number(lineText), kind };
}

/**
 * The URI the language server reads, exactly as the contract spells it:
 * `go-breakpoint:///ABS/PATH/file.go?line=N&kind=KIND`, the path
 * percent-encoded per segment and the query left readable (vscode.Uri's own
 * toString would encode `=` and `&`).
 */
export function formatUri(ref: BreakpointTextRef): string {
  const path = ref.path
    .split("/")
    .map((segment) => encodeURIComponent(segment).replace(/%3A/gi, ":"))
    .join("/");
  return `${SCHEME}://${path.startsWith("/") ? "" : "/"}${path}?${formatQuery(ref.line, ref.kind)}`;
}

/** Inverse of formatUri; undefined for anything that is not one. */
export function parseUri(uri: string): BreakpointTextRef | undefined {
  const match = /^go-breakpoint:(?:\/\/[^/?#]*)?([^?#]*)\?([^#]*)/i.exec(uri);
  if (!match) {
    return undefined;
  }
  const where = parseQuery(match[2]);
  let path: string;
  try {
    path = decodeURIComponent(match[1]);
  } catch {
    return undefined;
  }
  if (where === undefined || !path.startsWith("/")) {
    return undefined;
  }
  return { path, ...where };
}

/** The editor's breakpoint fields for a text: empty or blank means none. */
export function normalizeText(text: string): string | undefined {
  const trimmed = text.replace(/\r?\n/g, " ").trim();
  return trimmed === "" ? undefined : trimmed;
}
