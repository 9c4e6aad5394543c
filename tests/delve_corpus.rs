//! Ground truth from real Delve.
//!
//! `tests/corpus/<name>.cases` lists Go expressions evaluated at a breakpoint of
//! the program in `tests/corpus/programs/<name>/`, each with the verdict real
//! `dlv dap` (v1.27.2) gave. Format, one case per line, tab-separated:
//!
//! ```text
//! FILE:LINE<TAB>EXPR<TAB>VERDICT
//! ```
//!
//! FILE is relative to the program directory. VERDICT is `ok <type>` (the
//! `type` of the evaluate response; just `ok` when Delve gives none) or
//! `error <message>` (Delve's error with the "Unable to evaluate expression: "
//! prefix removed, tabs and newlines turned into spaces). Lines starting with
//! `#` and blank lines are kept as they are. An empty or `?` verdict is a case
//! waiting to be recorded.
//!
//! Each expression is evaluated with `evaluate` (context `watch`) in frame 0 at
//! the FIRST stop at FILE:LINE, or at the N-th stop with `FILE:LINE#N` (the
//! same expression at two stops shows which failures depend on values). The
//! pseudo-expression `@frame` records `ok <function>`: the name `stackTrace`
//! gives frame 0 there (which instantiation of a generic function it is).
//!
//! - `UPDATE_CORPUS=1 cargo test --test delve_corpus` rewrites every verdict with
//!   what Delve says now.
//! - Otherwise every recorded verdict must equal what live Delve says.
//! - `CORPUS_ONLY=a,b` limits the run to those programs.
//! - Without dlv the test fails (run scripts/install-deps), unless
//!   `DLVBRIDGE_SKIP_DELVE=1`.

mod support;

use support::corpus::{Case, FRAME, Location, all_cases, corpus_dir, corpus_programs, parse_cases, rewrite_cases};

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::dap_client::{DapClient, DapError};

/// Prefix Delve's DAP server puts in front of every evaluation error.
const EVAL_ERROR_PREFIX: &str = "Unable to evaluate expression: ";
/// Budget for one program's debug session (build excluded).
const SESSION_BUDGET: Duration = Duration::from_secs(30);

fn one_line(s: &str) -> String {
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
fn run_program(dlv: &Path, name: &str, cases: &[Case]) -> Result<Vec<Option<String>>, String> {
    let program_dir = support::corpus::program_dir(name);
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

    let tmp = support::TempDir::new(&format!("corpus-{name}"));
    let binary = tmp.path().join(if cfg!(windows) { "prog.exe" } else { "prog" });
    support::go_build_debug(&program_dir, &binary, &[])?;

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
                verdicts[i] = Some(if cases[i].expr == FRAME {
                    let name = frame.get("name").and_then(Value::as_str).unwrap_or("");
                    format!("ok {}", one_line(name))
                } else {
                    evaluate_verdict(client, frame_id, &cases[i].expr)?
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

// ---------------------------------------------------------------------------
// Tests

/// The cases files parse, name existing files and lines, and every case is recorded.
/// Needs no Delve.
#[test]
fn corpus_files_are_well_formed() {
    let programs = corpus_programs();
    assert!(!programs.is_empty(), "no .cases files in {}", corpus_dir().display());
    let mut problems = Vec::new();
    for (name, path) in &programs {
        let file = match parse_cases(path) {
            Ok(f) => f,
            Err(e) => {
                problems.push(e);
                continue;
            }
        };
        let dir = support::corpus::program_dir(name);
        if !dir.join("go.mod").is_file() {
            problems.push(format!("{name}: missing {}", dir.join("go.mod").display()));
        }
        for case in all_cases(&file) {
            let src = dir.join(&case.location.file);
            match std::fs::read_to_string(&src) {
                Ok(text) => {
                    let n = text.lines().count() as u32;
                    if case.location.line == 0 || case.location.line > n {
                        problems.push(format!(
                            "{name}.cases:{}: {} has only {n} lines",
                            case.line_index + 1,
                            case.location
                        ));
                    }
                }
                Err(e) => problems.push(format!("{name}.cases:{}: {}: {e}", case.line_index + 1, src.display())),
            }
            if case.verdict.is_none() && std::env::var("UPDATE_CORPUS").as_deref() != Ok("1") {
                problems.push(format!(
                    "{name}.cases:{}: {} {:?} has no verdict; record it with UPDATE_CORPUS=1 cargo test --test delve_corpus",
                    case.line_index + 1,
                    case.location,
                    case.expr
                ));
            }
        }
    }
    assert!(problems.is_empty(), "corpus problems:\n{}", problems.join("\n"));
}

/// Every recorded verdict equals what real Delve says now
/// (or, with UPDATE_CORPUS=1, records what it says).
#[test]
fn delve_agrees_with_recorded_verdicts() {
    let Some(dlv) = support::require_dlv("delve_agrees_with_recorded_verdicts") else {
        return;
    };
    let update = std::env::var("UPDATE_CORPUS").as_deref() == Ok("1");
    let programs = corpus_programs();
    assert!(!programs.is_empty(), "no .cases files in {}", corpus_dir().display());

    let mut failures: Vec<String> = Vec::new();
    let mut summary = String::new();
    for (name, path) in &programs {
        let file = match parse_cases(path) {
            Ok(f) => f,
            Err(e) => {
                failures.push(e);
                continue;
            }
        };
        let started = Instant::now();
        let cases: Vec<Case> = all_cases(&file).cloned().collect();
        let live = match run_program(&dlv, name, &cases) {
            Ok(v) => v,
            Err(e) => {
                failures.push(format!("{name}: {e}"));
                continue;
            }
        };
        let mut never_hit: Vec<String> =
            cases.iter().zip(&live).filter(|(_, v)| v.is_none()).map(|(c, _)| c.location.to_string()).collect();
        never_hit.dedup();
        if !never_hit.is_empty() {
            failures.push(format!(
                "{name}: locations never hit before the program ended: {} (a stop line must run; pick a line with code)",
                never_hit.join(", ")
            ));
        }
        let ok = live.iter().flatten().filter(|v| v.starts_with("ok")).count();
        let evaluated = live.iter().flatten().count();
        let _ = writeln!(
            summary,
            "{name}: {} cases ({} ok, {} error) at {} locations in {:.1?}",
            evaluated,
            ok,
            evaluated - ok,
            cases.iter().map(|c| &c.location).collect::<BTreeSet<_>>().len(),
            started.elapsed()
        );
        if update {
            let changed =
                cases.iter().zip(&live).filter(|(c, v)| v.is_some() && c.verdict.as_deref() != v.as_deref()).count();
            let _ = writeln!(summary, "  {changed} verdicts changed in {}", path.display());
            let pending = cases.iter().any(|c| c.verdict.is_none());
            if (changed > 0 || pending)
                && let Err(e) = rewrite_cases(&file, &live)
            {
                failures.push(e);
            }
            continue;
        }
        for (case, got) in cases.iter().zip(&live) {
            let Some(got) = got else { continue };
            match &case.verdict {
                None => failures.push(format!(
                    "{name}.cases:{}: {}  {}\n    not recorded; Delve says: {got}",
                    case.line_index + 1,
                    case.location,
                    case.expr
                )),
                Some(want) if want != got => failures.push(format!(
                    "{name}.cases:{}: {}  {}\n    recorded: {want}\n    delve:    {got}",
                    case.line_index + 1,
                    case.location,
                    case.expr
                )),
                Some(_) => {}
            }
        }
    }
    eprint!("{summary}");
    assert!(
        failures.is_empty(),
        "{} corpus problem(s) against live Delve (re-record with UPDATE_CORPUS=1 only if Delve's behaviour really changed):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
