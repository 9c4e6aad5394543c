//! `completions` in the debug console, answered by the bridge (Delve says
//! "Unsupported command"): the stopped frame's scope is built by
//! [`live_scope`](super::live_scope) through the bridge's own requests to
//! Delve, and the engine completes over it. This module sees a read-only
//! [`ConsoleView`] of the session and a [`DelveHandle`], nothing more.

use super::ids::ById;

use serde_json::{Value, json};

use super::delve::{DelveError, DelveHandle, StackTrace, StackTraceArguments};
use super::envelope::Message;
use super::live_scope::{self, LiveFrame};
use crate::expr::{self, ItemKind};
use crate::scope::Scopes;

/// What a console completion needs to know about the session, copied when
/// the request arrives.
#[derive(Clone)]
pub struct ConsoleView {
    /// The frames of the last `stackTrace` the editor got, by id.
    pub frames: ById<LiveFrame>,
    pub stopped_thread: Option<i64>,
    pub columns_start_at_1: bool,
    pub scopes: Scopes,
}

/// The response to a `completions` request: the targets, or an error that
/// says why there are none (a frozen Delve gives one within the handle's
/// deadline).
pub async fn answer(req: &Message, view: &ConsoleView, delve: &DelveHandle) -> Message {
    match build(req, view, delve).await {
        Ok(body) => Message::response_to(req.seq, "completions", body),
        Err(e) => Message::error_to(req.seq, "completions", &e.to_string()),
    }
}

/// Byte offset in `text` of a DAP column (UTF-16 code units) on `line`.
fn cursor_offset(text: &str, line: Option<i64>, column: i64, base: i64) -> usize {
    let mut start = 0;
    if let Some(line) = line.filter(|l| *l > 1) {
        for (n, (i, _)) in text.match_indices('\n').enumerate() {
            start = i + 1;
            if n as i64 + 2 >= line {
                break;
            }
        }
    }
    let mut units = (column - base).max(0) as usize;
    let mut offset = start;
    for c in text[start..].chars() {
        if units == 0 || c == '\n' {
            break;
        }
        units = units.saturating_sub(c.len_utf16());
        offset += c.len_utf8();
    }
    offset
}

fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// The frame the console evaluates in: the one the editor names, else the
/// stopped thread's top frame (asked of Delve).
async fn frame_of(
    view: &ConsoleView,
    delve: &DelveHandle,
    frame_id: Option<i64>,
) -> Result<Option<LiveFrame>, DelveError> {
    if let Some(frame) = frame_id.and_then(|id| view.frames.get(&id)) {
        return Ok(Some(frame.clone()));
    }
    let Some(thread) = view.stopped_thread else { return Ok(None) };
    let trace = delve.call::<StackTrace>(StackTraceArguments { thread_id: thread, start_frame: 0, levels: 50 }).await?;
    let frames = trace.stack_frames;
    let pick = frames.iter().find(|f| frame_id.is_none() || Some(f.id) == frame_id).or_else(|| frames.first());
    Ok(pick.map(|f| LiveFrame {
        id: f.id,
        // The bridge's own requests bypass the rewriting of forwarded
        // responses.
        path: f.source.as_ref().and_then(|s| s.path.as_deref()).map(|p| view.scopes.paths().to_editor(p).into_owned()),
        line: f.line,
    }))
}

async fn build(req: &Message, view: &ConsoleView, delve: &DelveHandle) -> Result<Value, DelveError> {
    let args = req.arguments.clone().unwrap_or(Value::Null);
    let text = args.get("text").and_then(Value::as_str).unwrap_or("").to_string();
    let base = if view.columns_start_at_1 { 1 } else { 0 };
    let column = args.get("column").and_then(Value::as_i64).unwrap_or(base + utf16_len(&text) as i64);
    let cursor = cursor_offset(&text, args.get("line").and_then(Value::as_i64), column, base);
    let frame_id = args.get("frameId").and_then(Value::as_i64);
    let Some(frame) = frame_of(view, delve, frame_id).await? else {
        return Ok(json!({"targets": []}));
    };
    let chain = live_scope::dotted_chain(&text, cursor);
    // The console evaluates at this stop: members are those of what an
    // interface variable holds now.
    let scope = live_scope::frame_view(delve, &view.scopes, &frame, &chain).await?.held;
    let completions = expr::complete(&text, cursor, &scope);
    let start = utf16_len(&text[..completions.replace.start.min(text.len())]) as i64 + base;
    let length = utf16_len(&text[completions.replace.start.min(text.len())..completions.replace.end.min(text.len())]);
    let targets: Vec<Value> = completions
        .items
        .iter()
        .map(|i| {
            let kind = match i.kind {
                ItemKind::Variable => "variable",
                ItemKind::Field => "field",
                ItemKind::Constant => "value",
                ItemKind::Package => "module",
                ItemKind::Builtin => "function",
                ItemKind::Keyword => "keyword",
            };
            let mut t = json!({"label": i.label, "text": i.insert, "type": kind, "start": start, "length": length});
            if let Some(ty) = &i.ty {
                t["detail"] = json!(ty);
            }
            t
        })
        .collect();
    Ok(json!({"targets": targets}))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_offsets() {
        assert_eq!(cursor_offset("u.Na", None, 5, 1), 4);
        assert_eq!(cursor_offset("u.Na", None, 3, 1), 2);
        assert_eq!(cursor_offset("u.Na", None, 2, 0), 2);
        assert_eq!(cursor_offset("é.x", None, 2, 1), 2);
        assert_eq!(cursor_offset("a\nbc", Some(2), 2, 1), 3);
        assert_eq!(cursor_offset("abc", None, 99, 1), 3);
    }
}
