//! Completion at a cursor: the names Delve can evaluate at the location,
//! and members after `.`. It reuses the checker's lookups, so what it
//! offers is what `check` accepts.

use super::ast::{Expr, ExprKind};
use super::check::{Checker, MemberLookup, Val};
use super::scope::{ScopeAt, VarKind};
use super::types::Type;
use super::{Role, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ItemKind {
    Variable,
    Field,
    Constant,
    Package,
    Builtin,
    Keyword,
}

impl ItemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Variable => "variable",
            ItemKind::Field => "field",
            ItemKind::Constant => "constant",
            ItemKind::Package => "package",
            ItemKind::Builtin => "builtin",
            ItemKind::Keyword => "keyword",
        }
    }

    /// Items that are whole values by themselves: inserting one yields an
    /// expression Delve evaluates. The others need more text (`len(`, `pkg.`).
    pub fn is_value(self) -> bool {
        matches!(self, ItemKind::Variable | ItemKind::Field | ItemKind::Constant | ItemKind::Keyword)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: ItemKind,
    /// The type as Delve prints it, where known.
    pub ty: Option<String>,
    /// Text that replaces [`Completions::replace`].
    pub insert: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Completions {
    /// The span of the partial name at the cursor that an item replaces.
    pub replace: Span,
    pub items: Vec<CompletionItem>,
}

const BUILTINS: [&str; 7] = ["len", "cap", "min", "max", "real", "imag", "complex"];

/// Completions for `text` with the cursor at byte offset `cursor`.
pub fn complete(text: &str, cursor: usize, scope: &ScopeAt) -> Completions {
    let mut cursor = cursor.min(text.len());
    while !text.is_char_boundary(cursor) {
        cursor -= 1;
    }
    let is_ident = |c: char| c == '_' || c.is_alphanumeric();
    let start = text[..cursor].char_indices().rev().take_while(|(_, c)| is_ident(*c)).last().map_or(cursor, |(i, _)| i);
    let end = cursor
        + text[cursor..].char_indices().take_while(|(_, c)| is_ident(*c)).map(|(_, c)| c.len_utf8()).sum::<usize>();
    let prefix = &text[start..cursor];
    let replace = Span::new(start, end);
    let before = text[..start].trim_end();
    let mut items =
        if before.ends_with('.') { members_in_each_run(&text[..cursor], cursor, scope) } else { names(scope) };
    items.retain(|i| i.label.to_lowercase().starts_with(&prefix.to_lowercase()));
    items.sort_by(|a, b| (a.kind, &a.label).cmp(&(b.kind, &b.label)));
    items.dedup_by(|a, b| a.label == b.label);
    Completions { replace, items }
}

fn item(label: &str, kind: ItemKind, ty: Option<&Type>) -> CompletionItem {
    let ty = ty.filter(|t| !t.is_unknown()).map(Type::to_string);
    let insert = match kind {
        ItemKind::Builtin => format!("{label}("),
        _ => label.to_string(),
    };
    CompletionItem { label: label.to_string(), kind, ty, insert }
}

fn names(scope: &ScopeAt) -> Vec<CompletionItem> {
    let cx = Checker::new("", Role::Expression, scope);
    let mut out = Vec::new();
    for v in &scope.locals {
        out.push(item(&v.name, ItemKind::Variable, Some(&v.ty)));
    }
    for v in scope.package.vars.iter().filter(|v| v.kind != VarKind::UnusedGlobal) {
        if scope.local(&v.name).is_none() {
            out.push(item(&v.name, ItemKind::Variable, Some(&v.ty)));
        }
    }
    for c in &scope.package.consts {
        if scope.local(&c.name).is_none() && scope.package.var(&c.name).is_none() && cx.const_visible(c) {
            out.push(item(&c.name, ItemKind::Constant, Some(&cx.const_type(c))));
        }
    }
    let mut pkgs: Vec<&str> = scope.imports.heads().map(|(_, name)| name).collect();
    pkgs.extend(["runtime", "delve"]);
    for p in pkgs {
        if scope.local(p).is_none() && scope.package.var(p).is_none() {
            out.push(item(p, ItemKind::Package, None));
        }
    }
    for b in BUILTINS {
        out.push(item(b, ItemKind::Builtin, None));
    }
    for k in ["true", "false", "nil"] {
        out.push(item(k, ItemKind::Keyword, None));
    }
    out
}

/// [`members`] as `check` reads generic code: a line runs as each
/// instantiation (and, when their list is not known to be complete, as the
/// generic code itself), so a member of any run is offered — `check` gives
/// at most a warning for it — with its type where every run offering it
/// agrees.
fn members_in_each_run(text: &str, cursor: usize, scope: &ScopeAt) -> Vec<CompletionItem> {
    if scope.instantiations.is_empty() {
        return members(text, cursor, scope);
    }
    let mut runs: Vec<Vec<CompletionItem>> =
        scope.instantiations.iter().map(|inst| members(text, cursor, &scope.instantiated(inst))).collect();
    if !scope.instantiations_complete {
        runs.push(members(text, cursor, scope));
    }
    let mut out: Vec<CompletionItem> = Vec::new();
    for item in runs.into_iter().flatten() {
        match out.iter_mut().find(|o| o.label == item.label) {
            Some(seen) if seen.ty != item.ty => seen.ty = None,
            Some(_) => {}
            None => out.push(item),
        }
    }
    out
}

/// Members of the operand before the `.` that ends `text` (up to the cursor).
fn members(text: &str, cursor: usize, scope: &ScopeAt) -> Vec<CompletionItem> {
    let parse = super::parse(text);
    if let Some((base, _)) = selector_at(&parse.expr, cursor) {
        return members_of(base, text, scope);
    }
    // go/parser's recovery from an error before the cursor (a `;`, where it
    // stops reading; an operator without an operand, after which it skips
    // to the end) may leave the selector out of the tree: the longest tail
    // of the text's last tokens that holds it is completed instead.
    let starts = super::syntax::token_starts(text);
    let first = starts.len().saturating_sub(TAIL_TOKENS).max(1);
    for &start in starts.get(first..).unwrap_or_default() {
        let part = &text[start..];
        let parse = super::parse(part);
        if let Some((base, _)) = selector_at(&parse.expr, cursor - start) {
            return members_of(base, part, scope);
        }
    }
    Vec::new()
}

/// How many of the last tokens before the cursor a completion after an
/// error reads again (each tail is one more parse).
const TAIL_TOKENS: usize = 64;

/// Members of `base`, the operand of a selector in `text`.
fn members_of(base: &Expr, text: &str, scope: &ScopeAt) -> Vec<CompletionItem> {
    let mut cx = Checker::new(text, Role::Expression, scope);
    if let ExprKind::Ident(x) = &base.kind {
        match x.as_str() {
            "runtime" if cx.lookup_ident(x).is_none() => {
                let mut out: Vec<CompletionItem> =
                    ["curg", "frameoff", "threadid"].iter().map(|n| item(n, ItemKind::Variable, None)).collect();
                out.extend(package_items(scope, x));
                return out;
            }
            "delve" if cx.lookup_ident(x).is_none() => return vec![item("bphitcount", ItemKind::Variable, None)],
            _ => {}
        }
        // A function value has no members: a package function named like a
        // package (`main`) is that package, as `check` reads it.
        let package_func = scope.local(x).is_none() && scope.package.var(x).is_none() && scope.package.has_func(x);
        if package_func || cx.lookup_ident(x).is_none() {
            return package_items(scope, x);
        }
    }
    let v = cx.value_of(base);
    let Val::Typed(t) = v else { return Vec::new() };
    let mut out = Vec::new();
    for (name, ty) in cx.fields(&t) {
        if let MemberLookup::Found { .. } = cx.find_member(&t, &name) {
            out.push(item(&name, ItemKind::Field, Some(&ty)));
        }
    }
    out
}

fn package_items(scope: &ScopeAt, name: &str) -> Vec<CompletionItem> {
    let cx = Checker::new("", Role::Expression, scope);
    let mut out = Vec::new();
    let current = (scope.package.name == name).then_some(&scope.package);
    for pkg in current.into_iter().chain(scope.packages_named(name)) {
        out.extend(
            pkg.vars
                .iter()
                .filter(|v| v.kind != VarKind::UnusedGlobal)
                .map(|v| item(&v.name, ItemKind::Variable, Some(&v.ty))),
        );
        out.extend(
            pkg.consts
                .iter()
                .filter(|c| cx.const_visible(c))
                .map(|c| item(&c.name, ItemKind::Constant, Some(&cx.const_type(c)))),
        );
    }
    out
}

/// The selector whose name ends at `cursor` (the text's end, blanks
/// aside), with its name span: the last found of those the cursor may be
/// in.
fn selector_at(e: &Expr, cursor: usize) -> Option<(&Expr, Span)> {
    let mut found = None;
    visit(e, &mut |node| {
        if let ExprKind::Selector { base, sel } = &node.kind {
            if sel.span.end == cursor || (sel.name.is_empty() && node.span.end <= cursor) {
                found = Some((&**base, sel.span));
            }
        }
    });
    found
}

/// `e` and the nodes inside it that may end where the text does. A
/// selector's operand and a type assertion's end before their own `.`, so
/// they are not entered.
fn visit<'e>(e: &'e Expr, f: &mut impl FnMut(&'e Expr)) {
    f(e);
    match &e.kind {
        ExprKind::Paren(x) | ExprKind::Star(x) => visit(x, f),
        ExprKind::Index { base, indices } => {
            visit(base, f);
            indices.iter().for_each(|i| visit(i, f));
        }
        ExprKind::Slice { base, low, high, max, .. } => {
            visit(base, f);
            for x in [low, high, max].into_iter().flatten() {
                visit(x, f);
            }
        }
        ExprKind::Call { fun, args, .. } => {
            visit(fun, f);
            args.iter().for_each(|a| visit(a, f));
        }
        ExprKind::Unary { operand, .. } => visit(operand, f),
        ExprKind::Binary { operands, .. } => {
            visit(&operands[0], f);
            visit(&operands[1], f);
        }
        ExprKind::CompositeLit { elts, .. } => elts.iter().for_each(|x| visit(x, f)),
        ExprKind::KeyValue { key, value } => {
            visit(key, f);
            visit(value, f);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests;
