//! What Delve can evaluate in a stopped frame: the frame's variables as
//! Delve lists them, the package's members and types from the static scope
//! at the frame's line, and struct members learned from Delve along the
//! dotted chain being typed. The debug console's completions and the LSP
//! (hover, completion and diagnostics while stopped) build it the same way.
//! An interface variable is typed as declared in [`FrameView::scope`] and
//! by the value it holds now in [`FrameView::held`]: Delve resolves
//! `iface.field` through that value.

use std::path::PathBuf;

use super::delve::{DelveError, DelveHandle, Scopes as DelveScopes, ScopesArguments, Variables, VariablesArguments};
use super::delve_types::{parse_delve_type, variable_type};
use crate::expr;
use crate::expr::scope::{ScopeAt, VarKind, Variable};
use crate::expr::types::{NamedInfo, StructField, Type};
use crate::scope::Scopes;

/// A stopped frame: Delve's frame id (valid until the program runs on) and
/// its location in the editor's paths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveFrame {
    pub id: i64,
    pub path: Option<String>,
    pub line: u32,
}

/// A stopped frame's scope, twice.
#[derive(Debug, Clone)]
pub struct FrameView {
    /// Each variable with its declared type: what a breakpoint text is
    /// checked against (it runs at every hit, whatever an interface holds
    /// then).
    pub scope: ScopeAt,
    /// The same, with each interface variable that holds a value typed by
    /// that value's type (`err` holding a `*main.NotFound`): what is offered
    /// after `err.` now, since Delve looks through the interface.
    pub held: ScopeAt,
}

/// The scope of `frame`, asking Delve through `delve` for its variables
/// (and, for each name of `chain`, the members of its value); package
/// members and type details come from `scopes` at the frame's line. The
/// static part runs on a blocking worker and is left out when it takes
/// longer than `delve.timeouts().checks`.
pub async fn frame_scope(
    delve: &DelveHandle,
    scopes: &Scopes,
    frame: &LiveFrame,
    chain: &[&str],
) -> Result<ScopeAt, DelveError> {
    frame_view(delve, scopes, frame, chain).await.map(|view| view.scope)
}

/// [`frame_scope`] with the view through interface values too.
pub async fn frame_view(
    delve: &DelveHandle,
    scopes: &Scopes,
    frame: &LiveFrame,
    chain: &[&str],
) -> Result<FrameView, DelveError> {
    // Package members as Delve sees them: the binary's debug info (globals
    // the linker dropped are absent), else the sources.
    let at = frame.path.clone().filter(|_| frame.line > 0).map(|path| {
        let (scopes, line) = (scopes.clone(), frame.line);
        tokio::task::spawn_blocking(move || scopes.at(&PathBuf::from(path), line).ok().map(|r| r.scope))
    });
    let vars = frame_variables(delve, frame.id).await;
    let mut scope = match at {
        Some(task) => match tokio::time::timeout(delve.timeouts().checks, task).await {
            Ok(scope) => scope.ok().flatten().unwrap_or_default(),
            Err(_) => {
                tracing::warn!("no static scope at {:?}:{} within the deadline", frame.path, frame.line);
                ScopeAt::default()
            }
        },
        None => ScopeAt::default(),
    };
    let vars = vars?;
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
    scope.line = frame.line;
    if !chain.is_empty() {
        if let Err(e) = learn_chain_types(delve, &mut scope, chain, &vars).await {
            tracing::debug!("member types from delve: {e}");
        }
    }
    let mut held = scope.clone();
    for local in &mut held.locals {
        if let Some(DelveVar { held: Some(t), .. }) = vars.iter().find(|v| v.name == local.name) {
            local.ty = t.clone();
        }
    }
    Ok(FrameView { scope, held })
}

/// The dotted chain before `cursor` (a byte offset in `text`) whose
/// members are being typed: `u.Address.Ci` → `[u, Address]`; empty when
/// no member is being typed.
pub fn dotted_chain(text: &str, cursor: usize) -> Vec<&str> {
    let before = &text[..cursor.min(text.len())];
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| *c == '_' || *c == '.' || c.is_alphanumeric())
        .last()
        .map_or(before.len(), |(i, _)| i);
    let mut chain: Vec<&str> = before[start..].split('.').collect();
    chain.pop();
    chain
}

/// One variable as Delve shows it.
#[derive(Debug, Clone)]
struct DelveVar {
    name: String,
    ty: Type,
    /// For an interface holding a value: that value's type.
    held: Option<Type>,
    reference: i64,
}

/// The frame's variables as Delve shows them.
async fn frame_variables(delve: &DelveHandle, frame_id: i64) -> Result<Vec<DelveVar>, DelveError> {
    let scopes = delve.call::<DelveScopes>(ScopesArguments { frame_id }).await?;
    let mut out = Vec::new();
    for s in scopes.scopes {
        if s.variables_reference == 0 || s.name.starts_with("Globals") || s.name.starts_with("Registers") {
            continue;
        }
        out.extend(children(delve, s.variables_reference).await?);
    }
    Ok(out)
}

async fn children(delve: &DelveHandle, reference: i64) -> Result<Vec<DelveVar>, DelveError> {
    let vars = delve.call::<Variables>(VariablesArguments { variables_reference: reference }).await?;
    Ok(vars
        .variables
        .into_iter()
        .map(|v| {
            let (ty, held) = interface_value(v.type_name.as_deref(), &v.value)
                .unwrap_or_else(|| (variable_type(v.type_name.as_deref(), &v.value), None));
            DelveVar { ty, held, name: v.name, reference: v.variables_reference }
        })
        .collect())
}

/// An interface value as Delve shows it, `I(D)` in its type (or at the
/// start of its value when the client asked for no types):
/// `main.Shipper(*main.Courier)`, `error(*errors.errorString)`,
/// `interface {}(int)`. Its declared type `I` and the type `D` of the value
/// it holds (unless Delve's name for it is not understood); `None` for
/// anything else, a nil interface included (`error`, `error nil`).
fn interface_value(type_field: Option<&str>, value: &str) -> Option<(Type, Option<Type>)> {
    let (text, whole) = match type_field.filter(|t| !t.is_empty()) {
        Some(t) => (t.trim(), true),
        None => (value.trim_start(), false),
    };
    // The first `(` outside type arguments ends the declared type.
    let mut depth = 0i32;
    let open = text.char_indices().find_map(|(i, c)| match c {
        '[' => {
            depth += 1;
            None
        }
        ']' => {
            depth -= 1;
            None
        }
        '(' if depth == 0 => Some(i),
        _ => None,
    })?;
    let declared = &text[..open];
    let looks_like_interface = matches!(declared, "error" | "any" | "interface {}")
        || (declared.contains('.') && !declared.contains(' ') && !declared.starts_with(['*', '[', '(']));
    if !looks_like_interface || declared.starts_with("func") || declared.starts_with("map[") {
        return None;
    }
    let mut depth = 0i32;
    let close = text[open..].char_indices().find_map(|(i, c)| {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            _ => {}
        }
        (depth == 0).then_some(open + i)
    })?;
    if whole && close + 1 != text.len() {
        return None;
    }
    let inner = text[open + 1..close].trim();
    if inner == "nil" {
        return None;
    }
    let held = Some(parse_delve_type(inner)).filter(|t| !t.is_unknown());
    if held.is_none() && !whole {
        return None; // a value such as `main.Money(3)`, not a type
    }
    Some((parse_delve_type(declared), held))
}

/// The named type a variable's type leads to (through one pointer).
fn named_of(t: &Type) -> Option<String> {
    match t {
        Type::Named(n) => Some(n.qualified()),
        Type::Pointer(inner) => named_of(inner),
        _ => None,
    }
}

/// Fills in struct types the static scope does not know from the
/// variables' children in Delve, along the dotted chain (`a.b.c`).
async fn learn_chain_types(
    delve: &DelveHandle,
    scope: &mut ScopeAt,
    chain: &[&str],
    vars: &[DelveVar],
) -> Result<(), DelveError> {
    let Some((root, rest)) = chain.split_first() else { return Ok(()) };
    let Some(DelveVar { mut ty, held, mut reference, .. }) = vars.iter().find(|v| v.name == *root).cloned() else {
        return Ok(());
    };
    if let Some(held) = held {
        // An interface shows one child, `data`: the value it holds.
        let kids = children(delve, reference).await?;
        let [data] = kids.as_slice() else { return Ok(()) };
        (ty, reference) = (held, data.reference);
    }
    for next in rest.iter().map(Some).chain([None]) {
        if reference == 0 {
            return Ok(());
        }
        let mut kids = children(delve, reference).await?;
        // A pointer shows one unnamed child: the value it points to.
        if kids.len() == 1 && !expr::is_identifier(&kids[0].name) && kids[0].reference != 0 {
            kids = children(delve, kids[0].reference).await?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotted_chains() {
        let cases: [(&str, usize, &[&str]); 7] = [
            ("u.Address.Ci", 12, &["u", "Address"]),
            ("u.", 2, &["u"]),
            ("u", 1, &[]),
            ("", 0, &[]),
            ("n > 1 && o.Cu", 13, &["o"]),
            ("x.y.z", 3, &["x"]),
            ("é.x", 4, &["é"]),
        ];
        for (text, cursor, want) in cases {
            assert_eq!(dotted_chain(text, cursor), want, "{text:?} at {cursor}");
        }
    }

    #[test]
    fn interface_values() {
        let show = |t: &Type| if t.is_unknown() { "?".to_string() } else { t.to_string() };
        let cases = [
            (
                Some("main.Shipper(*main.Courier)"),
                "main.Shipper(*main.Courier) *{Company: \"post\"}",
                "main.Shipper holds *main.Courier",
            ),
            (None, "main.Shipper(*main.Courier) *{Company: \"post\"}", "main.Shipper holds *main.Courier"),
            (
                Some("error(*errors.errorString)"),
                "error(*errors.errorString) *{s: \"x\"}",
                "error holds *errors.errorString",
            ),
            (Some("interface {}(int)"), "interface {}(int) 3", "interface {} holds int"),
            (Some("any(main.Box[int])"), "any(main.Box[int]) {v: 1}", "interface {} holds main.Box[int]"),
            (Some("main.Getter[int](*main.Impl)"), "…", "main.Getter[int] holds *main.Impl"),
            (Some("main.Shipper(struct { a int })"), "…", "main.Shipper holds ?"),
            (Some("main.Shipper"), "main.Shipper nil", "not an interface value"),
            (Some("error"), "error nil", "not an interface value"),
            (None, "error nil", "not an interface value"),
            (Some("func(int) string"), "main.f", "not an interface value"),
            (Some("*main.Order"), "*main.Order {ID: 1}", "not an interface value"),
            (None, "main.Money(3)", "not an interface value"),
            (None, "\"a(b)\"", "not an interface value"),
        ];
        for (type_field, value, want) in cases {
            let got = match interface_value(type_field, value) {
                Some((declared, held)) => {
                    format!("{} holds {}", show(&declared), held.as_ref().map_or("?".into(), show))
                }
                None => "not an interface value".to_string(),
            };
            assert_eq!(got, want, "{type_field:?} {value:?}");
        }
    }
}
