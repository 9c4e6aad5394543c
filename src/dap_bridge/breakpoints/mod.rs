//! `setBreakpoints`: every condition, hit condition and log message checked
//! with the shared engine at its file:line before Delve sees it.
//!
//! Default mode forwards every breakpoint (the editor's intent is kept) and
//! adds a `message` saying what is wrong and how to fix it; `verified` stays
//! what Delve says, because the breakpoint *is* set and will stop the program
//! with an error when hit. `strictConditions: true` withholds invalid ones:
//! the editor gets `verified: false` with the message and Delve never sees
//! them, so they cannot stop the program.

use std::path::Path;

use serde_json::{Value, json};

use crate::expr::scope::ScopeAt;
use crate::expr::{self, TextKind};

/// What was decided for one requested breakpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct BpVerdict {
    /// Sent to Delve (its answer is at `delve_index` in Delve's response).
    pub delve_index: Option<usize>,
    /// What the bridge tells the editor about it: why it is invalid, or
    /// that it could not be checked; `None` when there is nothing to say.
    pub message: Option<String>,
    pub line: Option<i64>,
}

/// The plan for one `setBreakpoints` request, kept until Delve answers.
#[derive(Debug, Clone, PartialEq)]
pub struct BpPlan {
    pub verdicts: Vec<BpVerdict>,
}

impl BpPlan {
    /// Whether Delve's answer must be [`merge`]d before the editor gets it.
    pub fn changes_answer(&self) -> bool {
        self.verdicts.iter().any(|v| v.message.is_some() || v.delve_index.is_none())
    }
}

const TEXTS: [(&str, TextKind); 3] = [
    ("condition", TextKind::Condition),
    ("hitCondition", TextKind::HitCondition),
    ("logMessage", TextKind::LogMessage),
];

/// The texts of one requested breakpoint that are not blank.
fn texts(bp: &Value) -> Vec<(&str, TextKind)> {
    TEXTS
        .into_iter()
        .filter_map(|(field, kind)| {
            bp.get(field).and_then(Value::as_str).filter(|t| !t.trim().is_empty()).map(|t| (t, kind))
        })
        .collect()
}

fn requested(args: &Value) -> &[Value] {
    args.get("breakpoints").and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

/// Whether some breakpoint of `args` has a text to check: only then is a
/// scope needed.
pub fn has_texts(args: &Value) -> bool {
    requested(args).iter().any(|bp| !texts(bp).is_empty())
}

/// The plan when the scopes could not be had in time: every breakpoint goes
/// to Delve as the editor wrote it, and those with a text say `why` they
/// were not checked.
pub fn unchecked(args: &Value, why: &str) -> (Value, BpPlan) {
    let verdicts = requested(args)
        .iter()
        .enumerate()
        .map(|(i, bp)| BpVerdict {
            delve_index: Some(i),
            message: (!texts(bp).is_empty()).then(|| why.to_string()),
            line: bp.get("line").and_then(Value::as_i64),
        })
        .collect();
    (args.clone(), BpPlan { verdicts })
}

fn describe(kind: TextKind) -> &'static str {
    match kind {
        TextKind::Condition => "condition",
        TextKind::HitCondition => "hit condition",
        TextKind::LogMessage => "log message",
        TextKind::Expression => "expression",
    }
}

/// The engine's verdict on one text as one line a user can act on, or
/// `None` when Delve will accept it (warnings never block).
pub fn explain(text: &str, kind: TextKind, scope: &ScopeAt) -> Option<String> {
    let checked = expr::check_text(text, kind, scope);
    if !checked.has_errors() {
        return None;
    }
    let mut parts = Vec::new();
    for d in &checked.diagnostics {
        let mut s = if d.is_error() { d.message.clone() } else { format!("warning: {}", d.message) };
        let fixes: Vec<&str> = d.fixes.iter().map(|f| f.title.as_str()).filter(|t| !d.message.contains(t)).collect();
        if !fixes.is_empty() {
            s.push_str(&format!(" (fix: {})", fixes.join("; ")));
        }
        parts.push(s);
    }
    Some(format!("invalid {} `{}`: {}", describe(kind), text, parts.join("; ")))
}

/// What Delve does with an invalid text of this kind (Delve v1.27).
fn consequence(kind: TextKind) -> &'static str {
    match kind {
        TextKind::Condition => "Delve will stop the program with an error each time this breakpoint is hit",
        TextKind::LogMessage => "Delve will log an evaluation error instead of the value",
        TextKind::HitCondition | TextKind::Expression => "Delve will reject it",
    }
}

/// Checks every breakpoint of `args` (a `setBreakpoints` request, editor
/// paths) against `scope_at(editor path, line)` and returns the arguments
/// for Delve and the plan.
pub fn plan(args: &Value, scope_at: &dyn Fn(&Path, u32) -> Result<ScopeAt, String>, strict: bool) -> (Value, BpPlan) {
    let path = args.pointer("/source/path").and_then(Value::as_str).map(str::to_string);
    let scope_of = |bp: &Value| {
        let line = bp.get("line").and_then(Value::as_i64).and_then(|l| u32::try_from(l).ok())?;
        let path = path.as_deref()?;
        Some(scope_at(Path::new(path), line).map_err(|e| format!("{path}:{line}: {e}")))
    };
    plan_each(args, &scope_of, strict)
}

/// [`plan`] for `setFunctionBreakpoints`: each breakpoint's scope is found
/// from its function `name` by `scope_of_function`.
pub fn plan_functions(
    args: &Value,
    scope_of_function: &dyn Fn(&str) -> Option<Result<ScopeAt, String>>,
    strict: bool,
) -> (Value, BpPlan) {
    let scope_of = |bp: &Value| scope_of_function(bp.get("name").and_then(Value::as_str)?);
    plan_each(args, &scope_of, strict)
}

fn plan_each(
    args: &Value,
    scope_of: &dyn Fn(&Value) -> Option<Result<ScopeAt, String>>,
    strict: bool,
) -> (Value, BpPlan) {
    let mut forwarded = Vec::new();
    let mut verdicts = Vec::new();
    for bp in requested(args) {
        let line = bp.get("line").and_then(Value::as_i64);
        let mut problems = Vec::new();
        let present = texts(bp);
        if !present.is_empty() {
            match scope_of(bp) {
                Some(Ok(scope)) => {
                    problems.extend(present.iter().filter_map(|(t, k)| {
                        explain(t, *k, &scope).map(|p| if strict { p } else { format!("{p} — {}", consequence(*k)) })
                    }));
                }
                Some(Err(e)) => tracing::info!("no scope, conditions not checked: {e}"),
                None => {}
            }
        }
        let problem = (!problems.is_empty()).then(|| problems.join("; "));
        let send = problem.is_none() || !strict;
        let delve_index = send.then(|| {
            forwarded.push(bp.clone());
            forwarded.len() - 1
        });
        let problem = problem.map(|p| if strict { format!("{p} — not sent to Delve (strictConditions)") } else { p });
        verdicts.push(BpVerdict { delve_index, message: problem, line });
    }
    let mut out = args.clone();
    if let Some(obj) = out.as_object_mut() {
        // The deprecated `lines` mirrors `breakpoints`; keep them in step.
        if obj.contains_key("lines") {
            let lines = forwarded.iter().filter_map(|bp| bp.get("line").cloned()).collect();
            obj.insert("lines".to_string(), Value::Array(lines));
        }
        obj.insert("breakpoints".to_string(), Value::Array(forwarded));
    }
    (out, BpPlan { verdicts })
}

/// Delve's answer merged with the plan: one entry per requested breakpoint,
/// in the editor's order. Withheld ones get ids from `next_id`.
pub fn merge(plan: &BpPlan, delve_body: Option<&Value>, source: &Value, next_id: &mut i64) -> Value {
    let delve_bps = delve_body.and_then(|b| b.get("breakpoints")).and_then(Value::as_array);
    let mut out = Vec::new();
    for v in &plan.verdicts {
        let mut bp = match v.delve_index {
            Some(i) => delve_bps.and_then(|bps| bps.get(i)).cloned().unwrap_or_else(|| json!({"verified": false})),
            None => {
                let id = *next_id;
                *next_id += 1;
                let mut bp = json!({"id": id, "verified": false});
                if !source.is_null() {
                    bp["source"] = source.clone();
                }
                if let Some(line) = v.line {
                    bp["line"] = json!(line);
                }
                bp
            }
        };
        if let (Some(p), Some(obj)) = (&v.message, bp.as_object_mut()) {
            // Delve gives no id to a breakpoint it rejects; the `breakpoint`
            // event carrying the message needs one.
            if !obj.contains_key("id") {
                obj.insert("id".to_string(), json!(*next_id));
                *next_id += 1;
            }
            let message = match obj.get("message").and_then(Value::as_str) {
                Some(m) if !m.is_empty() => format!("{p}; delve: {m}"),
                _ => p.clone(),
            };
            obj.insert("message".to_string(), Value::String(message));
        }
        out.push(bp);
    }
    let mut body = delve_body.cloned().filter(Value::is_object).unwrap_or_else(|| json!({}));
    body["breakpoints"] = Value::Array(out);
    body
}

#[cfg(test)]
mod tests;
