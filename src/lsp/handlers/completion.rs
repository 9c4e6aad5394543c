//! `textDocument/completion`.
//!
//! - Condition documents: the engine's completion at the cursor (members
//!   after `.`, inside `{…}` of a log message). Each item's `textEdit`
//!   covers the whole dotted expression being completed (`o.Cu` →
//!   `o.Customer`), and its `filterText` is that expression: editors that
//!   would replace only the word then still do the right thing.
//! - Go documents, only at character 0 (where VS Code's breakpoint box asks,
//!   filtering by the whole box text): what Delve can evaluate at that line,
//!   with dotted member paths (`o.Customer.Name`) two levels deep. Elsewhere
//!   nothing: gopls owns normal editing.
//!
//! While a debug session is stopped at the line, both answer from the live
//! frame ([`crate::lsp::live`]): an interface variable offers the members of
//! the value it holds now.
//!
//! Both answer at once after a file is opened, before the packages it
//! imports are loaded (their members and types unknown, so nothing is
//! offered from them): such an answer says `isIncomplete`, so the client
//! asks again as the user types, and is never cached.

use ls_types::{
    CompletionItem, CompletionItemKind, CompletionList, CompletionResponse, CompletionTextEdit, Position, TextEdit, Uri,
};

use super::{MAX_CONDITION_BYTES, Typed, completion_scope};
use crate::dap_bridge::live_scope::dotted_chain;
use crate::expr::scope::ScopeAt;
use crate::expr::{self, ItemKind, Span, TextKind};
use crate::lsp::live::LiveAsk;
use crate::lsp::text::LineIndex;
use crate::lsp::uri::{ConditionTarget, DocTarget};
use crate::lsp::world::{Document, Snapshot};

/// The last character-0 answer: the breakpoint box asks again for the same
/// line each time it opens, and the answer only changes with the text or
/// the scopes.
#[derive(Default)]
pub struct LineItemsCache(std::sync::Mutex<Option<(LineKey, Vec<CompletionItem>)>>);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineKey {
    uri: Uri,
    version: i32,
    line: u32,
    scopes: u64,
    /// The stop the answer is live for (0: static).
    stop: u64,
}

impl LineItemsCache {
    fn get(&self, key: &LineKey) -> Option<Vec<CompletionItem>> {
        let cached = self.0.lock().unwrap_or_else(|e| e.into_inner());
        cached.as_ref().filter(|(k, _)| k == key).map(|(_, items)| items.clone())
    }

    fn put(&self, key: LineKey, items: Vec<CompletionItem>) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = Some((key, items));
    }
}

/// How many member levels a Go line's items go below each variable.
pub const MEMBER_DEPTH: usize = 2;
/// The most items one Go line's answer carries.
pub const MAX_LINE_ITEMS: usize = 5000;

pub fn completion(snapshot: &Snapshot, uri: &Uri, position: Position) -> Option<CompletionResponse> {
    let doc = snapshot.document(uri)?;
    let (items, partial) = match &doc.target {
        DocTarget::Condition(target) => condition_items(snapshot, doc, target, position)?,
        DocTarget::Go(path) if position.character == 0 => {
            let index = LineIndex::new(&doc.text);
            if position.line >= index.line_count() {
                return None;
            }
            let line = position.line + 1;
            let live = snapshot.live.as_ref().filter(|l| l.is_at(path, line));
            let key = LineKey {
                uri: uri.clone(),
                version: doc.version,
                line: position.line,
                scopes: snapshot.scopes_generation,
                stop: live.map_or(0, |l| l.stop.generation),
            };
            if let Some(items) = snapshot.line_items.get(&key) {
                return Some(CompletionResponse::List(CompletionList { is_incomplete: false, items }));
            }
            let (items, partial) = match live {
                Some(live) => (line_items(&live.view.scope, &live.view.held), false),
                None => {
                    let early = snapshot.scope_early(path, line).ok()?;
                    (line_items(&early.resolved.scope, &early.resolved.scope), early.partial)
                }
            };
            if !partial {
                snapshot.line_items.put(key, items.clone());
            }
            (items, partial)
        }
        _ => return None,
    };
    Some(CompletionResponse::List(CompletionList { is_incomplete: partial, items }))
}

/// What completion at `position` would ask a stopped frame: the line, and
/// the dotted chain being completed (whose members Delve is asked for).
pub fn live_ask(snapshot: &Snapshot, uri: &Uri, position: Position) -> Option<LiveAsk> {
    let doc = snapshot.document(uri)?;
    match &doc.target {
        DocTarget::Condition(target) => {
            let text = &*doc.text;
            if text.len() > MAX_CONDITION_BYTES {
                return None;
            }
            let cursor = LineIndex::new(text).offset(position);
            let (expr_text, cursor) = expression_at(text, cursor, target.kind)?;
            let chain = dotted_chain(expr_text, cursor).into_iter().map(str::to_string).collect();
            Some(LiveAsk { file: target.file.clone(), line: target.line, chain })
        }
        DocTarget::Go(path) if position.character == 0 => {
            Some(LiveAsk { file: path.clone(), line: position.line + 1, chain: Vec::new() })
        }
        _ => None,
    }
}

/// The expression being completed in a breakpoint text of `kind` and the
/// cursor in it: the whole text, or the `{…}` of a log message the cursor
/// is in. `None` where nothing is completed (hit conditions are counts).
fn expression_at(text: &str, cursor: usize, kind: TextKind) -> Option<(&str, usize)> {
    match kind {
        TextKind::HitCondition => None,
        TextKind::LogMessage => {
            let open = text[..cursor].rfind('{')?;
            if text[open..cursor].contains('}') {
                return None;
            }
            let close = text[cursor..].find('}').map_or(text.len(), |i| cursor + i);
            Some((&text[open + 1..close], cursor - open - 1))
        }
        TextKind::Condition | TextKind::Expression => Some((text, cursor)),
    }
}

fn kind(k: ItemKind) -> CompletionItemKind {
    match k {
        ItemKind::Variable => CompletionItemKind::VARIABLE,
        ItemKind::Field => CompletionItemKind::FIELD,
        ItemKind::Constant => CompletionItemKind::CONSTANT,
        ItemKind::Package => CompletionItemKind::MODULE,
        ItemKind::Builtin => CompletionItemKind::FUNCTION,
        ItemKind::Keyword => CompletionItemKind::KEYWORD,
    }
}

/// The items at `position` of a condition document, and whether the
/// answer may grow (imports still loading).
fn condition_items(
    snapshot: &Snapshot,
    doc: &Document,
    target: &ConditionTarget,
    position: Position,
) -> Option<(Vec<CompletionItem>, bool)> {
    let text = &*doc.text;
    if text.len() > MAX_CONDITION_BYTES {
        return None;
    }
    let index = LineIndex::new(text);
    let cursor = index.offset(position);
    let (expr_text, in_expr) = expression_at(text, cursor, target.kind)?;
    let base = cursor - in_expr;
    // Names with their declared types; members of what a variable holds.
    let typed = if dotted_chain(expr_text, in_expr).is_empty() { Typed::AsDeclared } else { Typed::AsHeld };
    let (scope, partial) = completion_scope(snapshot, target, typed).ok()?;
    let found = expr::complete(expr_text, in_expr, &scope);
    let start = dotted_start_of(expr_text, found.replace.start);
    let qualifier = &expr_text[start..found.replace.start];
    let range = index.range(Span::new(base + start, base + found.replace.end));
    let items = found
        .items
        .into_iter()
        .map(|i| CompletionItem {
            kind: Some(kind(i.kind)),
            detail: i.ty,
            filter_text: Some(format!("{qualifier}{}", i.label)),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(range, format!("{qualifier}{}", i.insert)))),
            label: i.label,
            ..CompletionItem::default()
        })
        .collect();
    Some((items, partial))
}

/// The start of the `a.b.` chain of identifiers that ends at `start`.
pub fn dotted_start_of(text: &str, start: usize) -> usize {
    let is_ident = |c: char| c == '_' || c.is_alphanumeric();
    let mut pos = start;
    while let Some(before) = text[..pos].strip_suffix('.') {
        let ident = before.char_indices().rev().take_while(|(_, c)| is_ident(*c)).last().map(|(i, _)| i);
        match ident {
            Some(i) if !before[i..].starts_with(|c: char| c.is_ascii_digit()) => pos = i,
            _ => break,
        }
    }
    pos
}

/// Everything Delve can evaluate at a line, for a box that filters by its
/// whole text: the names (typed as in `names`), then members of variables
/// as dotted paths (from `members_from`, where a stopped frame's interface
/// variables are typed by what they hold).
pub fn line_items(names: &ScopeAt, members_from: &ScopeAt) -> Vec<CompletionItem> {
    let mut out = Vec::new();
    for top in expr::complete("", 0, names).items {
        if matches!(top.kind, ItemKind::Package | ItemKind::Keyword) {
            continue;
        }
        let expand = top.kind == ItemKind::Variable;
        out.push(line_item(&top.label, top.insert.clone(), top.kind, top.ty, 0));
        if expand {
            members(members_from, &top.label, 1, &mut out);
        }
    }
    out.truncate(MAX_LINE_ITEMS);
    out
}

fn members(scope: &ScopeAt, path: &str, depth: usize, out: &mut Vec<CompletionItem>) {
    if depth > MEMBER_DEPTH || out.len() >= MAX_LINE_ITEMS {
        return;
    }
    let text = format!("{path}.");
    for m in expr::complete(&text, text.len(), scope).items {
        let dotted = format!("{path}.{}", m.label);
        out.push(line_item(&dotted, dotted.clone(), m.kind, m.ty, depth));
        members(scope, &dotted, depth + 1, out);
    }
}

fn line_item(label: &str, insert: String, k: ItemKind, ty: Option<String>, depth: usize) -> CompletionItem {
    CompletionItem {
        label: label.to_string(),
        kind: Some(kind(k)),
        detail: ty,
        filter_text: Some(label.to_string()),
        insert_text: Some(insert),
        // Shallow paths first among equal matches.
        sort_text: Some(format!("{depth}{label}")),
        ..CompletionItem::default()
    }
}

#[cfg(test)]
mod tests {
    use super::dotted_start_of as dotted_start;

    #[test]
    fn dotted_chains() {
        let start = |text: &str| {
            let word = text.rfind(|c: char| !(c == '_' || c.is_alphanumeric())).map_or(0, |i| i + 1);
            text[dotted_start(text, word)..].to_string()
        };
        assert_eq!(start("o.Customer.Na"), "o.Customer.Na");
        assert_eq!(start("x > 1 && o.Cu"), "o.Cu");
        assert_eq!(start("(*p).Na"), "Na");
        assert_eq!(start("items[0].Na"), "Na");
        assert_eq!(start("o."), "o.");
        assert_eq!(start("1.5"), "5");
        assert_eq!(start("to"), "to");
    }
}
