//! One file per request or notification: each turns LSP parameters into a
//! question for the engine over a [`Snapshot`](super::world::Snapshot) and
//! the answer back into LSP types. They run on workers, never on the
//! state owner's loop.

pub mod breakpoints;
pub mod code_action;
pub mod completion;
pub mod diagnostics;
pub mod hover;
pub mod path_mappings;

use std::sync::Arc;

use ls_types::{Diagnostic, DiagnosticSeverity, NumberOrString, Range};

use super::text::LineIndex;
use super::uri::ConditionTarget;
use super::world::Snapshot;
use crate::dap_bridge::live_scope::FrameView;
use crate::expr::scope::ScopeAt;
use crate::expr::{self, Severity, Span};
use crate::scope::Resolved;

/// The name diagnostics carry as their source.
pub const SOURCE: &str = "dlvbridge";

/// Breakpoint texts longer than this are not read (Delve's conditions are
/// one expression; a megabyte of text is a mistake, not a condition).
pub const MAX_CONDITION_BYTES: usize = 64 * 1024;

/// A scope a handler reads: a line's static one (shared with the memo) or
/// a stopped frame's, without copying either.
pub enum LineScope {
    Static(Arc<Resolved>),
    /// The frame's variables typed as declared.
    Frame(Arc<FrameView>),
    /// The frame's interface variables typed by the values they hold.
    Held(Arc<FrameView>),
}

impl std::ops::Deref for LineScope {
    type Target = ScopeAt;

    fn deref(&self) -> &ScopeAt {
        match self {
            LineScope::Static(r) => &r.scope,
            LineScope::Frame(v) => &v.scope,
            LineScope::Held(v) => &v.held,
        }
    }
}

/// The scope a condition document is checked in, or why there is none:
/// the stopped frame's when the request has it for the document's line
/// (variables typed as declared), else the static one.
pub fn condition_scope(snapshot: &Snapshot, target: &ConditionTarget) -> Result<LineScope, String> {
    match snapshot.live.as_ref().filter(|l| l.is_at(&target.file, target.line)) {
        Some(live) => Ok(LineScope::Frame(live.view.clone())),
        None => snapshot.scope_at(&target.file, target.line).map(LineScope::Static).map_err(|e| e.to_string()),
    }
}

/// How a stopped frame's interface variables are typed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Typed {
    /// As declared: what a condition sees at every hit.
    AsDeclared,
    /// By the value each holds now: its members are what Delve finds now.
    AsHeld,
}

/// What completion at a condition document's line offers from: the
/// stopped frame's scope when the request has it (typed as `typed` says),
/// else the static one without waiting for the packages the file imports;
/// with `true` when some are still loading (the answer may grow).
pub fn completion_scope(
    snapshot: &Snapshot,
    target: &ConditionTarget,
    typed: Typed,
) -> Result<(LineScope, bool), String> {
    match snapshot.live.as_ref().filter(|l| l.is_at(&target.file, target.line)) {
        Some(live) if typed == Typed::AsHeld => Ok((LineScope::Held(live.view.clone()), false)),
        Some(live) => Ok((LineScope::Frame(live.view.clone()), false)),
        None => {
            let early = snapshot.scope_early(&target.file, target.line).map_err(|e| e.to_string())?;
            Ok((LineScope::Static(early.resolved), early.partial))
        }
    }
}

/// An engine diagnostic at `base` bytes into `text`, as LSP sees it.
pub fn to_lsp(d: &expr::Diagnostic, index: &LineIndex, base: usize) -> Diagnostic {
    let span = Span::new(base + d.span.start, base + d.span.end);
    Diagnostic {
        range: index.range(span),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.code.as_str().to_string())),
        source: Some(SOURCE.to_string()),
        message: d.message.clone(),
        ..Diagnostic::default()
    }
}

/// A diagnostic about the document as a whole (a bad URI, a missing file).
pub fn whole_document(text: &str, code: &str, message: String) -> Diagnostic {
    let index = LineIndex::new(text);
    Diagnostic {
        range: Range::new(index.position(0), index.position(text.len().min(MAX_CONDITION_BYTES))),
        severity: Some(DiagnosticSeverity::ERROR),
        code: Some(NumberOrString::String(code.to_string())),
        source: Some(SOURCE.to_string()),
        message,
        ..Diagnostic::default()
    }
}
