//! Indexing and slicing: `x[i]` on arrays, slices, strings, maps and
//! `delve.bphitcount`, and `x[lo:hi]`, with the integer indexes Delve
//! accepts.

use super::{Checker, ConstKind, Kind, Val};
use crate::expr::ast::Expr;
use crate::expr::types::{Basic, Type};
use crate::expr::{Code, Diagnostic, Fix};

impl<'a> Checker<'a> {
    pub(super) fn index(&mut self, e: &Expr, base: &Expr, indices: &[Expr]) -> Val<'a> {
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
        // Delve dereferences a pointer once before indexing (`ps[0]` for a
        // `*string`, `pm["k"]`), and a pointer to an array once more.
        let mut ut = self.underlying(bt);
        let mut through_ptr = false;
        let mut shown_ty: &Type = bt;
        if let Type::Pointer(inner) = &ut {
            shown_ty = inner;
            ut = self.underlying(inner);
            through_ptr = true;
            if let Type::Pointer(inner) = &ut {
                match self.underlying(inner) {
                    a @ Type::Array(..) => {
                        shown_ty = inner;
                        ut = a;
                    }
                    Type::Unknown | Type::TypeParam(_) | Type::Named(_) => return Val::Unknown,
                    _ => {}
                }
            }
        }
        match ut {
            Type::Slice(elem) | Type::Array(_, elem) => {
                self.check_int_index(&iv, idx);
                if through_ptr {
                    self.nil_hazard(base);
                }
                self.range_hazard(base, idx, &iv, &bv);
                Val::typed_copy(elem)
            }
            Type::Basic(Basic::String) => {
                self.check_int_index(&iv, idx);
                if through_ptr {
                    self.nil_hazard(base);
                }
                self.range_hazard(base, idx, &iv, &bv);
                Val::owned(Type::Basic(Basic::Uint8))
            }
            Type::Map(key, value) => {
                // Delve reads a map keyed by a named pointer type (`type P
                // *T`) as keyed by `T`: it takes such keys for pointers to
                // the keys, so `m[t]` with a `T` is what it accepts.
                let key = match (&**key, self.underlying(key)) {
                    (Type::Named(_), Type::Pointer(elem)) => &**elem,
                    _ => &**key,
                };
                match self.assignable(&iv, key) {
                    Some(false) => {
                        let d = Diagnostic::error(
                            Code::TypeMismatch,
                            idx.span,
                            format!(
                                "`{}` ({}) cannot be used as a key of {}",
                                self.src(idx.span),
                                iv.describe(),
                                shown_ty
                            ),
                        );
                        self.error_with(d);
                    }
                    _ => {
                        if through_ptr {
                            self.nil_hazard(base);
                        }
                        self.missing_key_hazard(e, base, idx)
                    }
                }
                Val::typed_copy(value)
            }
            Type::Unknown | Type::TypeParam(_) | Type::Named(_) => Val::Unknown,
            _ => self.error(
                Code::TypeMismatch,
                e.span,
                format!("`{}` (type {shown_ty}) does not support indexing", self.src(base.span)),
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
                d.fixes.push(Fix::replace(format!("convert with `int({shown})`"), idx.span, format!("int({shown})")));
            }
            self.error_with(d);
        }
    }

    pub(super) fn slice(&mut self, e: &Expr, base: &Expr, low: Option<&Expr>, high: Option<&Expr>) -> Val<'a> {
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
            Type::Array(_, elem) => Val::owned(Type::Slice(elem.clone())),
            Type::Map(..) if high.is_none() => Val::Typed(bt.clone()),
            Type::Map(..) => self.error(Code::Unsupported, e.span, "slicing a map takes no upper bound in Delve"),
            Type::Unknown | Type::TypeParam(_) | Type::Named(_) => Val::Unknown,
            _ => self.error(Code::TypeMismatch, e.span, format!("can not slice `{}` (type {bt})", self.src(base.span))),
        }
    }
}
