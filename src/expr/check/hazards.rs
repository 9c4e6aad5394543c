//! Run-time hazards: what fails only for some values (nil pointers,
//! indexes out of range, missing map keys, failed assertions, optimized-out
//! variables) is a warning, silenced by a guard on the left of `&&`
//! (`p != nil && p.x`); the guard is offered as a fix.

use std::borrow::Cow;

use super::{Checker, Val};
use crate::expr::ast::{BinaryOp, Expr, ExprKind, LitKind, UnaryOp};
use crate::expr::literal;
use crate::expr::types::{ConstValue, Type};
use crate::expr::{Code, Diagnostic, Fix, Span};

/// A fact established by the left operand of `&&` that makes a run-time
/// hazard on the right impossible (`p != nil && p.x`).
/// The guarded operand is its source text, white space included.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Guard<'a> {
    NotNil(&'a str),
    /// `len(x) > n` or `n < len(x)`: indexes below `n + 1` are safe.
    LenAbove(&'a str, i128),
}

impl<'a> Checker<'a> {
    pub(super) fn collect_guards(&mut self, e: &Expr) {
        match &e.unparen().kind {
            ExprKind::Binary { op: BinaryOp::LogAnd, operands, .. } => {
                self.collect_guards(&operands[0]);
                self.collect_guards(&operands[1]);
            }
            ExprKind::Binary { op, operands, .. } => {
                let (l, r) = (operands[0].unparen(), operands[1].unparen());
                let is_nil = |x: &Expr| matches!(&x.kind, ExprKind::Ident(n) if n == "nil");
                if *op == BinaryOp::Ne {
                    if is_nil(r) {
                        self.guards.push(Guard::NotNil(self.src(l.span)));
                    } else if is_nil(l) {
                        self.guards.push(Guard::NotNil(self.src(r.span)));
                    }
                }
                let len_of = |x: &Expr| match &x.kind {
                    ExprKind::Call { fun, args, .. }
                        if args.len() == 1 && matches!(&fun.kind, ExprKind::Ident(n) if n == "len") =>
                    {
                        Some(self.src(args[0].span))
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
                    self.guards.push(Guard::LenAbove(s, n));
                    // A non-empty slice or map is also non-nil.
                    self.guards.push(Guard::NotNil(s));
                }
            }
            _ => {}
        }
    }

    pub(super) fn nil_hazard(&mut self, ptr: &Expr) {
        let src = self.src(ptr.span);
        if self.guards.iter().any(|g| matches!(g, Guard::NotNil(s) if same_without_spaces(s, src))) {
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
        let shown = without_spaces(src);
        let what = ["if `", &shown, "` is nil, Delve stops with a nil pointer dereference"];
        self.guarded_hazard(ptr.span, &what, &[&shown, " != nil"]);
    }

    pub(super) fn range_hazard(&mut self, base: &Expr, idx: &Expr, iv: &Val, bv: &Val) {
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
                    if n as u128 >= *len as u128 {
                        self.error(Code::BadConstant, idx.span, format!("index {n} out of bounds for {t}"));
                    }
                    return;
                }
            }
            if self
                .guards
                .iter()
                .any(|g| matches!(g, Guard::LenAbove(s, m) if same_without_spaces(s, &shown) && n <= *m))
            {
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
        self.guarded_hazard(idx.span, &["if the index is out of range, Delve stops with an error"], &[&guard]);
    }

    /// A local the debug info lists but cannot read at this line (optimized code).
    pub(super) fn unreadable_hazard(&mut self, name: &str, span: Span) {
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
    }

    /// `m[k]`: Delve fails when the key is absent, and a condition cannot
    /// test membership first.
    pub(super) fn missing_key_hazard(&mut self, e: &Expr, base: &Expr, idx: &Expr) {
        self.warn(Diagnostic::warning(
            Code::RuntimeHazard,
            e.span,
            format!(
                "if `{}` has no key {}, Delve stops with \"key not found\" (conditions cannot test membership)",
                self.src(base.span),
                self.src(idx.span)
            ),
        ))
    }

    /// `x.(T)`: Delve fails when `x` holds another type.
    pub(super) fn assertion_hazard(&mut self, e: &Expr, base: &Expr, t: &Type) {
        self.warn(Diagnostic::warning(
            Code::RuntimeHazard,
            e.span,
            format!("if `{}` does not hold a {t}, Delve stops with an interface conversion error", self.src(base.span)),
        ));
    }

    /// Warns that `what` may happen at `span`, with a fix inserting
    /// `guard && ` before the top-level conjunct that contains it; both are
    /// given in pieces.
    /// (Messages are joined, not formatted: this runs for most conditions
    /// that reach through a pointer, and `format!` costs several times more;
    /// the pieces are joined straight into the three texts it makes.)
    fn guarded_hazard(&mut self, span: Span, what: &[&str], guard: &[&str]) {
        let message = joined(&[what, &["; guard with `"], guard, &[" && …`"]]);
        let d = Diagnostic::warning(Code::RuntimeHazard, span, message);
        let reparsed;
        let tree = match self.tree {
            Some(tree) => tree,
            None => {
                reparsed = crate::expr::parse(self.text).expr;
                &reparsed
            }
        };
        let d = match top_conjunct_start(tree, span) {
            Some(at) => {
                let title = joined(&[&["guard with `"], guard, &["`"]]);
                d.with_fix(Fix::replace(title, Span::new(at, at), joined(&[guard, &[" && "]])))
            }
            None => d,
        };
        self.warn(d);
    }
}

/// The start of the top-level `&&` operand containing `span`.
fn top_conjunct_start(root: &Expr, span: Span) -> Option<usize> {
    let mut e = root.unparen();
    loop {
        match &e.kind {
            ExprKind::Binary { op: BinaryOp::LogAnd, operands, .. } => {
                let [lhs, rhs] = &**operands;
                if rhs.span.start <= span.start && span.end <= rhs.span.end {
                    return Some(rhs.span.start);
                }
                e = lhs.unparen();
            }
            _ => return (e.span.start <= span.start && span.end <= e.span.end).then_some(e.span.start),
        }
    }
}

/// The pieces of `parts` joined, in one allocation.
fn joined(parts: &[&[&str]]) -> String {
    let mut len = 0;
    for part in parts {
        for s in *part {
            len += s.len();
        }
    }
    let mut out = String::with_capacity(len);
    for part in parts {
        for s in *part {
            out.push_str(s);
        }
    }
    out
}

/// `s` with white space removed, so `len(a.b)` and `len( a.b )` guard alike
/// (borrowed when it has none, as most do).
fn without_spaces(s: &str) -> Cow<'_, str> {
    if s.chars().any(char::is_whitespace) {
        Cow::Owned(s.chars().filter(|c| !c.is_whitespace()).collect())
    } else {
        Cow::Borrowed(s)
    }
}

/// Whether `a` and `b` are the same but for white space.
fn same_without_spaces(a: &str, b: &str) -> bool {
    let spaceless = |c: &char| !c.is_whitespace();
    a.chars().filter(spaceless).eq(b.chars().filter(spaceless))
}
