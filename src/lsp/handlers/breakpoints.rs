//! Verdicts on one file's breakpoints (`dlvbridge/setBreakpoints`, or a
//! debug session's), and the diagnostics that show them on their lines:
//! a condition, hit condition or log message the engine rejects, or a line
//! with no code to stop at. The messages are the DAP bridge's, so the
//! editor and the debug session say the same thing.

use std::path::Path;

use ls_types::{Diagnostic, DiagnosticSeverity, NumberOrString, Position, Range};

use super::SOURCE;
use crate::dap_bridge::breakpoints::explain;
use crate::expr::{self, TextKind};
use crate::lsp::text::LineIndex;
use crate::lsp::world::{BreakpointVerdict, Snapshot, SourceBreakpoint};
use crate::scope::dwarf::DwarfScopeError;
use crate::scope::source::CodeLines;

/// The verdict on each breakpoint, in order, and the file's diagnostics.
/// `session` holds a debug session's own verdicts, which stand as they are:
/// each message is shown as the editor got it from the bridge, an error
/// when the breakpoint cannot work (Delve did not set it, or the engine
/// rejects one of its texts at the same scopes the bridge used), else a
/// warning.
pub fn verdicts(
    snapshot: &Snapshot,
    file: &Path,
    breakpoints: &[SourceBreakpoint],
    session: Option<&[BreakpointVerdict]>,
) -> (Vec<BreakpointVerdict>, Vec<Diagnostic>) {
    let text: Option<std::sync::Arc<str>> =
        snapshot.go_text(file).or_else(|| std::fs::read_to_string(file).ok().map(Into::into));
    let index = text.as_deref().map(LineIndex::new);
    let code = text.as_deref().map(CodeLines::new);
    let mut verdicts = Vec::new();
    let mut diagnostics = Vec::new();
    for (i, bp) in breakpoints.iter().enumerate() {
        let line = u32::try_from(bp.line).ok().filter(|l| *l > 0);
        let (verdict, found) = match session.and_then(|s| s.get(i)) {
            Some(v) => {
                let found = v.message.clone().map(|m| {
                    let error = !v.verified || !judge(snapshot, file, code.as_ref(), line, bp).0.verified;
                    (if error { Found::Error } else { Found::Warning }, m)
                });
                (v.clone(), found.into_iter().collect())
            }
            None => judge(snapshot, file, code.as_ref(), line, bp),
        };
        if let (Some(line), Some(index)) = (line, &index) {
            for (severity, message) in found {
                diagnostics.push(on_line(index, line, severity, message));
            }
        }
        verdicts.push(verdict);
    }
    (verdicts, diagnostics)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Found {
    Error,
    Warning,
}

fn judge(
    snapshot: &Snapshot,
    file: &Path,
    code: Option<&CodeLines>,
    line: Option<u32>,
    bp: &SourceBreakpoint,
) -> (BreakpointVerdict, Vec<(Found, String)>) {
    let unverified = |message: String| (BreakpointVerdict { verified: false, message: Some(message) }, Vec::new());
    let Some(line) = line else { return unverified(format!("invalid line {}: lines count from 1", bp.line)) };
    let Some(code) = code else { return unverified(format!("cannot read {}", file.display())) };
    let lines = code.line_count();
    if line > lines {
        return unverified(format!("line {line} is past the end of {} ({lines} lines)", file.display()));
    }
    let mut found = Vec::new();
    // In a cgo preamble the line tables that place C code on the line
    // are C's, which the binary's scopes do not read.
    let no_code = if code.in_cgo_preamble(line) {
        None
    } else {
        binary_no_statement(snapshot, file, line).or_else(|| code.no_code_reason(line))
    };
    if let Some(why) = no_code {
        found.push((Found::Error, format!("this breakpoint will not bind: {why}")));
    }
    let texts = [
        (&bp.condition, TextKind::Condition),
        (&bp.hit_condition, TextKind::HitCondition),
        (&bp.log_message, TextKind::LogMessage),
    ];
    let present: Vec<(&str, TextKind)> =
        texts.iter().filter_map(|(t, k)| t.as_deref().filter(|t| !t.trim().is_empty()).map(|t| (t, *k))).collect();
    if !present.is_empty() {
        match snapshot.scope_at(file, line) {
            Ok(resolved) => {
                for (t, kind) in present {
                    match explain(t, kind, &resolved.scope) {
                        Some(problem) => found.push((Found::Error, problem)),
                        None => found.extend(warnings(t, kind, &resolved.scope)),
                    }
                }
            }
            Err(e) => tracing::info!("no scope at {}:{line}, texts not checked: {e}", file.display()),
        }
    }
    let errors: Vec<&str> = found.iter().filter(|(s, _)| *s == Found::Error).map(|(_, m)| m.as_str()).collect();
    let verdict =
        BreakpointVerdict { verified: errors.is_empty(), message: (!errors.is_empty()).then(|| errors.join("; ")) };
    (verdict, found)
}

/// Warnings the engine has on an accepted text (run-time hazards).
fn warnings(text: &str, kind: TextKind, scope: &crate::expr::scope::ScopeAt) -> Vec<(Found, String)> {
    let what = match kind {
        TextKind::HitCondition => "hit condition",
        TextKind::LogMessage => "log message",
        TextKind::Condition | TextKind::Expression => "condition",
    };
    expr::check_text(text, kind, scope)
        .diagnostics
        .into_iter()
        .map(|d| (Found::Warning, format!("{what} `{text}`: {}", d.message)))
        .collect()
}

/// With the binary's line tables: why `file:line` has no statement.
fn binary_no_statement(snapshot: &Snapshot, file: &Path, line: u32) -> Option<String> {
    let binary = snapshot.scopes.binary()?;
    let build = snapshot.scopes.paths().to_delve(&file.to_string_lossy()).into_owned();
    match binary.scope_at_cached(Path::new(&build), line) {
        Err(e @ DwarfScopeError::NoStatement { .. }) => Some(e.to_string()),
        _ => None,
    }
}

/// A diagnostic over the code of `line` (1-based).
fn on_line(index: &LineIndex, line: u32, found: Found, message: String) -> Diagnostic {
    let row = line - 1;
    let content = index.line(row);
    let indent: u32 = content.chars().take_while(|c| c.is_whitespace()).map(|c| c.len_utf16() as u32).sum();
    let end: u32 = content.encode_utf16().count() as u32;
    Diagnostic {
        range: Range::new(Position::new(row, indent.min(end)), Position::new(row, end)),
        severity: Some(match found {
            Found::Error => DiagnosticSeverity::ERROR,
            Found::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String("breakpoint".to_string())),
        source: Some(SOURCE.to_string()),
        message,
        ..Diagnostic::default()
    }
}
