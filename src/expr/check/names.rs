//! Names: identifiers in Delve's lookup order (locals, package globals,
//! integer constants, registers), package-qualified names, the names only
//! Delve has (`runtime.curg`, `runtime.frame(n)`, `delve.bphitcount`), and
//! why a name Delve cannot find is missing.

use super::{Checker, ConstKind, Kind, Val, with_did_you_mean};
use crate::expr::ast::{Expr, ExprKind, LitKind};
use crate::expr::literal;
use crate::expr::scope::{Arch, Constant, Hidden, Package};
use crate::expr::types::{Basic, ConstValue, Named, Type, Untyped};
use crate::expr::{Code, Diagnostic, Fix, Span};

impl<'a> Checker<'a> {
    /// What an identifier names, in Delve's lookup order; `None` if nothing.
    pub(crate) fn lookup_ident(&self, name: &str) -> Option<Val<'a>> {
        if let Some(v) = self.scope.local(name) {
            return Some(Val::typed(&v.ty));
        }
        let member = self.scope.package.member(name);
        if let Some(v) = member.var {
            return Some(Val::typed(&v.ty));
        }
        if member.func {
            return Some(Val::Unknown);
        }
        if let Some(c) = member.constant {
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

    pub(super) fn ident(&mut self, name: &str, span: Span) -> Val<'a> {
        if let Some(v) = self.lookup_ident(name) {
            self.unreadable_hazard(name, span);
            return v;
        }
        if !self.scope.locals_complete || !self.scope.package.complete {
            return Val::Unknown;
        }
        let d = self.undefined(name, span);
        self.error_with(d)
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
            d.fixes.push(Fix::replace(format!("use `{b}`"), span, b));
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
            d.fixes.push(Fix::replace(format!("use `{q}`"), span, q));
            return d;
        }
        with_did_you_mean(d, name, self.visible_names().iter().map(String::as_str), span)
    }

    fn visible_names(&self) -> Vec<String> {
        let s = self.scope;
        let mut v: Vec<String> = s.locals.iter().map(|l| l.name.clone()).collect();
        v.extend(s.package.vars.iter().map(|g| g.name.clone()));
        v.extend(s.package.consts.iter().map(|c| c.name.clone()));
        v
    }

    /// Whether Delve can see the constant `c` at all.
    pub(crate) fn const_visible(&self, c: &Constant) -> bool {
        self.const_val(c).is_some()
    }

    /// The type Delve gives the constant `c` (untyped integers are `int`).
    pub(crate) fn const_type(&self, c: &Constant) -> Type {
        self.const_val(c).map_or(Type::Unknown, |v| v.ty())
    }

    /// A package constant as Delve sees it: the debug info has integer
    /// constants only, untyped ones typed `int`. `None`: absent for Delve.
    fn const_val(&self, c: &Constant) -> Option<Val<'a>> {
        match &c.ty {
            Type::Untyped(Untyped::Int | Untyped::Rune) => Some(Val::owned(Type::Basic(Basic::Int))),
            Type::Untyped(_) => None,
            t => match self.kind(t) {
                Kind::Int | Kind::Uint => Some(Val::owned(t.clone())),
                Kind::Unknown => Some(Val::Unknown),
                _ => None,
            },
        }
    }

    /// What kind of constant `c` is, for saying why Delve cannot see it.
    fn constant_kind(&self, c: &Constant) -> &'static str {
        match &c.ty {
            Type::Untyped(Untyped::String) => "string",
            Type::Untyped(Untyped::Float) => "float",
            Type::Untyped(Untyped::Bool) => "bool",
            Type::Untyped(_) => "non-integer",
            t => self.kind(t).name(),
        }
    }

    fn package_member(&mut self, pkg: &'a Package, name: &str, span: Span, shown: &str) -> Val<'a> {
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
            // Delve resolves `pkg.T` against functions whose name ends in
            // `/pkg.T`, and the compiler generates equality functions for
            // comparable types that memory comparison does not serve, of T
            // and of arrays of T (`type:.eq.[3]example.com/m/pkg.T`): those
            // names evaluate to it. The main package's path has no `/`, so
            // its types never do, nor does a type Go cannot compare or
            // compares as plain memory (arrays of it too).
            let t = Type::Named(named_in(pkg, name));
            let no_equality = self.go_comparable(&t, 0) == Some(false) || self.plain_memory(&t, 0).is_some();
            if pkg.path == "main" || no_equality {
                return self.error(Code::NoMember, span, format!("`{shown}.{name}` is a type, not a value"));
            }
            return Val::Unknown;
        }
        let d =
            Diagnostic::error(Code::NoMember, span, format!("package `{shown}` has no variable or constant `{name}`"));
        let names = pkg.vars.iter().map(|v| v.name.as_str()).chain(pkg.consts.iter().map(|c| c.name.as_str()));
        self.error_with(with_did_you_mean(d, name, names, span))
    }

    /// `x.sel` where `x` is a name: Delve's own names, a package, or a
    /// value's member, with Delve's fallbacks from one to the other.
    pub(super) fn selector_on_name(&mut self, base: &Expr, x: &str, sel: &str, sel_span: Span) -> Val<'a> {
        match (x, sel) {
            // The current goroutine's `runtime.g`, a struct.
            ("runtime", "curg") => return Val::owned(Type::named("runtime", "g")),
            ("runtime", "frameoff" | "threadid" | "rangeParentOffset") => {
                return Val::Const(ConstKind::Int, None);
            }
            ("delve", "bphitcount") => return Val::HitCounts,
            _ => {}
        }
        let scope = self.scope;
        let is_package_func = scope.local(x).is_none() && scope.package.var(x).is_none() && scope.package.has_func(x);
        if is_package_func && (x == scope.package.name || scope.packages_named(x).next().is_some()) {
            // A function value has no members: Delve falls back to
            // the package of that name.
            let pkg = if x == scope.package.name {
                &scope.package
            } else {
                scope.packages_named(x).next().unwrap_or(Package::empty())
            };
            return self.package_member(pkg, sel, sel_span, x);
        }
        if let Some(v) = self.lookup_ident(x) {
            let before = self.diags.len();
            let r = self.member(base, v, sel, sel_span);
            if self.diags.len() == before {
                return r;
            }
            // Delve falls back to a package of that name.
            if let Some(pkg) = scope.packages_named(x).next() {
                if pkg.var(sel).is_some() || pkg.constant(sel).is_some() || pkg.has_func(sel) {
                    self.diags.truncate(before);
                    return self.package_member(pkg, sel, sel_span, x);
                }
            }
            return r;
        }
        if x == scope.package.name || (x == "main" && scope.package.path == "main") {
            return self.package_member(&scope.package, sel, sel_span, x);
        }
        let mut pkgs = scope.packages_named(x);
        match (pkgs.next(), pkgs.next()) {
            (Some(pkg), None) => return self.package_member(pkg, sel, sel_span, x),
            (None, _) => {}
            _ => return Val::Unknown,
        }
        if !self.may_be_package(x) && self.scope.locals_complete && self.scope.package.complete {
            if x == "unsafe" {
                // Imported or not: the compiler's package has no symbol.
                return self.error(
                    Code::Undefined,
                    base.span.to(sel_span),
                    format!(
                        "Delve cannot evaluate `unsafe.{sel}`: the binary has no symbol of the compiler's package \
                         `unsafe` (only conversions to `unsafe.Pointer` work)"
                    ),
                );
            }
            let d = self.undefined(x, base.span);
            return self.error_with(d);
        }
        Val::Unknown
    }

    /// `"path/to/pkg".sel`: a package named by its import path.
    pub(super) fn selector_on_import_path(&mut self, base: &Expr, raw: &str, sel: &str, sel_span: Span) -> Val<'a> {
        let path = literal::string_lossy(raw);
        let last = path.rsplit('/').next().unwrap_or(&path).to_string();
        match self.scope.imports.get(&path) {
            Some(pkg) => self.package_member(pkg, sel, sel_span, &path),
            // Delve names the main package `main`, not by its path.
            None if path != "main" && !self.may_be_package(&last) => self.error(
                Code::Undefined,
                base.span,
                format!("no package {raw} is linked into the program (the main package is \"main\")"),
            ),
            None => Val::Unknown,
        }
    }

    /// `runtime.frame(n).x`: a variable of an outer frame.
    pub(super) fn runtime_frame_selector(&mut self, e: &Expr, args: &[Expr]) -> Val<'a> {
        match args {
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
            [_] => self.compile_error(Code::Unsupported, e.span, "runtime.frame needs an integer literal frame number"),
            _ => self.compile_error(Code::Unsupported, e.span, "runtime.frame takes exactly one argument"),
        }
    }

    pub(super) fn may_be_package(&self, name: &str) -> bool {
        match &self.scope.linked_package_names {
            Some(names) => names.contains(name),
            None => true,
        }
    }
}

/// The named type `name` declared in `pkg`.
pub(super) fn named_in(pkg: &Package, name: &str) -> Named {
    let path = if pkg.path.is_empty() { &pkg.name } else { &pkg.path };
    Named::new(path.clone(), name)
}

/// The qualifier Delve's debug info uses for a package's types and globals.
pub(super) fn qualifier(pkg: &Package) -> String {
    pkg.name.clone()
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

pub(super) fn is_runtime_frame(fun: &Expr) -> bool {
    matches!(&fun.kind, ExprKind::Selector { base, sel }
        if sel.name == "frame" && matches!(&base.kind, ExprKind::Ident(n) if n == "runtime"))
}
