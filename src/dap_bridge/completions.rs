//! `completions` in the debug console, answered by the bridge (Delve says
//! "Unsupported command"): the stopped frame's variables come from Delve
//! through the bridge's own `scopes`/`variables` requests, their types from
//! Delve's `type` strings, package members and type details from the
//! frame's source, and the engine completes over that.

use std::path::PathBuf;

use serde_json::{Value, json};
use tokio::sync::oneshot;

use super::delve_types::variable_type;
use super::envelope::Message;
use super::session::{FrameLoc, Input, SessionView};
use crate::expr::scope::{ScopeAt, VarKind, Variable};
use crate::expr::types::{NamedInfo, StructField, Type};
use crate::expr::{self, ItemKind};

pub async fn answer(req: Message, view: SessionView) {
    let resp = match build(&req, &view).await {
        Ok(body) => Message::response_to(req.seq, "completions", body),
        Err(e) => Message::error_to(req.seq, "completions", &e),
    };
    let _ = view.internal.send(Input::ToEditor(resp));
}

async fn ask(view: &SessionView, command: &str, arguments: Value) -> Result<Value, String> {
    let (reply, rx) = oneshot::channel();
    view.internal
        .send(Input::Internal { command: command.to_string(), arguments, reply })
        .map_err(|_| "the session is closing".to_string())?;
    rx.await.map_err(|_| "the session is closing".to_string())?
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

async fn frame_of(view: &SessionView, frame_id: Option<i64>) -> Result<Option<(i64, FrameLoc)>, String> {
    if let Some(id) = frame_id {
        if let Some(loc) = view.frames.get(&id) {
            return Ok(Some((id, loc.clone())));
        }
    }
    let Some(thread) = view.stopped_thread else { return Ok(None) };
    let body = ask(view, "stackTrace", json!({"threadId": thread, "startFrame": 0, "levels": 50})).await?;
    let frames = body.get("stackFrames").and_then(Value::as_array).cloned().unwrap_or_default();
    let pick = frames
        .iter()
        .find(|f| frame_id.is_none() || f.get("id").and_then(Value::as_i64) == frame_id)
        .or_else(|| frames.first());
    Ok(pick.and_then(|f| {
        let id = f.get("id").and_then(Value::as_i64)?;
        // Internal requests bypass the rewriting of forwarded responses.
        let path =
            f.pointer("/source/path").and_then(Value::as_str).map(|p| view.scopes.paths().to_editor(p).into_owned());
        let line = f.get("line").and_then(Value::as_u64).unwrap_or(0) as u32;
        Some((id, FrameLoc { path, line }))
    }))
}

/// One variable as Delve shows it.
#[derive(Debug, Clone)]
struct DelveVar {
    name: String,
    ty: Type,
    reference: i64,
}

/// The frame's variables as Delve shows them.
async fn frame_variables(view: &SessionView, frame_id: i64) -> Result<Vec<DelveVar>, String> {
    let scopes = ask(view, "scopes", json!({"frameId": frame_id})).await?;
    let mut out = Vec::new();
    for s in scopes.get("scopes").and_then(Value::as_array).into_iter().flatten() {
        let name = s.get("name").and_then(Value::as_str).unwrap_or("");
        let reference = s.get("variablesReference").and_then(Value::as_i64).unwrap_or(0);
        if reference == 0 || name.starts_with("Globals") || name.starts_with("Registers") {
            continue;
        }
        out.extend(children(view, reference).await?);
    }
    Ok(out)
}

async fn children(view: &SessionView, reference: i64) -> Result<Vec<DelveVar>, String> {
    let vars = ask(view, "variables", json!({"variablesReference": reference})).await?;
    Ok(vars
        .get("variables")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|v| {
            let name = v.get("name").and_then(Value::as_str)?.to_string();
            let value = v.get("value").and_then(Value::as_str).unwrap_or("");
            let ty = variable_type(v.get("type").and_then(Value::as_str), value);
            let reference = v.get("variablesReference").and_then(Value::as_i64).unwrap_or(0);
            Some(DelveVar { name, ty, reference })
        })
        .collect())
}

/// The named type a variable's type leads to (through one pointer).
fn named_of(t: &Type) -> Option<String> {
    match t {
        Type::Named(n) => Some(n.qualified()),
        Type::Pointer(inner) => named_of(inner),
        _ => None,
    }
}

/// Fills in struct types the source scope does not know from the variables'
/// children in Delve, along the dotted chain being typed (`a.b.c`).
async fn learn_chain_types(
    view: &SessionView,
    scope: &mut ScopeAt,
    chain: &[&str],
    vars: &[DelveVar],
) -> Result<(), String> {
    let Some((root, rest)) = chain.split_first() else { return Ok(()) };
    let Some(DelveVar { mut ty, mut reference, .. }) = vars.iter().find(|v| v.name == *root).cloned() else {
        return Ok(());
    };
    for next in rest.iter().map(Some).chain([None]) {
        if reference == 0 {
            return Ok(());
        }
        let mut kids = children(view, reference).await?;
        // A pointer shows one unnamed child: the value it points to.
        if kids.len() == 1 && !expr::is_identifier(&kids[0].name) && kids[0].reference != 0 {
            kids = children(view, kids[0].reference).await?;
        }
        tracing::debug!("members of {ty} from delve: {kids:?}");
        if let Some(named) = named_of(&ty).filter(|n| !scope.types.contains_key(n)) {
            let fields = kids
                .iter()
                .filter(|k| expr::is_identifier(&k.name))
                .map(|k| StructField { name: k.name.clone(), ty: k.ty.clone(), embedded: false })
                .collect();
            scope.types.known_mut().insert(named, NamedInfo { underlying: Type::Struct(fields), methods: Vec::new() });
        }
        let Some(next) = next else { return Ok(()) };
        let Some(kid) = kids.into_iter().find(|k| k.name == *next) else { return Ok(()) };
        ty = kid.ty;
        reference = kid.reference;
    }
    Ok(())
}

async fn build(req: &Message, view: &SessionView) -> Result<Value, String> {
    let args = req.arguments.clone().unwrap_or(Value::Null);
    let text = args.get("text").and_then(Value::as_str).unwrap_or("").to_string();
    let base = if view.columns_start_at_1 { 1 } else { 0 };
    let column = args.get("column").and_then(Value::as_i64).unwrap_or(base + utf16_len(&text) as i64);
    let cursor = cursor_offset(&text, args.get("line").and_then(Value::as_i64), column, base);
    let frame_id = args.get("frameId").and_then(Value::as_i64);
    let Some((frame_id, loc)) = frame_of(view, frame_id).await? else {
        return Ok(json!({"targets": []}));
    };
    let mut scope = match loc.path.clone().filter(|_| loc.line > 0) {
        Some(path) => {
            let scopes = view.scopes.clone();
            let line = loc.line;
            // Package members as Delve sees them: the binary's debug info
            // (globals the linker dropped are absent), else the sources.
            tokio::task::spawn_blocking(move || scopes.at(&PathBuf::from(path), line).ok().map(|r| r.scope))
                .await
                .ok()
                .flatten()
                .unwrap_or_default()
        }
        None => ScopeAt::default(),
    };
    let vars = frame_variables(view, frame_id).await?;
    let source_locals = std::mem::take(&mut scope.locals);
    let mut locals: Vec<Variable> = Vec::new();
    for DelveVar { name, ty, .. } in &vars {
        if !expr::is_identifier(name) || locals.iter().any(|v| &v.name == name) {
            continue;
        }
        let mut t = ty.clone();
        if t.is_unknown() {
            if let Some(v) = source_locals.iter().find(|v| &v.name == name) {
                t = v.ty.clone();
            }
        }
        locals.push(Variable { name: name.clone(), ty: t, kind: VarKind::Local, decl_line: None });
    }
    scope.hidden.retain(|h| !locals.iter().any(|v| v.name == h.name));
    scope.locals = locals;
    scope.locals_complete = true;
    scope.line = loc.line;

    // The dotted chain before the cursor (`u.Address.Ci` → [u, Address]).
    let before = &text[..cursor];
    let chain_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| *c == '_' || *c == '.' || c.is_alphanumeric())
        .last()
        .map_or(cursor, |(i, _)| i);
    let chain: Vec<&str> = before[chain_start..].split('.').collect();
    if chain.len() > 1 {
        if let Err(e) = learn_chain_types(view, &mut scope, &chain[..chain.len() - 1], &vars).await {
            tracing::debug!("member types from delve: {e}");
        }
    }

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
