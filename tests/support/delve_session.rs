//! Driving real Delve over the corpus: one debug session per program that
//! stops at every location a cases file names and answers each case there
//! (see tests/delve_corpus.rs for the format).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
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
    for loc in by_location.keys() {
        if !program_dir.join(&loc.file).is_file() {
            return Err(format!("{loc}: no such file in {}", program_dir.display()));
        }
    }

    let tmp = super::TempDir::new(&format!("corpus-{name}"));
    let binary = tmp.path().join(if cfg!(windows) { "prog.exe" } else { "prog" });
    match build {
        Build::Debug => super::go_build_debug(&program_dir, &binary, &[])?,
        Build::Optimized => super::go_build(&program_dir, &binary, &[])?,
    }

    let mut session = LiveSession::launch(dlv, &program_dir, &binary, by_location.keys(), SESSION_BUDGET)?;
    let result = answer_cases(&mut session, cases, &by_location);
    session.finish(result)
}

/// Answers every case at its stop.
fn answer_cases(
    session: &mut LiveSession,
    cases: &[Case],
    by_location: &BTreeMap<Location, Vec<usize>>,
) -> Result<Vec<Option<String>>, String> {
    let mut verdicts: Vec<Option<String>> = vec![None; cases.len()];
    while let Some(stop) = session.next_stop()? {
        for &i in by_location.get(&stop.location).into_iter().flatten() {
            verdicts[i] = Some(match cases[i].expr.as_str() {
                FRAME => format!("ok {}", one_line(&stop.function)),
                LOCALS => format!("ok {}", session.local_names(&stop, false)?.join(" ")),
                UNREADABLE => format!("ok {}", session.local_names(&stop, true)?.join(" ")),
                expr => session.evaluate(&stop, expr)?,
            });
        }
    }
    Ok(verdicts)
}

/// One stop of a [`LiveSession`]: where, in which function (as
/// `stackTrace` names frame 0), and the frame to ask about.
#[derive(Clone, Debug)]
pub struct Stop {
    pub location: Location,
    pub function: String,
    pub frame_id: i64,
    thread_id: i64,
}

/// A variable as Delve's DAP server lists it.
#[derive(Clone, Debug)]
pub struct DelveVariable {
    pub name: String,
    /// The `type` Delve gives (empty when none).
    pub ty: String,
    pub value: String,
    /// The expression Delve says evaluates to this variable (`p.X`, `s[0]`).
    pub evaluate_name: Option<String>,
    /// Non-zero when the variable has children.
    pub reference: i64,
}

/// A `dlv dap` session of a program built beforehand, stopping at the
/// lines it was given until each was hit as often as wanted. Breakpoints
/// are dropped after their last wanted hit, so loops do not stop again.
pub struct LiveSession {
    client: DapClient,
    program_dir: PathBuf,
    /// Per file (relative to the program directory), each line to stop
    /// at and the last hit wanted there.
    pending: BTreeMap<String, BTreeMap<u32, u32>>,
    hits: BTreeMap<(String, u32), u32>,
    /// The thread and location of the last stop, to continue from.
    stopped: Option<(i64, Location)>,
    started: Instant,
    budget: Duration,
}

impl LiveSession {
    /// Starts dlv on `binary` (built from the canonical `program_dir`) with
    /// a breakpoint at every line of `locations`; the program runs until
    /// the first stop is asked for.
    pub fn launch<'a>(
        dlv: &Path,
        program_dir: &Path,
        binary: &Path,
        locations: impl IntoIterator<Item = &'a Location>,
        budget: Duration,
    ) -> Result<LiveSession, String> {
        let mut pending: BTreeMap<String, BTreeMap<u32, u32>> = BTreeMap::new();
        for loc in locations {
            let last = pending.entry(loc.file.clone()).or_default().entry(loc.line).or_default();
            *last = (*last).max(loc.hit);
        }
        let client = DapClient::spawn_in(dlv, &[], Some(program_dir)).map_err(|e| format!("starting dlv dap: {e}"))?;
        let mut session = LiveSession {
            client,
            program_dir: program_dir.to_path_buf(),
            pending,
            hits: BTreeMap::new(),
            stopped: None,
            started: Instant::now(),
            budget,
        };
        match session.start(binary) {
            Ok(()) => Ok(session),
            Err(e) => Err(session.finish::<()>(Err(e)).unwrap_err()),
        }
    }

    fn left(&self) -> Duration {
        self.budget.saturating_sub(self.started.elapsed())
    }

    fn start(&mut self, binary: &Path) -> Result<(), String> {
        let client = &mut self.client;
        client.initialize().map_err(|e| format!("initialize: {e}"))?;
        client
            .send_request(
                "launch",
                json!({
                    "request": "launch",
                    "mode": "exec",
                    "program": binary.to_string_lossy(),
                    "cwd": self.program_dir.to_string_lossy(),
                    "stopOnEntry": false,
                }),
            )
            .map_err(|e| format!("launch: {e}"))?;
        let left = self.left();
        self.client.wait_for_event("initialized", left).map_err(|e| format!("waiting for initialized: {e}"))?;

        let mut errors = Vec::new();
        for (file, lines) in &self.pending {
            let lines: Vec<u32> = lines.keys().copied().collect();
            let bps = set_breakpoints(&mut self.client, &self.program_dir.join(file), &lines)?;
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
        self.client.send_request("configurationDone", json!({})).map_err(|e| format!("configurationDone: {e}"))?;
        Ok(())
    }

    /// Runs to the next stop; `None` once every line was hit as often as
    /// wanted or the program ended. A stop anywhere else is an error.
    pub fn next_stop(&mut self) -> Result<Option<Stop>, String> {
        if let Some((thread_id, location)) = self.stopped.take() {
            // After the last stop wanted at the line (and what was asked
            // there, `delve.bphitcount` included), drop its breakpoint.
            let lines = self.pending.get_mut(&location.file).expect("file has pending lines");
            if lines.get(&location.line).is_some_and(|last| *last <= location.hit) {
                lines.remove(&location.line);
                let lines: Vec<u32> = lines.keys().copied().collect();
                if lines.is_empty() {
                    self.pending.remove(&location.file);
                }
                set_breakpoints(&mut self.client, &self.program_dir.join(&location.file), &lines)?;
            }
            if self.pending.is_empty() {
                return Ok(None);
            }
            self.client
                .send_request("continue", json!({"threadId": thread_id}))
                .map_err(|e| format!("continue: {e}"))?;
        }
        if self.pending.is_empty() {
            return Ok(None);
        }
        let left = self.left();
        let ev = self
            .client
            .wait_for_any_event(&["stopped", "terminated", "exited"], left)
            .map_err(|e| format!("waiting for a stop: {e}"))?;
        if ev.get("event").and_then(Value::as_str) != Some("stopped") {
            return Ok(None); // the program ended
        }
        let reason = ev.pointer("/body/reason").and_then(Value::as_str).unwrap_or("");
        let thread_id = ev
            .pointer("/body/threadId")
            .and_then(Value::as_i64)
            .ok_or_else(|| format!("stopped event without threadId: {ev}"))?;
        let st = self
            .client
            .send_request("stackTrace", json!({"threadId": thread_id, "startFrame": 0, "levels": 1}))
            .map_err(|e| format!("stackTrace: {e}"))?;
        let frame =
            st.pointer("/body/stackFrames/0").cloned().ok_or_else(|| format!("stackTrace without frames: {st}"))?;
        let frame_id = frame.get("id").and_then(Value::as_i64).unwrap_or(0);
        let line = frame.get("line").and_then(Value::as_u64).unwrap_or(0) as u32;
        let path = frame.pointer("/source/path").and_then(Value::as_str).unwrap_or("");
        let rel = relative_to(&self.program_dir, path);
        let Some(file) = rel.filter(|f| self.pending.get(f).is_some_and(|lines| lines.contains_key(&line))) else {
            return Err(format!("stopped (reason {reason:?}) at {path}:{line}, which is not a wanted location"));
        };
        let hit = self.hits.entry((file.clone(), line)).or_default();
        *hit += 1;
        let location = Location { file, line, hit: *hit };
        self.stopped = Some((thread_id, location.clone()));

        let function = frame.get("name").and_then(Value::as_str).unwrap_or("").to_string();
        Ok(Some(Stop { location, function, frame_id, thread_id }))
    }

    /// Delve's verdict on `expr` at `stop` (see [`evaluate_verdict`]).
    pub fn evaluate(&mut self, stop: &Stop, expr: &str) -> Result<String, String> {
        debug_assert_eq!(
            self.stopped.as_ref().map(|s| s.0),
            Some(stop.thread_id),
            "evaluate at a stop the session left"
        );
        evaluate_verdict(&mut self.client, stop.frame_id, expr)
    }

    /// The names Delve lists in the frame's Locals (see [`local_names`]).
    pub fn local_names(&mut self, stop: &Stop, unreadable: bool) -> Result<Vec<String>, String> {
        local_names(&mut self.client, stop.frame_id, unreadable)
    }

    /// The variables of the frame's Locals scope.
    pub fn locals(&mut self, stop: &Stop) -> Result<Vec<DelveVariable>, String> {
        let scopes = self
            .client
            .send_request("scopes", json!({"frameId": stop.frame_id}))
            .map_err(|e| format!("scopes: {e}"))?;
        let mut out = Vec::new();
        for scope in scopes.pointer("/body/scopes").and_then(Value::as_array).into_iter().flatten() {
            if !scope.get("name").and_then(Value::as_str).is_some_and(|n| n.starts_with("Locals")) {
                continue;
            }
            let reference = scope.get("variablesReference").and_then(Value::as_i64).unwrap_or(0);
            out.extend(self.children(reference)?);
        }
        Ok(out)
    }

    /// The children Delve lists under a `variablesReference`.
    pub fn children(&mut self, reference: i64) -> Result<Vec<DelveVariable>, String> {
        let vars = self
            .client
            .send_request("variables", json!({"variablesReference": reference}))
            .map_err(|e| format!("variables: {e}"))?;
        let text = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).map(str::to_string);
        Ok(vars
            .pointer("/body/variables")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|v| DelveVariable {
                name: text(v, "name").unwrap_or_default(),
                ty: text(v, "type").unwrap_or_default(),
                value: text(v, "value").unwrap_or_default(),
                evaluate_name: text(v, "evaluateName").filter(|e| !e.is_empty()),
                reference: v.get("variablesReference").and_then(Value::as_i64).unwrap_or(0),
            })
            .collect())
    }

    /// Ends the session, adding the last DAP messages and dlv's output to
    /// an error.
    pub fn finish<T>(self, result: Result<T, String>) -> Result<T, String> {
        let result = result.map_err(|e| {
            format!(
                "{e}\n--- last DAP messages ---\n{}\n--- dlv output ---\n{}",
                last_lines(&self.client.transcript_text(), 12),
                self.client.child_output()
            )
        });
        self.client.shutdown();
        result
    }
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
