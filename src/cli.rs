//! The command line: `check` and `complete` over the shared engine.
//! Exit codes: 0 success, 1 the expression has errors, 2 usage or input error.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{Value, json};

use crate::expr::scope::ScopeAt;
use crate::expr::{self, Checked, TextKind};
use crate::scope::dwarf::DwarfScopes;
use crate::scope::{Origin, Scopes};

pub const USAGE: &str = "\
usage:
  dlvbridge check [--binary BIN] [--json] [--kind condition|hitCondition|logMessage|expression] FILE:LINE EXPR
  dlvbridge check [--binary BIN] [--kind KIND] -          (stdin: FILE:LINE<TAB>EXPR per line; JSON lines out)
  dlvbridge complete [--binary BIN] [--json] FILE:LINE [PREFIX]
  dlvbridge paths [--json] BINARY [--workspace DIR]           (inferred substitutePath rules: from = editor side, to = binary side)
  dlvbridge doctor [--json] [BINARY] [--connect HOST:PORT] [--dlv PATH] [--workspace DIR]
  dlvbridge lsp [--log-file FILE] [--dlv PATH]   (LSP over stdio: condition documents, breakpoint-box completion, a DAP endpoint; RUST_LOG filters the log)
  dlvbridge dap [--dlv PATH] [--connect HOST:PORT] [--log-file FILE] [--listen SOCKET]   (DAP over stdio, or one session on an owner-only unix socket; RUST_LOG filters the log)
                [--request-timeout S] [--launch-timeout S] [--delve-timeout S] [--check-timeout S] [--disconnect-timeout S]
                (seconds the bridge waits for: an editor request's answer (30), launch/attach/restart (600), its own
                 requests to dlv (5), breakpoint checks (5), dlv's answer to disconnect (3))

exit codes: 0 ok, 1 the expression has errors (doctor: a check failed), 2 usage or input error";

/// A one-line error for the user; the process exits with code 2.
#[derive(Debug)]
pub struct InputError(pub String);

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn input_error(msg: impl Into<String>) -> InputError {
    InputError(msg.into())
}

#[derive(Default)]
struct Options {
    json: bool,
    binary: Option<PathBuf>,
    kind: TextKind,
    positional: Vec<String>,
}

fn parse_options(args: &[String]) -> Result<Options, InputError> {
    let mut o = Options::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--json" => o.json = true,
            "--binary" => {
                let v = it.next().ok_or_else(|| input_error("--binary needs a path"))?;
                o.binary = Some(PathBuf::from(v));
            }
            "--kind" => {
                let v = it.next().ok_or_else(|| input_error("--kind needs a value"))?;
                o.kind = TextKind::from_name(v).ok_or_else(|| {
                    input_error(format!("unknown --kind {v:?}; use condition, hitCondition, logMessage or expression"))
                })?;
            }
            "--" => o.positional.extend(it.by_ref().cloned()),
            s if s.starts_with("--") => return Err(input_error(format!("unknown option {s}"))),
            _ => o.positional.push(a.clone()),
        }
    }
    if let Some(b) = &o.binary {
        if !b.is_file() {
            return Err(input_error(format!("binary not found: {}", b.display())));
        }
    }
    Ok(o)
}

/// Splits `FILE:LINE` at the last colon (Windows drive letters keep theirs).
pub fn parse_location(loc: &str) -> Result<(PathBuf, u32), InputError> {
    let (file, line) = loc.rsplit_once(':').ok_or_else(|| input_error(format!("expected FILE:LINE, got {loc:?}")))?;
    let line: u32 = line
        .trim()
        .parse()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| input_error(format!("invalid line number {line:?} in {loc:?}")))?;
    if file.is_empty() {
        return Err(input_error(format!("expected FILE:LINE, got {loc:?}")));
    }
    Ok((PathBuf::from(file), line))
}

/// The scopes of `check` and `complete`: the binary's DWARF when `--binary`
/// is given (exactly what Delve sees), the sources otherwise and where the
/// binary's line tables do not have the location.
fn scopes(binary: Option<&Path>) -> Result<Scopes, InputError> {
    let dwarf = match binary {
        Some(b) => Some(Arc::new(DwarfScopes::open(b).map_err(|e| input_error(format!("{}: {e}", b.display())))?)),
        None => None,
    };
    Ok(Scopes::default().with_binary(dwarf))
}

/// The scope at `file:line`; `note` hears why a given binary did not answer.
fn scope_for(scopes: &Scopes, file: &Path, line: u32, note: &mut dyn Write) -> Result<ScopeAt, InputError> {
    let resolved = scopes.at(file, line).map_err(|e| input_error(e.to_string()))?;
    if let Origin::Source { binary_unused: Some(why) } = &resolved.origin {
        let _ = writeln!(note, "dlvbridge: note: {why}; answered from the sources");
    }
    Ok(resolved.scope)
}

/// Runs the CLI with `args` (without the program name); returns the exit code.
pub fn run(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let result = match args.first().map(String::as_str) {
        Some("check") => cmd_check(&args[1..], out, err),
        Some("complete") => cmd_complete(&args[1..], out, err),
        Some("paths") => cmd_paths(&args[1..], out),
        Some("doctor") => cmd_doctor(&args[1..], out),
        Some("dap") => crate::dap_bridge::command::run(&args[1..]).map_err(InputError),
        Some("lsp") => crate::lsp::command::run(&args[1..]).map_err(InputError),
        Some("help" | "--help" | "-h") => {
            let _ = writeln!(out, "{USAGE}");
            Ok(0)
        }
        Some("--version" | "version") => {
            let _ = writeln!(out, "dlvbridge {}", env!("CARGO_PKG_VERSION"));
            Ok(0)
        }
        Some(other) => Err(input_error(format!("unknown command {other:?} (try `dlvbridge help`)"))),
        None => Err(input_error("missing command (try `dlvbridge help`)")),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            let _ = writeln!(err, "dlvbridge: {e}");
            2
        }
    }
}

fn verdict_json(location: &str, text: &str, checked: &Checked) -> Value {
    json!({
        "location": location,
        "expr": text,
        "ok": !checked.has_errors(),
        "diagnostics": checked.diagnostics.iter().map(|d| json!({
            "severity": d.severity.as_str(),
            "code": d.code.as_str(),
            "message": d.message,
            "start": d.span.start,
            "end": d.span.end,
            "fixes": d.fixes.iter().map(|f| json!({
                "title": f.title,
                "edits": f.edits.iter().map(|e| json!({"start": e.span.start, "end": e.span.end, "text": e.text})).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

fn cmd_check(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> Result<i32, InputError> {
    let o = parse_options(args)?;
    let index = scopes(o.binary.as_deref())?;
    if o.positional.as_slice() == ["-"] {
        return check_batch(&index, o.kind, &mut std::io::stdin().lock(), out);
    }
    let [location, text] = o.positional.as_slice() else {
        return Err(input_error("check needs FILE:LINE and EXPR (or - to read them from stdin)"));
    };
    let (file, line) = parse_location(location)?;
    let scope = scope_for(&index, &file, line, err)?;
    let checked = expr::check_text(text, o.kind, &scope);
    if o.json {
        let _ = writeln!(out, "{}", verdict_json(location, text, &checked));
    } else if checked.diagnostics.is_empty() {
        let _ = writeln!(out, "ok");
    } else {
        for d in &checked.diagnostics {
            let _ = writeln!(out, "{location}: {}[{}]: {}", d.severity.as_str(), d.code.as_str(), d.message);
            let _ = writeln!(out, "{}", underline(text, d.span));
            for f in &d.fixes {
                let _ = writeln!(out, "    fix: {}", f.title);
            }
        }
    }
    Ok(if checked.has_errors() { 1 } else { 0 })
}

/// The expression with `^` under the span, as compilers show it.
fn underline(text: &str, span: expr::Span) -> String {
    let line = text.replace(['\n', '\t'], " ");
    let width = |s: &str| s.chars().count();
    let start = text.get(..span.start).map_or(0, width);
    let len = text.get(span.start..span.end).map_or(0, width).max(1);
    format!("    {line}\n    {}{}", " ".repeat(start), "^".repeat(len))
}

/// The longest line `check -` reads; a longer one gets its own error.
pub const MAX_BATCH_LINE: usize = 1 << 20;

/// How far past [`MAX_BATCH_LINE`] a line is skipped to find the next one;
/// beyond that the input is not a batch of expressions (`/dev/zero`, a
/// binary) and the rest of it is not read.
const MAX_BATCH_SKIP: u64 = 64 << 20;

/// One line of a batch, as read.
enum BatchLine {
    /// The line's bytes, without its line ending.
    Text(Vec<u8>),
    /// Longer than [`MAX_BATCH_LINE`]; skipped to its end (or, when
    /// `endless`, not found within [`MAX_BATCH_SKIP`]).
    TooLong {
        endless: bool,
    },
    Eof,
}

/// Reads the next line with at most [`MAX_BATCH_LINE`] bytes held.
fn next_batch_line(r: &mut dyn BufRead) -> std::io::Result<BatchLine> {
    let mut line = Vec::new();
    let mut skipped: Option<u64> = None;
    loop {
        let buf = match r.fill_buf() {
            Ok(buf) => buf,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            return Ok(match skipped {
                Some(_) => BatchLine::TooLong { endless: false },
                None if line.is_empty() => BatchLine::Eof,
                None => BatchLine::Text(line),
            });
        }
        let (take, done) = match buf.iter().position(|b| *b == b'\n') {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        let content = &buf[..if done { take - 1 } else { take }];
        match &mut skipped {
            Some(n) => *n += take as u64,
            None if line.len() + content.len() > MAX_BATCH_LINE => {
                skipped = Some((line.len() + take) as u64);
                line = Vec::new();
            }
            None => line.extend_from_slice(content),
        }
        r.consume(take);
        match skipped {
            Some(_) if done => return Ok(BatchLine::TooLong { endless: false }),
            Some(n) if n > MAX_BATCH_SKIP => return Ok(BatchLine::TooLong { endless: true }),
            None if done => {
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                return Ok(BatchLine::Text(line));
            }
            _ => {}
        }
    }
}

/// `check -`: one JSON object per input line, verdict or error, so one bad
/// line never costs the others their verdicts. Exit code: 2 if any line was
/// unusable, else 1 if any expression has errors, else 0.
fn check_batch(
    index: &Scopes,
    kind: TextKind,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> Result<i32, InputError> {
    let mut code = 0;
    let mut number = 0usize;
    loop {
        number += 1;
        let bytes = match next_batch_line(input).map_err(|e| input_error(format!("reading stdin: {e}")))? {
            BatchLine::Eof => break,
            BatchLine::TooLong { endless } => {
                let error = if endless {
                    format!("line {number} has no end within {MAX_BATCH_SKIP} bytes; the rest of the input is not read")
                } else {
                    format!("line {number} is longer than {MAX_BATCH_LINE} bytes; skipped")
                };
                let _ = writeln!(out, "{}", json!({ "error": error }));
                code = 2;
                if endless {
                    break;
                }
                continue;
            }
            BatchLine::Text(bytes) => bytes,
        };
        let line = match String::from_utf8(bytes) {
            Ok(line) => line,
            Err(e) => {
                let input = String::from_utf8_lossy(e.as_bytes()).into_owned();
                let error = format!("line {number} is not valid UTF-8");
                let _ = writeln!(out, "{}", json!({ "input": input, "error": error }));
                code = 2;
                continue;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        let Some((location, text)) = line.split_once('\t') else {
            let _ = writeln!(out, "{}", json!({"input": line, "error": "expected FILE:LINE<TAB>EXPR"}));
            code = 2;
            continue;
        };
        let scope = parse_location(location).and_then(|(file, n)| scope_for(index, &file, n, &mut std::io::sink()));
        match scope {
            Ok(scope) => {
                let checked = expr::check_text(text, kind, &scope);
                if checked.has_errors() && code == 0 {
                    code = 1;
                }
                let _ = writeln!(out, "{}", verdict_json(location, text, &checked));
            }
            Err(e) => {
                let _ = writeln!(out, "{}", json!({"location": location, "expr": text, "error": e.0}));
                code = 2;
            }
        }
    }
    Ok(code)
}

fn cmd_complete(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> Result<i32, InputError> {
    let o = parse_options(args)?;
    let (location, prefix) = match o.positional.as_slice() {
        [l] => (l, ""),
        [l, p] => (l, p.as_str()),
        _ => return Err(input_error("complete needs FILE:LINE and an optional PREFIX")),
    };
    let (file, line) = parse_location(location)?;
    let scope = scope_for(&scopes(o.binary.as_deref())?, &file, line, err)?;
    let completions = expr::complete(prefix, prefix.len(), &scope);
    if o.json {
        let items: Vec<Value> = completions
            .items
            .iter()
            .map(|i| json!({"label": i.label, "kind": i.kind.as_str(), "type": i.ty, "insert": i.insert}))
            .collect();
        let _ = writeln!(
            out,
            "{}",
            json!({"items": items, "replace": {"start": completions.replace.start, "end": completions.replace.end}})
        );
    } else {
        for i in &completions.items {
            match &i.ty {
                Some(t) => {
                    let _ = writeln!(out, "{}\t{}\t{t}", i.label, i.kind.as_str());
                }
                None => {
                    let _ = writeln!(out, "{}\t{}", i.label, i.kind.as_str());
                }
            }
        }
    }
    Ok(0)
}

/// `--json`, `--workspace DIR`, `--connect HOST:PORT`, `--dlv PATH` and
/// positionals, for `paths` and `doctor`.
#[derive(Default)]
struct EnvOptions {
    json: bool,
    workspace: Option<PathBuf>,
    connect: Option<String>,
    dlv: Option<PathBuf>,
    positional: Vec<String>,
}

fn parse_env_options(args: &[String], allowed: &[&str]) -> Result<EnvOptions, InputError> {
    let mut o = EnvOptions::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or_else(|| input_error(format!("{name} needs a value")));
        match a.as_str() {
            "--json" => o.json = true,
            s if s.starts_with("--") && !allowed.contains(&s) => {
                return Err(input_error(format!("unknown option {s}")));
            }
            "--workspace" => o.workspace = Some(PathBuf::from(value("--workspace")?)),
            "--connect" => o.connect = Some(value("--connect")?),
            "--dlv" => o.dlv = Some(PathBuf::from(value("--dlv")?)),
            _ => o.positional.push(a.clone()),
        }
    }
    Ok(o)
}

fn cmd_paths(args: &[String], out: &mut dyn Write) -> Result<i32, InputError> {
    let o = parse_env_options(args, &["--workspace"])?;
    let [binary] = o.positional.as_slice() else {
        return Err(input_error("paths needs one BINARY"));
    };
    let opened =
        crate::debuginfo::Binary::open(Path::new(binary)).map_err(|e| input_error(format!("{binary}: {e}")))?;
    let workspace = o.workspace.unwrap_or_else(|| PathBuf::from("."));
    if !workspace.is_dir() {
        return Err(input_error(format!("workspace not found: {}", workspace.display())));
    }
    let inference = crate::workspace::infer_paths(&opened, &workspace);
    if o.json {
        let rules: Vec<Value> =
            inference.rules.iter().map(|r| json!({"from": r.from, "to": r.to, "why": r.why})).collect();
        let _ = writeln!(out, "{}", json!({"rules": rules, "unmapped": inference.unmapped}));
    } else {
        for r in &inference.rules {
            let _ = writeln!(out, "{} => {}\t# {}", r.from, r.to, r.why);
        }
        for u in &inference.unmapped {
            let _ = writeln!(out, "unmapped: {u}");
        }
    }
    Ok(0)
}

fn cmd_doctor(args: &[String], out: &mut dyn Write) -> Result<i32, InputError> {
    let o = parse_env_options(args, &["--workspace", "--connect", "--dlv"])?;
    let binary = match o.positional.as_slice() {
        [] => None,
        [b] => Some(PathBuf::from(b)),
        _ => return Err(input_error("doctor takes at most one BINARY")),
    };
    if let Some(b) = &binary {
        if !b.is_file() {
            return Err(input_error(format!("binary not found: {}", b.display())));
        }
    }
    let cfg = crate::doctor::DoctorConfig {
        binary,
        connect: o.connect,
        dlv: o.dlv,
        workspace: o.workspace.unwrap_or_else(|| PathBuf::from(".")),
        ..Default::default()
    };
    let checks = crate::doctor::run(&cfg);
    if o.json {
        let _ = writeln!(out, "{}", json!({"checks": checks}));
    } else {
        for c in &checks {
            let _ = writeln!(out, "[{}] {}: {}", c.status.as_str(), c.id, c.message);
            if let Some(fix) = &c.fix {
                let _ = writeln!(out, "    fix: {fix}");
            }
        }
    }
    let failed = checks.iter().any(|c| c.status == crate::doctor::Status::Error);
    Ok(if failed { 1 } else { 0 })
}
