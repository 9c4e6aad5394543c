//! The checker: walks an expression the way Delve's evaluator does
//! (`pkg/proc/evalop/evalcompile.go` and `pkg/proc/eval.go`, v1.27) and
//! reports an error only where Delve is certain to reject it. Anything that
//! depends on run-time values is at most a warning, and anything of unknown
//! type is accepted.

use std::collections::BTreeSet;

use super::ast::{BinaryOp, Expr, ExprKind, LitKind, UnaryOp};
use super::literal;
use super::scope::{Arch, Hidden, Package, ScopeAt};
use super::types::{Basic, ConstValue, Named, Type, Untyped};
use super::{Code, Diagnostic, Edit, Fix, Span};

/// What the text will be used as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Role {
    /// A breakpoint condition: must be boolean; `delve.catch(…)` allowed at top level.
    #[default]
    Condition,
    /// A watch, hover or debug-console expression: any type.
    Expression,
}

/// The result of checking one expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    pub diagnostics: Vec<Diagnostic>,
    /// The expression's type as Delve would report it, where known.
    pub ty: Type,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Parses and checks `text` against `scope`.
pub fn check(text: &str, role: Role, scope: &ScopeAt) -> Checked {
    let parse = super::parse(text);
    if !parse.diagnostics.is_empty() {
        // Delve rejects what go/parser rejects, before anything else.
        return Checked { diagnostics: parse.diagnostics, ty: Type::Unknown };
    }
    check_ast(&parse.expr, text, role, scope)
}

/// Checks an already parsed, syntactically valid expression.
pub fn check_ast(expr: &Expr, text: &str, role: Role, scope: &ScopeAt) -> Checked {
    if scope.instantiations.is_empty() {
        return check_one(expr, text, role, scope);
    }
    // A line of generic code runs as each instantiation; Delve stops in
    // whichever is hit. Certain only what fails in every one of them.
    let mut runs: Vec<(String, Checked)> = scope
        .instantiations
        .iter()
        .map(|inst| {
            let label = inst.iter().map(|(p, t)| format!("{p} = {t}")).collect::<Vec<_>>().join(", ");
            (label, check_one(expr, text, role, &scope.instantiated(inst)))
        })
        .collect();
    if !scope.instantiations_complete {
        runs.push((String::new(), check_one(expr, text, role, scope)));
    }
    merge_runs(runs)
}

/// Errors found in every run stay errors; errors of some runs become
/// warnings that name the instantiations where Delve would fail.
fn merge_runs(runs: Vec<(String, Checked)>) -> Checked {
    let key = |d: &Diagnostic| (d.span, d.code);
    let mut out: Vec<Diagnostic> = Vec::new();
    for (_, run) in &runs {
        for d in &run.diagnostics {
            if out.iter().any(|o| key(o) == key(d)) {
                continue;
            }
            if !d.is_error() {
                out.push(d.clone());
                continue;
            }
            let failing: Vec<&str> = runs
                .iter()
                .filter(|(_, r)| r.diagnostics.iter().any(|x| x.is_error() && key(x) == key(d)))
                .map(|(label, _)| label.as_str())
                .collect();
            let mut d = d.clone();
            if failing.len() < runs.len() {
                let named: Vec<&str> = failing.into_iter().filter(|l| !l.is_empty()).collect();
                d.severity = super::Severity::Warning;
                d.message = format!("{} (when {})", d.message, named.join("; "));
            }
            out.push(d);
        }
    }
    out.sort_by_key(|d| (d.span.start, d.span.end));
    let first = &runs[0].1.ty;
    let ty = if runs.iter().all(|(_, r)| r.ty == *first) { first.clone() } else { Type::Unknown };
    Checked { diagnostics: out, ty }
}

fn check_one(expr: &Expr, text: &str, role: Role, scope: &ScopeAt) -> Checked {
    let mut cx = Checker::new(text, role, scope);
    let root = expr.unparen();
    let val = match (&root.kind, role) {
        (ExprKind::Call { fun, args, .. }, Role::Condition) if is_delve_catch(fun) => {
            if args.len() != 1 {
                cx.error(Code::Unsupported, root.span, "delve.catch takes exactly one argument");
                Val::Unknown
            } else {
                // Errors inside are turned into `false` by Delve at hit time.
                let inner = cx.expr(&args[0]);
                cx.demote_errors_from(0);
                inner
            }
        }
        _ => cx.expr(expr),
    };
    let ty = val.ty();
    if role == Role::Condition && !cx.diags.iter().any(Diagnostic::is_error) {
        match cx.kind_of_val(&val) {
            Kind::Bool | Kind::Unknown => {}
            _ => {
                let shown = val.describe();
                cx.error(
                    Code::NotBoolean,
                    expr.span,
                    format!("a condition must be boolean, but `{}` is {shown}", cx.src(expr.span)),
                );
            }
        }
    }
    let mut diagnostics = cx.diags;
    diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
    Checked { diagnostics, ty }
}

fn is_delve_catch(fun: &Expr) -> bool {
    matches!(&fun.unparen().kind, ExprKind::Selector { base, sel }
        if sel.name == "catch" && matches!(&base.kind, ExprKind::Ident(n) if n == "delve"))
}

/// The kind of a constant, as `go/constant` tracks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum ConstKind {
    Bool,
    String,
    Int,
    Float,
    Complex,
}

impl ConstKind {
    fn name(self) -> &'static str {
        match self {
            ConstKind::Bool => "bool",
            ConstKind::String => "string",
            ConstKind::Int => "integer",
            ConstKind::Float => "float",
            ConstKind::Complex => "complex",
        }
    }
}

/// A value during checking, shaped like Delve's `*Variable` on its stack:
/// constants have no DWARF type, variables do.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Val {
    Unknown,
    Const(ConstKind, Option<ConstValue>),
    Nil,
    Typed(Type),
    /// `delve.bphitcount`, which only supports indexing.
    HitCounts,
}

impl Val {
    fn ty(&self) -> Type {
        match self {
            Val::Typed(t) => t.clone(),
            Val::Const(k, _) => Type::Untyped(match k {
                ConstKind::Bool => Untyped::Bool,
                ConstKind::String => Untyped::String,
                ConstKind::Int => Untyped::Int,
                ConstKind::Float => Untyped::Float,
                ConstKind::Complex => Untyped::Complex,
            }),
            Val::Nil => Type::Untyped(Untyped::Nil),
            Val::Unknown | Val::HitCounts => Type::Unknown,
        }
    }

    fn typed(t: &Type) -> Val {
        if t.is_unknown() { Val::Unknown } else { Val::Typed(t.clone()) }
    }

    /// A basic literal: an untyped constant, with its value where the
    /// checker uses it (rune and imaginary values are never needed).
    fn of_literal(kind: LitKind, raw: &str) -> Val {
        match kind {
            LitKind::Int => Val::Const(ConstKind::Int, literal::int(raw).map(ConstValue::Int)),
            LitKind::Char => Val::Const(ConstKind::Int, None),
            LitKind::Float => Val::Const(ConstKind::Float, literal::float(raw).map(ConstValue::Float)),
            LitKind::Imag => Val::Const(ConstKind::Complex, None),
            LitKind::String => Val::Const(ConstKind::String, literal::string(raw).map(ConstValue::String)),
        }
    }

    fn describe(&self) -> String {
        match self {
            Val::Typed(t) => format!("of type {t}"),
            other => other.ty().to_string(),
        }
    }
}

/// A type's kind as Go's `reflect.Kind` names it (Delve branches on it),
/// after resolving named types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Unknown,
    Bool,
    Int,
    Uint,
    Float,
    Complex,
    String,
    Ptr,
    UnsafePtr,
    Slice,
    Array,
    Map,
    Chan,
    Func,
    Struct,
    Interface,
}

impl Kind {
    fn of_basic(b: Basic) -> Kind {
        match b {
            Basic::Bool => Kind::Bool,
            Basic::String => Kind::String,
            Basic::UnsafePointer => Kind::UnsafePtr,
            b if b.is_unsigned() => Kind::Uint,
            b if b.is_integer() => Kind::Int,
            b if b.is_float() => Kind::Float,
            _ => Kind::Complex,
        }
    }

    fn of_const(k: ConstKind) -> Kind {
        match k {
            ConstKind::Bool => Kind::Bool,
            ConstKind::String => Kind::String,
            ConstKind::Int => Kind::Int,
            ConstKind::Float => Kind::Float,
            ConstKind::Complex => Kind::Complex,
        }
    }

    /// Kinds whose values Delve loads into a `constant.Value`.
    fn is_scalar(self) -> bool {
        matches!(self, Kind::Bool | Kind::Int | Kind::Uint | Kind::Float | Kind::Complex | Kind::String)
    }

    fn const_kind(self) -> Option<ConstKind> {
        Some(match self {
            Kind::Bool => ConstKind::Bool,
            Kind::String => ConstKind::String,
            Kind::Int | Kind::Uint => ConstKind::Int,
            Kind::Float => ConstKind::Float,
            Kind::Complex => ConstKind::Complex,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Unknown => "unknown",
            Kind::Bool => "bool",
            Kind::Int => "int",
            Kind::Uint => "uint",
            Kind::Float => "float",
            Kind::Complex => "complex",
            Kind::String => "string",
            Kind::Ptr => "pointer",
            Kind::UnsafePtr => "unsafe.Pointer",
            Kind::Slice => "slice",
            Kind::Array => "array",
            Kind::Map => "map",
            Kind::Chan => "chan",
            Kind::Func => "func",
            Kind::Struct => "struct",
            Kind::Interface => "interface",
        }
    }
}

/// A fact established by the left operand of `&&` that makes a run-time
/// hazard on the right impossible (`p != nil && p.x`).
#[derive(Debug, Clone, PartialEq)]
enum Guard {
    NotNil(String),
    /// `len(x) > n` or `n < len(x)`: indexes below `n + 1` are safe.
    LenAbove(String, i128),
}

pub(crate) struct Checker<'a> {
    scope: &'a ScopeAt,
    text: &'a str,
    diags: Vec<Diagnostic>,
    guards: Vec<Guard>,
    /// Errors found at Delve's compile step (see `compile_error`).
    compile_phase: Vec<(Span, Code)>,
    role: Role,
}

/// How deep named types are followed before giving up (recursive types).
const MAX_TYPE_DEPTH: usize = 32;

/// How deep struct fields and array elements are followed to decide
/// comparability; deeper types are left undecided (accepted).
const MAX_COMPARABLE_DEPTH: usize = 8;

impl<'a> Checker<'a> {
    pub(crate) fn new(text: &'a str, role: Role, scope: &'a ScopeAt) -> Checker<'a> {
        Checker { scope, text, diags: Vec::new(), guards: Vec::new(), compile_phase: Vec::new(), role }
    }

    /// The value of a sub-expression, diagnostics discarded (for completion).
    pub(crate) fn value_of(&mut self, e: &Expr) -> Val {
        let v = self.expr(e);
        self.diags.clear();
        v
    }

    /// Every field reachable from `t` with Delve's selector rules (one
    /// automatic dereference, promotion through embedded fields), outermost first.
    pub(crate) fn fields(&self, t: &Type) -> Vec<(String, Type)> {
        let mut out: Vec<(String, Type)> = Vec::new();
        let mut queue = vec![t.clone()];
        let mut seen = BTreeSet::new();
        let mut depth = 0;
        while !queue.is_empty() && depth < MAX_TYPE_DEPTH {
            let mut next = Vec::new();
            for ty in queue {
                if !seen.insert(ty.to_string()) {
                    continue;
                }
                let mut u = self.underlying(&ty);
                if let Type::Pointer(inner) = u {
                    u = self.underlying(&inner);
                }
                if let Type::Struct(fields) = u {
                    for f in fields {
                        if f.embedded {
                            next.push(f.ty.clone());
                        }
                        if !out.iter().any(|(n, _)| *n == f.name) {
                            out.push((f.name, f.ty));
                        }
                    }
                }
            }
            queue = next;
            depth += 1;
        }
        out
    }

    fn src(&self, span: Span) -> &'a str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    fn error(&mut self, code: Code, span: Span, msg: impl Into<String>) -> Val {
        self.diags.push(Diagnostic::error(code, span, msg));
        Val::Unknown
    }

    fn error_with(&mut self, d: Diagnostic) -> Val {
        self.diags.push(d);
        Val::Unknown
    }

    fn warn(&mut self, d: Diagnostic) {
        if !self.diags.iter().any(|x| x.span == d.span && x.code == d.code) {
            self.diags.push(d);
        }
    }

    /// Delve evaluates the right operand of `&&` / `||` only when the left
    /// one lets it, so its run-time errors happen only then: they become
    /// warnings that say when. Errors Delve finds while compiling the
    /// expression stay errors.
    fn demote_short_circuited(&mut self, from: usize, op: BinaryOp, lhs: &Expr, lv: &Val) {
        let shown = self.src(lhs.span).to_string();
        let skipped = match lv {
            Val::Const(_, Some(ConstValue::Bool(b))) => *b == (op == BinaryOp::LogOr),
            _ => false,
        };
        let when = if op == BinaryOp::LogAnd { "true" } else { "false" };
        for i in from..self.diags.len() {
            let d = &self.diags[i];
            if !d.is_error() || self.compile_phase.contains(&(d.span, d.code)) {
                continue;
            }
            let d = &mut self.diags[i];
            d.severity = super::Severity::Warning;
            d.message = if skipped {
                format!("{} (never evaluated: `{shown}` decides the result)", d.message)
            } else {
                format!("{} (Delve reports this whenever `{shown}` is {when})", d.message)
            };
        }
    }

    /// An error Delve reports while compiling the expression, before any
    /// value is looked at: short-circuiting does not avoid it.
    fn compile_error(&mut self, code: Code, span: Span, msg: impl Into<String>) -> Val {
        self.compile_phase.push((span, code));
        self.error(code, span, msg)
    }

    fn compile_error_with(&mut self, d: Diagnostic) -> Val {
        self.compile_phase.push((d.span, d.code));
        self.error_with(d)
    }

    fn demote_errors_from(&mut self, from: usize) {
        for d in &mut self.diags[from..] {
            if d.is_error() {
                d.severity = super::Severity::Warning;
                d.message = format!("{} (delve.catch turns this into false)", d.message);
            }
        }
    }

    // ----- types -------------------------------------------------------

    /// The underlying type: named types resolved through the scope.
    pub(crate) fn underlying(&self, t: &Type) -> Type {
        let mut t = t.clone();
        for _ in 0..MAX_TYPE_DEPTH {
            match &t {
                Type::Named(n) => match n.qualified().as_str() {
                    "error" => return Type::Interface(vec!["Error".into()]),
                    "any" => return Type::Interface(Vec::new()),
                    _ => match self.scope.named(n) {
                        Some(info) => t = info.underlying.clone(),
                        None => return Type::Unknown,
                    },
                },
                _ => return t,
            }
        }
        Type::Unknown
    }

    fn kind(&self, t: &Type) -> Kind {
        match self.underlying(t) {
            Type::Unknown | Type::TypeParam(_) | Type::Named(_) | Type::Untyped(_) => Kind::Unknown,
            Type::Basic(b) => Kind::of_basic(b),
            Type::Pointer(_) => Kind::Ptr,
            Type::Slice(_) => Kind::Slice,
            Type::Array(..) => Kind::Array,
            Type::Map(..) => Kind::Map,
            Type::Chan(..) => Kind::Chan,
            Type::Func(_) => Kind::Func,
            Type::Struct(_) => Kind::Struct,
            Type::Interface(_) => Kind::Interface,
        }
    }

    fn kind_of_val(&self, v: &Val) -> Kind {
        match v {
            Val::Unknown | Val::HitCounts => Kind::Unknown,
            Val::Const(k, _) => Kind::of_const(*k),
            Val::Nil => Kind::Ptr,
            Val::Typed(t) => self.kind(t),
        }
    }

    /// Whether values of `t` can be compared with `==` by Delve: `None` if
    /// that cannot be known statically.
    fn comparable(&self, t: &Type, depth: usize) -> Option<bool> {
        if depth > MAX_COMPARABLE_DEPTH {
            return None;
        }
        match self.underlying(t) {
            Type::Slice(_) | Type::Map(..) | Type::Func(_) | Type::Chan(..) => Some(false),
            Type::Struct(fields) => {
                let mut all = Some(true);
                for f in &fields {
                    match self.comparable(&f.ty, depth + 1) {
                        Some(false) => return Some(false),
                        None => all = None,
                        Some(true) => {}
                    }
                }
                all
            }
            // Delve compares arrays element by element only when they are
            // non-empty, so an incomparable element type is an error only
            // for arrays with elements.
            Type::Array(Some(n), elem) if n > 0 => self.comparable(&elem, depth + 1),
            Type::Array(..) => None,
            Type::Unknown | Type::TypeParam(_) | Type::Named(_) | Type::Untyped(_) => None,
            // Interfaces compare their dynamic values, whatever they are.
            Type::Interface(_) => None,
            Type::Basic(_) | Type::Pointer(_) => Some(true),
        }
    }

    /// Delve's `sameType`: pointers and slices compared by element, the rest
    /// by the name of the resolved type.
    fn same_type(&self, a: &Type, b: &Type) -> Option<bool> {
        let (ua, ub) = (self.underlying(a), self.underlying(b));
        match (&ua, &ub) {
            (Type::Unknown, _) | (_, Type::Unknown) => None,
            (Type::TypeParam(_), _) | (_, Type::TypeParam(_)) => None,
            (Type::Pointer(x), Type::Pointer(y)) | (Type::Slice(x), Type::Slice(y)) => self.same_type(x, y),
            (Type::Pointer(_), _) | (_, Type::Pointer(_)) | (Type::Slice(_), _) | (_, Type::Slice(_)) => Some(false),
            _ if type_has_unknown(&ua) || type_has_unknown(&ub) => None,
            _ => Some(ua.to_string() == ub.to_string()),
        }
    }

    // ----- expressions -------------------------------------------------

    fn expr(&mut self, e: &Expr) -> Val {
        match &e.kind {
            ExprKind::Missing => Val::Unknown,
            ExprKind::Paren(inner) => self.expr(inner),
            ExprKind::Ident(name) => self.ident(name, e.span),
            ExprKind::BasicLit { kind, raw } => Val::of_literal(*kind, raw),
            ExprKind::Selector { base, sel } => self.selector(e, base, &sel.name, sel.span),
            ExprKind::Index { base, indices } => self.index(e, base, indices),
            ExprKind::Slice { base, low, high, slice3, .. } => {
                if *slice3 {
                    return self.compile_error(
                        Code::Unsupported,
                        e.span,
                        "Delve does not support 3-index slice expressions",
                    );
                }
                self.slice(e, base, low.as_deref(), high.as_deref())
            }
            ExprKind::TypeAssert { base, ty } => self.type_assert(e, base, ty.as_deref()),
            ExprKind::Call { fun, args, .. } => self.call(e, fun, args),
            ExprKind::Star(inner) => self.deref(e, inner),
            ExprKind::Unary { op, operand } => self.unary(e, *op, operand),
            ExprKind::Binary { op, op_span, lhs, rhs } => self.binary(*op, *op_span, lhs, rhs),
            ExprKind::CompositeLit { ty, elts } => self.composite(e, ty.as_deref(), elts),
            ExprKind::FuncLit { .. } => {
                self.compile_error(Code::Unsupported, e.span, "Delve cannot evaluate function literals")
            }
            ExprKind::KeyValue { .. } | ExprKind::Ellipsis(_) => {
                self.compile_error(Code::Unsupported, e.span, "Delve cannot evaluate this expression")
            }
            ExprKind::ArrayType { .. }
            | ExprKind::StructType { .. }
            | ExprKind::FuncType(_)
            | ExprKind::InterfaceType { .. }
            | ExprKind::MapType { .. }
            | ExprKind::ChanType { .. } => self.error(
                Code::Unsupported,
                e.span,
                format!("`{}` is a type, not a value; Delve cannot evaluate it", self.src(e.span)),
            ),
        }
    }

    /// What an identifier names, in Delve's lookup order; `None` if nothing.
    pub(crate) fn lookup_ident(&self, name: &str) -> Option<Val> {
        if let Some(v) = self.scope.local(name) {
            return Some(Val::typed(&v.ty));
        }
        let pkg = &self.scope.package;
        if let Some(v) = pkg.var(name) {
            return Some(Val::typed(&v.ty));
        }
        if pkg.has_func(name) {
            return Some(Val::Unknown);
        }
        if let Some(c) = pkg.constant(name) {
            if let Some(v) = self.const_val(c) {
                return Some(v);
            }
        }
        match name {
            "true" => return Some(Val::Const(ConstKind::Bool, Some(ConstValue::Bool(true)))),
            "false" => return Some(Val::Const(ConstKind::Bool, Some(ConstValue::Bool(false)))),
            "nil" => return Some(Val::Nil),
            _ => {}
        }
        if is_register_name(name, self.scope.arch) {
            return Some(Val::Unknown);
        }
        None
    }

    fn ident(&mut self, name: &str, span: Span) -> Val {
        if let Some(v) = self.lookup_ident(name) {
            let unreadable = self.scope.unreadable.iter().find(|u| u.name == name);
            if let Some(u) = unreadable.filter(|_| self.scope.local(name).is_some()) {
                let what = if u.partly {
                    "is partly optimized out at this line: Delve reads the missing parts as zero and may fail"
                } else {
                    "is optimized out at this line: Delve cannot read it here"
                };
                self.warn(Diagnostic::warning(
                    Code::RuntimeHazard,
                    span,
                    format!(
                        "`{name}` {what}, and stops with an error when a condition needs a value it cannot \
                         read; build with -gcflags=all=\"-N -l\""
                    ),
                ));
            }
            return v;
        }
        if !self.scope.locals_complete || !self.scope.package.complete {
            return Val::Unknown;
        }
        let d = self.undefined(name, span);
        self.error_with(d)
    }

    /// Whether Delve can see the constant `c` at all.
    pub(crate) fn const_visible(&self, c: &super::scope::Constant) -> bool {
        self.const_val(c).is_some()
    }

    /// The type Delve gives the constant `c` (untyped integers are `int`).
    pub(crate) fn const_type(&self, c: &super::scope::Constant) -> Type {
        self.const_val(c).map_or(Type::Unknown, |v| v.ty())
    }

    /// A package constant as Delve sees it: the debug info has integer
    /// constants only, untyped ones typed `int`. `None`: absent for Delve.
    fn const_val(&self, c: &super::scope::Constant) -> Option<Val> {
        match &c.ty {
            Type::Untyped(Untyped::Int | Untyped::Rune) => Some(Val::Typed(Type::Basic(Basic::Int))),
            Type::Untyped(_) => None,
            t => match self.kind(t) {
                Kind::Int | Kind::Uint => Some(Val::Typed(t.clone())),
                Kind::Unknown => Some(Val::Unknown),
                _ => None,
            },
        }
    }

    /// What kind of constant `c` is, for saying why Delve cannot see it.
    fn constant_kind(&self, c: &super::scope::Constant) -> &'static str {
        match &c.ty {
            Type::Untyped(Untyped::String) => "string",
            Type::Untyped(Untyped::Float) => "float",
            Type::Untyped(Untyped::Bool) => "bool",
            Type::Untyped(_) => "non-integer",
            t => self.kind(t).name(),
        }
    }

    fn undefined(&self, name: &str, span: Span) -> Diagnostic {
        if let Some(c) = self.scope.package.constant(name) {
            return Diagnostic::error(
                Code::Undefined,
                span,
                format!("`{name}` is a {} constant; Delve sees only integer constants", self.constant_kind(c)),
            );
        }
        if let Some(b) = match name {
            "byte" => Some("uint8"),
            "rune" => Some("int32"),
            _ => None,
        } {
            let mut d =
                Diagnostic::error(Code::Undefined, span, format!("Delve does not know the alias `{name}`; use `{b}`"));
            d.fixes.push(Fix { title: format!("use `{b}`"), edits: vec![Edit { span, text: b.to_string() }] });
            return d;
        }
        if let Some(h) = self.scope.hidden.iter().find(|h| h.name == name) {
            let msg = match h.why {
                Hidden::DeclaredLater if h.decl_line == self.scope.line => format!(
                    "`{name}` is declared on this line (line {}); Delve sees it only from the next line",
                    h.decl_line
                ),
                Hidden::DeclaredLater => {
                    format!("`{name}` is declared on line {}, after this line; Delve cannot see it here", h.decl_line)
                }
                Hidden::OtherBlock => {
                    format!("`{name}` (line {}) is declared in a block that does not enclose this line", h.decl_line)
                }
            };
            return Diagnostic::error(Code::NotYetDeclared, span, msg);
        }
        let mut d =
            Diagnostic::error(Code::Undefined, span, format!("undefined: `{name}` is not visible at this line"));
        if self.scope.package.has_type(name) {
            let q = format!("{}.{name}", qualifier(&self.scope.package));
            d.message = format!("`{name}` is a type; Delve needs the qualified name `{q}` for conversions");
            d.fixes.push(Fix { title: format!("use `{q}`"), edits: vec![Edit { span, text: q }] });
            return d;
        }
        let candidates = self.visible_names();
        if let Some(best) = did_you_mean(name, candidates.iter().map(String::as_str)) {
            d.fixes
                .push(Fix { title: format!("did you mean `{best}`?"), edits: vec![Edit { span, text: best.clone() }] });
            d.message = format!("{}; did you mean `{best}`?", d.message);
        }
        d
    }

    fn visible_names(&self) -> Vec<String> {
        let s = self.scope;
        let mut v: Vec<String> = s.locals.iter().map(|l| l.name.clone()).collect();
        v.extend(s.package.vars.iter().map(|g| g.name.clone()));
        v.extend(s.package.consts.iter().map(|c| c.name.clone()));
        v
    }

    fn package_member(&mut self, pkg: &Package, name: &str, span: Span, shown: &str) -> Val {
        if let Some(v) = pkg.var(name) {
            return Val::typed(&v.ty);
        }
        if let Some(c) = pkg.constant(name) {
            if let Some(v) = self.const_val(c) {
                return v;
            }
            let msg =
                format!("`{shown}.{name}` is a {} constant; Delve sees only integer constants", self.constant_kind(c));
            return self.error(Code::Undefined, span, msg);
        }
        if pkg.has_func(name) || !pkg.complete {
            return Val::Unknown;
        }
        if pkg.has_type(name) {
            // Delve resolves `pkg.T` against functions by suffix, and the
            // compiler generates an equality function for comparable
            // struct and array types: those names evaluate to that.
            let path = if pkg.path.is_empty() { pkg.name.clone() } else { pkg.path.clone() };
            let t = Type::Named(Named::new(path, name));
            return match self.underlying(&t) {
                // Only a comparable type can have an equality function.
                Type::Struct(_) | Type::Array(..) if self.comparable(&t, 0) == Some(false) => {
                    self.error(Code::NoMember, span, format!("`{shown}.{name}` is a type, not a value"))
                }
                Type::Struct(_) | Type::Array(..) | Type::Unknown => Val::Unknown,
                _ => self.error(Code::NoMember, span, format!("`{shown}.{name}` is a type, not a value")),
            };
        }
        let mut d =
            Diagnostic::error(Code::NoMember, span, format!("package `{shown}` has no variable or constant `{name}`"));
        {
            let names = pkg.vars.iter().map(|v| v.name.as_str()).chain(pkg.consts.iter().map(|c| c.name.as_str()));
            if let Some(best) = did_you_mean(name, names) {
                d.message = format!("{}; did you mean `{best}`?", d.message);
                d.fixes.push(Fix { title: format!("did you mean `{best}`?"), edits: vec![Edit { span, text: best }] });
            }
        }
        self.error_with(d)
    }

    fn selector(&mut self, e: &Expr, base: &Expr, sel: &str, sel_span: Span) -> Val {
        if sel.is_empty() {
            return Val::Unknown;
        }
        match &base.kind {
            ExprKind::Ident(x) => {
                match (x.as_str(), sel) {
                    ("runtime", "curg") => return Val::Unknown,
                    ("runtime", "frameoff" | "threadid" | "rangeParentOffset") => {
                        return Val::Const(ConstKind::Int, None);
                    }
                    ("delve", "bphitcount") => return Val::HitCounts,
                    _ => {}
                }
                let is_package_func = self.scope.local(x).is_none()
                    && self.scope.package.var(x).is_none()
                    && self.scope.package.has_func(x);
                if is_package_func && (x == &self.scope.package.name || self.scope.packages_named(x).next().is_some()) {
                    // A function value has no members: Delve falls back to
                    // the package of that name.
                    let pkg = if x == &self.scope.package.name {
                        self.scope.package.clone()
                    } else {
                        self.scope.packages_named(x).next().cloned().unwrap_or_default()
                    };
                    return self.package_member(&pkg, sel, sel_span, x);
                }
                if let Some(v) = self.lookup_ident(x) {
                    let before = self.diags.len();
                    let r = self.member(base, v, sel, sel_span);
                    if self.diags.len() == before {
                        return r;
                    }
                    // Delve falls back to a package of that name.
                    if let Some(pkg) = self.scope.packages_named(x).next().cloned() {
                        if pkg.var(sel).is_some() || pkg.constant(sel).is_some() || pkg.has_func(sel) {
                            self.diags.truncate(before);
                            return self.package_member(&pkg, sel, sel_span, x);
                        }
                    }
                    return r;
                }
                let pkgs: Vec<Package> = self.scope.packages_named(x).cloned().collect();
                if x == &self.scope.package.name || (x == "main" && self.scope.package.path == "main") {
                    let current = self.scope.package.clone();
                    return self.package_member(&current, sel, sel_span, x);
                }
                match pkgs.as_slice() {
                    [pkg] => return self.package_member(pkg, sel, sel_span, x),
                    [] => {}
                    _ => return Val::Unknown,
                }
                if !self.may_be_package(x) && self.scope.locals_complete && self.scope.package.complete {
                    let d = self.undefined(x, base.span);
                    return self.error_with(d);
                }
                Val::Unknown
            }
            ExprKind::BasicLit { kind: LitKind::String, raw } => {
                let path = literal::string_lossy(raw);
                let last = path.rsplit('/').next().unwrap_or(&path).to_string();
                match self.scope.imports.get(&path).cloned() {
                    Some(pkg) => self.package_member(&pkg, sel, sel_span, &path),
                    // Delve names the main package `main`, not by its path.
                    None if path != "main" && !self.may_be_package(&last) => self.error(
                        Code::Undefined,
                        base.span,
                        format!("no package {raw} is linked into the program (the main package is \"main\")"),
                    ),
                    None => Val::Unknown,
                }
            }
            ExprKind::Call { fun, args, .. } if is_runtime_frame(fun) => match args.as_slice() {
                [Expr { kind: ExprKind::BasicLit { kind: LitKind::Int, raw }, .. }] => {
                    if raw.parse::<i8>().is_err() {
                        return self.error(
                            Code::Unsupported,
                            args[0].span,
                            "runtime.frame needs a small decimal frame number",
                        );
                    }
                    Val::Unknown
                }
                [_] => {
                    self.compile_error(Code::Unsupported, e.span, "runtime.frame needs an integer literal frame number")
                }
                _ => self.compile_error(Code::Unsupported, e.span, "runtime.frame takes exactly one argument"),
            },
            _ => {
                let v = self.expr(base);
                self.member(base, v, sel, sel_span)
            }
        }
    }

    fn may_be_package(&self, name: &str) -> bool {
        match &self.scope.linked_package_names {
            Some(names) => names.contains(name),
            None => true,
        }
    }

    /// `v.sel`: fields (promoted through embedded structs) and methods, with
    /// one automatic dereference, as Delve's `findStructMemberOrMethod`.
    fn member(&mut self, base: &Expr, v: Val, sel: &str, sel_span: Span) -> Val {
        let t = match v {
            Val::Unknown | Val::HitCounts => return Val::Unknown,
            Val::Nil => return self.error(Code::NoMember, base.span, "nil is not a struct"),
            Val::Const(..) => {
                return self.error(
                    Code::NoMember,
                    base.span,
                    format!("`{}` is a constant, not a struct", self.src(base.span)),
                );
            }
            Val::Typed(t) => t,
        };
        match self.find_member(&t, sel) {
            MemberLookup::Found { ty, through_pointer } => {
                if through_pointer {
                    self.nil_hazard(base);
                }
                Val::typed(&ty)
            }
            MemberLookup::Unknown => Val::Unknown,
            MemberLookup::Missing(candidates) => {
                let shown = self.src(base.span).to_string();
                let mut d = Diagnostic::error(
                    Code::NoMember,
                    sel_span,
                    format!("`{shown}` (type {t}) has no field or method `{sel}`"),
                );
                if let Some(best) = did_you_mean(sel, candidates.iter().map(String::as_str)) {
                    d.message = format!("{}; did you mean `{best}`?", d.message);
                    d.fixes.push(Fix {
                        title: format!("did you mean `{best}`?"),
                        edits: vec![Edit { span: sel_span, text: best }],
                    });
                }
                self.error_with(d)
            }
        }
    }

    pub(crate) fn find_member(&self, t: &Type, sel: &str) -> MemberLookup {
        let mut through_ptr = false;
        let mut start = t.clone();
        if let Type::Pointer(inner) = self.underlying(t) {
            if let Type::Named(n) = t {
                // A named pointer type has its own (empty) method set in Delve.
                if self.scope.named(n).is_none() {
                    return MemberLookup::Unknown;
                }
            }
            start = *inner;
            through_ptr = true;
        }
        // Methods on the named type itself (value or pointer receiver).
        let mut candidates = Vec::new();
        let mut queue = vec![start];
        let mut seen = BTreeSet::new();
        let mut first = true;
        while !queue.is_empty() {
            let mut next = Vec::new();
            for ty in queue {
                let key = ty.to_string();
                if !seen.insert(key) {
                    continue;
                }
                let ty = match &ty {
                    Type::Pointer(inner) if !first => {
                        through_ptr = true;
                        (**inner).clone()
                    }
                    _ => ty,
                };
                if let Type::Named(n) = &ty {
                    match self.scope.named(n) {
                        // Delve looks methods up by `pkg.Type.Name`; the
                        // methods of an instantiated generic type are
                        // compiled under their shape's name, so it never
                        // finds them ("s has no member Push").
                        Some(info) if !n.name.contains('[') => {
                            if let Some(m) = info.methods.iter().find(|m| m.name == sel) {
                                return MemberLookup::Found { ty: m.sig.clone(), through_pointer: false };
                            }
                            candidates.extend(info.methods.iter().map(|m| m.name.clone()));
                        }
                        Some(_) => {}
                        None if !matches!(n.qualified().as_str(), "error" | "any") => return MemberLookup::Unknown,
                        None => {}
                    }
                }
                match self.underlying(&ty) {
                    Type::Struct(fields) => {
                        for f in &fields {
                            if f.name == sel {
                                return MemberLookup::Found { ty: f.ty.clone(), through_pointer: through_ptr };
                            }
                            candidates.push(f.name.clone());
                            if f.embedded {
                                next.push(f.ty.clone());
                            }
                        }
                    }
                    // Delve looks into an interface's dynamic value, and into
                    // the captured variables of the closure a func value
                    // holds (`findStructMemberOrMethod`).
                    Type::Func(_) => match &self.scope.closure_captures {
                        Some(captured) if !captured.contains(sel) => {}
                        _ => return MemberLookup::Unknown,
                    },
                    Type::Interface(_) => return MemberLookup::Unknown,
                    Type::Unknown | Type::TypeParam(_) | Type::Named(_) => return MemberLookup::Unknown,
                    _ => {}
                }
            }
            first = false;
            queue = next;
        }
        MemberLookup::Missing(candidates)
    }

    fn index(&mut self, e: &Expr, base: &Expr, indices: &[Expr]) -> Val {
        let bv = self.expr(base);
        if indices.len() != 1 {
            for i in indices {
                self.expr(i);
            }
            return self.compile_error(Code::Unsupported, e.span, "Delve cannot evaluate generic instantiations");
        }
        let idx = &indices[0];
        let iv = self.expr(idx);
        if matches!(bv, Val::HitCounts) {
            return match self.kind_of_val(&iv) {
                Kind::Int | Kind::Uint | Kind::String | Kind::Unknown => Val::Const(ConstKind::Int, None),
                _ => self.error(Code::TypeMismatch, idx.span, "delve.bphitcount is indexed by breakpoint ID or name"),
            };
        }
        let Val::Typed(bt) = &bv else {
            return match bv {
                Val::Unknown => Val::Unknown,
                _ => self.error(
                    Code::TypeMismatch,
                    base.span,
                    format!("`{}` does not support indexing", self.src(base.span)),
                ),
            };
        };
        let mut ut = self.underlying(bt);
        let mut through_ptr = false;
        if let Type::Pointer(inner) = &ut {
            let pointee = self.underlying(inner);
            if matches!(pointee, Type::Array(..)) {
                ut = pointee;
                through_ptr = true;
            }
        }
        match ut {
            Type::Slice(elem) | Type::Array(_, elem) => {
                self.check_int_index(&iv, idx);
                if through_ptr {
                    self.nil_hazard(base);
                }
                self.range_hazard(base, idx, &iv, &bv);
                Val::typed(&elem)
            }
            Type::Basic(Basic::String) => {
                self.check_int_index(&iv, idx);
                self.range_hazard(base, idx, &iv, &bv);
                Val::Typed(Type::Basic(Basic::Uint8))
            }
            Type::Map(key, value) => {
                match self.assignable(&iv, &key) {
                    Some(false) => {
                        let d = Diagnostic::error(
                            Code::TypeMismatch,
                            idx.span,
                            format!("`{}` ({}) cannot be used as a key of {}", self.src(idx.span), iv.describe(), bt),
                        );
                        self.error_with(d);
                    }
                    _ => self.warn(Diagnostic::warning(
                        Code::RuntimeHazard,
                        e.span,
                        format!(
                            "if `{}` has no key {}, Delve stops with \"key not found\" (conditions cannot test membership)",
                            self.src(base.span),
                            self.src(idx.span)
                        ),
                    )),
                }
                Val::typed(&value)
            }
            Type::Unknown | Type::TypeParam(_) | Type::Named(_) => Val::Unknown,
            _ => self.error(
                Code::TypeMismatch,
                e.span,
                format!("`{}` (type {bt}) does not support indexing", self.src(base.span)),
            ),
        }
    }

    /// Delve reads indexes with `asInt`: an integer constant or a signed integer variable.
    fn check_int_index(&mut self, iv: &Val, idx: &Expr) {
        let ok = match iv {
            Val::Unknown | Val::HitCounts => true,
            Val::Const(k, _) => *k == ConstKind::Int,
            Val::Nil => false,
            Val::Typed(t) => matches!(self.kind(t), Kind::Int | Kind::Unknown),
        };
        if !ok {
            let shown = self.src(idx.span).to_string();
            let msg = match iv {
                Val::Typed(t) if self.kind(t) == Kind::Uint => {
                    format!("Delve indexes only with signed integers; `{shown}` is {t} (convert with `int({shown})`)")
                }
                _ => format!("index `{shown}` must be an integer, not {}", iv.describe()),
            };
            let mut d = Diagnostic::error(Code::TypeMismatch, idx.span, msg);
            if matches!(iv, Val::Typed(t) if self.kind(t) == Kind::Uint) {
                d.fixes.push(Fix {
                    title: format!("convert with `int({shown})`"),
                    edits: vec![Edit { span: idx.span, text: format!("int({shown})") }],
                });
            }
            self.error_with(d);
        }
    }

    fn slice(&mut self, e: &Expr, base: &Expr, low: Option<&Expr>, high: Option<&Expr>) -> Val {
        let bv = self.expr(base);
        for b in [low, high].into_iter().flatten() {
            let v = self.expr(b);
            self.check_int_index(&v, b);
        }
        let Val::Typed(bt) = &bv else {
            return match bv {
                Val::Unknown => Val::Unknown,
                _ => self.error(Code::TypeMismatch, base.span, format!("can not slice `{}`", self.src(base.span))),
            };
        };
        match self.underlying(bt) {
            Type::Slice(_) | Type::Basic(Basic::String) => Val::Typed(bt.clone()),
            Type::Array(_, elem) => Val::Typed(Type::Slice(elem)),
            Type::Map(..) if high.is_none() => Val::Typed(bt.clone()),
            Type::Map(..) => self.error(Code::Unsupported, e.span, "slicing a map takes no upper bound in Delve"),
            Type::Unknown | Type::TypeParam(_) | Type::Named(_) => Val::Unknown,
            _ => self.error(Code::TypeMismatch, e.span, format!("can not slice `{}` (type {bt})", self.src(base.span))),
        }
    }

    fn type_assert(&mut self, e: &Expr, base: &Expr, ty: Option<&Expr>) -> Val {
        let bv = self.expr(base);
        let Some(ty) = ty else {
            return self.compile_error(Code::Unsupported, e.span, "`.(type)` is only valid in a type switch");
        };
        let is_data = matches!(&ty.kind, ExprKind::Ident(n) if n == "data");
        let target = if is_data { TypeLookup::Unknown } else { self.type_expr(ty) };
        match self.kind_of_val(&bv) {
            Kind::Interface | Kind::Unknown => {}
            _ => {
                return self.error(
                    Code::TypeMismatch,
                    base.span,
                    format!("`{}` is not an interface ({})", self.src(base.span), bv.describe()),
                );
            }
        }
        match target {
            TypeLookup::Found(t) => {
                if self.kind(&t) == Kind::Interface {
                    // Delve compares the dynamic type's name with the asserted
                    // one; a dynamic type is never an interface.
                    return self.error(
                        Code::Unsupported,
                        ty.span,
                        "Delve can only assert concrete types; an assertion to an interface type always fails",
                    );
                }
                self.warn(Diagnostic::warning(
                    Code::RuntimeHazard,
                    e.span,
                    format!(
                        "if `{}` does not hold a {t}, Delve stops with an interface conversion error",
                        self.src(base.span)
                    ),
                ));
                Val::Typed(t)
            }
            TypeLookup::Unknown => Val::Unknown,
            TypeLookup::NotFound(d) => self.compile_error_with(d),
        }
    }

    fn call(&mut self, e: &Expr, fun: &Expr, args: &[Expr]) -> Val {
        if is_delve_catch(fun) {
            for a in args {
                self.expr(a);
            }
            let msg = "delve.catch(…) is allowed only around a whole breakpoint condition";
            return if self.role == Role::Condition {
                self.compile_error(Code::Unsupported, e.span, msg)
            } else {
                self.error(Code::Unsupported, e.span, msg)
            };
        }
        if let ExprKind::Ident(name) = &fun.kind {
            if let Some(v) = self.builtin(e, name, args) {
                return v;
            }
        }
        if args.len() == 1 {
            let mut core = fun.unparen();
            while let ExprKind::Star(inner) = &core.kind {
                core = inner.unparen();
            }
            let cast = match &core.kind {
                ExprKind::BasicLit { .. }
                | ExprKind::ArrayType { .. }
                | ExprKind::StructType { .. }
                | ExprKind::FuncType(_)
                | ExprKind::InterfaceType { .. }
                | ExprKind::MapType { .. }
                | ExprKind::ChanType { .. } => true,
                ExprKind::Ident(n) => {
                    Basic::from_name(n).is_some()
                        && !matches!(n.as_str(), "byte" | "rune")
                        && self.lookup_ident(n).is_none()
                }
                ExprKind::Selector { base, sel } if matches!(base.kind, ExprKind::Ident(_)) => {
                    match self.type_expr_quiet(core) {
                        TypeLookup::Found(_) => true,
                        TypeLookup::Unknown => {
                            // Ambiguous: a function value makes it a call.
                            let ExprKind::Ident(x) = &base.kind else { unreachable!() };
                            if self.lookup_ident(x).is_some() {
                                false
                            } else {
                                let is_func = self.scope.packages_named(x).any(|p| p.has_func(&sel.name));
                                if is_func { false } else { return self.unknown_cast(args) }
                            }
                        }
                        TypeLookup::NotFound(_) => false,
                    }
                }
                // `T[A, B](x)` is always a conversion for Delve.
                ExprKind::Index { indices, .. } if indices.len() > 1 => true,
                ExprKind::Index { base, .. } if matches!(base.kind, ExprKind::Ident(_) | ExprKind::Selector { .. }) => {
                    return self.unknown_cast(args);
                }
                _ => false,
            };
            if cast {
                return self.conversion(e, fun, &args[0]);
            }
        }
        // A function call: Delve evaluates the function and the arguments
        // first, then refuses to call without `call`.
        let before = self.diags.len();
        self.expr(fun);
        for a in args {
            self.expr(a);
        }
        if self.diags[before..].iter().any(Diagnostic::is_error) {
            return Val::Unknown;
        }
        self.error(
            Code::CallNotAllowed,
            e.span,
            format!(
                "Delve does not call functions in conditions (`{}`); use a variable holding the result",
                self.src(fun.span)
            ),
        )
    }

    fn unknown_cast(&mut self, args: &[Expr]) -> Val {
        self.expr(&args[0]);
        Val::Unknown
    }

    fn builtin(&mut self, e: &Expr, name: &str, args: &[Expr]) -> Option<Val> {
        if !matches!(name, "len" | "cap" | "complex" | "imag" | "real" | "min" | "max") {
            return None;
        }
        let vals: Vec<Val> = args.iter().map(|a| self.expr(a)).collect();
        let arity = |n: usize| args.len() == n;
        let bad_arity = |cx: &mut Self| {
            cx.error(Code::TypeMismatch, e.span, format!("wrong number of arguments to {name}: {}", args.len()))
        };
        Some(match name {
            "len" | "cap" => {
                if !arity(1) {
                    return Some(bad_arity(self));
                }
                let k = self.kind_of_val(&vals[0]);
                let ok = match (k, &vals[0]) {
                    (Kind::Unknown, _) => true,
                    (Kind::Ptr, Val::Typed(t)) => match self.underlying(t) {
                        Type::Pointer(inner) => matches!(self.underlying(&inner), Type::Array(..) | Type::Unknown),
                        _ => true,
                    },
                    (Kind::Array | Kind::Slice | Kind::Chan, _) => true,
                    (Kind::String, _) | (Kind::Map, Val::Typed(_)) => name == "len",
                    _ => false,
                };
                if !ok {
                    return Some(self.error(
                        Code::TypeMismatch,
                        args[0].span,
                        format!("invalid argument `{}` ({}) for {name}", self.src(args[0].span), vals[0].describe()),
                    ));
                }
                Val::Const(ConstKind::Int, None)
            }
            "min" | "max" => {
                if args.is_empty() {
                    return Some(self.error(Code::TypeMismatch, e.span, format!("not enough arguments to {name}")));
                }
                let mut best = vals[0].clone();
                for (i, v) in vals.iter().enumerate().skip(1) {
                    let before = self.diags.len();
                    self.negotiate(BinaryOp::Lt, v, &best, (args[i].span, args[0].span), e.span);
                    self.compare(BinaryOp::Lt, v, &best, e.span);
                    if self.diags.len() > before {
                        return Some(Val::Unknown);
                    }
                    if matches!(best, Val::Const(..)) {
                        best = v.clone();
                    }
                }
                best
            }
            "real" | "imag" => {
                if !arity(1) {
                    return Some(bad_arity(self));
                }
                match self.kind_of_val(&vals[0]) {
                    Kind::Complex | Kind::Float | Kind::Int | Kind::Uint | Kind::Unknown => Val::Unknown,
                    _ => self.error(Code::TypeMismatch, args[0].span, format!("invalid argument to {name}")),
                }
            }
            _ => {
                if !arity(2) {
                    return Some(bad_arity(self));
                }
                for (i, v) in vals.iter().enumerate() {
                    if !matches!(self.kind_of_val(v), Kind::Float | Kind::Int | Kind::Uint | Kind::Unknown) {
                        return Some(self.error(Code::TypeMismatch, args[i].span, "invalid argument to complex"));
                    }
                }
                Val::Unknown
            }
        })
    }

    /// `T(x)` as Delve's `evalTypeCast`.
    fn conversion(&mut self, e: &Expr, fun: &Expr, arg: &Expr) -> Val {
        let av = self.expr(arg);
        let target = match self.type_expr(fun.unparen()) {
            TypeLookup::Found(t) => t,
            TypeLookup::Unknown => return Val::Unknown,
            TypeLookup::NotFound(d) => return self.compile_error_with(d),
        };
        let ak = self.kind_of_val(&av);
        if ak == Kind::Unknown || matches!(av, Val::Unknown) {
            return Val::Typed(target);
        }
        let tt = self.underlying(&target);
        // `evalTypeCast` converts to an interface type only a value whose
        // type has the same name (`typeCastCompatibleTypes`); it has no
        // conversion into an interface. Type names are Delve's only when
        // they come from the debug info.
        if matches!(tt, Type::Interface(_)) && self.scope.packages_complete {
            return match &av {
                Val::Typed(at) if !type_has_unknown(at) && at.to_string() != target.to_string() => self.error(
                    Code::BadConversion,
                    e.span,
                    format!(
                        "Delve converts to an interface type only a value of that same type, not `{}` ({})",
                        self.src(arg.span),
                        av.describe()
                    ),
                ),
                _ => Val::Typed(target),
            };
        }
        if let Val::Typed(at) = &av {
            if self.compatible(at, &target) != Some(false) {
                return Val::Typed(target);
            }
        }
        let numeric = matches!(ak, Kind::Int | Kind::Uint | Kind::Float);
        let ok = match &tt {
            Type::Unknown | Type::TypeParam(_) | Type::Named(_) => true,
            Type::Pointer(_) => matches!(ak, Kind::Int | Kind::Uint) && !matches!(av, Val::Const(ConstKind::Float, _)),
            Type::Basic(b) if b.is_integer() || b.is_float() || b.is_complex() => {
                numeric || (b.is_unsigned() && ak == Kind::Ptr && !matches!(av, Val::Nil))
            }
            Type::Slice(elem) => match self.underlying(elem) {
                Type::Basic(Basic::Uint8) | Type::Basic(Basic::Int32) => ak == Kind::String,
                Type::Unknown => true,
                _ => false,
            },
            Type::Basic(Basic::String) => match (&av, ak) {
                (_, Kind::String | Kind::Int | Kind::Uint) => !matches!(av, Val::Const(ConstKind::Float, _)),
                (Val::Typed(at), Kind::Slice | Kind::Array) => match self.underlying(at) {
                    Type::Slice(el) | Type::Array(_, el) => match &*el {
                        Type::Basic(Basic::Uint8 | Basic::Int32) => true,
                        Type::Named(_) | Type::Unknown => self.underlying(&el) == Type::Unknown,
                        _ => false,
                    },
                    _ => true,
                },
                _ => false,
            },
            _ => false,
        };
        if !ok {
            return self.error(
                Code::BadConversion,
                e.span,
                format!("Delve can not convert `{}` ({}) to {target}", self.src(arg.span), av.describe()),
            );
        }
        Val::Typed(target)
    }

    /// Delve's `typeCastCompatibleTypes`, where it can be decided.
    fn compatible(&self, a: &Type, b: &Type) -> Option<bool> {
        let (ua, ub) = (self.underlying(a), self.underlying(b));
        if type_has_unknown(&ua) || type_has_unknown(&ub) {
            return None;
        }
        if ua == ub {
            return Some(true);
        }
        Some(match (&ua, &ub) {
            (Type::Basic(x), Type::Basic(y)) => {
                let same_class = Kind::of_basic(*x) == Kind::of_basic(*y) && x.bits() == y.bits();
                same_class || (x == y)
            }
            (Type::Pointer(x), Type::Pointer(y)) => {
                let void = |t: &Type| matches!(t, Type::Basic(Basic::UnsafePointer));
                if void(x) || void(y) {
                    return Some(true);
                }
                return self.compatible(x, y);
            }
            (Type::Slice(x), Type::Slice(y)) => x.to_string() == y.to_string(),
            _ => false,
        })
    }

    fn deref(&mut self, e: &Expr, inner: &Expr) -> Val {
        let v = self.expr(inner);
        match &v {
            Val::Unknown => Val::Unknown,
            Val::Nil => self.error(Code::TypeMismatch, e.span, "nil can not be dereferenced"),
            Val::Typed(t) => match self.underlying(t) {
                Type::Pointer(p) => {
                    self.nil_hazard(inner);
                    Val::typed(&p)
                }
                Type::Unknown | Type::TypeParam(_) | Type::Named(_) => Val::Unknown,
                _ => self.error(
                    Code::TypeMismatch,
                    e.span,
                    format!(
                        "`{}` ({}) is not a pointer and can not be dereferenced",
                        self.src(inner.span),
                        v.describe()
                    ),
                ),
            },
            _ => self.error(Code::TypeMismatch, e.span, format!("`{}` can not be dereferenced", self.src(inner.span))),
        }
    }

    fn unary(&mut self, e: &Expr, op: UnaryOp, operand: &Expr) -> Val {
        let v = self.expr(operand);
        match op {
            UnaryOp::Recv => return self.error(Code::Unsupported, e.span, "Delve cannot receive from channels (`<-`)"),
            UnaryOp::Tilde => return self.error(Code::Unsupported, e.span, "`~` is only valid in type constraints"),
            UnaryOp::Addr => {
                return match v {
                    Val::Typed(t) => Val::Typed(Type::pointer_to(t)),
                    Val::Unknown => Val::Unknown,
                    _ => self.error(
                        Code::TypeMismatch,
                        e.span,
                        format!("can not take the address of `{}`", self.src(operand.span)),
                    ),
                };
            }
            _ => {}
        }
        let k = self.kind_of_val(&v);
        if k == Kind::Unknown {
            return v;
        }
        let ok = match op {
            UnaryOp::Not => k == Kind::Bool,
            UnaryOp::Neg | UnaryOp::Plus => matches!(k, Kind::Int | Kind::Uint | Kind::Float | Kind::Complex),
            UnaryOp::BitNot => matches!(k, Kind::Int | Kind::Uint),
            _ => true,
        };
        if !ok || matches!(v, Val::Nil) {
            return self.error(
                Code::TypeMismatch,
                e.span,
                format!(
                    "operator {} can not be applied to `{}` ({})",
                    op.as_str(),
                    self.src(operand.span),
                    v.describe()
                ),
            );
        }
        match v {
            Val::Const(k, Some(ConstValue::Int(i))) if op == UnaryOp::Neg => Val::Const(k, Some(ConstValue::Int(-i))),
            Val::Const(k, Some(ConstValue::Float(f))) if op == UnaryOp::Neg => {
                Val::Const(k, Some(ConstValue::Float(-f)))
            }
            Val::Const(k, Some(ConstValue::Bool(b))) if op == UnaryOp::Not => Val::Const(k, Some(ConstValue::Bool(!b))),
            Val::Const(k, _) => Val::Const(k, None),
            other => other,
        }
    }

    fn binary(&mut self, op: BinaryOp, op_span: Span, lhs: &Expr, rhs: &Expr) -> Val {
        if matches!(op, BinaryOp::LogAnd | BinaryOp::LogOr) {
            let lv = self.expr(lhs);
            let k = self.kind_of_val(&lv);
            if k != Kind::Bool && k != Kind::Unknown {
                return self.error(
                    Code::TypeMismatch,
                    lhs.span,
                    format!("`{}` should be boolean, not {}", self.src(lhs.span), lv.describe()),
                );
            }
            let mark = self.guards.len();
            if op == BinaryOp::LogAnd {
                self.collect_guards(lhs);
            }
            let before = self.diags.len();
            let rv = self.expr(rhs);
            self.guards.truncate(mark);
            let k = self.kind_of_val(&rv);
            if k != Kind::Bool && k != Kind::Unknown {
                self.error(
                    Code::TypeMismatch,
                    rhs.span,
                    format!("`{}` should be boolean, not {}", self.src(rhs.span), rv.describe()),
                );
            } else if let (Val::Typed(a), Val::Typed(b)) = (&lv, &rv) {
                if a.to_string() != b.to_string() && !type_has_unknown(a) && !type_has_unknown(b) {
                    self.error(
                        Code::TypeMismatch,
                        op_span,
                        format!("mismatched types {a} and {b} for {} (Delve compares type names)", op.as_str()),
                    );
                }
            }
            self.demote_short_circuited(before, op, lhs, &lv);
            return Val::Const(ConstKind::Bool, None);
        }
        let lv = self.expr(lhs);
        let rv = self.expr(rhs);
        if matches!(lv, Val::Unknown) || matches!(rv, Val::Unknown) {
            return if op.is_comparison() { Val::Const(ConstKind::Bool, None) } else { Val::Unknown };
        }
        let before = self.diags.len();
        let ty = self.negotiate(op, &lv, &rv, (lhs.span, rhs.span), op_span);
        if self.diags.len() > before {
            return Val::Unknown;
        }
        if op.is_comparison() {
            self.compare(op, &lv, &rv, op_span);
            return Val::Const(ConstKind::Bool, None);
        }
        // Arithmetic works on loaded scalar values only.
        for (side, v) in [(lhs, &lv), (rhs, &rv)] {
            let k = self.kind_of_val(v);
            if !k.is_scalar() && k != Kind::Unknown {
                return self.error(
                    Code::TypeMismatch,
                    side.span,
                    format!(
                        "operator {} can not be applied to `{}` ({})",
                        op.as_str(),
                        self.src(side.span),
                        v.describe()
                    ),
                );
            }
        }
        let (lk, rk) = (self.kind_of_val(&lv).const_kind(), self.kind_of_val(&rv).const_kind());
        if let (Some(a), Some(b)) = (lk, rk) {
            if matches!(op, BinaryOp::Shl | BinaryOp::Shr) {
                // negotiate() checked the operands.
            } else if let Err(msg) = const_binary_ok(op, a, b) {
                return self.error(Code::TypeMismatch, op_span, msg);
            }
            if matches!(op, BinaryOp::Div | BinaryOp::Rem) && is_zero(&rv) {
                return self.error(Code::BadConstant, rhs.span, "division by zero");
            }
        }
        match ty {
            Some(t) => Val::Typed(t),
            None => match (&lv, &rv) {
                (Val::Const(a, _), Val::Const(b, _)) => {
                    Val::Const(if matches!(op, BinaryOp::Shl | BinaryOp::Shr) { *a } else { (*a).max(*b) }, None)
                }
                _ => Val::Unknown,
            },
        }
    }

    /// Delve's `negotiateType`: the result type of a binary operation, or a
    /// diagnostic where the operands do not fit together.
    fn negotiate(&mut self, op: BinaryOp, x: &Val, y: &Val, spans: (Span, Span), op_span: Span) -> Option<Type> {
        let (x_span, y_span) = spans;
        let is_eq = matches!(op, BinaryOp::Eq | BinaryOp::Ne);
        match (x, y) {
            (Val::Nil, Val::Nil) => return None,
            (Val::Nil, other) | (other, Val::Nil) => {
                if !is_eq {
                    self.error(
                        Code::TypeMismatch,
                        op_span,
                        format!("operator {} can not be applied to nil", op.as_str()),
                    );
                    return None;
                }
                let k = self.kind_of_val(other);
                if !matches!(
                    k,
                    Kind::Ptr
                        | Kind::UnsafePtr
                        | Kind::Chan
                        | Kind::Map
                        | Kind::Interface
                        | Kind::Slice
                        | Kind::Func
                        | Kind::Unknown
                ) {
                    self.error(Code::NotComparable, op_span, format!("can not compare {} to nil", other.ty()));
                }
                return None;
            }
            _ => {}
        }
        if matches!(op, BinaryOp::Shl | BinaryOp::Shr) {
            let xk = self.kind_of_val(x);
            if !matches!(xk, Kind::Int | Kind::Uint | Kind::Unknown) {
                self.error(Code::TypeMismatch, op_span, format!("shift of type {}", xk.name()));
                return None;
            }
            let yk = self.kind_of_val(y);
            if !matches!(yk, Kind::Int | Kind::Uint | Kind::Unknown) {
                self.error(Code::TypeMismatch, y_span, "shift count must be an unsigned integer");
            } else if let Val::Const(_, Some(ConstValue::Int(n))) = y {
                if *n < 0 {
                    self.error(Code::BadConstant, y_span, "shift count must not be negative");
                }
            }
            return match x {
                Val::Typed(t) => Some(t.clone()),
                _ => None,
            };
        }
        match (x, y) {
            (Val::Typed(a), Val::Typed(b)) => {
                if type_has_unknown(a) || type_has_unknown(b) || self.underlying(a) == Type::Unknown {
                    // Different kinds never share a name, whatever the rest.
                    let (ka, kb) = (self.kind(a), self.kind(b));
                    if ka != Kind::Unknown && kb != Kind::Unknown && ka != kb {
                        self.error(Code::TypeMismatch, op_span, format!("mismatched types {a} and {b}"));
                        return None;
                    }
                    return Some(a.clone());
                }
                if a.to_string() != b.to_string() {
                    self.error(
                        Code::TypeMismatch,
                        op_span,
                        format!("mismatched types {a} and {b} (Delve requires identical types; convert one side)"),
                    );
                    return None;
                }
                Some(a.clone())
            }
            (Val::Typed(t), Val::Const(k, v)) => {
                self.const_fits(*k, v.as_ref(), t, y_span);
                Some(t.clone())
            }
            (Val::Const(k, v), Val::Typed(t)) => {
                self.const_fits(*k, v.as_ref(), t, x_span);
                Some(t.clone())
            }
            _ => None,
        }
    }

    /// Delve's `isType` for a constant against a variable's type.
    fn const_fits(&mut self, k: ConstKind, v: Option<&ConstValue>, t: &Type, span: Span) {
        let tk = self.kind(t);
        let ok = match tk {
            Kind::Unknown => true,
            Kind::Int | Kind::Uint => k == ConstKind::Int,
            Kind::Float => matches!(k, ConstKind::Int | ConstKind::Float),
            Kind::Complex => matches!(k, ConstKind::Int | ConstKind::Float | ConstKind::Complex),
            Kind::Bool => k == ConstKind::Bool,
            Kind::String => k == ConstKind::String,
            _ => false,
        };
        if !ok {
            let shown = self.src(span).to_string();
            let mut msg = format!("can not convert {shown} constant to {t}");
            if tk == Kind::Int || tk == Kind::Uint {
                if let Some(ConstValue::Float(f)) = v {
                    if f.fract() == 0.0 {
                        msg.push_str(&format!(" (Delve keeps {shown} a float constant; write {})", *f as i128));
                    }
                }
            }
            self.error(Code::BadConstant, span, msg);
        }
    }

    /// Delve's `compareOp`, statically.
    fn compare(&mut self, op: BinaryOp, x: &Val, y: &Val, op_span: Span) {
        if matches!(x, Val::Nil) || matches!(y, Val::Nil) {
            return;
        }
        let is_eq = matches!(op, BinaryOp::Eq | BinaryOp::Ne);
        let xk = self.kind_of_val(x);
        let yk = self.kind_of_val(y);
        if xk == Kind::Unknown || yk == Kind::Unknown {
            return;
        }
        if xk.is_scalar() {
            let (a, b) = (xk.const_kind().unwrap(), yk.const_kind());
            let Some(b) = b else { return };
            let fits = const_compare_ok(op, a, b);
            if !fits {
                self.error(
                    Code::TypeMismatch,
                    op_span,
                    format!("operator {} is not defined between {} and {}", op.as_str(), x.ty(), y.ty()),
                );
            }
            return;
        }
        if !is_eq {
            self.error(Code::TypeMismatch, op_span, format!("operator {} not defined on {}", op.as_str(), xk.name()));
            return;
        }
        match xk {
            Kind::Slice | Kind::Map | Kind::Func | Kind::Chan => {
                self.error(
                    Code::NotComparable,
                    op_span,
                    format!("Delve can not compare {} values (only with nil)", xk.name()),
                );
            }
            Kind::Struct | Kind::Array => {
                if let Val::Typed(t) = x {
                    if self.comparable(t, 0) == Some(false) {
                        self.error(
                            Code::NotComparable,
                            op_span,
                            format!("values of type {t} can not be compared: it contains slices, maps or funcs"),
                        );
                    }
                }
            }
            _ => {}
        }
    }

    /// Would `v` be accepted where `ty` is expected (map keys)?
    fn assignable(&self, v: &Val, ty: &Type) -> Option<bool> {
        match v {
            Val::Unknown | Val::HitCounts => None,
            Val::Nil => Some(matches!(
                self.kind(ty),
                Kind::Ptr
                    | Kind::UnsafePtr
                    | Kind::Chan
                    | Kind::Map
                    | Kind::Interface
                    | Kind::Slice
                    | Kind::Func
                    | Kind::Unknown
            )),
            Val::Typed(t) => {
                if self.kind(ty) == Kind::Interface {
                    return None;
                }
                self.same_type(ty, t)
            }
            Val::Const(k, _) => Some(match self.kind(ty) {
                Kind::Unknown | Kind::Interface => return None,
                Kind::Int | Kind::Uint => *k == ConstKind::Int,
                Kind::Float => matches!(k, ConstKind::Int | ConstKind::Float),
                Kind::Complex => *k != ConstKind::Bool && *k != ConstKind::String,
                Kind::Bool => *k == ConstKind::Bool,
                Kind::String => *k == ConstKind::String,
                _ => false,
            }),
        }
    }

    fn composite(&mut self, e: &Expr, ty: Option<&Expr>, elts: &[Expr]) -> Val {
        let Some(ty) = ty else { return Val::Unknown };
        match self.type_expr_quiet(ty) {
            TypeLookup::Found(t) => match self.underlying(&t) {
                Type::Struct(_) | Type::Unknown => {
                    // Delve builds struct literals in the debugger, but a
                    // string literal would need an allocation in the target.
                    for el in elts {
                        let value = match &el.kind {
                            ExprKind::KeyValue { value, .. } => value,
                            _ => el,
                        };
                        if matches!(&value.unparen().kind, ExprKind::BasicLit { kind: LitKind::String, raw } if raw.len() > 2)
                        {
                            return self.compile_error(
                                Code::Unsupported,
                                value.span,
                                "Delve cannot put a string literal in a struct literal without calling into the program",
                            );
                        }
                    }
                    Val::Typed(t)
                }
                _ => self.compile_error(Code::Unsupported, e.span, format!("Delve cannot build {t} literals")),
            },
            TypeLookup::NotFound(d) => self.compile_error_with(d),
            TypeLookup::Unknown => match &ty.kind {
                ExprKind::ArrayType { .. } | ExprKind::MapType { .. } => {
                    self.compile_error(Code::Unsupported, e.span, "Delve cannot build slice, array or map literals")
                }
                _ => Val::Unknown,
            },
        }
    }

    // ----- type expressions --------------------------------------------

    fn type_expr(&mut self, e: &Expr) -> TypeLookup {
        let r = self.type_expr_quiet(e);
        if let TypeLookup::NotFound(d) = &r {
            self.compile_phase.push((d.span, d.code));
            self.diags.push(d.clone());
            return TypeLookup::Unknown;
        }
        r
    }

    /// `("pkg.Name[A,B]")`: Delve looks the quoted name up verbatim among the
    /// binary's type names. Only a named type of a package the debug info
    /// lists completely can be called missing; every other spelling is
    /// accepted.
    fn quoted_type(&self, span: Span, raw: &str) -> TypeLookup {
        if !self.scope.packages_complete {
            return TypeLookup::Unknown;
        }
        let name = literal::string_lossy(raw);
        match name.replace("interface{", "interface {").as_str() {
            "error" => return TypeLookup::Found(Type::error()),
            "interface {}" => return TypeLookup::Found(Type::Interface(Vec::new())),
            _ => {}
        }
        let head_end = name.find('[').unwrap_or(name.len());
        let Some(dot) = name[..head_end].rfind('.') else { return TypeLookup::Unknown };
        let (path, type_name) = (&name[..dot], &name[dot + 1..]);
        let base = &type_name[..head_end - dot - 1];
        let args = &type_name[base.len()..];
        let plain_args = args.chars().all(|c| c.is_alphanumeric() || "_.,/*[] ".contains(c));
        if path.is_empty() || !crate::expr::is_identifier(base) || !plain_args || path.starts_with(['*', '[', '(']) {
            return TypeLookup::Unknown;
        }
        let pkg =
            if self.scope.package.path == path { Some(&self.scope.package) } else { self.scope.imports.get(path) };
        match pkg {
            Some(p) if p.has_type(type_name) => {
                let n = Named::new(path.to_string(), type_name.to_string());
                if self.scope.named(&n).is_some() { TypeLookup::Found(Type::Named(n)) } else { TypeLookup::Unknown }
            }
            Some(p) if p.complete => {
                let mut d = Diagnostic::error(
                    Code::Undefined,
                    span,
                    format!("the binary has no type named `{name}` (Delve: no type entry found)"),
                );
                let spelled = name.replace(", ", ",");
                if spelled != name && p.has_type(&spelled[dot + 1..]) {
                    let text = format!("{spelled:?}");
                    d.fixes.push(Fix {
                        title: format!("use {text}, as the binary spells it"),
                        edits: vec![Edit { span, text }],
                    });
                }
                TypeLookup::NotFound(d)
            }
            _ => TypeLookup::Unknown,
        }
    }

    /// Resolves a type expression the way Delve's `findTypeExpr` does: by
    /// the exact name the binary's debug info uses.
    pub(crate) fn type_expr_quiet(&self, e: &Expr) -> TypeLookup {
        match &e.kind {
            ExprKind::Paren(inner) => self.type_expr_quiet(inner),
            ExprKind::Ident(name) => {
                if let Some(b) = Basic::from_name(name) {
                    // `byte` and `rune` are not names in Go's debug info.
                    if matches!(name.as_str(), "byte" | "rune") {
                        return TypeLookup::Unknown;
                    }
                    return TypeLookup::Found(Type::Basic(b));
                }
                if matches!(name.as_str(), "error" | "any") {
                    return TypeLookup::Unknown;
                }
                if self.scope.package.has_type(name) {
                    let q = format!("{}.{name}", qualifier(&self.scope.package));
                    let mut d = Diagnostic::error(
                        Code::Undefined,
                        e.span,
                        format!("Delve needs the package-qualified type name `{q}`"),
                    );
                    d.fixes.push(Fix { title: format!("use `{q}`"), edits: vec![Edit { span: e.span, text: q }] });
                    return TypeLookup::NotFound(d);
                }
                TypeLookup::Unknown
            }
            ExprKind::Selector { base, sel } => {
                let ExprKind::Ident(pkg_name) = &base.kind else { return TypeLookup::Unknown };
                let pkg = if *pkg_name == qualifier(&self.scope.package) || *pkg_name == self.scope.package.name {
                    Some(self.scope.package.clone())
                } else {
                    let found: Vec<&Package> = self.scope.packages_named(pkg_name).collect();
                    match found.as_slice() {
                        [p] => Some((*p).clone()),
                        _ => None,
                    }
                };
                let Some(pkg) = pkg else { return TypeLookup::Unknown };
                if pkg.has_type(&sel.name) {
                    let path = if pkg.path.is_empty() { pkg.name.clone() } else { pkg.path.clone() };
                    let n = Named::new(path, sel.name.clone());
                    if self.scope.named(&n).is_some() {
                        return TypeLookup::Found(Type::Named(n));
                    }
                }
                TypeLookup::Unknown
            }
            // Delve prints the type expression to look it up, with a space
            // after each comma (`main.Pair[string, int]`): a name Go's debug
            // info never uses (`main.Pair[string,int]`).
            ExprKind::Index { indices, .. } if indices.len() > 1 => {
                let quoted = self.src(e.span).split_whitespace().collect::<String>();
                TypeLookup::NotFound(Diagnostic::error(
                    Code::Undefined,
                    e.span,
                    format!(
                        "Delve cannot find a generic type written with several type arguments; \
                         for a conversion, quote the name as the binary spells it: (\"{quoted}\")(x)"
                    ),
                ))
            }
            ExprKind::BasicLit { kind: LitKind::String, raw } => self.quoted_type(e.span, raw),
            ExprKind::Star(inner) => match self.type_expr_quiet(inner) {
                TypeLookup::Found(t) => TypeLookup::Found(Type::pointer_to(t)),
                other => other,
            },
            ExprKind::ArrayType { len: None, elem } => match self.type_expr_quiet(elem) {
                TypeLookup::Found(t) => TypeLookup::Found(Type::slice_of(t)),
                TypeLookup::Unknown if is_byte_or_rune(elem) => {
                    let ExprKind::Ident(n) = &elem.kind else { unreachable!() };
                    TypeLookup::Found(Type::slice_of(Type::Basic(Basic::from_name(n).unwrap())))
                }
                other => other,
            },
            _ => TypeLookup::Unknown,
        }
    }

    // ----- run-time hazards ---------------------------------------------

    fn collect_guards(&mut self, e: &Expr) {
        match &e.unparen().kind {
            ExprKind::Binary { op: BinaryOp::LogAnd, lhs, rhs, .. } => {
                self.collect_guards(lhs);
                self.collect_guards(rhs);
            }
            ExprKind::Binary { op, lhs, rhs, .. } => {
                let (l, r) = (lhs.unparen(), rhs.unparen());
                let is_nil = |x: &Expr| matches!(&x.kind, ExprKind::Ident(n) if n == "nil");
                if *op == BinaryOp::Ne {
                    if is_nil(r) {
                        self.guards.push(Guard::NotNil(without_spaces(self.src(l.span))));
                    } else if is_nil(l) {
                        self.guards.push(Guard::NotNil(without_spaces(self.src(r.span))));
                    }
                }
                let len_of = |x: &Expr| match &x.kind {
                    ExprKind::Call { fun, args, .. }
                        if args.len() == 1 && matches!(&fun.kind, ExprKind::Ident(n) if n == "len") =>
                    {
                        Some(without_spaces(self.src(args[0].span)))
                    }
                    _ => None,
                };
                let int_of = |x: &Expr| match &x.kind {
                    ExprKind::BasicLit { kind: LitKind::Int, raw } => literal::int(raw),
                    _ => None,
                };
                let fact = match op {
                    BinaryOp::Gt => len_of(l).zip(int_of(r)),
                    BinaryOp::Ge => len_of(l).zip(int_of(r)).map(|(s, n)| (s, n - 1)),
                    BinaryOp::Lt => len_of(r).zip(int_of(l)),
                    BinaryOp::Le => len_of(r).zip(int_of(l)).map(|(s, n)| (s, n - 1)),
                    _ => None,
                };
                if let Some((s, n)) = fact {
                    self.guards.push(Guard::LenAbove(s.clone(), n));
                    // A non-empty slice or map is also non-nil.
                    self.guards.push(Guard::NotNil(s));
                }
            }
            _ => {}
        }
    }

    fn nil_hazard(&mut self, ptr: &Expr) {
        let shown = without_spaces(self.src(ptr.span));
        if self.guards.iter().any(|g| matches!(g, Guard::NotNil(s) if *s == shown)) {
            return;
        }
        // A variable the function works on (a receiver, a parameter, a
        // local) is rarely nil where a breakpoint is set; warning on every
        // `p.x` would be noise. Pointers reached through fields and map or
        // slice elements are where nil surprises people.
        if matches!(ptr.unparen().kind, ExprKind::Ident(_)) {
            return;
        }
        if matches!(ptr.unparen().kind, ExprKind::Unary { op: UnaryOp::Addr, .. }) {
            return;
        }
        let guard = format!("{shown} != nil");
        let d = Diagnostic::warning(
            Code::RuntimeHazard,
            ptr.span,
            format!("if `{shown}` is nil, Delve stops with a nil pointer dereference; guard with `{guard} && …`"),
        );
        let d = self.with_guard_fix(d, &guard);
        self.warn(d);
    }

    fn range_hazard(&mut self, base: &Expr, idx: &Expr, iv: &Val, bv: &Val) {
        let shown = without_spaces(self.src(base.span));
        let n = match iv {
            Val::Const(_, Some(ConstValue::Int(n))) => Some(*n),
            _ => None,
        };
        if let Some(n) = n {
            if n < 0 {
                self.error(Code::BadConstant, idx.span, format!("index {n} is negative"));
                return;
            }
            if let Val::Typed(t) = bv {
                if let Type::Array(Some(len), _) = self.underlying(t) {
                    if n as u128 >= len as u128 {
                        self.error(Code::BadConstant, idx.span, format!("index {n} out of bounds for {t}"));
                    }
                    return;
                }
            }
            if self.guards.iter().any(|g| matches!(g, Guard::LenAbove(s, m) if *s == shown && n <= *m)) {
                return;
            }
        } else if let Val::Typed(t) = bv {
            if matches!(self.underlying(t), Type::Array(..)) {
                return;
            }
        }
        let guard = match n {
            Some(n) => format!("len({shown}) > {n}"),
            None => format!("len({shown}) > {}", self.src(idx.span)),
        };
        let d = Diagnostic::warning(
            Code::RuntimeHazard,
            idx.span,
            format!("if the index is out of range, Delve stops with an error; guard with `{guard} && …`"),
        );
        let d = self.with_guard_fix(d, &guard);
        self.warn(d);
    }

    /// Adds a fix inserting `guard && ` before the top-level conjunct that
    /// contains the diagnostic.
    fn with_guard_fix(&self, d: Diagnostic, guard: &str) -> Diagnostic {
        let Some(at) = top_conjunct_start(&super::parse(self.text).expr, d.span) else { return d };
        let title = format!("guard with `{guard}`");
        d.with_fix(Fix { title, edits: vec![Edit { span: Span::new(at, at), text: format!("{guard} && ") }] })
    }
}

/// What `x.sel` finds on a type, as Delve's `findStructMemberOrMethod`.
pub(crate) enum MemberLookup {
    /// A field or method, and whether a pointer was dereferenced to reach it.
    Found {
        ty: Type,
        through_pointer: bool,
    },
    Missing(Vec<String>),
    Unknown,
}

pub(crate) enum TypeLookup {
    Found(Type),
    Unknown,
    NotFound(Diagnostic),
}

fn is_runtime_frame(fun: &Expr) -> bool {
    matches!(&fun.kind, ExprKind::Selector { base, sel }
        if sel.name == "frame" && matches!(&base.kind, ExprKind::Ident(n) if n == "runtime"))
}

fn is_byte_or_rune(e: &Expr) -> bool {
    matches!(&e.kind, ExprKind::Ident(n) if n == "byte" || n == "rune")
}

/// The qualifier Delve's debug info uses for a package's types and globals.
fn qualifier(pkg: &Package) -> String {
    pkg.name.clone()
}

fn type_has_unknown(t: &Type) -> bool {
    match t {
        Type::Unknown | Type::TypeParam(_) => true,
        Type::Pointer(x) | Type::Slice(x) | Type::Array(_, x) | Type::Chan(_, x) => type_has_unknown(x),
        Type::Map(k, v) => type_has_unknown(k) || type_has_unknown(v),
        Type::Struct(fs) => fs.iter().any(|f| type_has_unknown(&f.ty)),
        Type::Func(sig) => sig.params.iter().chain(&sig.results).any(type_has_unknown),
        _ => false,
    }
}

fn is_zero(v: &Val) -> bool {
    match v {
        Val::Const(_, Some(ConstValue::Int(0))) => true,
        Val::Const(_, Some(ConstValue::Float(f))) => *f == 0.0,
        _ => false,
    }
}

/// Which `go/constant.BinaryOp` combinations succeed (the others panic,
/// which Delve reports as an error).
fn const_binary_ok(op: BinaryOp, a: ConstKind, b: ConstKind) -> Result<(), String> {
    use ConstKind::*;
    let numeric = |k: ConstKind| matches!(k, Int | Float | Complex);
    // go/constant yields an unknown value for mismatched kinds, no error.
    if !(a == b || (numeric(a) && numeric(b))) {
        return Ok(());
    }
    let k = a.max(b);
    let ok = match op {
        BinaryOp::Add => k != Bool,
        BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div => numeric(k),
        BinaryOp::Rem | BinaryOp::And | BinaryOp::Or | BinaryOp::Xor | BinaryOp::AndNot => k == Int,
        BinaryOp::LogAnd | BinaryOp::LogOr => k == Bool,
        _ => true,
    };
    if ok { Ok(()) } else { Err(format!("operator {} is not defined on {} operands", op.as_str(), k.name())) }
}

fn const_compare_ok(op: BinaryOp, a: ConstKind, b: ConstKind) -> bool {
    use ConstKind::*;
    let numeric = |k: ConstKind| matches!(k, Int | Float | Complex);
    if !(a == b || (numeric(a) && numeric(b))) {
        return true;
    }
    let k = a.max(b);
    match op {
        BinaryOp::Eq | BinaryOp::Ne => true,
        _ => !matches!(k, Bool | Complex),
    }
}

/// Register names as Delve resolves them (`validRegisterName`): upper-case
/// letters and digits, after leading underscores.
fn is_register_name(name: &str, arch: Arch) -> bool {
    let s = name.trim_start_matches('_');
    if s.is_empty() || !s.bytes().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()) {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    let numbered = |prefix: &str, min: u32, max: u32| {
        lower.strip_prefix(prefix).and_then(|n| n.parse::<u32>().ok()).is_some_and(|n| (min..=max).contains(&n))
    };
    // Names from Delve's pkg/dwarf/regnum tables, matched case-insensitively.
    let amd64 = || {
        [
            "rax", "rdx", "rcx", "rbx", "rsi", "rdi", "rbp", "rsp", "rip", "rflags", "eflags", "es", "cs", "ss", "ds",
            "fs", "gs", "fs_base", "gs_base", "mxcsr", "cw", "sw",
        ]
        .contains(&lower.as_str())
            || numbered("r", 8, 15)
            || numbered("xmm", 0, 31)
            || numbered("k", 0, 7)
            || numbered("st", 0, 7)
    };
    let arm64 = || ["fp", "lr", "sp", "pc"].contains(&lower.as_str()) || numbered("x", 0, 30) || numbered("v", 0, 31);
    match arch {
        Arch::Amd64 => return amd64(),
        Arch::Arm64 => return arm64(),
        Arch::I386 | Arch::Unknown => {}
    }
    // 386 (not modelled exactly) and an unknown target: any architecture's.
    let i386 = ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi", "eip"].contains(&lower.as_str());
    i386 || amd64() || arm64() || numbered("r", 0, 15)
}

/// A close name among `candidates`, for "did you mean".
pub(crate) fn did_you_mean<'c>(name: &str, candidates: impl Iterator<Item = &'c str>) -> Option<String> {
    let limit = if name.len() <= 3 { 1 } else { 2 };
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        if c == name || c.is_empty() {
            continue;
        }
        let d = if c.eq_ignore_ascii_case(name) { 0 } else { edit_distance(name, c) };
        if d <= limit && best.is_none_or(|(bd, bc)| d < bd || (d == bd && c < bc)) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c.to_string())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let sub = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            cur[j] = sub.min(prev[j] + 1).min(cur[j - 1] + 1);
            // Transpositions count as one edit.
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cur[j] = cur[j].min(prev[j - 1]);
            }
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// `s` with white space removed, so `len(a.b)` and `len( a.b )` guard alike.
fn without_spaces(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The start of the top-level `&&` operand containing `span`.
fn top_conjunct_start(root: &Expr, span: Span) -> Option<usize> {
    let mut e = root.unparen();
    loop {
        match &e.kind {
            ExprKind::Binary { op: BinaryOp::LogAnd, lhs, rhs, .. } => {
                if rhs.span.start <= span.start && span.end <= rhs.span.end {
                    return Some(rhs.span.start);
                }
                e = lhs.unparen();
            }
            _ => return (e.span.start <= span.start && span.end <= e.span.end).then_some(e.span.start),
        }
    }
}

#[cfg(test)]
mod tests;
