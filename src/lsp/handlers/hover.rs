//! `textDocument/hover` in a condition document: the type of the name or
//! member path under the cursor (`o.Customer` when on `Customer`), as
//! Delve would print it.

use ls_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position, Uri};

use super::{MAX_CONDITION_BYTES, condition_scope};
use crate::expr::{self, Role, Span};
use crate::lsp::text::LineIndex;
use crate::lsp::uri::DocTarget;
use crate::lsp::world::Snapshot;

pub fn hover(snapshot: &Snapshot, uri: &Uri, position: Position) -> Option<Hover> {
    let doc = snapshot.document(uri)?;
    let DocTarget::Condition(target) = &doc.target else { return None };
    let text = &*doc.text;
    if text.len() > MAX_CONDITION_BYTES {
        return None;
    }
    let index = LineIndex::new(text);
    let cursor = index.offset(position);
    let is_ident = |c: char| c == '_' || c.is_alphanumeric();
    let word_start =
        text[..cursor].char_indices().rev().take_while(|(_, c)| is_ident(*c)).last().map_or(cursor, |(i, _)| i);
    let word_end = cursor + text[cursor..].find(|c: char| !is_ident(c)).unwrap_or(text.len() - cursor);
    if word_start == word_end || text[word_start..].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let start = super::completion::dotted_start_of(text, word_start);
    let path = &text[start..word_end];
    let scope = condition_scope(snapshot, target).ok()?;
    let checked = expr::check(path, Role::Expression, &scope);
    let value = match checked.diagnostics.iter().find(|d| d.is_error()) {
        Some(e) => format!("`{path}`: {}", e.message),
        None if checked.ty.is_unknown() => format!("`{path}`: type not known here"),
        None => format!("```go\n{path} {}\n```", checked.ty),
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value }),
        range: Some(index.range(Span::new(start, word_end))),
    })
}
