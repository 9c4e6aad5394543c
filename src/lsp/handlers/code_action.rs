//! `textDocument/codeAction` in a condition document: the engine's fixes
//! ("did you mean `Customer`", "use `main.Money`", "guard with
//! `o.Customer != nil && …`") as quick fixes for the diagnostics the
//! requested range touches.

use std::collections::HashMap;

use ls_types::{CodeAction, CodeActionKind, CodeActionOrCommand, Range, TextEdit, Uri, WorkspaceEdit};

use super::{MAX_CONDITION_BYTES, condition_scope, to_lsp};
use crate::expr::{self, Span};
use crate::lsp::text::LineIndex;
use crate::lsp::uri::DocTarget;
use crate::lsp::world::Snapshot;

pub fn code_actions(snapshot: &Snapshot, uri: &Uri, range: Range) -> Option<Vec<CodeActionOrCommand>> {
    let doc = snapshot.document(uri)?;
    let DocTarget::Condition(target) = &doc.target else { return None };
    let text = &*doc.text;
    if text.len() > MAX_CONDITION_BYTES || text.trim().is_empty() {
        return None;
    }
    let scope = condition_scope(snapshot, target).ok()?;
    let index = LineIndex::new(text);
    let asked = index.span(range);
    let mut actions = Vec::new();
    for d in expr::check_text(text, target.kind, &scope).diagnostics {
        if d.fixes.is_empty() || !touches(d.span, asked) {
            continue;
        }
        let diagnostic = to_lsp(&d, &index, 0);
        for fix in &d.fixes {
            let edits = fix.edits.iter().map(|e| TextEdit::new(index.range(e.span), e.text.clone())).collect();
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: fix.title.clone(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic.clone()]),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(uri.clone(), edits)])),
                    ..Default::default()
                }),
                is_preferred: Some(d.fixes.len() == 1),
                ..CodeAction::default()
            }));
        }
    }
    Some(actions)
}

/// Whether two spans overlap or touch (a cursor at either end counts).
fn touches(a: Span, b: Span) -> bool {
    a.start <= b.end && b.start <= a.end
}
