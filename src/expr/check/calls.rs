//! Calls: what `f(x)` is for Delve — a builtin (`len`, `min`, `real`, …),
//! a conversion written as a call, or a function call, which Delve makes
//! only with its `call` command.

use super::conversions::TypeLookup;
use super::names::is_runtime_frame;
use super::{Checker, ConstKind, Kind, Role, Val, is_delve_catch};
use crate::expr::ast::{BinaryOp, Expr, ExprKind};
use crate::expr::types::{Basic, Type};
use crate::expr::{Code, Diagnostic};

impl<'a> Checker<'a> {
    pub(super) fn call(&mut self, e: &Expr, fun: &Expr, args: &[Expr]) -> Val<'a> {
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
        // Delve knows `runtime.frame(n)` only before a selector; alone it
        // is a call of a function the runtime does not have.
        let frame_alone = is_runtime_frame(fun) && self.lookup_ident("runtime").is_none();
        if args.len() == 1 && !frame_alone {
            let mut core = fun.unparen();
            while let ExprKind::Star(inner) = &core.kind {
                core = inner.unparen();
            }
            let cast = match &core.kind {
                _ if core.is_type_literal() => true,
                ExprKind::BasicLit { .. } => true,
                // Unqualified, only the predeclared names the debug info
                // has are types: `int`, `error` (not `byte`, `rune`, `any`).
                ExprKind::Ident(n) => {
                    (Basic::from_name(n).is_some() || n == "error")
                        && !matches!(n.as_str(), "byte" | "rune")
                        && self.lookup_ident(n).is_none()
                }
                ExprKind::Selector { base, sel } if matches!(base.kind, ExprKind::Ident(_)) => {
                    match self.type_expr_quiet(core) {
                        TypeLookup::Found(_) => true,
                        TypeLookup::Unknown => {
                            // Ambiguous: Delve calls what is not a type.
                            let ExprKind::Ident(x) = &base.kind else { unreachable!() };
                            if self.lookup_ident(x).is_some() {
                                false
                            } else {
                                let is_func = self.scope.packages_named(x).any(|p| p.has_func(&sel.name));
                                if is_func { false } else { return self.undecided_call(args) }
                            }
                        }
                        TypeLookup::NotFound(_) => false,
                    }
                }
                // `T[A, B](x)` is always a conversion for Delve.
                ExprKind::Index { indices, .. } if indices.len() > 1 => true,
                // `T[A](x)`: a conversion when the debug info has that
                // instantiation; otherwise Delve fails (it compiles the
                // argument for a conversion, then again for a call).
                ExprKind::Index { base, .. } if matches!(&base.kind, ExprKind::Ident(n) if self.lookup_ident(n).is_some()) => {
                    false
                }
                ExprKind::Index { base, .. } if matches!(base.kind, ExprKind::Ident(_) | ExprKind::Selector { .. }) => {
                    match self.type_expr_quiet(core) {
                        TypeLookup::Found(_) | TypeLookup::NotFound(_) => true,
                        TypeLookup::Unknown => return self.undecided_call(args),
                    }
                }
                _ => false,
            };
            if cast {
                return self.conversion(e, fun, &args[0]);
            }
        }
        // A function call. Delve compiles the whole expression first; a call
        // inside it makes the compiled expression start by setting up the
        // call's memory pinning, which fails without `call` before anything
        // is evaluated, and a call that is the whole expression fails when
        // it runs. Short-circuiting never avoids it, and what is wrong with
        // the function or its arguments is as certain.
        let before = self.diags.len();
        if !frame_alone {
            self.expr(fun);
        }
        for a in args {
            self.expr(a);
        }
        if self.diags[before..].iter().any(Diagnostic::is_error) {
            let failed: Vec<_> =
                self.diags[before..].iter().filter(|d| d.is_error()).map(|d| (d.span, d.code)).collect();
            self.compile_phase.extend(failed);
            return Val::Unknown;
        }
        self.compile_error(
            Code::CallNotAllowed,
            e.span,
            format!(
                "Delve does not call functions in conditions (`{}`); use a variable holding the result",
                self.src(fun.span)
            ),
        )
    }

    /// Whether `x.sel` certainly names no type of the debug info, so that
    /// `f(x)` where `f` may be a type the scope cannot resolve or a function:
    /// the argument is checked, the result is unknown.
    fn undecided_call(&mut self, args: &[Expr]) -> Val<'a> {
        self.expr(&args[0]);
        Val::Unknown
    }

    fn builtin(&mut self, e: &Expr, name: &str, args: &[Expr]) -> Option<Val<'a>> {
        if !matches!(name, "len" | "cap" | "complex" | "imag" | "real" | "min" | "max") {
            return None;
        }
        let vals: Vec<Val<'a>> = args.iter().map(|a| self.expr(a)).collect();
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
                        Type::Pointer(inner) => matches!(self.underlying(inner), Type::Array(..) | Type::Unknown),
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
                // Delve's result is the winning argument itself: where a
                // constant can win over a typed value, the result is that
                // constant at some stops and the typed value at others
                // (`min(3, n) + 1.5` evaluates when 3 wins).
                let constants = vals.iter().filter(|v| matches!(v, Val::Const(..))).count();
                if constants > 0 && constants < vals.len() {
                    return Some(Val::Unknown);
                }
                best
            }
            "real" | "imag" => {
                if !arity(1) {
                    return Some(bad_arity(self));
                }
                // `imag` takes complex values only, `real` any number.
                match (self.kind_of_val(&vals[0]), name) {
                    (Kind::Complex | Kind::Unknown, _) | (Kind::Float | Kind::Int | Kind::Uint, "real") => Val::Unknown,
                    _ => self.error(
                        Code::TypeMismatch,
                        args[0].span,
                        format!("invalid argument `{}` ({}) to {name}", self.src(args[0].span), vals[0].describe()),
                    ),
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
                // Of two constants Delve makes a complex128 value.
                if vals.iter().all(|v| matches!(v, Val::Const(..))) {
                    Val::owned(Type::Basic(Basic::Complex128))
                } else {
                    Val::Unknown
                }
            }
        })
    }
}
