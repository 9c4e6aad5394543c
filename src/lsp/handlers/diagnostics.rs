//! Diagnostics of a condition document as the user types: the engine's
//! verdict on the text at the URI's location (in the stopped frame while a
//! debug session is stopped there; an error only that frame shows is a
//! warning, since a condition runs at every hit), or one diagnostic saying
//! why there is no location to check it at.

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
    let mut checked = expr::check_text(text, target.kind, &scope);
    if checked.has_errors() && snapshot.live.as_ref().is_some_and(|l| l.is_at(&target.file, target.line)) {
        let everywhere = snapshot.scope_at(&target.file, target.line);
        if everywhere.is_ok_and(|r| !expr::check_text(text, target.kind, &r.scope).has_errors()) {
            only_this_stop(&mut checked);
        }
    }
    let index = LineIndex::new(text);
    checked.diagnostics.iter().map(|d| to_lsp(d, &index, 0)).collect()
}

/// The verdict of a stopped frame on a text the static scope accepts. The
/// frame is one hit of the line and a condition runs at every hit: another
/// hit (another instantiation, a closure on the same line) may see other
/// names, so an error only this frame shows is a warning about this stop.
fn only_this_stop(checked: &mut expr::Checked) {
    for d in checked.diagnostics.iter_mut().filter(|d| d.is_error()) {
        d.severity = expr::Severity::Warning;
        d.message = format!("at the current stop: {}", d.message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::scope::{ScopeAt, VarKind, Variable};
    use crate::expr::types::{Basic, Type};

    #[test]
    fn an_error_only_the_stopped_frame_shows_is_a_warning() {
        let n = Variable { name: "n".into(), ty: Type::Basic(Basic::Int), kind: VarKind::Local, decl_line: None };
        let frame = ScopeAt { locals: vec![n], locals_complete: true, ..ScopeAt::default() };
        let mut checked = expr::check_text(r#"n == "a""#, expr::TextKind::Condition, &frame);
        assert!(checked.has_errors(), "{checked:?}");
        only_this_stop(&mut checked);
        assert!(!checked.has_errors());
        let d = &checked.diagnostics[0];
        assert_eq!(d.severity, expr::Severity::Warning);
        assert!(d.message.starts_with("at the current stop: "), "{}", d.message);
    }
}
