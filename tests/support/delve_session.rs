//! Driving real Delve over the corpus: one debug session per program that
//! stops at every location a cases file names and answers each case there
//! (see tests/delve_corpus.rs for the format).

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::corpus::{Case, FRAME, LOCALS, Location, UNREADABLE};
use super::dap_client::{DapClient, DapError};

/// Prefix Delve's DAP server puts in front of every evaluation error.
const EVAL_ERROR_PREFIX: &str = "Unable to evaluate expression: ";
/// Budget for one program's debug session (build excluded).
const SESSION_BUDGET: Duration = Duration::from_secs(30);

pub fn one_line(s: &str) -> String {
    s.replace(['\t', '\r', '\n'], " ").trim_end().to_string()
}

// ---------------------------------------------------------------------------
// Talking to Delve

/// Evaluates `expr` in frame `frame_id` and turns the answer into a verdict.
/// Transport failures are `Err`, evaluation errors are `Ok("error …")`.
fn evaluate_verdict(client: &mut DapClient, frame_id: i64, expr: &str) -> Result<String, String> {
    match client.send_request("evaluate", json!({"expression": expr, "frameId": frame_id, "context": "watch"})) {
        Ok(resp) => {
            let ty = resp.pointer("/body/type").and_then(Value::as_str).unwrap_or("");
            Ok(if ty.is_empty() { "ok".to_string() } else { format!("ok {}", one_line(ty)) })
        }
        Err(DapError::ErrorResponse { format, message, .. }) => {
            let text = format.unwrap_or(message);
            let text = text.strip_prefix(EVAL_ERROR_PREFIX).unwrap_or(&text);
            Ok(format!("error {}", one_line(text)))
        }
        Err(e) => Err(format!("evaluate {expr:?} failed: {e}")),
    }
}

/// The names of the variables Delve lists in the frame's "Locals" scope
/// (shadowed ones in parentheses, as Delve shows them); `unreadable`: only
/// those whose value Delve could not read.
fn local_names(client: &mut DapClient, frame_id: i64, unreadable: bool) -> Result<Vec<String>, String> {
    let scopes = client.send_request("scopes", json!({"frameId": frame_id})).map_err(|e| format!("scopes: {e}"))?;
    let mut names = Vec::new();
    for scope in scopes.pointer("/body/scopes").and_then(Value::as_array).into_iter().flatten() {
        // "Locals", or "Locals (warning: optimized function)".
        if !scope.get("name").and_then(Value::as_str).is_some_and(|n| n.starts_with("Locals")) {
            continue;
        }
        let reference = scope.get("variablesReference").and_then(Value::as_i64).unwrap_or(0);
        let vars = client
            .send_request("variables", json!({"variablesReference": reference}))
            .map_err(|e| format!("variables: {e}"))?;
        for v in vars.pointer("/body/variables").and_then(Value::as_array).into_iter().flatten() {
            let value = v.get("value").and_then(Value::as_str).unwrap_or("");
            if unreadable && !value.starts_with("(unreadable") {
                continue;
            }
            if let Some(name) = v.get("name").and_then(Value::as_str) {
                names.push(name.to_string());
            }
        }
    }
    Ok(names)
}

fn set_breakpoints(client: &mut DapClient, abs_file: &Path, lines: &[u32]) -> Result<Vec<Value>, String> {
    let bps: Vec<Value> = lines.iter().map(|l| json!({"line": l})).collect();
    let resp = client
        .send_request(
            "setBreakpoints",
            json!({
                "source": {"path": abs_file.to_string_lossy()},
                "breakpoints": bps,
                "lines": lines,
            }),
        )
        .map_err(|e| format!("setBreakpoints {}: {e}", abs_file.display()))?;
    Ok(resp.pointer("/body/breakpoints").and_then(Value::as_array).cloned().unwrap_or_default())
}

/// Runs one program under dlv and returns the live verdict of every case
/// (same order as `cases`; `None` when its location was never hit), or a
/// description of what went wrong.
pub fn run_program(dlv: &Path, name: &str, cases: &[Case]) -> Result<Vec<Option<String>>, String> {
    run_program_in(dlv, &super::corpus::program_dir(name), Build::Debug, cases)
}

/// How the program is built for the session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Build {
    /// `-gcflags=all=-N -l`, as Delve users build.
    Debug,
    /// A plain `go build`: optimized and inlined.
    Optimized,
}

/// [`run_program`] for the Go main package in `program_dir`, built as `build` says.
pub fn run_program_in(
    dlv: &Path,
    program_dir: &Path,
    build: Build,
    cases: &[Case],
) -> Result<Vec<Option<String>>, String> {
    let name = program_dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let program_dir = program_dir.canonicalize().map_err(|e| format!("program dir {}: {e}", program_dir.display()))?;

    // Locations, and per file the lines to stop at.
    let mut by_location: BTreeMap<Location, Vec<usize>> = BTreeMap::new();
    for (i, c) in cases.iter().enumerate() {
        by_location.entry(c.location.clone()).or_default().push(i);
    }
    // Per file, the lines to stop at and the last stop wanted at each.
    let mut pending: BTreeMap<String, BTreeMap<u32, u32>> = BTreeMap::new();
    for loc in by_location.keys() {
        if !program_dir.join(&loc.file).is_file() {
            return Err(format!("{loc}: no such file in {}", program_dir.display()));
        }
        let last = pending.entry(loc.file.clone()).or_default().entry(loc.line).or_default();
        *last = (*last).max(loc.hit);
    }

    let tmp = super::TempDir::new(&format!("corpus-{name}"));
    let binary = tmp.path().join(if cfg!(windows) { "prog.exe" } else { "prog" });
    match build {
        Build::Debug => super::go_build_debug(&program_dir, &binary, &[])?,
        Build::Optimized => super::go_build(&program_dir, &binary, &[])?,
    }

    let mut client = DapClient::spawn_in(dlv, &[], Some(&program_dir)).map_err(|e| format!("starting dlv dap: {e}"))?;
    let result = drive_session(&mut client, &program_dir, &binary, cases, &by_location, pending);
    let result = result.map_err(|e| {
        format!(
            "{e}\n--- last DAP messages ---\n{}\n--- dlv output ---\n{}",
            last_lines(&client.transcript_text(), 12),
            client.child_output()
        )
    });
    client.shutdown();
    result
}

fn drive_session(
    client: &mut DapClient,
    program_dir: &Path,
    binary: &Path,
    cases: &[Case],
    by_location: &BTreeMap<Location, Vec<usize>>,
    mut pending: BTreeMap<String, BTreeMap<u32, u32>>,
) -> Result<Vec<Option<String>>, String> {
    let started = Instant::now();
    let left = || SESSION_BUDGET.saturating_sub(started.elapsed());

    client.initialize().map_err(|e| format!("initialize: {e}"))?;
    client
        .send_request(
            "launch",
            json!({
                "request": "launch",
                "mode": "exec",
                "program": binary.to_string_lossy(),
                "cwd": program_dir.to_string_lossy(),
                "stopOnEntry": false,
            }),
        )
        .map_err(|e| format!("launch: {e}"))?;
    client.wait_for_event("initialized", left()).map_err(|e| format!("waiting for initialized: {e}"))?;

    let mut errors = Vec::new();
    for (file, lines) in &pending {
        let lines: Vec<u32> = lines.keys().copied().collect();
        let bps = set_breakpoints(client, &program_dir.join(file), &lines)?;
        for (line, bp) in lines.iter().zip(bps.iter().chain(std::iter::repeat(&Value::Null))) {
            let verified = bp.get("verified").and_then(Value::as_bool) == Some(true);
            let got_line = bp.get("line").and_then(Value::as_u64);
            if !verified {
                let msg = bp.get("message").and_then(Value::as_str).unwrap_or("no message");
                errors.push(format!("{file}:{line}: breakpoint not verified: {msg}"));
            } else if got_line != Some(u64::from(*line)) {
                errors.push(format!("{file}:{line}: Delve placed the breakpoint at line {got_line:?}"));
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors.join("\n"));
    }
    client.send_request("configurationDone", json!({})).map_err(|e| format!("configurationDone: {e}"))?;

    let mut verdicts: Vec<Option<String>> = vec![None; cases.len()];
    let mut remaining = by_location.len();
    let mut stops: BTreeMap<(String, u32), u32> = BTreeMap::new();
    while remaining > 0 {
        let ev = client
            .wait_for_any_event(&["stopped", "terminated", "exited"], left())
            .map_err(|e| format!("waiting for a stop: {e}"))?;
        let event = ev.get("event").and_then(Value::as_str).unwrap_or("");
        if event != "stopped" {
            break; // the program ended
        }
        let reason = ev.pointer("/body/reason").and_then(Value::as_str).unwrap_or("");
        let thread_id = ev
            .pointer("/body/threadId")
            .and_then(Value::as_i64)
            .ok_or_else(|| format!("stopped event without threadId: {ev}"))?;
        let st = client
            .send_request("stackTrace", json!({"threadId": thread_id, "startFrame": 0, "levels": 1}))
            .map_err(|e| format!("stackTrace: {e}"))?;
        let frame =
            st.pointer("/body/stackFrames/0").cloned().ok_or_else(|| format!("stackTrace without frames: {st}"))?;
        let frame_id = frame.get("id").and_then(Value::as_i64).unwrap_or(0);
        let line = frame.get("line").and_then(Value::as_u64).unwrap_or(0) as u32;
        let path = frame.pointer("/source/path").and_then(Value::as_str).unwrap_or("");
        let rel = relative_to(program_dir, path);
        let Some(file) = rel.filter(|f| pending.get(f).is_some_and(|lines| lines.contains_key(&line))) else {
            return Err(format!("stopped (reason {reason:?}) at {path}:{line}, which is not a corpus location"));
        };
        let hit = stops.entry((file.clone(), line)).or_default();
        *hit += 1;
        let loc = Location { file, line, hit: *hit };
        if let Some(indices) = by_location.get(&loc) {
            for &i in indices {
                verdicts[i] = Some(match cases[i].expr.as_str() {
                    FRAME => format!("ok {}", one_line(frame.get("name").and_then(Value::as_str).unwrap_or(""))),
                    LOCALS => format!("ok {}", local_names(client, frame_id, false)?.join(" ")),
                    UNREADABLE => format!("ok {}", local_names(client, frame_id, true)?.join(" ")),
                    expr => evaluate_verdict(client, frame_id, expr)?,
                });
            }
            remaining -= 1;
        }
        // After the last stop wanted at the line, drop its breakpoint so
        // loops do not stop again.
        let lines = pending.get_mut(&loc.file).expect("file has pending lines");
        if lines.get(&loc.line).is_some_and(|last| *last <= loc.hit) {
            lines.remove(&loc.line);
            let lines: Vec<u32> = lines.keys().copied().collect();
            set_breakpoints(client, &program_dir.join(&loc.file), &lines)?;
        }
        if remaining == 0 {
            break;
        }
        client.send_request("continue", json!({"threadId": thread_id})).map_err(|e| format!("continue: {e}"))?;
    }

    Ok(verdicts)
}

fn last_lines(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

/// `path` relative to `dir` with `/` separators, if it is inside it.
fn relative_to(dir: &Path, path: &str) -> Option<String> {
    let p = Path::new(path);
    let p = p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let rel = p.strip_prefix(dir).ok()?;
    Some(rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"))
}
