//! The checker: walks an expression the way Delve's evaluator does
//! (`pkg/proc/evalop/evalcompile.go` and `pkg/proc/eval.go`, v1.27) and
//! reports an error only where Delve is certain to reject it. Anything that
//! depends on run-time values is at most a warning, and anything of unknown
//! type is accepted.
//!
//! This file holds the entry points, the value model (`Val`, `Kind`,
//! `ConstKind`), the walk's dispatch and type resolution; each topic of the
//! walk is one `impl Checker` in its own file.

mod calls;
mod conversions;
mod hazards;
mod indexing;
mod members;
mod names;
mod operators;

use std::borrow::Cow;
use std::sync::LazyLock;

use super::ast::{BinaryOp, Expr, ExprKind, LitKind};
use super::literal;
use super::scope::ScopeAt;
use super::types::{Basic, ConstValue, Named, Type, Untyped};
use super::{Code, Diagnostic, Fix, Span};
use hazards::Guard;
pub(crate) use members::MemberLookup;

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
    check_parsed(&parse.expr, true, text, role, scope)
}

/// Checks an already parsed, syntactically valid expression.
pub fn check_ast(expr: &Expr, text: &str, role: Role, scope: &ScopeAt) -> Checked {
    check_parsed(expr, false, text, role, scope)
}

/// [`check_ast`]; `of_text`: `expr` is the parse of all of `text` (the
/// checker then needs not parse it again to place a fix).
fn check_parsed(expr: &Expr, of_text: bool, text: &str, role: Role, scope: &ScopeAt) -> Checked {
    let check_one = |scope: &ScopeAt| check_one(expr, of_text, text, role, scope);
    if scope.instantiations.is_empty() {
        return check_one(scope);
    }
    // A line of generic code runs as each instantiation; Delve stops in
    // whichever is hit. Certain only what fails in every one of them.
    let mut runs: Vec<(String, Checked)> = scope
        .instantiations
        .iter()
        .map(|inst| {
            let label = inst.iter().map(|(p, t)| format!("{p} = {t}")).collect::<Vec<_>>().join(", ");
            (label, check_one(&scope.instantiated(inst)))
        })
        .collect();
    if !scope.instantiations_complete {
        runs.push((String::new(), check_one(scope)));
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

fn check_one(expr: &Expr, of_text: bool, text: &str, role: Role, scope: &ScopeAt) -> Checked {
    let mut cx = Checker::new(text, role, scope);
    cx.tree = of_text.then_some(expr);
    let root = expr.unparen();
    let val = match (&root.kind, role) {
        (ExprKind::Call { fun, args, .. }, Role::Condition) if is_delve_catch(fun) => {
            if args.len() != 1 {
                cx.error(Code::Unsupported, root.span, "delve.catch takes exactly one argument");
                Val::Unknown
            } else {
                // Errors inside are turned into `false` by Delve at hit time.
                let inner = cx.expr(&args[0]);
                cx.demote_caught(0);
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
pub(crate) enum Val<'a> {
    Unknown,
    Const(ConstKind, Option<ConstValue>),
    Nil,
    /// Borrowed where the type is the scope's.
    Typed(Cow<'a, Type>),
    /// `delve.bphitcount`, which only supports indexing.
    HitCounts,
}

impl<'a> Val<'a> {
    fn ty(&self) -> Type {
        match self {
            Val::Typed(t) => Type::clone(t),
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

    fn typed(t: &'a Type) -> Val<'a> {
        if t.is_unknown() { Val::Unknown } else { Val::Typed(Cow::Borrowed(t)) }
    }

    /// [`Self::typed`] of a type borrowed or not.
    fn of_type(t: Cow<'a, Type>) -> Val<'a> {
        if t.is_unknown() { Val::Unknown } else { Val::Typed(t) }
    }

    /// [`Self::typed`] of a type found in a value of a shorter life (copied).
    fn typed_copy(t: &Type) -> Val<'a> {
        if t.is_unknown() { Val::Unknown } else { Val::Typed(Cow::Owned(t.clone())) }
    }

    /// A value of a type the checker made.
    fn owned(t: Type) -> Val<'a> {
        Val::Typed(Cow::Owned(t))
    }

    /// A basic literal: an untyped constant, with its value where the
    /// checker uses it (rune, imaginary and string values are never needed,
    /// and decoding a string would copy it for every check).
    fn of_literal(kind: LitKind, raw: &str) -> Val<'a> {
        match kind {
            LitKind::Int => Val::Const(ConstKind::Int, literal::int(raw).map(ConstValue::Int)),
            LitKind::Char => Val::Const(ConstKind::Int, None),
            LitKind::Float => Val::Const(ConstKind::Float, literal::float(raw).map(ConstValue::Float)),
            LitKind::Imag => Val::Const(ConstKind::Complex, None),
            LitKind::String => Val::Const(ConstKind::String, None),
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
enum Kind {
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

    /// Kinds whose values can be nil, and the unknown kind.
    fn accepts_nil(self) -> bool {
        matches!(
            self,
            Kind::Ptr
                | Kind::UnsafePtr
                | Kind::Chan
                | Kind::Map
                | Kind::Interface
                | Kind::Slice
                | Kind::Func
                | Kind::Unknown
        )
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

    /// The kind of the constant Delve loads as a variable's value, which
    /// arithmetic works on: scalars, a pointer's address, a func value's
    /// function name. Other kinds have no value.
    fn value_kind(self) -> Option<ConstKind> {
        match self {
            Kind::Ptr | Kind::UnsafePtr => Some(ConstKind::Int),
            Kind::Func => Some(ConstKind::String),
            k => k.const_kind(),
        }
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

/// One walk over an expression against one scope, and what it found.
pub(crate) struct Checker<'a> {
    scope: &'a ScopeAt,
    text: &'a str,
    /// The parse of `text`, when the caller has it.
    tree: Option<&'a Expr>,
    diags: Vec<Diagnostic>,
    guards: Vec<Guard<'a>>,
    /// Errors found at Delve's compile step (see `compile_error`).
    compile_phase: Vec<(Span, Code)>,
    role: Role,
}

/// The underlying type of `any`.
static ANY: Type = Type::Interface(Vec::new());

/// The underlying type of `error` and `any`, the predeclared named types
/// (the only ones without a package; spelled as qualified names, every
/// other type has a dot).
fn predeclared(n: &Named) -> Option<&'static Type> {
    static ERROR: LazyLock<Type> = LazyLock::new(|| Type::Interface(vec!["Error".into()]));
    if !n.pkg_path.is_empty() {
        return None;
    }
    match n.name.as_str() {
        "error" => Some(&ERROR),
        "any" => Some(&ANY),
        _ => None,
    }
}
static UNKNOWN: Type = Type::Unknown;

/// How deep named types are followed before giving up (recursive types).
const MAX_TYPE_DEPTH: usize = 32;

/// How deep struct fields and array elements are followed to decide
/// comparability; deeper types are left undecided (accepted).
const MAX_COMPARABLE_DEPTH: usize = 8;

impl<'a> Checker<'a> {
    pub(crate) fn new(text: &'a str, role: Role, scope: &'a ScopeAt) -> Checker<'a> {
        Checker { scope, text, tree: None, diags: Vec::new(), guards: Vec::new(), compile_phase: Vec::new(), role }
    }

    /// The value of a sub-expression, diagnostics discarded (for completion).
    pub(crate) fn value_of(&mut self, e: &Expr) -> Val<'a> {
        let v = self.expr(e);
        self.diags.clear();
        v
    }

    fn src(&self, span: Span) -> &'a str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    fn error(&mut self, code: Code, span: Span, msg: impl Into<String>) -> Val<'a> {
        self.diags.push(Diagnostic::error(code, span, msg));
        Val::Unknown
    }

    fn error_with(&mut self, d: Diagnostic) -> Val<'a> {
        self.diags.push(d);
        Val::Unknown
    }

    fn warn(&mut self, d: Diagnostic) {
        if !self.diags.iter().any(|x| x.span == d.span && x.code == d.code) {
            self.diags.push(d);
        }
    }

    /// An error Delve reports while compiling the expression, before any
    /// value is looked at: short-circuiting does not avoid it.
    fn compile_error(&mut self, code: Code, span: Span, msg: impl Into<String>) -> Val<'a> {
        self.compile_phase.push((span, code));
        self.error(code, span, msg)
    }

    fn compile_error_with(&mut self, d: Diagnostic) -> Val<'a> {
        self.compile_phase.push((d.span, d.code));
        self.error_with(d)
    }

    /// Delve evaluates the right operand of `&&` / `||` only when the left
    /// one lets it, so its run-time errors happen only then: they become
    /// warnings that say when. Errors Delve finds while compiling the
    /// expression stay errors.
    fn demote_short_circuited(&mut self, from: usize, op: BinaryOp, lhs: &Expr, lv: &Val) {
        let shown = self.src(lhs.span);
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

    /// Inside `delve.catch(…)` Delve turns an evaluation error into `false`.
    fn demote_caught(&mut self, from: usize) {
        for d in &mut self.diags[from..] {
            if d.is_error() {
                d.severity = super::Severity::Warning;
                d.message = format!("{} (delve.catch turns this into false)", d.message);
            }
        }
    }

    /// The value of `e` as Delve's evaluator would produce it, with the
    /// diagnostics found on the way.
    fn expr(&mut self, e: &Expr) -> Val<'a> {
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
            ExprKind::Binary { op, op_span, operands } => self.binary(*op, *op_span, &operands[0], &operands[1]),
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

    /// The underlying type: named types resolved through the scope.
    /// Borrowed from `t` or the scope: a struct's fields are not copied to
    /// look at them.
    fn underlying<'t>(&self, t: &'t Type) -> &'t Type
    where
        'a: 't,
    {
        self.underlying_within(t, MAX_TYPE_DEPTH)
    }

    /// [`Self::underlying`] resolving at most `steps` named types (`Unknown`
    /// if that is not enough).
    fn underlying_within<'t>(&self, t: &'t Type, steps: usize) -> &'t Type
    where
        'a: 't,
    {
        let mut t = t;
        for _ in 0..steps {
            match t {
                Type::Named(n) => match predeclared(n) {
                    Some(predeclared) => return predeclared,
                    None => match self.scope.named(n) {
                        Some(info) => t = &info.underlying,
                        None => return &UNKNOWN,
                    },
                },
                _ => return t,
            }
        }
        &UNKNOWN
    }

    fn kind(&self, t: &Type) -> Kind {
        if let Type::Named(n) = t {
            // `runtime.curg`'s type, whether or not the scope has the runtime's types.
            if n.pkg_path == "runtime" && n.name == "g" && self.scope.named(n).is_none() {
                return Kind::Struct;
            }
        }
        match self.underlying(t) {
            Type::Unknown | Type::TypeParam(_) | Type::Named(_) | Type::Untyped(_) => Kind::Unknown,
            Type::Basic(b) => Kind::of_basic(*b),
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

    /// Whether Delve can compare values of `t` with `==` (`compareOp` on
    /// values loaded as `LoadFullValue` loads them, `level` deep):
    /// `Some(Err(why))` when it never can, `None` when that depends on
    /// values or cannot be known here.
    fn comparable(&self, t: &Type, level: usize) -> Option<Result<(), &'static str>> {
        if level > MAX_COMPARABLE_DEPTH {
            return None;
        }
        match self.underlying(t) {
            Type::Slice(_) | Type::Map(..) | Type::Func(_) | Type::Chan(..) => {
                Some(Err("it contains slices, maps, funcs or channels"))
            }
            Type::Struct(fields) if fields.is_empty() => Some(Ok(())),
            // A struct's fields are loaded two levels deep, and every field
            // is compared: a struct with fields deeper than that fails
            // ("structure too deep for comparison").
            Type::Struct(_) if level >= 2 => Some(Err("its structs are nested too deep for Delve to load")),
            Type::Struct(fields) => {
                let mut all = Some(Ok(()));
                for f in fields {
                    match self.comparable(&f.ty, level + 1) {
                        Some(Err(why)) => return Some(Err(why)),
                        None => all = None,
                        Some(Ok(())) => {}
                    }
                }
                all
            }
            // Arrays are loaded up to 64 elements and compared element by
            // element only when non-empty: the first is always compared.
            Type::Array(Some(n), _) if *n > 64 => Some(Err("it has more than 64 elements")),
            Type::Array(Some(n), elem) if *n > 0 => self.comparable(elem, level + 1),
            Type::Array(..) => None,
            Type::Unknown | Type::TypeParam(_) | Type::Named(_) | Type::Untyped(_) => None,
            // Interfaces compare their dynamic values, whatever they are.
            Type::Interface(_) => None,
            Type::Basic(_) | Type::Pointer(_) => Some(Ok(())),
        }
    }

    /// Whether Go itself can compare values of `t` (the compiler then may
    /// generate an equality function for it): `None` if not known.
    fn go_comparable(&self, t: &Type, depth: usize) -> Option<bool> {
        if depth > MAX_COMPARABLE_DEPTH {
            return None;
        }
        match self.underlying(t) {
            Type::Slice(_) | Type::Map(..) | Type::Func(_) => Some(false),
            Type::Struct(fields) => {
                let mut all = Some(true);
                for f in fields {
                    match self.go_comparable(&f.ty, depth + 1) {
                        Some(false) => return Some(false),
                        None => all = None,
                        Some(true) => {}
                    }
                }
                all
            }
            Type::Array(_, elem) => self.go_comparable(elem, depth + 1),
            Type::Unknown | Type::TypeParam(_) | Type::Named(_) | Type::Untyped(_) => None,
            Type::Basic(_) | Type::Pointer(_) | Type::Chan(..) | Type::Interface(_) => Some(true),
        }
    }

    /// Size and alignment of `t` when Go compares it as plain memory (no
    /// floats, strings or interfaces, no padding, 64-bit layout): the
    /// compiler generates no equality function for it. `None` when that is
    /// not so or not known.
    pub(super) fn plain_memory(&self, t: &Type, depth: usize) -> Option<(u64, u64)> {
        if depth > MAX_COMPARABLE_DEPTH {
            return None;
        }
        let word = Some((8, 8));
        match self.underlying(t) {
            Type::Basic(b) => match b {
                Basic::Bool | Basic::Int8 | Basic::Uint8 => Some((1, 1)),
                Basic::Int16 | Basic::Uint16 => Some((2, 2)),
                Basic::Int32 | Basic::Uint32 => Some((4, 4)),
                Basic::Int | Basic::Uint | Basic::Int64 | Basic::Uint64 | Basic::Uintptr | Basic::UnsafePointer => word,
                _ => None,
            },
            Type::Pointer(_) | Type::Chan(..) => word,
            Type::Array(Some(n), elem) => {
                let (size, align) = self.plain_memory(elem, depth + 1)?;
                Some((size.checked_mul(*n)?, align))
            }
            Type::Struct(fields) => {
                let (mut offset, mut align) = (0u64, 1u64);
                for f in fields {
                    let (size, a) = self.plain_memory(&f.ty, depth + 1)?;
                    // A blank or zero-size field, or padding before a field,
                    // makes Go compare field by field.
                    if f.name == "_" || size == 0 || offset % a != 0 {
                        return None;
                    }
                    offset += size;
                    align = align.max(a);
                }
                (offset % align == 0).then_some((offset, align))
            }
            _ => None,
        }
    }

    /// Delve's `sameType`: pointers and slices compared by element, the rest
    /// by the name of the resolved type.
    fn same_type(&self, a: &Type, b: &Type) -> Option<bool> {
        let (ua, ub) = (self.underlying(a), self.underlying(b));
        match (ua, ub) {
            (Type::Unknown, _) | (_, Type::Unknown) => None,
            (Type::TypeParam(_), _) | (_, Type::TypeParam(_)) => None,
            (Type::Pointer(x), Type::Pointer(y)) | (Type::Slice(x), Type::Slice(y)) => self.same_type(x, y),
            (Type::Pointer(_), _) | (_, Type::Pointer(_)) | (Type::Slice(_), _) | (_, Type::Slice(_)) => Some(false),
            _ if ua.has_unknown() || ub.has_unknown() => None,
            _ => Some(ua.to_string() == ub.to_string()),
        }
    }
}

/// `d` with "did you mean" added, and the fix that writes the name at
/// `span`, when a name close to `name` is among `candidates`.
fn with_did_you_mean<'c>(
    mut d: Diagnostic,
    name: &str,
    candidates: impl Iterator<Item = &'c str>,
    span: Span,
) -> Diagnostic {
    if let Some(best) = closest_name(name, candidates) {
        d.message = format!("{}; did you mean `{best}`?", d.message);
        d.fixes.push(Fix::replace(format!("did you mean `{best}`?"), span, best));
    }
    d
}

/// A close name among `candidates`: few edits away, or the same but for case.
pub(super) fn closest_name<'c>(name: &str, candidates: impl Iterator<Item = &'c str>) -> Option<String> {
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

#[cfg(test)]
mod tests;
