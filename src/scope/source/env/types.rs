//! Type expressions as the file spells them (`[]pkg.T`, `Box[int]`,
//! `struct{…}`), named types' declarations and their members, and the
//! universe's predeclared types.

use std::collections::HashMap;

use tree_sitter::Node;

use super::{Deeper, Generic, Members, TypeEnv, TypeRef, register_inst, subst_info};
use crate::expr::ast::ChanDir;
use crate::expr::types::{Basic, ConstValue, FuncType, Method, Named, NamedInfo, StructField, Type};
use crate::scope::source::files::ParsedFile;

impl<'a> TypeEnv<'a> {
    /// The type a type expression denotes.
    pub fn resolve_type(&self, n: Node) -> Type {
        let Some(_guard) = Deeper::enter(&self.depth) else { return Type::Unknown };
        match n.kind() {
            "type_identifier" | "identifier" => self.type_name(self.text(n)),
            "qualified_type" => {
                let (Some(p), Some(name)) = (n.child_by_field_name("package"), n.child_by_field_name("name")) else {
                    return Type::Unknown;
                };
                self.qualified_type(self.text(p), self.text(name))
            }
            "generic_type" => {
                let Some(base) = n.child_by_field_name("type") else { return Type::Unknown };
                let args = n.child_by_field_name("type_arguments").map(|a| self.type_list(a)).unwrap_or_default();
                self.instantiate(base, args)
            }
            "pointer_type" => n.named_child(0).map_or(Type::Unknown, |t| Type::pointer_to(self.resolve_type(t))),
            "slice_type" => {
                n.child_by_field_name("element").map_or(Type::Unknown, |t| Type::slice_of(self.resolve_type(t)))
            }
            "array_type" => {
                let Some(elem) = n.child_by_field_name("element") else { return Type::Unknown };
                let len = n.child_by_field_name("length").and_then(|l| match self.eval_const(l)?.value? {
                    ConstValue::Int(i) => u64::try_from(i).ok(),
                    _ => None,
                });
                Type::Array(len, Box::new(self.resolve_type(elem)))
            }
            "map_type" => match (n.child_by_field_name("key"), n.child_by_field_name("value")) {
                (Some(k), Some(v)) => Type::map_of(self.resolve_type(k), self.resolve_type(v)),
                _ => Type::Unknown,
            },
            "channel_type" => {
                let Some(v) = n.child_by_field_name("value") else { return Type::Unknown };
                let mut c = n.walk();
                let toks: Vec<&str> = n.children(&mut c).filter(|ch| !ch.is_named()).map(|ch| ch.kind()).collect();
                let dir = match toks.as_slice() {
                    ["<-", "chan", ..] => ChanDir::Recv,
                    ["chan", "<-", ..] => ChanDir::Send,
                    _ => ChanDir::Both,
                };
                Type::Chan(dir, Box::new(self.resolve_type(v)))
            }
            "function_type" => Type::Func(Box::new(self.signature(n))),
            "struct_type" => self.struct_type(n),
            "interface_type" => Type::Interface(self.interface_methods(n)),
            "parenthesized_type" | "type_elem" | "type_constraint" | "parenthesized_expression" => {
                if n.named_child_count() == 1 {
                    n.named_child(0).map_or(Type::Unknown, |t| self.resolve_type(t))
                } else {
                    Type::Unknown
                }
            }
            // `*T` written in expression position, e.g. `new(*T)`.
            "unary_expression" if n.child_by_field_name("operator").is_some_and(|o| self.text(o) == "*") => {
                n.child_by_field_name("operand").map_or(Type::Unknown, |t| Type::pointer_to(self.resolve_type(t)))
            }
            "selector_expression" => match (n.child_by_field_name("operand"), n.child_by_field_name("field")) {
                (Some(p), Some(f)) if p.kind() == "identifier" => self.qualified_type(self.text(p), self.text(f)),
                _ => Type::Unknown,
            },
            "type_instantiation_expression" => {
                // `Pair[string, int]` in expression position.
                let Some(base) = n.child_by_field_name("type") else { return Type::Unknown };
                let mut c = n.walk();
                let args: Vec<Type> = n
                    .named_children(&mut c)
                    .filter(|a| a.id() != base.id() && a.kind() != "comment")
                    .map(|a| self.resolve_type(a))
                    .collect();
                self.instantiate(base, args)
            }
            "index_expression" => {
                // `Box[int]` in expression position.
                let (Some(base), Some(idx)) = (n.child_by_field_name("operand"), n.child_by_field_name("index")) else {
                    return Type::Unknown;
                };
                self.instantiate(base, vec![self.resolve_type(idx)])
            }
            // `[...]T` is only a composite literal's type, which `infer`
            // counts itself.
            _ => Type::Unknown,
        }
    }

    pub(super) fn type_list(&self, n: Node) -> Vec<Type> {
        let mut c = n.walk();
        n.named_children(&mut c).filter(|ch| ch.kind() != "comment").map(|t| self.resolve_type(t)).collect()
    }

    pub fn type_name(&self, name: &str) -> Type {
        if self.is_type_param(name) {
            return Type::TypeParam(name.to_string());
        }
        if self.is_local_type(name) {
            return Type::Unknown;
        }
        match self.members.names.get(name) {
            Some(TypeRef::Alias(t)) => return t.clone(),
            Some(TypeRef::Defined(0)) => return Type::named(self.pkg_path, name),
            Some(TypeRef::Defined(_)) => return Type::Unknown,
            None => {}
        }
        universe_type(name).unwrap_or(Type::Unknown)
    }

    pub(super) fn qualified_type(&self, pkg: &str, name: &str) -> Type {
        if pkg == "unsafe" && name == "Pointer" && !self.is_value("unsafe") {
            return Type::Basic(Basic::UnsafePointer);
        }
        let Some(path) = self.package_of_ident(pkg) else { return Type::Unknown };
        if path == "C" {
            return Type::Unknown;
        }
        match self.loaded.get(path) {
            Some(p) => match p.members.names.get(name) {
                Some(TypeRef::Alias(t)) => t.clone(),
                Some(TypeRef::Defined(0)) => Type::named(&p.path, name),
                _ => Type::Unknown,
            },
            None => Type::named(path, name),
        }
    }

    /// `Base[args]`: a named type whose name carries its arguments as Delve
    /// prints them (`Box[int]`, `Pair[string,main.Item]`).
    pub(super) fn instantiate(&self, base: Node, args: Vec<Type>) -> Type {
        if args.is_empty() {
            return Type::Unknown;
        }
        let (pkg_path, name) = match base.kind() {
            "type_identifier" | "identifier" => {
                let name = self.text(base);
                if self.is_local_type(name) || self.is_type_param(name) {
                    return Type::Unknown;
                }
                match self.members.names.get(name) {
                    Some(TypeRef::Defined(n)) if *n == args.len() => {
                        if self.uses.is_some() {
                            self.record(Generic::Type(name.to_string()), args.clone(), base.start_byte());
                        }
                        (self.pkg_path.to_string(), name)
                    }
                    _ => return Type::Unknown,
                }
            }
            "qualified_type" | "selector_expression" => {
                let (p, f) = match base.kind() {
                    "qualified_type" => (base.child_by_field_name("package"), base.child_by_field_name("name")),
                    _ => (base.child_by_field_name("operand"), base.child_by_field_name("field")),
                };
                let (Some(p), Some(f)) = (p, f) else { return Type::Unknown };
                let Some(path) = self.package_of_ident(self.text(p)) else { return Type::Unknown };
                if let Some(pkg) = self.loaded.get(path) {
                    if !matches!(pkg.members.names.get(self.text(f)), Some(TypeRef::Defined(n)) if *n == args.len()) {
                        return Type::Unknown;
                    }
                }
                (path.to_string(), self.text(f))
            }
            _ => return Type::Unknown,
        };
        if args.iter().any(|a| matches!(a, Type::Unknown)) {
            return Type::Unknown;
        }
        Type::Named(register_inst(&mut self.insts.borrow_mut(), &pkg_path, name, args))
    }

    pub fn signature(&self, n: Node) -> FuncType {
        let mut sig = FuncType { params: Vec::new(), results: Vec::new(), variadic: false };
        if let Some(p) = n.child_by_field_name("parameters") {
            sig.variadic = self.params_into(p, &mut sig.params);
        }
        if let Some(r) = n.child_by_field_name("result") {
            if r.kind() == "parameter_list" {
                self.params_into(r, &mut sig.results);
            } else {
                sig.results.push(self.resolve_type(r));
            }
        }
        sig
    }

    /// Appends one type per declared parameter; true when variadic.
    pub(super) fn params_into(&self, list: Node, out: &mut Vec<Type>) -> bool {
        let mut variadic = false;
        let mut c = list.walk();
        for p in list.named_children(&mut c) {
            let Some(t) = p.child_by_field_name("type") else { continue };
            let ty = self.resolve_type(t);
            match p.kind() {
                "parameter_declaration" => {
                    let mut c2 = p.walk();
                    let names = p.children_by_field_name("name", &mut c2).count().max(1);
                    out.extend(std::iter::repeat_n(ty, names));
                }
                "variadic_parameter_declaration" => {
                    variadic = true;
                    out.push(Type::slice_of(ty));
                }
                _ => {}
            }
        }
        variadic
    }

    pub(super) fn struct_type(&self, n: Node) -> Type {
        let mut fields = Vec::new();
        let Some(list) = n.named_child(0) else { return Type::Struct(fields) };
        let mut c = list.walk();
        for fd in list.named_children(&mut c).filter(|f| f.kind() == "field_declaration") {
            let Some(tn) = fd.child_by_field_name("type") else { continue };
            let ty = self.resolve_type(tn);
            let mut c2 = fd.walk();
            let names: Vec<String> =
                fd.children_by_field_name("name", &mut c2).map(|x| self.text(x).to_string()).collect();
            if names.is_empty() {
                let mut c3 = fd.walk();
                let star = fd.children(&mut c3).any(|ch| ch.kind() == "*");
                let name = embedded_name(self.file, tn);
                let ty = if star { Type::pointer_to(ty) } else { ty };
                fields.push(StructField { name, ty, embedded: true });
            } else {
                fields.extend(names.into_iter().map(|name| StructField { name, ty: ty.clone(), embedded: false }));
            }
        }
        Type::Struct(fields)
    }

    pub(super) fn interface_methods(&self, n: Node) -> Vec<String> {
        let mut out = Vec::new();
        let mut c = n.walk();
        for el in n.named_children(&mut c) {
            match el.kind() {
                "method_elem" => {
                    if let Some(name) = el.child_by_field_name("name") {
                        out.push(self.text(name).to_string());
                    }
                }
                "type_elem" if el.named_child_count() == 1 => {
                    if let Some(Type::Named(nm)) = el.named_child(0).map(|t| self.resolve_type(t)) {
                        out.extend(self.named_iface_methods(&nm));
                    }
                }
                _ => {}
            }
        }
        out.sort();
        out.dedup();
        out
    }

    pub(super) fn named_iface_methods(&self, n: &Named) -> Vec<String> {
        if n.pkg_path.is_empty() {
            return if n.name == "error" { vec!["Error".to_string()] } else { Vec::new() };
        }
        let members = if n.pkg_path == self.pkg_path {
            Some(self.members)
        } else {
            self.loaded.get(&n.pkg_path).map(|p| &p.members)
        };
        members.and_then(|m| m.iface_methods.get(&n.name)).cloned().unwrap_or_default()
    }

    // ---- named types ---------------------------------------------------

    /// Declaration of a named type, with type arguments substituted for an
    /// instantiation.
    pub fn named_info(&self, n: &Named) -> Option<NamedInfo> {
        if n.pkg_path.is_empty() {
            return universe_info(&n.name);
        }
        let members = self.members_of(&n.pkg_path)?;
        let declared = |base: &str| {
            let d = members.types.get(base);
            if d.is_none() && n.pkg_path == self.pkg_path {
                self.own_type_missing.set(true);
            }
            d
        };
        if !n.name.contains('[') {
            return declared(&n.name).map(|d| d.info.clone());
        }
        let key = n.qualified();
        let inst = self
            .insts
            .borrow()
            .get(&key)
            .cloned()
            .or_else(|| members.insts.get(&key).cloned())
            .or_else(|| (n.pkg_path != self.pkg_path).then(|| self.members.insts.get(&key).cloned()).flatten())?;
        let decl = declared(&inst.base)?;
        let map: HashMap<&str, &Type> = decl.params.iter().map(String::as_str).zip(inst.args.iter()).collect();
        let mut insts = self.insts.borrow_mut();
        Some(subst_info(&decl.info, &map, &mut insts))
    }

    pub(super) fn members_of(&self, pkg_path: &str) -> Option<&Members> {
        if pkg_path == self.pkg_path { Some(self.members) } else { self.loaded.get(pkg_path).map(|p| &p.members) }
    }

    /// The underlying type (a named type's declaration, followed).
    pub fn underlying(&self, t: &Type) -> Type {
        let mut t = t.clone();
        for _ in 0..8 {
            match &t {
                Type::Named(n) => match self.named_info(n) {
                    Some(info) => t = info.underlying,
                    None => return Type::Unknown,
                },
                _ => return t,
            }
        }
        Type::Unknown
    }

    /// `x.name` for a value of type `t`: a field (promoted ones included)
    /// or a method value.
    pub fn member(&self, t: &Type, name: &str) -> Type {
        self.member_depth(t, name, 0)
    }

    pub(super) fn member_depth(&self, t: &Type, name: &str, depth: u32) -> Type {
        if depth > 4 {
            return Type::Unknown;
        }
        let t = match t {
            Type::Pointer(inner) => inner.as_ref(),
            t => t,
        };
        let (info, underlying) = match t {
            Type::Named(n) => match self.named_info(n) {
                Some(info) => {
                    let u = match &info.underlying {
                        Type::Named(_) => self.underlying(&info.underlying),
                        u => u.clone(),
                    };
                    (Some(info), u)
                }
                None => return Type::Unknown,
            },
            t => (None, t.clone()),
        };
        if let Some(m) = info.as_ref().and_then(|i| i.methods.iter().find(|m| m.name == name)) {
            return m.sig.clone();
        }
        match underlying {
            Type::Struct(fields) => {
                if let Some(f) = fields.iter().find(|f| f.name == name) {
                    return f.ty.clone();
                }
                let mut found = Vec::new();
                for f in fields.iter().filter(|f| f.embedded) {
                    match self.member_depth(&f.ty, name, depth + 1) {
                        Type::Unknown if self.underlying(&f.ty).is_unknown() => return Type::Unknown,
                        Type::Unknown => {}
                        t => found.push(t),
                    }
                }
                if found.len() == 1 { found.pop().unwrap_or(Type::Unknown) } else { Type::Unknown }
            }
            _ => Type::Unknown,
        }
    }

    /// The element type of ranging, indexing or receiving.
    pub fn elem(&self, t: &Type) -> Option<Type> {
        match self.underlying(t) {
            Type::Slice(e) | Type::Array(_, e) | Type::Chan(_, e) | Type::Map(_, e) => Some(*e),
            Type::Pointer(p) => match self.underlying(&p) {
                Type::Array(_, e) => Some(*e),
                _ => None,
            },
            Type::Basic(Basic::String) => Some(Type::Basic(Basic::Uint8)),
            _ => None,
        }
    }

    /// Whether an expression-position node names a type (`T`, `pkg.T`).
    /// Type nodes (`[]T`, `Box[int]`) are never in expression position in
    /// tree-sitter-go: a conversion to one is a node of its own.
    pub fn is_type_expr(&self, n: Node) -> bool {
        match n.kind() {
            "identifier" | "type_identifier" => {
                let name = self.text(n);
                if self.lookup_local(name).is_some() {
                    return false;
                }
                if self.is_local_type(name) || self.is_type_param(name) || self.members.names.contains_key(name) {
                    return true;
                }
                !self.is_value(name) && universe_type(name).is_some()
            }
            "selector_expression" => {
                let (Some(p), Some(f)) = (n.child_by_field_name("operand"), n.child_by_field_name("field")) else {
                    return false;
                };
                if p.kind() != "identifier" {
                    return false;
                }
                let Some(path) = self.package_of_ident(self.text(p)) else { return false };
                match self.loaded.get(path) {
                    Some(pkg) => pkg.members.names.contains_key(self.text(f)),
                    None => false,
                }
            }
            "parenthesized_expression" => n.named_child(0).is_some_and(|c| self.is_type_expr(c)),
            "unary_expression" => {
                n.child_by_field_name("operator").is_some_and(|o| self.text(o) == "*")
                    && n.child_by_field_name("operand").is_some_and(|c| self.is_type_expr(c))
            }
            "index_expression" => n.child_by_field_name("operand").is_some_and(|c| self.is_type_expr(c)),
            _ => false,
        }
    }
}

/// The name of an embedded field: its type's name without package or
/// type arguments (an embedded pointer's `*` is the field's own token).
fn embedded_name(file: &ParsedFile, t: Node) -> String {
    match t.kind() {
        "qualified_type" => t.child_by_field_name("name").map(|n| file.node_text(n).to_string()).unwrap_or_default(),
        "generic_type" => t.child_by_field_name("type").map(|n| embedded_name(file, n)).unwrap_or_default(),
        _ => file.node_text(t).to_string(),
    }
}

pub(crate) fn universe_type(name: &str) -> Option<Type> {
    if let Some(b) = Basic::from_name(name) {
        return Some(Type::Basic(b));
    }
    match name {
        "error" => Some(Type::error()),
        "any" => Some(Type::Interface(Vec::new())),
        "comparable" => Some(Type::named("", "comparable")),
        _ => None,
    }
}

/// `error` and `comparable`, the predeclared named types.
pub(crate) fn universe_info(name: &str) -> Option<NamedInfo> {
    match name {
        "error" => Some(NamedInfo {
            underlying: Type::Interface(vec!["Error".to_string()]),
            methods: vec![Method {
                name: "Error".to_string(),
                pointer_receiver: false,
                sig: Type::Func(Box::new(FuncType {
                    params: Vec::new(),
                    results: vec![Type::Basic(Basic::String)],
                    variadic: false,
                })),
            }],
        }),
        "comparable" => Some(NamedInfo { underlying: Type::Interface(Vec::new()), methods: Vec::new() }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::scope::source::build::tests::main_package;

    #[test]
    fn unsafe_pointer_is_the_basic_type() {
        // Another package's `Pointer` and a named type of package `unsafe`
        // would print alike: the type itself is compared.
        let (_, m) = main_package(
            "package main\nimport (\n\t\"unsafe\"\n\t\"example.com/lib\"\n)\nvar up unsafe.Pointer\nvar lp lib.Pointer\n",
        );
        expect![[r#"
            (
                Basic(
                    UnsafePointer,
                ),
                Named(
                    Named {
                        pkg_path: "example.com/lib",
                        name: "Pointer",
                    },
                ),
            )
        "#]]
        .assert_debug_eq(&(&m.vars["up"].0, &m.vars["lp"].0));
    }
}
