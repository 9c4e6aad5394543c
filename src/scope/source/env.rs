//! Names in scope while reading one Go file: the package's members, the
//! file's imports, the locals of the function being walked. Resolves type
//! expressions, folds constants and infers the types of simple expressions.
//! Whatever it cannot decide is `Type::Unknown`, never a guess.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use tree_sitter::Node;

use super::consts::{self, ConstVal};
use super::files::ParsedFile;
use crate::expr::ast::ChanDir;
use crate::expr::literal;
use crate::expr::types::{Basic, ConstValue, FuncType, Method, Named, NamedInfo, StructField, Type, Untyped};
use crate::workspace::guess_package_name;

/// What a type name at package level stands for.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum TypeRef {
    /// A defined type with this many type parameters.
    Defined(usize),
    Alias(Type),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TypeDecl {
    pub params: Vec<String>,
    pub info: NamedInfo,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FuncDecl {
    pub sig: FuncType,
    pub line: u32,
    /// Generic functions have no symbol of their own in the binary (only
    /// their instantiations), so Delve cannot name them.
    pub generic: bool,
    /// The type parameters of a generic function, in order.
    pub type_params: Vec<String>,
    /// Each type parameter's core type, where its constraint is a single
    /// type literal (`S ~[]E` → `[]E`), and whether it has a tilde.
    pub cores: Vec<Option<(Type, bool)>>,
    /// Some other constraint mentions a type parameter: Go may infer from
    /// it before untyped constants take their default type, which this
    /// resolver cannot follow.
    pub constraints_link_params: bool,
}

/// A generic function or type of the package being read.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Generic {
    Func(String),
    Type(String),
}

/// One place the package instantiates one of its generic functions or
/// types: the type arguments (`Unknown` where not known, type parameters
/// of the enclosing generic code where written in its terms) and the byte
/// offset of the name.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Use {
    pub of: Generic,
    pub args: Vec<Type>,
    pub at: usize,
}

/// A call's callee when it is a generic function.
pub(crate) struct GenericCallee<'a> {
    pub decl: &'a FuncDecl,
    /// The declaring package's import path.
    pub pkg_path: &'a str,
    /// Type arguments written out (`F[int]`), the first ones.
    pub explicit: Vec<Type>,
    /// The name and its byte offset, for a function of this package.
    pub own: Option<(String, usize)>,
}

/// A use of a generic type with its type arguments (`main.Box[int]`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Inst {
    pub pkg_path: String,
    pub base: String,
    pub args: Vec<Type>,
}

/// The package-level declarations of one package, resolved.
#[derive(Debug, Default)]
pub(crate) struct Members {
    pub names: HashMap<String, TypeRef>,
    pub types: BTreeMap<String, TypeDecl>,
    /// Method names of interface types declared here, embedded ones included.
    pub iface_methods: HashMap<String, Vec<String>>,
    pub consts: BTreeMap<String, (ConstVal, u32)>,
    pub vars: BTreeMap<String, (Type, u32)>,
    pub funcs: BTreeMap<String, FuncDecl>,
    pub insts: BTreeMap<String, Inst>,
}

/// A loaded package as other packages see it.
#[derive(Debug)]
pub(crate) struct PkgInfo {
    pub name: String,
    pub path: String,
    pub complete: bool,
    pub files: Vec<Arc<ParsedFile>>,
    pub members: Members,
}

/// A local binding in a function being walked.
#[derive(Debug, Clone)]
pub(crate) struct Local {
    pub ty: Type,
    pub konst: Option<ConstVal>,
    /// Index into the walker's declaration list.
    pub decl: usize,
}

#[derive(Debug, Default)]
pub(crate) struct Frame {
    pub vars: HashMap<String, Local>,
    /// Types declared in this block: they shadow package types, and their
    /// debug-info names are compiler-made, so their values are `Unknown`.
    pub types: Vec<String>,
    pub type_params: Vec<String>,
    /// The frame of a function's parameters (a function boundary).
    pub func: bool,
    /// Whether the block contains the stop line.
    pub encloses: bool,
}

pub(crate) struct Env<'a> {
    pub file: &'a ParsedFile,
    pub pkg_path: &'a str,
    pub members: &'a Members,
    /// Import name in this file → import path.
    pub imports: HashMap<String, String>,
    /// Packages loaded so far, by import path.
    pub loaded: &'a HashMap<String, Arc<PkgInfo>>,
    pub insts: RefCell<BTreeMap<String, Inst>>,
    /// Instantiations of this package's generics, recorded while scanning
    /// the package for them (`None` otherwise).
    pub uses: Option<RefCell<Vec<Use>>>,
    pub frames: Vec<Frame>,
    /// `iota` while evaluating a constant specification.
    pub iota: Option<i128>,
    /// Recursion depth of `resolve_type` / `eval_const` / `infer`, bounded
    /// so that generated code with deeply nested expressions cannot
    /// overflow the stack.
    depth: std::cell::Cell<u32>,
}

/// Deeper expressions are `Unknown`.
const MAX_DEPTH: u32 = 100;

/// Counts one level of recursion in `env`; `None` past [`MAX_DEPTH`].
struct Deeper<'e>(&'e std::cell::Cell<u32>);

impl<'e> Deeper<'e> {
    fn enter(c: &'e std::cell::Cell<u32>) -> Option<Deeper<'e>> {
        if c.get() >= MAX_DEPTH {
            return None;
        }
        c.set(c.get() + 1);
        Some(Deeper(c))
    }
}

impl Drop for Deeper<'_> {
    fn drop(&mut self) {
        self.0.set(self.0.get() - 1);
    }
}

/// The name under which `imp` is visible in a file.
pub(crate) fn import_name(imp: &super::files::Import, loaded: &HashMap<String, Arc<PkgInfo>>) -> Option<String> {
    match imp.name.as_deref() {
        Some("_") | Some(".") => None,
        Some(n) => Some(n.to_string()),
        None => Some(match loaded.get(&imp.path) {
            Some(p) if !p.name.is_empty() => p.name.clone(),
            _ => guess_package_name(&imp.path),
        }),
    }
}

impl<'a> Env<'a> {
    pub fn new(
        file: &'a ParsedFile,
        pkg_path: &'a str,
        members: &'a Members,
        loaded: &'a HashMap<String, Arc<PkgInfo>>,
    ) -> Env<'a> {
        let imports = file
            .imports
            .iter()
            .filter_map(|i| Some((import_name(i, loaded)?, i.path.clone())))
            .collect::<HashMap<_, _>>();
        Env {
            file,
            pkg_path,
            members,
            imports,
            loaded,
            insts: RefCell::default(),
            uses: None,
            frames: Vec::new(),
            iota: None,
            depth: std::cell::Cell::new(0),
        }
    }

    pub fn text(&self, n: Node) -> &'a str {
        self.file.node_text(n)
    }

    pub fn lookup_local(&self, name: &str) -> Option<(usize, &Local)> {
        self.frames.iter().enumerate().rev().find_map(|(i, f)| f.vars.get(name).map(|l| (i, l)))
    }

    /// Whether `name` is a value (local or package-level), which hides an
    /// import of the same name.
    fn is_value(&self, name: &str) -> bool {
        self.lookup_local(name).is_some()
            || self.members.vars.contains_key(name)
            || self.members.consts.contains_key(name)
            || self.members.funcs.contains_key(name)
    }

    pub fn record(&self, of: Generic, args: Vec<Type>, at: usize) {
        if let Some(uses) = &self.uses {
            uses.borrow_mut().push(Use { of, args, at });
        }
    }

    fn is_type_param(&self, name: &str) -> bool {
        self.frames.iter().rev().any(|f| f.type_params.iter().any(|t| t == name))
    }

    fn is_local_type(&self, name: &str) -> bool {
        self.frames.iter().rev().any(|f| f.types.iter().any(|t| t == name))
    }

    fn package_of_ident(&self, name: &str) -> Option<&str> {
        if self.is_value(name) || self.is_local_type(name) {
            return None;
        }
        self.imports.get(name).map(String::as_str)
    }

    // ---- types -------------------------------------------------------

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
            "implicit_length_array_type" => n
                .child_by_field_name("element")
                .map_or(Type::Unknown, |t| Type::Array(None, Box::new(self.resolve_type(t)))),
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
            _ => Type::Unknown,
        }
    }

    fn type_list(&self, n: Node) -> Vec<Type> {
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

    fn qualified_type(&self, pkg: &str, name: &str) -> Type {
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
    fn instantiate(&self, base: Node, args: Vec<Type>) -> Type {
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
    fn params_into(&self, list: Node, out: &mut Vec<Type>) -> bool {
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

    fn struct_type(&self, n: Node) -> Type {
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

    fn interface_methods(&self, n: Node) -> Vec<String> {
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

    fn named_iface_methods(&self, n: &Named) -> Vec<String> {
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
        if !n.name.contains('[') {
            return members.types.get(&n.name).map(|d| d.info.clone());
        }
        let key = n.qualified();
        let inst = self
            .insts
            .borrow()
            .get(&key)
            .cloned()
            .or_else(|| members.insts.get(&key).cloned())
            .or_else(|| (n.pkg_path != self.pkg_path).then(|| self.members.insts.get(&key).cloned()).flatten())?;
        let decl = members.types.get(&inst.base)?;
        let map: HashMap<&str, &Type> = decl.params.iter().map(String::as_str).zip(inst.args.iter()).collect();
        let mut insts = self.insts.borrow_mut();
        Some(subst_info(&decl.info, &map, &mut insts))
    }

    fn members_of(&self, pkg_path: &str) -> Option<&Members> {
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

    fn member_depth(&self, t: &Type, name: &str, depth: u32) -> Type {
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

    // ---- constants -----------------------------------------------------

    pub fn eval_const(&self, n: Node) -> Option<ConstVal> {
        let _guard = Deeper::enter(&self.depth)?;
        match n.kind() {
            "int_literal" => Some(ConstVal::untyped(Untyped::Int, literal::int(self.text(n)).map(ConstValue::Int))),
            "float_literal" => {
                Some(ConstVal::untyped(Untyped::Float, literal::float(self.text(n)).map(ConstValue::Float)))
            }
            "imaginary_literal" => Some(ConstVal::untyped(Untyped::Complex, None)),
            "rune_literal" => {
                Some(ConstVal::untyped(Untyped::Rune, literal::rune(self.text(n)).map(|r| ConstValue::Int(r.into()))))
            }
            "interpreted_string_literal" | "raw_string_literal" => {
                Some(ConstVal::untyped(Untyped::String, literal::string(self.text(n)).map(ConstValue::String)))
            }
            "true" | "false" => Some(ConstVal::untyped(Untyped::Bool, Some(ConstValue::Bool(n.kind() == "true")))),
            "iota" => self.iota.map(|i| ConstVal::untyped(Untyped::Int, Some(ConstValue::Int(i)))),
            "identifier" => {
                let name = self.text(n);
                if let Some((_, l)) = self.lookup_local(name) {
                    return l.konst.clone();
                }
                self.members.consts.get(name).map(|(c, _)| c.clone())
            }
            "parenthesized_expression" => self.eval_const(n.named_child(0)?),
            "unary_expression" => {
                let op = self.text(n.child_by_field_name("operator")?);
                consts::unary(op, &self.eval_const(n.child_by_field_name("operand")?)?)
            }
            "binary_expression" => {
                let op = self.text(n.child_by_field_name("operator")?);
                let a = self.eval_const(n.child_by_field_name("left")?)?;
                let b = self.eval_const(n.child_by_field_name("right")?)?;
                consts::binary(op, &a, &b)
            }
            "selector_expression" => {
                let p = n.child_by_field_name("operand")?;
                if p.kind() != "identifier" {
                    return None;
                }
                let path = self.package_of_ident(self.text(p))?;
                let pkg = self.loaded.get(path)?;
                pkg.members.consts.get(self.text(n.child_by_field_name("field")?)).map(|(c, _)| c.clone())
            }
            "call_expression" => {
                let f = n.child_by_field_name("function")?;
                let args = n.child_by_field_name("arguments")?;
                if args.named_child_count() != 1 {
                    return None;
                }
                let arg = args.named_child(0)?;
                if f.kind() == "identifier" && self.text(f) == "len" && !self.is_value("len") {
                    let c = self.eval_const(arg)?;
                    return match c.value? {
                        ConstValue::String(s) => Some(ConstVal {
                            ty: Type::Basic(Basic::Int),
                            value: Some(ConstValue::Int(s.len() as i128)),
                        }),
                        _ => None,
                    };
                }
                if !self.is_type_expr(f) {
                    return None;
                }
                let ty = self.resolve_type(f);
                if ty.is_unknown() {
                    return None;
                }
                let c = self.eval_const(arg)?;
                let basic = match self.underlying(&ty) {
                    Type::Basic(b) => Some(b),
                    _ => None,
                };
                Some(consts::convert(&c, ty, basic))
            }
            "type_conversion_expression" => {
                let ty = self.resolve_type(n.child_by_field_name("type")?);
                let c = self.eval_const(n.child_by_field_name("operand")?)?;
                let basic = match self.underlying(&ty) {
                    Type::Basic(b) => Some(b),
                    _ => None,
                };
                Some(consts::convert(&c, ty, basic))
            }
            _ => None,
        }
    }

    /// Whether an expression-position node names a type (`T`, `pkg.T`).
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
            "generic_type" | "qualified_type" | "pointer_type" | "slice_type" | "array_type" | "map_type"
            | "channel_type" | "function_type" | "struct_type" | "interface_type" | "parenthesized_type" => true,
            "index_expression" => n.child_by_field_name("operand").is_some_and(|c| self.is_type_expr(c)),
            _ => false,
        }
    }

    // ---- expressions ---------------------------------------------------

    /// The type of a single-valued expression, with untyped constants kept
    /// untyped (the caller applies the default type where Go would).
    pub fn infer(&self, n: Node) -> Type {
        let Some(_guard) = Deeper::enter(&self.depth) else { return Type::Unknown };
        match n.kind() {
            "int_literal" => Type::Untyped(Untyped::Int),
            "float_literal" => Type::Untyped(Untyped::Float),
            "imaginary_literal" => Type::Untyped(Untyped::Complex),
            "rune_literal" => Type::Untyped(Untyped::Rune),
            "interpreted_string_literal" | "raw_string_literal" => Type::Untyped(Untyped::String),
            "true" | "false" => Type::Untyped(Untyped::Bool),
            "nil" => Type::Untyped(Untyped::Nil),
            "iota" => Type::Untyped(Untyped::Int),
            "identifier" => self.value_type(self.text(n)),
            "parenthesized_expression" => n.named_child(0).map_or(Type::Unknown, |c| self.infer(c)),
            "composite_literal" => match n.child_by_field_name("type") {
                Some(t) if t.kind() == "implicit_length_array_type" => {
                    let elem = t.child_by_field_name("element").map_or(Type::Unknown, |e| self.resolve_type(e));
                    let len = n.child_by_field_name("body").and_then(|b| {
                        let mut c = b.walk();
                        let elems: Vec<Node> = b.named_children(&mut c).filter(|e| e.kind() != "comment").collect();
                        elems.iter().all(|e| e.kind() == "literal_element").then_some(elems.len() as u64)
                    });
                    Type::Array(len, Box::new(elem))
                }
                Some(t) => self.resolve_type(t),
                None => Type::Unknown,
            },
            "func_literal" => Type::Func(Box::new(self.signature(n))),
            "unary_expression" => {
                let (Some(op), Some(x)) = (n.child_by_field_name("operator"), n.child_by_field_name("operand")) else {
                    return Type::Unknown;
                };
                match self.text(op) {
                    "&" => match self.infer(x) {
                        Type::Untyped(_) => Type::Unknown,
                        t => Type::pointer_to(t),
                    },
                    "*" => match self.underlying(&self.infer(x)) {
                        Type::Pointer(p) => *p,
                        _ => Type::Unknown,
                    },
                    "<-" => match self.underlying(&self.infer(x)) {
                        Type::Chan(_, e) => *e,
                        _ => Type::Unknown,
                    },
                    "!" | "-" | "+" | "^" => self.infer(x),
                    _ => Type::Unknown,
                }
            }
            "binary_expression" => {
                let (Some(op), Some(a), Some(b)) =
                    (n.child_by_field_name("operator"), n.child_by_field_name("left"), n.child_by_field_name("right"))
                else {
                    return Type::Unknown;
                };
                let op = self.text(op);
                if consts::is_comparison(op) {
                    return Type::Untyped(Untyped::Bool);
                }
                let (ta, tb) = (self.infer(a), self.infer(b));
                if op == "<<" || op == ">>" {
                    // An untyped left operand takes its type from the context.
                    return match ta {
                        Type::Untyped(_) if self.eval_const(n).is_some() => ta,
                        Type::Untyped(_) => Type::Unknown,
                        t => t,
                    };
                }
                if ta.is_unknown() || tb.is_unknown() {
                    return Type::Unknown;
                }
                consts::arith_type(&ta, &tb)
            }
            "call_expression" => {
                let r = self.call_results(n);
                if r.len() == 1 { r.into_iter().next().unwrap_or(Type::Unknown) } else { Type::Unknown }
            }
            "type_conversion_expression" => {
                let Some(t) = n.child_by_field_name("type") else { return Type::Unknown };
                // `F[int](x)` parses as a conversion.
                if let Some(callee) = self.generic_callee(t) {
                    let args: Vec<Node> = n.child_by_field_name("operand").into_iter().collect();
                    let r = self.generic_call(&callee, &callee.explicit, &args).1;
                    return if r.len() == 1 { r.into_iter().next().unwrap_or(Type::Unknown) } else { Type::Unknown };
                }
                self.resolve_type(t)
            }
            "index_expression" | "type_instantiation_expression" if self.generic_callee(n).is_some() => {
                // `F[int]`: the instantiated function as a value.
                let Some(callee) = self.generic_callee(n) else { return Type::Unknown };
                if callee.explicit.len() != callee.decl.type_params.len()
                    || callee.explicit.iter().any(|t| matches!(t, Type::Unknown))
                {
                    return Type::Unknown;
                }
                let map: HashMap<&str, &Type> =
                    callee.decl.type_params.iter().map(String::as_str).zip(callee.explicit.iter()).collect();
                let sig = Type::Func(Box::new(callee.decl.sig.clone()));
                let mut registry = self.registry_for(std::slice::from_ref(&sig), callee.pkg_path);
                let t = subst(&sig, &map, &mut registry);
                let mut insts = self.insts.borrow_mut();
                for (k, v) in registry {
                    if !self.members.insts.contains_key(&k) {
                        insts.entry(k).or_insert(v);
                    }
                }
                t
            }
            "type_assertion_expression" => {
                n.child_by_field_name("type").map_or(Type::Unknown, |t| self.resolve_type(t))
            }
            "selector_expression" => {
                let (Some(x), Some(f)) = (n.child_by_field_name("operand"), n.child_by_field_name("field")) else {
                    return Type::Unknown;
                };
                let field = self.text(f);
                if x.kind() == "identifier" {
                    if let Some(path) = self.package_of_ident(self.text(x)) {
                        return self.package_member_type(path, field);
                    }
                }
                self.member(&self.infer(x), field)
            }
            "index_expression" => {
                let Some(x) = n.child_by_field_name("operand") else { return Type::Unknown };
                let t = self.infer(x);
                match self.underlying(&t) {
                    Type::Basic(Basic::String) => Type::Basic(Basic::Uint8),
                    Type::Untyped(Untyped::String) => Type::Basic(Basic::Uint8),
                    Type::Func(_) => Type::Unknown,
                    _ => self.elem(&t).unwrap_or(Type::Unknown),
                }
            }
            "slice_expression" => {
                let Some(x) = n.child_by_field_name("operand") else { return Type::Unknown };
                let t = self.infer(x);
                match self.underlying(&t) {
                    Type::Basic(Basic::String) | Type::Slice(_) => t,
                    Type::Untyped(Untyped::String) => Type::Basic(Basic::String),
                    Type::Array(_, e) => Type::Slice(e),
                    Type::Pointer(p) => match self.underlying(&p) {
                        Type::Array(_, e) => Type::Slice(e),
                        _ => Type::Unknown,
                    },
                    _ => Type::Unknown,
                }
            }
            _ => Type::Unknown,
        }
    }

    /// The values an expression yields when assigned to `want` variables:
    /// a multi-result call, or a comma-ok form.
    pub fn infer_values(&self, n: Node, want: usize) -> Vec<Type> {
        let n = strip_parens(n);
        if want == 1 {
            return vec![self.infer(n)];
        }
        let ok = Type::Untyped(Untyped::Bool);
        match n.kind() {
            "call_expression" => {
                let r = self.call_results(n);
                if r.len() == want { r } else { vec![Type::Unknown; want] }
            }
            "index_expression" | "type_assertion_expression" if want == 2 => vec![self.infer(n), ok],
            "unary_expression"
                if want == 2 && n.child_by_field_name("operator").is_some_and(|o| self.text(o) == "<-") =>
            {
                vec![self.infer(n), ok]
            }
            _ => vec![Type::Unknown; want],
        }
    }

    fn value_type(&self, name: &str) -> Type {
        if let Some((_, l)) = self.lookup_local(name) {
            return l.ty.clone();
        }
        if let Some((t, _)) = self.members.vars.get(name) {
            return t.clone();
        }
        if let Some((c, _)) = self.members.consts.get(name) {
            return c.ty.clone();
        }
        if let Some(f) = self.members.funcs.get(name) {
            // A generic function is a value only once instantiated, and its
            // type parameters must not leak into other code's types.
            return if f.generic { Type::Unknown } else { Type::Func(Box::new(f.sig.clone())) };
        }
        if self.members.names.contains_key(name) || self.is_local_type(name) {
            return Type::Unknown;
        }
        match name {
            "true" | "false" => Type::Untyped(Untyped::Bool),
            "nil" => Type::Untyped(Untyped::Nil),
            "iota" if self.iota.is_some() => Type::Untyped(Untyped::Int),
            _ => Type::Unknown,
        }
    }

    fn package_member_type(&self, path: &str, name: &str) -> Type {
        let Some(pkg) = self.loaded.get(path) else { return Type::Unknown };
        let m = &pkg.members;
        if let Some((t, _)) = m.vars.get(name) {
            return t.clone();
        }
        if let Some((c, _)) = m.consts.get(name) {
            return c.ty.clone();
        }
        if let Some(f) = m.funcs.get(name).filter(|f| !f.generic) {
            return Type::Func(Box::new(f.sig.clone()));
        }
        Type::Unknown
    }

    /// The result types of a call (or the one type of a conversion).
    pub fn call_results(&self, n: Node) -> Vec<Type> {
        let unknown = vec![Type::Unknown];
        let Some(f) = n.child_by_field_name("function") else { return unknown };
        let args = call_args(n);
        if let Some(callee) = self.generic_callee(f) {
            let mut explicit = callee.explicit.clone();
            if let Some(ta) = n.child_by_field_name("type_arguments") {
                explicit.extend(self.type_list(ta));
            }
            return self.generic_call(&callee, &explicit, &args).1;
        }
        if n.child_by_field_name("type_arguments").is_some() {
            return unknown;
        }
        if self.is_type_expr(f) {
            return vec![self.resolve_type(f)];
        }
        if f.kind() == "identifier" {
            let name = self.text(f);
            let shadowed = self.lookup_local(name).is_some()
                || self.members.vars.contains_key(name)
                || self.members.funcs.contains_key(name)
                || self.members.consts.contains_key(name);
            if !shadowed {
                if let Some(r) = self.builtin_call(name, &args) {
                    return r;
                }
            }
        }
        if f.kind() == "selector_expression" {
            if let (Some(x), Some(field)) = (f.child_by_field_name("operand"), f.child_by_field_name("field")) {
                if x.kind() == "identifier" {
                    if let Some(path) = self.package_of_ident(self.text(x)) {
                        if !self.loaded.contains_key(path) {
                            return match (path, self.text(field)) {
                                ("errors", "New") | ("fmt", "Errorf") => vec![Type::error()],
                                _ => unknown,
                            };
                        }
                    }
                }
            }
        }
        // Generic functions are handled above: any type parameter left in
        // a function value's type is one of the enclosing generic code.
        match self.underlying(&self.infer(f)) {
            Type::Func(sig) => sig.results,
            _ => unknown,
        }
    }

    /// `f` as a generic function (`F`, `pkg.F`, `F[int]`, `F[int, string]`),
    /// with the type arguments written out.
    pub fn generic_callee(&self, f: Node) -> Option<GenericCallee<'a>> {
        let f = strip_parens(f);
        let (base, args): (Node, Vec<Node>) = match f.kind() {
            "index_expression" => {
                (f.child_by_field_name("operand")?, f.child_by_field_name("index").into_iter().collect())
            }
            "type_instantiation_expression" => {
                let base = f.child_by_field_name("type")?;
                let mut c = f.walk();
                let args = f.named_children(&mut c).filter(|a| a.id() != base.id() && a.kind() != "comment").collect();
                (base, args)
            }
            "generic_type" => {
                let base = f.child_by_field_name("type")?;
                let args = f.child_by_field_name("type_arguments").map(|a| {
                    let mut c = a.walk();
                    a.named_children(&mut c).filter(|x| x.kind() != "comment").collect()
                });
                (base, args.unwrap_or_default())
            }
            _ => (f, Vec::new()),
        };
        let (decl, pkg_path, own) = match base.kind() {
            "identifier" | "type_identifier" => {
                let name = self.text(base);
                if self.lookup_local(name).is_some() || self.is_local_type(name) || self.is_type_param(name) {
                    return None;
                }
                let d = self.members.funcs.get(name).filter(|d| d.generic)?;
                (d, self.pkg_path, Some((name.to_string(), base.start_byte())))
            }
            "selector_expression" | "qualified_type" => {
                let (p, name) = match base.kind() {
                    "qualified_type" => (base.child_by_field_name("package")?, base.child_by_field_name("name")?),
                    _ => (base.child_by_field_name("operand")?, base.child_by_field_name("field")?),
                };
                if p.kind() != "identifier" && p.kind() != "package_identifier" {
                    return None;
                }
                let pkg = self.loaded.get(self.package_of_ident(self.text(p))?)?;
                let d = pkg.members.funcs.get(self.text(name)).filter(|d| d.generic)?;
                (d, pkg.path.as_str(), None)
            }
            _ => return None,
        };
        let explicit = args.into_iter().map(|a| self.resolve_type(a)).collect();
        Some(GenericCallee { decl, pkg_path, explicit, own })
    }

    /// A call to a generic function: its type arguments (explicit ones,
    /// then inferred from the typed arguments as Go does; `Unknown` where
    /// not inferred) and its results with them substituted.
    pub fn generic_call(&self, callee: &GenericCallee, explicit: &[Type], args: &[Node]) -> (Vec<Type>, Vec<Type>) {
        let decl = callee.decl;
        let params = &decl.type_params;
        let unknown = || (vec![Type::Unknown; params.len()], vec![Type::Unknown; decl.sig.results.len()]);
        if explicit.len() > params.len() {
            return unknown();
        }
        let mut bound: HashMap<String, Type> = HashMap::new();
        for (p, t) in params.iter().zip(explicit) {
            if !matches!(t, Type::Unknown) {
                bound.insert(p.clone(), t.clone());
            }
        }
        if explicit.len() < params.len() || explicit.iter().any(|t| matches!(t, Type::Unknown)) {
            match self.infer_type_args(decl, bound, args) {
                Some(b) => bound = b,
                None => return unknown(),
            }
        }
        let type_args: Vec<Type> = params.iter().map(|p| bound.get(p).cloned().unwrap_or(Type::Unknown)).collect();
        // Parameters not inferred are unknown, never left as type
        // parameters that the caller's own could be mistaken for.
        let map: HashMap<&str, &Type> = params.iter().map(String::as_str).zip(type_args.iter()).collect();
        let mut registry = self.registry_for(&decl.sig.results, callee.pkg_path);
        let results = decl.sig.results.iter().map(|r| subst(r, &map, &mut registry)).collect();
        let mut insts = self.insts.borrow_mut();
        for (k, v) in registry {
            if !self.members.insts.contains_key(&k) {
                insts.entry(k).or_insert(v);
            }
        }
        (type_args, results)
    }

    /// The instantiations named in `types` (and in their type arguments),
    /// for [`subst`]: from this file's, this package's and `pkg_path`'s.
    fn registry_for(&self, types: &[Type], pkg_path: &str) -> BTreeMap<String, Inst> {
        let mut out: BTreeMap<String, Inst> = BTreeMap::new();
        let mut stack: Vec<Type> = types.to_vec();
        let other = (pkg_path != self.pkg_path).then(|| self.loaded.get(pkg_path)).flatten();
        while let Some(t) = stack.pop() {
            match t {
                Type::Named(n) if n.name.contains('[') => {
                    let key = n.qualified();
                    if out.contains_key(&key) {
                        continue;
                    }
                    let found = self.insts.borrow().get(&key).cloned().or_else(|| {
                        self.members.insts.get(&key).or_else(|| other.and_then(|p| p.members.insts.get(&key))).cloned()
                    });
                    if let Some(i) = found {
                        stack.extend(i.args.iter().cloned());
                        out.insert(key, i);
                    }
                }
                Type::Pointer(x) | Type::Slice(x) | Type::Array(_, x) | Type::Chan(_, x) => stack.push(*x),
                Type::Map(k, v) => stack.extend([*k, *v]),
                Type::Func(sig) => stack.extend(sig.params.into_iter().chain(sig.results)),
                Type::Struct(fields) => stack.extend(fields.into_iter().map(|f| f.ty)),
                _ => {}
            }
        }
        out
    }

    /// Binds type parameters as Go's inference does: parameter types
    /// matched against the arguments' types (`Sum(prices)` → `N =
    /// main.Cents`), then core types of constraints (`S ~[]E` → `E`), then
    /// untyped constants' default type (the largest kind, Go 1.21).
    /// `None` on a conflict.
    fn infer_type_args(
        &self,
        decl: &FuncDecl,
        mut bound: HashMap<String, Type>,
        args: &[Node],
    ) -> Option<HashMap<String, Type>> {
        let sig = &decl.sig;
        let mut untyped: HashMap<String, Vec<Untyped>> = HashMap::new();
        for (i, a) in args.iter().enumerate() {
            let spread = a.kind() == "variadic_argument";
            let a = if spread { a.named_child(0).unwrap_or(*a) } else { *a };
            let param = match sig.params.get(i) {
                Some(Type::Slice(elem)) if sig.variadic && i + 1 == sig.params.len() && !spread => elem.as_ref(),
                Some(p) => p,
                None if sig.variadic => match sig.params.last() {
                    Some(Type::Slice(elem)) => elem.as_ref(),
                    _ => return None,
                },
                None => return None,
            };
            let at = self.infer(a);
            if let (Type::TypeParam(p), Type::Untyped(u)) = (param, &at) {
                untyped.entry(p.clone()).or_default().push(*u);
            }
            if !self.unify(param, &at, &mut bound, 0) {
                return None;
            }
        }
        self.infer_from_constraints(decl, &mut bound)?;
        if decl.constraints_link_params {
            return Some(bound);
        }
        let mut defaulted = false;
        for (p, kinds) in untyped {
            if bound.contains_key(&p) {
                continue;
            }
            if let Some(t) = untyped_default(&kinds) {
                bound.insert(p, Type::Basic(t));
                defaulted = true;
            }
        }
        if defaulted {
            self.infer_from_constraints(decl, &mut bound)?;
        }
        Some(bound)
    }

    /// Go's constraint type inference: a bound parameter's argument is
    /// matched against its constraint's core type (`S = main.Prices` with
    /// `S ~[]E` gives `E = main.Cents`), and an unbound parameter whose
    /// constraint is a single type without tilde is that type once known
    /// (`PT interface{ *T }` gives `PT = *T`).
    fn infer_from_constraints(&self, decl: &FuncDecl, bound: &mut HashMap<String, Type>) -> Option<()> {
        for _ in 0..decl.type_params.len() + 1 {
            let before = bound.len();
            for (p, core) in decl.type_params.iter().zip(&decl.cores) {
                let Some((core, tilde)) = core else { continue };
                match bound.get(p).cloned() {
                    Some(a) => {
                        let a = if *tilde { self.underlying(&a) } else { a };
                        if !self.unify(core, &a, bound, 0) {
                            return None;
                        }
                    }
                    None if !tilde => {
                        let map: HashMap<&str, &Type> = bound.iter().map(|(k, v)| (k.as_str(), v)).collect();
                        let mut registry = BTreeMap::new();
                        let t = subst(core, &map, &mut registry);
                        if !has_type_param(&t) && !t.to_string().contains('[') {
                            bound.insert(p.clone(), t);
                        }
                    }
                    None => {}
                }
            }
            if bound.len() == before {
                break;
            }
        }
        Some(())
    }

    /// Matches a parameter type against an argument's type, binding type
    /// parameters; false on a conflict.
    fn unify(&self, param: &Type, arg: &Type, bound: &mut HashMap<String, Type>, depth: u32) -> bool {
        if depth > 8 || matches!(arg, Type::Unknown | Type::Untyped(_)) {
            return true;
        }
        let u = |p: &Type, a: &Type, bound: &mut HashMap<String, Type>| self.unify(p, a, bound, depth + 1);
        match (param, arg) {
            (Type::TypeParam(p), a) => match bound.get(p) {
                Some(b) => b == a,
                None => {
                    bound.insert(p.clone(), a.clone());
                    true
                }
            },
            (Type::Named(pn), Type::Named(an)) if pn.name.contains('[') && an.name.contains('[') => {
                match (self.inst_of(pn), self.inst_of(an)) {
                    (Some(pi), Some(ai)) if pi.base == ai.base && pi.pkg_path == ai.pkg_path => {
                        pi.args.iter().zip(&ai.args).all(|(p, a)| u(p, a, bound))
                    }
                    _ => true,
                }
            }
            (Type::Named(_), _) | (_, Type::TypeParam(_)) => true,
            (p, Type::Named(_)) if has_type_param(p) => u(p, &self.underlying(arg), bound),
            (Type::Pointer(p), Type::Pointer(a))
            | (Type::Slice(p), Type::Slice(a))
            | (Type::Array(_, p), Type::Array(_, a))
            | (Type::Chan(_, p), Type::Chan(_, a)) => u(p, a, bound),
            (Type::Map(pk, pv), Type::Map(ak, av)) => u(pk, ak, bound) && u(pv, av, bound),
            (Type::Func(p), Type::Func(a))
                if p.params.len() == a.params.len() && p.results.len() == a.results.len() =>
            {
                p.params.iter().zip(&a.params).chain(p.results.iter().zip(&a.results)).all(|(p, a)| u(p, a, bound))
            }
            _ => true,
        }
    }

    fn inst_of(&self, n: &Named) -> Option<Inst> {
        let key = n.qualified();
        if let Some(i) = self.insts.borrow().get(&key) {
            return Some(i.clone());
        }
        self.members_of(&n.pkg_path)?.insts.get(&key).or_else(|| self.members.insts.get(&key)).cloned()
    }

    fn builtin_call(&self, name: &str, args: &[Node]) -> Option<Vec<Type>> {
        let first = || args.first().map(|a| self.infer(*a)).unwrap_or(Type::Unknown);
        Some(match name {
            "len" | "cap" | "copy" => vec![Type::Basic(Basic::Int)],
            "new" => vec![args.first().map_or(Type::Unknown, |a| Type::pointer_to(self.resolve_type(*a)))],
            "make" => vec![args.first().map_or(Type::Unknown, |a| self.resolve_type(*a))],
            "append" => vec![match first() {
                Type::Untyped(_) => Type::Unknown,
                t => t,
            }],
            "min" | "max" => {
                let mut t = first();
                for a in args.iter().skip(1) {
                    let u = self.infer(*a);
                    if t.is_unknown() || u.is_unknown() {
                        return Some(vec![Type::Unknown]);
                    }
                    t = consts::arith_type(&t, &u);
                }
                vec![t]
            }
            "recover" => vec![Type::Interface(Vec::new())],
            "complex" | "real" | "imag" => vec![Type::Unknown],
            "panic" | "print" | "println" | "close" | "delete" | "clear" => Vec::new(),
            _ => return None,
        })
    }
}

/// The name of an embedded field: its type's name without package or
/// type arguments.
fn embedded_name(file: &ParsedFile, t: Node) -> String {
    match t.kind() {
        "qualified_type" => t.child_by_field_name("name").map(|n| file.node_text(n).to_string()).unwrap_or_default(),
        "generic_type" => t.child_by_field_name("type").map(|n| embedded_name(file, n)).unwrap_or_default(),
        "pointer_type" => t.named_child(0).map(|n| embedded_name(file, n)).unwrap_or_default(),
        _ => file.node_text(t).to_string(),
    }
}

/// The arguments of a call expression.
pub(crate) fn call_args(n: Node) -> Vec<Node> {
    n.child_by_field_name("arguments")
        .map(|a| {
            let mut c = a.walk();
            a.named_children(&mut c).filter(|x| x.kind() != "comment").collect()
        })
        .unwrap_or_default()
}

/// The type untyped constant arguments give a type parameter: the default
/// type of the largest kind among them (int < rune < float < complex).
fn untyped_default(kinds: &[Untyped]) -> Option<Basic> {
    let rank = |u: &Untyped| match u {
        Untyped::Int => Some(0),
        Untyped::Rune => Some(1),
        Untyped::Float => Some(2),
        Untyped::Complex => Some(3),
        _ => None,
    };
    let first = kinds.first()?;
    if kinds.iter().all(|k| rank(k).is_some()) {
        return kinds.iter().max_by_key(|k| rank(k)).and_then(|k| k.default_type());
    }
    if kinds.iter().all(|k| k == first) { first.default_type() } else { None }
}

fn strip_parens(mut n: Node) -> Node {
    while n.kind() == "parenthesized_expression" {
        match n.named_child(0) {
            Some(c) => n = c,
            None => break,
        }
    }
    n
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

pub(crate) fn register_inst(insts: &mut BTreeMap<String, Inst>, pkg_path: &str, base: &str, args: Vec<Type>) -> Named {
    let name = format!("{base}[{}]", args.iter().map(|a| a.to_string()).collect::<Vec<_>>().join(","));
    let named = Named::new(pkg_path, name);
    insts.entry(named.qualified()).or_insert_with(|| Inst {
        pkg_path: pkg_path.to_string(),
        base: base.to_string(),
        args,
    });
    named
}

pub(crate) fn subst_info(
    info: &NamedInfo,
    map: &HashMap<&str, &Type>,
    insts: &mut BTreeMap<String, Inst>,
) -> NamedInfo {
    NamedInfo {
        underlying: subst(&info.underlying, map, insts),
        methods: info
            .methods
            .iter()
            .map(|m| Method {
                name: m.name.clone(),
                pointer_receiver: m.pointer_receiver,
                sig: subst(&m.sig, map, insts),
            })
            .collect(),
    }
}

/// `t` with type parameters replaced by type arguments.
pub(crate) fn subst(t: &Type, map: &HashMap<&str, &Type>, insts: &mut BTreeMap<String, Inst>) -> Type {
    if map.is_empty() {
        return t.clone();
    }
    let s = |t: &Type, insts: &mut BTreeMap<String, Inst>| subst(t, map, insts);
    match t {
        Type::TypeParam(p) => map.get(p.as_str()).map_or_else(|| t.clone(), |a| (*a).clone()),
        Type::Pointer(x) => Type::Pointer(Box::new(s(x, insts))),
        Type::Slice(x) => Type::Slice(Box::new(s(x, insts))),
        Type::Array(n, x) => Type::Array(*n, Box::new(s(x, insts))),
        Type::Map(k, v) => Type::Map(Box::new(s(k, insts)), Box::new(s(v, insts))),
        Type::Chan(d, x) => Type::Chan(*d, Box::new(s(x, insts))),
        Type::Func(sig) => Type::Func(Box::new(FuncType {
            params: sig.params.iter().map(|p| s(p, insts)).collect(),
            results: sig.results.iter().map(|p| s(p, insts)).collect(),
            variadic: sig.variadic,
        })),
        Type::Struct(fields) => Type::Struct(
            fields
                .iter()
                .map(|f| StructField { name: f.name.clone(), ty: s(&f.ty, insts), embedded: f.embedded })
                .collect(),
        ),
        Type::Named(n) if n.name.contains('[') => {
            let Some(inst) = insts.get(&n.qualified()).cloned() else { return t.clone() };
            let args: Vec<Type> = inst.args.iter().map(|a| s(a, insts)).collect();
            if args.iter().any(|a| matches!(a, Type::Unknown)) {
                return Type::Unknown;
            }
            Type::Named(register_inst(insts, &inst.pkg_path, &inst.base, args))
        }
        _ => t.clone(),
    }
}

/// Whether a type mentions a type parameter anywhere.
pub(crate) fn has_type_param(t: &Type) -> bool {
    match t {
        Type::TypeParam(_) => true,
        Type::Pointer(x) | Type::Slice(x) | Type::Array(_, x) | Type::Chan(_, x) => has_type_param(x),
        Type::Map(k, v) => has_type_param(k) || has_type_param(v),
        Type::Func(sig) => sig.params.iter().chain(&sig.results).any(has_type_param),
        Type::Struct(fields) => fields.iter().any(|f| has_type_param(&f.ty)),
        _ => false,
    }
}

/// The type a variable gets from an initializer: untyped constants take
/// their default type.
pub(crate) fn default_type(t: Type) -> Type {
    match t {
        Type::Untyped(u) => u.default_type().map_or(Type::Unknown, Type::Basic),
        t => t,
    }
}
