//! Types in expressions: conversions `T(x)` as Delve's `evalTypeCast`,
//! type assertions, composite literals, and type expressions resolved by
//! the exact name the debug info uses (`main.T`, quoted `("pkg.T[int]")`).

use super::names::{named_in, qualifier};
use super::{Checker, ConstKind, Kind, Val};
use crate::expr::ast::{Expr, ExprKind, LitKind};
use crate::expr::literal;
use crate::expr::scope::Package;
use crate::expr::types::{Basic, FuncType, Named, Type};
use crate::expr::{Code, Diagnostic, Fix, Span};

impl<'a> Checker<'a> {
    /// `T(x)` as Delve's `evalTypeCast`.
    pub(super) fn conversion(&mut self, e: &Expr, fun: &Expr, arg: &Expr) -> Val<'a> {
        let av = self.expr(arg);
        // A conversion's whole type may be `[]byte` or `[]rune`: Delve
        // knows these spellings there and nowhere else.
        let byte_slice = match &fun.unparen().kind {
            ExprKind::ArrayType { len: None, elem } if is_byte_or_rune(elem) => match &elem.kind {
                ExprKind::Ident(n) => Basic::from_name(n).map(|b| Type::slice_of(Type::Basic(b))),
                _ => None,
            },
            _ => None,
        };
        let lookup = match byte_slice {
            Some(t) => TypeLookup::Found(t),
            None => self.type_expr(fun.unparen()),
        };
        let target = match lookup {
            TypeLookup::Found(t) => t,
            TypeLookup::Unknown => return Val::Unknown,
            TypeLookup::NotFound(d) => return self.compile_error_with(d),
        };
        let ak = self.kind_of_val(&av);
        if ak == Kind::Unknown || matches!(av, Val::Unknown) {
            return Val::owned(target);
        }
        let tt = self.underlying(&target);
        // `evalTypeCast` converts to an interface type only a value whose
        // type has the same name (`typeCastCompatibleTypes`); it has no
        // conversion into an interface, so a constant, nil or a value that
        // is no interface never converts. Between interfaces, type names
        // are Delve's when they come from the debug info; from sources a
        // plain name (or `interface {}`) is spelled as the debug info does,
        // and one spelled otherwise (type arguments, an interface's
        // methods) differs from it whatever its exact spelling.
        if matches!(tt, Type::Interface(_)) {
            let other = match &av {
                Val::Const(..) | Val::Nil => true,
                Val::Typed(at) if ak == Kind::Interface => {
                    let spelled = self.scope.packages_complete || plainly_named(at) || plainly_named(&target);
                    spelled && !at.has_unknown() && at.to_string() != target.to_string()
                }
                Val::Typed(_) => true,
                _ => false,
            };
            if other {
                return self.error(
                    Code::BadConversion,
                    e.span,
                    format!(
                        "Delve converts to an interface type only a value of that same type, not `{}` ({})",
                        self.src(arg.span),
                        av.describe()
                    ),
                );
            }
            return Val::owned(target);
        }
        if let Val::Typed(at) = &av {
            if self.compatible(at, &target) != Some(false) {
                return Val::owned(target);
            }
        }
        let numeric = matches!(ak, Kind::Int | Kind::Uint | Kind::Float);
        let ok = match &tt {
            Type::Unknown | Type::TypeParam(_) | Type::Named(_) => true,
            // An integer becomes a pointer (an unsafe.Pointer too: `*void`).
            Type::Pointer(_) | Type::Basic(Basic::UnsafePointer) => {
                matches!(ak, Kind::Int | Kind::Uint) && !matches!(av, Val::Const(ConstKind::Float, _))
            }
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
                    Type::Slice(el) | Type::Array(_, el) => match &**el {
                        Type::Basic(Basic::Uint8 | Basic::Int32) => true,
                        Type::Named(_) | Type::Unknown => *self.underlying(el) == Type::Unknown,
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
        Val::owned(target)
    }

    /// Delve's `typeCastCompatibleTypes`, where it can be decided.
    fn compatible(&self, a: &Type, b: &Type) -> Option<bool> {
        let (ua, ub) = (self.underlying(a), self.underlying(b));
        if ua.has_unknown() || ub.has_unknown() {
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
            // unsafe.Pointer is `*void` to Delve: compatible with every pointer.
            (Type::Pointer(_), Type::Basic(Basic::UnsafePointer))
            | (Type::Basic(Basic::UnsafePointer), Type::Pointer(_)) => true,
            (Type::Pointer(x), Type::Pointer(y)) => return self.compatible(x, y),
            (Type::Slice(x), Type::Slice(y)) => x.to_string() == y.to_string(),
            // Delve compares a func type's list as the debug info has it:
            // the parameters, `...` after a variadic's, then the results
            // (`func(int, int)` converts to `func(int) int`).
            (Type::Func(x), Type::Func(y)) => flat_signature(x) == flat_signature(y),
            _ => false,
        })
    }

    pub(super) fn type_assert(&mut self, e: &Expr, base: &Expr, ty: Option<&Expr>) -> Val<'a> {
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
                self.assertion_hazard(e, base, &t);
                Val::owned(t)
            }
            TypeLookup::Unknown => Val::Unknown,
            TypeLookup::NotFound(d) => self.compile_error_with(d),
        }
    }

    pub(super) fn composite(&mut self, e: &Expr, ty: Option<&Expr>, elts: &[Expr]) -> Val<'a> {
        let Some(ty) = ty else { return Val::Unknown };
        match self.type_expr_quiet(ty.unparen()) {
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
                    Val::owned(t)
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

    fn type_expr(&mut self, e: &Expr) -> TypeLookup {
        let r = self.type_expr_quiet(e);
        if let TypeLookup::NotFound(d) = &r {
            self.compile_phase.push((d.span, d.code));
            self.diags.push(d.clone());
            return TypeLookup::Unknown;
        }
        r
    }

    /// Resolves a type expression the way Delve's `findTypeExpr` does: by
    /// the exact name the binary's debug info uses.
    pub(super) fn type_expr_quiet(&self, e: &Expr) -> TypeLookup {
        match &e.kind {
            // Delve strips the parentheses around a conversion's whole type
            // (the callers do too) and looks every other type up by its
            // spelling, which has none: `(*(int))(p)`, `x.((main.T))`.
            ExprKind::Paren(_) => TypeLookup::NotFound(Diagnostic::error(
                Code::Undefined,
                e.span,
                "Delve finds no type spelled with parentheses inside it; remove them",
            )),
            // The debug info names every type but the predeclared ones with
            // its package: an unqualified name is found only if it is one of
            // those (`byte`, `rune` and `any` are aliases it does not have).
            ExprKind::Ident(name) => {
                if let Some(b) = Basic::from_name(name) {
                    if let Some(real) = match name.as_str() {
                        "byte" => Some("uint8"),
                        "rune" => Some("int32"),
                        _ => None,
                    } {
                        let mut d = Diagnostic::error(
                            Code::Undefined,
                            e.span,
                            format!("Delve does not know the alias `{name}`; use `{real}`"),
                        );
                        d.fixes.push(Fix::replace(format!("use `{real}`"), e.span, real));
                        return TypeLookup::NotFound(d);
                    }
                    return TypeLookup::Found(Type::Basic(b));
                }
                if name == "error" {
                    return TypeLookup::Found(Type::error());
                }
                if name == "any" {
                    let mut d = Diagnostic::error(
                        Code::Undefined,
                        e.span,
                        "Delve does not know the alias `any`; use `interface {}`",
                    );
                    d.fixes.push(Fix::replace("use `interface {}`", e.span, "interface {}"));
                    return TypeLookup::NotFound(d);
                }
                if self.scope.package.has_type(name) {
                    let q = format!("{}.{name}", qualifier(&self.scope.package));
                    let mut d = Diagnostic::error(
                        Code::Undefined,
                        e.span,
                        format!("Delve needs the package-qualified type name `{q}`"),
                    );
                    d.fixes.push(Fix::replace(format!("use `{q}`"), e.span, q));
                    return TypeLookup::NotFound(d);
                }
                TypeLookup::NotFound(Diagnostic::error(
                    Code::Undefined,
                    e.span,
                    format!("Delve finds a type only by its package-qualified name, and `{name}` is not one"),
                ))
            }
            ExprKind::Selector { base, sel } => {
                let ExprKind::Ident(pkg_name) = &base.kind else { return TypeLookup::Unknown };
                if pkg_name == "unsafe" && sel.name == "Pointer" && self.lookup_ident(pkg_name).is_none() {
                    return TypeLookup::Found(Type::Basic(Basic::UnsafePointer));
                }
                let pkg = if *pkg_name == qualifier(&self.scope.package) {
                    Some(self.scope.package.clone())
                } else {
                    let found: Vec<&Package> = self.scope.packages_named(pkg_name).collect();
                    match found.as_slice() {
                        [p] => Some((*p).clone()),
                        _ => None,
                    }
                };
                let missing = |what: String| {
                    TypeLookup::NotFound(Diagnostic::error(
                        Code::Undefined,
                        e.span,
                        format!("{what} (Delve: no type entry found)"),
                    ))
                };
                let Some(pkg) = pkg else {
                    if self.lookup_ident(pkg_name).is_none() && !self.may_be_package(pkg_name) {
                        return missing(format!("no package `{pkg_name}` is linked into the program"));
                    }
                    return TypeLookup::Unknown;
                };
                if pkg.has_type(&sel.name) {
                    let n = named_in(&pkg, &sel.name);
                    if self.scope.named(&n).is_some() {
                        return TypeLookup::Found(Type::Named(n));
                    }
                } else if pkg.complete {
                    // With debug info, a type the linker dropped is missing too.
                    let whose = if self.scope.packages_complete { "the binary's package" } else { "package" };
                    return missing(format!("{whose} `{pkg_name}` has no type `{}`", sel.name));
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
            ExprKind::Index { base, indices } if indices.len() == 1 => self.instantiation(e, base, &indices[0]),
            ExprKind::BasicLit { kind: LitKind::String, raw } => self.quoted_type(e.span, raw),
            // Looked up by how Delve prints it: `interface {}` is a name the
            // debug info has.
            ExprKind::InterfaceType { elems } if elems.is_empty() => TypeLookup::Found(Type::Interface(Vec::new())),
            ExprKind::Star(inner) => match self.type_expr_quiet(inner) {
                TypeLookup::Found(t) => TypeLookup::Found(Type::pointer_to(t)),
                other => other,
            },
            ExprKind::ArrayType { len: None, elem } => match self.type_expr_quiet(elem) {
                TypeLookup::Found(t) => TypeLookup::Found(Type::slice_of(t)),
                other => other,
            },
            // Delve looks a map or channel type up by its spelling, which
            // the debug info never gives with an alias.
            ExprKind::MapType { .. } | ExprKind::ChanType { .. } => match alias_in(e) {
                Some((span, name, real)) => {
                    let mut d = Diagnostic::error(
                        Code::Undefined,
                        span,
                        format!("Delve looks this type up by its name, and the binary spells `{name}` as `{real}`"),
                    );
                    d.fixes.push(Fix::replace(format!("use `{real}`"), span, real));
                    TypeLookup::NotFound(d)
                }
                None => TypeLookup::Unknown,
            },
            _ => TypeLookup::Unknown,
        }
    }

    /// `("pkg.Name[A,B]")`: Delve looks the quoted name up verbatim among the
    /// binary's type names. Only a named type of a package the debug info
    /// lists completely can be called missing; every other spelling is
    /// accepted.
    fn quoted_type(&self, span: Span, raw: &str) -> TypeLookup {
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
        if !self.scope.packages_complete {
            // From sources, a type the sources declare under that very name
            // is the binary's or none: what fails for it fails either way.
            let n = Named::new(path.to_string(), type_name.to_string());
            if pkg.is_some_and(|p| p.has_type(type_name)) && self.scope.named(&n).is_some() {
                return TypeLookup::Found(Type::Named(n));
            }
            return self.quoted_by_package_name(span, &name, path, base);
        }
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
                    d.fixes.push(Fix::replace(format!("use {text}, as the binary spells it"), span, text));
                }
                TypeLookup::NotFound(d)
            }
            // No package has that path: the name is none of the binary's
            // (they are spelled with the package's path, `geo.T` never
            // names `example.com/m/geo.T`), unless the debug info has it
            // outside any package.
            None if !path.starts_with("go.")
                && !path.starts_with("noalg.")
                && !path.starts_with("map.")
                && !self.scope.types.contains_key(&name) =>
            {
                let mut d = Diagnostic::error(
                    Code::Undefined,
                    span,
                    format!("the binary has no type named `{name}` (Delve: no type entry found)"),
                );
                let paths: Vec<&str> = self.scope.packages_named(path).map(|p| p.path.as_str()).collect();
                if let [full] = paths.as_slice() {
                    let text = format!("{:?}", format!("{full}.{type_name}"));
                    d.message = format!("{}; Delve names types by their package's path", d.message);
                    d.fixes.push(Fix::replace(format!("use {text}"), span, text));
                }
                TypeLookup::NotFound(d)
            }
            _ => TypeLookup::Unknown,
        }
    }
}

impl<'a> Checker<'a> {
    /// `pkg.T[A]` as a type. Delve spells it with package paths
    /// (`main.Box[example.com/m/geo.Entry]`) and looks that name up; a type
    /// argument written as a type literal (`[]int`) it cannot spell at
    /// all. With debug info, an instantiation the binary does not have is
    /// missing; the spelling is checked only where it is certain.
    fn instantiation(&self, e: &Expr, base: &Expr, arg: &Expr) -> TypeLookup {
        if arg.unparen().is_type_literal() {
            // Delve first looks the text up as a type name: where the
            // package's path is its name (`main`), `main.Box[[]int]` is
            // exactly the binary's spelling and may be found (dlv 1.27.2
            // evaluates `(*main.Box[[]int])(p)`).
            let spelled_as_named = match &base.kind {
                ExprKind::Selector { base: b, .. } => match &b.kind {
                    ExprKind::Ident(p) => self.package_by_name(p).is_none_or(|pkg| pkg.path == pkg.name),
                    _ => true,
                },
                _ => false,
            };
            if spelled_as_named {
                return TypeLookup::Unknown;
            }
            let quoted = self.src(e.span).split_whitespace().collect::<String>();
            return TypeLookup::NotFound(Diagnostic::error(
                Code::Unsupported,
                arg.span,
                format!(
                    "Delve cannot look up a type whose type argument is a type literal; quote the name as the \
                     binary spells it: (\"{quoted}\")"
                ),
            ));
        }
        if let ExprKind::Ident(name) = &base.kind {
            // Unqualified, Delve never finds it.
            let mut d = Diagnostic::error(
                Code::Undefined,
                base.span,
                format!("Delve finds a type only by its package-qualified name, and `{name}` is not one"),
            );
            if self.scope.package.has_type(name) {
                let q = format!("{}.{name}", qualifier(&self.scope.package));
                d.message = format!("Delve needs the package-qualified type name `{q}`");
                d.fixes.push(Fix::replace(format!("use `{q}`"), base.span, q));
            }
            return TypeLookup::NotFound(d);
        }
        if !self.scope.packages_complete {
            return TypeLookup::Unknown;
        }
        let (pkg, name) = match &base.kind {
            ExprKind::Selector { base: b, sel } => match &b.kind {
                ExprKind::Ident(p) => (self.package_by_name(p), &sel.name),
                _ => return TypeLookup::Unknown,
            },
            _ => return TypeLookup::Unknown,
        };
        let (Some(pkg), Some(arg)) = (pkg, self.spelled_type_arg(arg)) else { return TypeLookup::Unknown };
        let inst = format!("{name}[{arg}]");
        if pkg.has_type(&inst) {
            let n = Named::new(pkg.path.clone(), inst);
            return if self.scope.named(&n).is_some() {
                TypeLookup::Found(Type::Named(n))
            } else {
                TypeLookup::Unknown
            };
        }
        if !pkg.complete {
            return TypeLookup::Unknown;
        }
        TypeLookup::NotFound(Diagnostic::error(
            Code::Undefined,
            e.span,
            format!("the binary has no type `{}.{inst}` (Delve: no type entry found)", pkg.path),
        ))
    }

    /// The one package called `name` (the current one first).
    fn package_by_name(&self, name: &str) -> Option<Package> {
        if name == self.scope.package.name {
            return Some(self.scope.package.clone());
        }
        let found: Vec<&Package> = self.scope.packages_named(name).collect();
        match found.as_slice() {
            [p] => Some((*p).clone()),
            _ => None,
        }
    }

    /// A type argument as Delve spells it to look the instantiation up,
    /// where that is certain: a predeclared name, `pkg.T` of one package,
    /// pointers to those.
    fn spelled_type_arg(&self, arg: &Expr) -> Option<String> {
        match &arg.unparen().kind {
            ExprKind::Ident(n) => Basic::from_name(n).map(|_| n.to_string()),
            ExprKind::Selector { base, sel } => match &base.kind {
                ExprKind::Ident(p) if self.lookup_ident(p).is_none() => {
                    self.package_by_name(p).map(|pkg| format!("{}.{}", pkg.path, sel.name))
                }
                _ => None,
            },
            ExprKind::Star(inner) => self.spelled_type_arg(inner).map(|t| format!("*{t}")),
            _ => None,
        }
    }

    /// From sources: `("geo.T")` where `geo` is the name of the one known
    /// package declaring `T`, whose path is longer (`example.com/m/geo`).
    /// The debug info spells the type with that path, so Delve never
    /// finds this name (a package whose path is `geo` itself declaring a
    /// `T` too would be needed).
    fn quoted_by_package_name(&self, span: Span, name: &str, path: &str, base: &str) -> TypeLookup {
        let is_path_elsewhere = self.scope.package.path == path || self.scope.imports.contains_key(path);
        let current = (self.scope.package.name == path).then_some(&self.scope.package);
        let others = self.scope.packages_named(path).filter(|p| p.path != self.scope.package.path);
        let named: Vec<&Package> = current.into_iter().chain(others).collect();
        match named.as_slice() {
            [p] if !is_path_elsewhere && p.path != path && p.path.contains('/') && p.has_type(base) => {
                let full = format!("{}{}", p.path, &name[path.len()..]);
                let text = format!("{full:?}");
                let mut d = Diagnostic::error(
                    Code::Undefined,
                    span,
                    format!("Delve names types by their package's path: `{name}` is `{full}`"),
                );
                d.fixes.push(Fix::replace(format!("use {text}"), span, text));
                TypeLookup::NotFound(d)
            }
            _ => TypeLookup::Unknown,
        }
    }
}

pub(super) enum TypeLookup {
    Found(Type),
    Unknown,
    NotFound(Diagnostic),
}

fn is_byte_or_rune(e: &Expr) -> bool {
    matches!(&e.kind, ExprKind::Ident(n) if n == "byte" || n == "rune")
}

/// A type whose name sources spell exactly as the debug info does: a named
/// type without type arguments, or the empty interface.
fn plainly_named(t: &Type) -> bool {
    match t {
        Type::Named(n) => !n.name.contains('['),
        Type::Interface(elems) => elems.is_empty(),
        _ => false,
    }
}

/// The first alias (`byte`, `rune`, `any`) a map or channel type spells,
/// with the name the debug info uses instead.
fn alias_in(e: &Expr) -> Option<(Span, &'static str, &'static str)> {
    match &e.kind {
        ExprKind::Ident(n) => match n.as_str() {
            "byte" => Some((e.span, "byte", "uint8")),
            "rune" => Some((e.span, "rune", "int32")),
            "any" => Some((e.span, "any", "interface {}")),
            _ => None,
        },
        ExprKind::Paren(inner) | ExprKind::Star(inner) => alias_in(inner),
        ExprKind::ArrayType { elem, .. } | ExprKind::ChanType { elem, .. } => alias_in(elem),
        ExprKind::MapType { key, value } => alias_in(key).or_else(|| alias_in(value)),
        _ => None,
    }
}

/// A func type's parameters, `...` after a variadic's, and results, each
/// spelled: the one list Delve compares in a conversion.
fn flat_signature(f: &FuncType) -> Vec<String> {
    let mut out: Vec<String> = f.params.iter().map(Type::to_string).collect();
    if f.variadic {
        out.push("...".to_string());
    }
    out.extend(f.results.iter().map(Type::to_string));
    out
}
