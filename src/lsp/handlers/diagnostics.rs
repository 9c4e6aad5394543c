//! Diagnostics of a condition document as the user types: the engine's
//! verdict on the text at the URI's location (in the stopped frame while a
//! debug session is stopped there), or one diagnostic saying why there is
//! no location to check it at.

use ls_types::{Diagnostic, Uri};

use super::{MAX_CONDITION_BYTES, condition_scope, to_lsp, whole_document};
use crate::expr;
use crate::lsp::live::LiveAsk;
use crate::lsp::text::LineIndex;
use crate::lsp::uri::DocTarget;
use crate::lsp::world::{Document, Snapshot};

/// What checking a condition document would ask a stopped frame: its
/// line (the variables as Delve lists them there, typed as declared).
pub fn live_ask(snapshot: &Snapshot, uri: &Uri) -> Option<LiveAsk> {
    match &snapshot.document(uri)?.target {
        DocTarget::Condition(t) => Some(LiveAsk { file: t.file.clone(), line: t.line, chain: Vec::new() }),
        _ => None,
    }
}

pub fn condition(snapshot: &Snapshot, doc: &Document) -> Vec<Diagnostic> {
    let text = &*doc.text;
    let target = match &doc.target {
        DocTarget::Condition(t) => t,
        DocTarget::BadCondition(why) => return vec![whole_document(text, "bad-uri", why.clone())],
        DocTarget::Go(_) | DocTarget::Other(_) => return Vec::new(),
    };
    if text.len() > MAX_CONDITION_BYTES {
        let message = format!(
            "this breakpoint text is {} bytes long; dlvbridge reads at most {MAX_CONDITION_BYTES} (Delve expects one expression)",
            text.len()
        );
        return vec![whole_document(text, "too-long", message)];
    }
    let scope = match condition_scope(snapshot, target) {
        Ok(s) => s,
        Err(e) => return vec![whole_document(text, "no-location", format!("cannot check it here: {e}"))],
    };
    if text.trim().is_empty() {
        // No text is no condition: the breakpoint always stops.
        return Vec::new();
    }
    let checked = expr::check_text(text, target.kind, &scope);
    let index = LineIndex::new(text);
    checked.diagnostics.iter().map(|d| to_lsp(d, &index, 0)).collect()
}
