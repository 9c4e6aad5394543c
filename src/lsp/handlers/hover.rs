//! `textDocument/hover` in a condition document: the type of the name or
//! member path under the cursor (`o.Customer` when on `Customer`), as
//! Delve would print it; while the program is stopped at the document's
//! line, also its value now, as Delve evaluates it in the stopped frame.

use ls_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position, Range, Uri};

use super::{MAX_CONDITION_BYTES, condition_scope};
use crate::expr::{self, Role, Span};
use crate::lsp::live::{Evaluated, LiveAsk};
use crate::lsp::text::LineIndex;
use crate::lsp::uri::{ConditionTarget, DocTarget};
use crate::lsp::world::Snapshot;

/// What is hovered: a dotted path of a condition document.
#[derive(Debug, Clone)]
pub struct Hovered {
    pub path: String,
    pub range: Range,
    pub target: ConditionTarget,
}

impl Hovered {
    /// What the stopped frame is asked for: the document's line.
    pub fn live_ask(&self) -> LiveAsk {
        LiveAsk { file: self.target.file.clone(), line: self.target.line, chain: Vec::new() }
    }
}

/// The path under the cursor, if any.
pub fn hovered(snapshot: &Snapshot, uri: &Uri, position: Position) -> Option<Hovered> {
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
    Some(Hovered {
        path: text[start..word_end].to_string(),
        range: index.range(Span::new(start, word_end)),
        target: target.clone(),
    })
}

/// The hover for `hovered`: Delve's type and value when `value` is one,
/// else the engine's type at the line (with Delve's refusal, if it gave
/// one).
pub fn hover(snapshot: &Snapshot, hovered: &Hovered, value: Option<Evaluated>) -> Option<Hover> {
    let path = &hovered.path;
    let (delve_type, now) = match value {
        Some(Evaluated::Value { value, ty }) => (ty, Some(format!("now: `{value}`"))),
        Some(Evaluated::Refused(why)) => (None, Some(format!("now: Delve says {why}"))),
        None => (None, None),
    };
    let typed = match delve_type {
        Some(ty) => format!("```go\n{path} {ty}\n```"),
        None => {
            let scope = condition_scope(snapshot, &hovered.target).ok()?;
            let checked = expr::check(path, Role::Expression, &scope);
            match checked.diagnostics.iter().find(|d| d.is_error()) {
                Some(e) => format!("`{path}`: {}", e.message),
                None if checked.ty.is_unknown() => format!("`{path}`: type not known here"),
                None => format!("```go\n{path} {}\n```", checked.ty),
            }
        }
    };
    let value = match now {
        Some(now) => format!("{typed}\n{now}"),
        None => typed,
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value }),
        range: Some(hovered.range),
    })
}
