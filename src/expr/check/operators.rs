//! Operators: unary and binary operators, comparisons, dereference and
//! address-of, with Delve's type negotiation (types compare by name) and
//! `go/constant`'s rules for constants.

use super::{Checker, ConstKind, Kind, Val};
use std::borrow::Cow;

use crate::expr::ast::{BinaryOp, Expr, ExprKind, UnaryOp};
use crate::expr::types::{ConstValue, Type};
use crate::expr::{Code, Diagnostic, Span};

impl<'a> Checker<'a> {
    pub(super) fn unary(&mut self, e: &Expr, op: UnaryOp, operand: &Expr) -> Val<'a> {
        let v = self.expr(operand);
        match op {
            UnaryOp::Recv => return self.error(Code::Unsupported, e.span, "Delve cannot receive from channels (`<-`)"),
            UnaryOp::Tilde => return self.error(Code::Unsupported, e.span, "`~` is only valid in type constraints"),
            UnaryOp::Addr => {
                return match v {
                    Val::Typed(t) => Val::owned(Type::pointer_to(t.into_owned())),
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
        // A pointer's value is its address, an integer (`-p`, `^up`).
        let ok = match op {
            UnaryOp::Not => k == Kind::Bool,
            UnaryOp::Neg | UnaryOp::Plus => {
                matches!(k, Kind::Int | Kind::Uint | Kind::Float | Kind::Complex | Kind::Ptr | Kind::UnsafePtr)
            }
            UnaryOp::BitNot => matches!(k, Kind::Int | Kind::Uint | Kind::Ptr | Kind::UnsafePtr),
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
            Val::Const(k, c @ Some(ConstValue::Int(_) | ConstValue::Float(_))) if op == UnaryOp::Plus => {
                Val::Const(k, c)
            }
            Val::Const(k, _) => Val::Const(k, None),
            other => other,
        }
    }

    pub(super) fn deref(&mut self, e: &Expr, inner: &Expr) -> Val<'a> {
        let v = self.expr(inner);
        match &v {
            Val::Unknown => Val::Unknown,
            Val::Nil => self.error(Code::TypeMismatch, e.span, "nil can not be dereferenced"),
            Val::Typed(t) => match self.underlying(t) {
                Type::Pointer(p) => {
                    // Borrowed from the scope when the pointer's type is.
                    let pointee = match t {
                        Cow::Borrowed(t) => match self.pointee(t) {
                            Some(p) => Val::typed(p),
                            None => Val::typed_copy(p),
                        },
                        Cow::Owned(_) => Val::typed_copy(p),
                    };
                    self.nil_hazard(inner);
                    pointee
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

    /// What a pointer type points to, for as long as the pointer type lives.
    fn pointee<'t>(&self, t: &'t Type) -> Option<&'t Type>
    where
        'a: 't,
    {
        match self.underlying(t) {
            Type::Pointer(p) => Some(p),
            _ => None,
        }
    }

    pub(super) fn binary(&mut self, op: BinaryOp, op_span: Span, lhs: &Expr, rhs: &Expr) -> Val<'a> {
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
                if a != b && a.to_string() != b.to_string() && !a.has_unknown() && !b.has_unknown() {
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
        // Whatever the other operand, nil takes only `==` and `!=`.
        let nil_side = matches!(lv, Val::Nil) || matches!(rv, Val::Nil);
        if nil_side && !matches!(op, BinaryOp::Eq | BinaryOp::Ne) {
            return self.error(
                Code::TypeMismatch,
                op_span,
                format!("operator {} can not be applied to nil", op.as_str()),
            );
        }
        if let Some(d) = self.struct_conversion_mismatch(lhs, &lv, rhs, &rv, op_span) {
            return self.error_with(d);
        }
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
        // Arithmetic works on the values Delve loads: scalars, the address
        // of a pointer, the function name of a func value.
        for (side, v) in [(lhs, &lv), (rhs, &rv)] {
            let k = self.kind_of_val(v);
            if k.value_kind().is_none() && k != Kind::Unknown {
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
        let (lk, rk) = (self.kind_of_val(&lv).value_kind(), self.kind_of_val(&rv).value_kind());
        if let (Some(a), Some(b)) = (lk, rk) {
            if matches!(op, BinaryOp::Shl | BinaryOp::Shr) {
                // negotiate() checked the operands.
            } else if let Err(msg) = const_binary_ok(op, a, b) {
                let funcs = [&lv, &rv].iter().any(|v| self.kind_of_val(v) == Kind::Func);
                let msg = if funcs {
                    format!("operator {} is not defined on func values (`+` joins their names)", op.as_str())
                } else {
                    msg
                };
                return self.error(Code::TypeMismatch, op_span, msg);
            }
            if matches!(op, BinaryOp::Div | BinaryOp::Rem) && is_zero(&rv) {
                return self.error(Code::BadConstant, rhs.span, "division by zero");
            }
        }
        match ty {
            Some(t) => Val::Typed(t),
            None => match (&lv, &rv) {
                // Two integers for a shift (negotiate() saw to it); the
                // kinds met in const_binary_ok() for the rest.
                (Val::Const(a, _), Val::Const(b, _)) => {
                    common_kind(*a, *b).map_or(Val::Unknown, |k| Val::Const(k, None))
                }
                _ => Val::Unknown,
            },
        }
    }

    /// Delve gives a conversion to a struct type the type it found by name,
    /// which it spells `struct main.T`; a value of that type read from the
    /// program is spelled `main.T`, and Delve compares the spellings. Only
    /// where both spellings are certain.
    fn struct_conversion_mismatch(
        &self,
        lhs: &Expr,
        lv: &Val,
        rhs: &Expr,
        rv: &Val,
        op_span: Span,
    ) -> Option<Diagnostic> {
        let (conv, other) = match (self.spelling(lhs, lv)?, self.spelling(rhs, rv)?) {
            (Spelling::Converted(c), Spelling::Read(o)) | (Spelling::Read(o), Spelling::Converted(c)) => (c, o),
            _ => return None,
        };
        Some(Diagnostic::error(
            Code::TypeMismatch,
            op_span,
            format!(
                "mismatched types struct {conv} and {other}: Delve types a conversion to a struct type apart from \
                 the program's values (compare fields, or convert both sides)"
            ),
        ))
    }

    /// How Delve spells the type of the operand `e` (of value `v`), where
    /// that is certain. A type read from the program is never spelled
    /// `struct main.T` (an unnamed struct is `struct {…}`), whatever parts
    /// of it the scope cannot tell.
    fn spelling<'v>(&self, e: &Expr, v: &'v Val) -> Option<Spelling<'v>> {
        let Val::Typed(t) = v else { return None };
        match &e.unparen().kind {
            // `min` and `max` give back the winning argument itself; of
            // several struct values there is no winner (`<` fails).
            ExprKind::Call { fun, args, .. } if is_min_or_max(fun) => match args.as_slice() {
                [arg] => self.spelling(arg, v),
                _ => None,
            },
            // Any other call typed a struct is a conversion.
            ExprKind::Call { .. } => matches!(self.underlying(t), Type::Struct(_)).then_some(Spelling::Converted(t)),
            // Read from the program, an assertion's value too (it has the
            // dynamic type, read from the program's type information).
            _ => Some(Spelling::Read(t)),
        }
    }

    /// Delve's `negotiateType`: the result type of a binary operation, or a
    /// diagnostic where the operands do not fit together.
    pub(super) fn negotiate(
        &mut self,
        op: BinaryOp,
        x: &Val<'a>,
        y: &Val<'a>,
        spans: (Span, Span),
        op_span: Span,
    ) -> Option<Cow<'a, Type>> {
        let (x_span, y_span) = spans;
        let is_eq = matches!(op, BinaryOp::Eq | BinaryOp::Ne);
        match (x, y) {
            // nil against nil too: `==` takes it, `min(nil, nil)`'s `<` not.
            (Val::Nil, other) | (other, Val::Nil) => {
                if !is_eq {
                    self.error(
                        Code::TypeMismatch,
                        op_span,
                        format!("operator {} can not be applied to nil", op.as_str()),
                    );
                    return None;
                }
                if !self.kind_of_val(other).accepts_nil() {
                    self.error(Code::NotComparable, op_span, format!("can not compare {} to nil", other.ty()));
                }
                return None;
            }
            _ => {}
        }
        if matches!(op, BinaryOp::Shl | BinaryOp::Shr) {
            let xk = self.kind_of_val(x);
            if !matches!(xk, Kind::Int | Kind::Uint | Kind::Ptr | Kind::UnsafePtr | Kind::Unknown) {
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
                // A named type the scope has no entry for may be an alias
                // (its package unread), so its name is not certain either.
                let unknown = |t: &Type| t.has_unknown() || *self.underlying(t) == Type::Unknown;
                if unknown(a) || unknown(b) {
                    // Different kinds never share a name, whatever the rest.
                    let (ka, kb) = (self.kind(a), self.kind(b));
                    if ka != Kind::Unknown && kb != Kind::Unknown && ka != kb {
                        self.error(Code::TypeMismatch, op_span, format!("mismatched types {a} and {b}"));
                        return None;
                    }
                    return Some(a.clone());
                }
                if a != b && a.to_string() != b.to_string() {
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
    pub(super) fn compare(&mut self, op: BinaryOp, x: &Val, y: &Val, op_span: Span) {
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
                    if let Some(Err(why)) = self.comparable(t, 0) {
                        self.error(
                            Code::NotComparable,
                            op_span,
                            format!("Delve can not compare values of type {t}: {why}"),
                        );
                    }
                }
            }
            _ => {}
        }
    }

    /// Would `v` be accepted where `ty` is expected (map keys)? Delve's
    /// `isType`: it converts nothing into an interface type, neither a
    /// constant nor a value of another kind.
    pub(super) fn assignable(&self, v: &Val, ty: &Type) -> Option<bool> {
        match v {
            Val::Unknown | Val::HitCounts => None,
            Val::Nil => Some(self.kind(ty).accepts_nil()),
            Val::Typed(t) => {
                // Between interface types Delve compares names the scope
                // may spell otherwise.
                if self.kind(ty) == Kind::Interface && self.kind(t) == Kind::Interface {
                    return None;
                }
                self.same_type(ty, t)
            }
            Val::Const(k, _) => Some(match self.kind(ty) {
                Kind::Unknown => return None,
                Kind::Int | Kind::Uint => *k == ConstKind::Int,
                Kind::Float => matches!(k, ConstKind::Int | ConstKind::Float),
                Kind::Complex => *k != ConstKind::Bool && *k != ConstKind::String,
                Kind::Bool => *k == ConstKind::Bool,
                Kind::String => *k == ConstKind::String,
                _ => false,
            }),
        }
    }
}

/// How Delve spells an operand's type: a conversion to a struct type as
/// `struct main.T`, a value read from the program as `main.T`.
/// (Borrowed: spelled for every comparison of typed operands, a mismatch
/// is rare.)
enum Spelling<'t> {
    Converted(&'t Type),
    Read(&'t Type),
}

fn is_min_or_max(fun: &Expr) -> bool {
    matches!(&fun.kind, ExprKind::Ident(n) if n == "min" || n == "max")
}

fn is_zero(v: &Val) -> bool {
    match v {
        Val::Const(_, Some(ConstValue::Int(0))) => true,
        Val::Const(_, Some(ConstValue::Float(f))) => *f == 0.0,
        _ => false,
    }
}

/// The kind `go/constant` brings two constants to before an operation:
/// numbers meet at the wider kind, a number and a bool or string at the
/// bool or string (`"a" + 1` is `"aa"`, `true == 1` holds); a bool and a
/// string never meet (Delve reports the panic).
fn common_kind(a: ConstKind, b: ConstKind) -> Option<ConstKind> {
    use ConstKind::*;
    let numeric = |k: ConstKind| matches!(k, Int | Float | Complex);
    match (numeric(a), numeric(b)) {
        (true, true) => Some(a.max(b)),
        (true, false) => Some(b),
        (false, true) => Some(a),
        (false, false) => (a == b).then_some(a),
    }
}

/// Which `go/constant.BinaryOp` combinations succeed (the others panic,
/// which Delve reports as an error).
fn const_binary_ok(op: BinaryOp, a: ConstKind, b: ConstKind) -> Result<(), String> {
    use ConstKind::*;
    let numeric = |k: ConstKind| matches!(k, Int | Float | Complex);
    let Some(k) = common_kind(a, b) else {
        return Err(format!("operator {} can not join a bool and a string constant", op.as_str()));
    };
    let ok = match op {
        BinaryOp::Add => k != Bool,
        BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div => numeric(k),
        BinaryOp::Rem | BinaryOp::And | BinaryOp::Or | BinaryOp::Xor | BinaryOp::AndNot => k == Int,
        _ => true,
    };
    if ok { Ok(()) } else { Err(format!("operator {} is not defined on {} operands", op.as_str(), k.name())) }
}

fn const_compare_ok(op: BinaryOp, a: ConstKind, b: ConstKind) -> bool {
    use ConstKind::*;
    let Some(k) = common_kind(a, b) else { return false };
    match op {
        BinaryOp::Eq | BinaryOp::Ne => true,
        _ => !matches!(k, Bool | Complex),
    }
}
