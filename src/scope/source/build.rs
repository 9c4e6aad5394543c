//! A package's top-level declarations, resolved once per package and cached:
//! types (aliases followed, methods attached), constants (iota and folding),
//! functions and variables (declared or inferred types).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use tree_sitter::Node;

use super::consts::ConstVal;
use super::env::{Frame, FuncDecl, Inst, Members, PkgInfo, TypeDecl, TypeEnv, TypeRef, default_type, subst};
use super::files::ParsedFile;
use crate::expr::types::{Basic, Method, NamedInfo, Type};

struct TypeSpec<'t> {
    file: usize,
    name: String,
    params: Vec<String>,
    ty: Option<Node<'t>>,
    alias: bool,
}

struct ConstItem<'t> {
    file: usize,
    names: Vec<(String, u32)>,
    ty: Option<Node<'t>>,
    values: Option<Node<'t>>,
    iota: i128,
}

struct VarSpec<'t> {
    file: usize,
    names: Vec<(String, u32)>,
    ty: Option<Node<'t>>,
    values: Option<Node<'t>>,
}

#[derive(Default)]
struct Raw<'t> {
    types: Vec<TypeSpec<'t>>,
    consts: Vec<ConstItem<'t>>,
    vars: Vec<VarSpec<'t>>,
    funcs: Vec<(usize, Node<'t>)>,
    methods: Vec<(usize, Node<'t>)>,
}

pub(crate) fn line_of(n: Node) -> u32 {
    n.start_position().row as u32 + 1
}

pub(crate) fn names_of(file: &ParsedFile, n: Node) -> Vec<(String, u32)> {
    let mut c = n.walk();
    n.children_by_field_name("name", &mut c)
        .filter(|x| x.kind() == "identifier")
        .map(|x| (file.node_text(x).to_string(), line_of(x)))
        .collect()
}

pub(crate) fn type_param_names(file: &ParsedFile, list: Option<Node>) -> Vec<String> {
    let Some(list) = list else { return Vec::new() };
    let mut out = Vec::new();
    let mut c = list.walk();
    for d in list.named_children(&mut c).filter(|d| d.kind() == "type_parameter_declaration") {
        out.extend(names_of(file, d).into_iter().map(|(n, _)| n));
    }
    out
}

/// Each type parameter's core type where its constraint is a single type
/// literal (`S ~[]E` → `[]E`, with its tilde; `PT interface{ *T; M() }` →
/// `*T`), and whether some other constraint mentions a type parameter.
fn core_terms(env: &TypeEnv, list: Option<Node>, params: &[String]) -> (Vec<Option<(Type, bool)>>, bool) {
    let mut cores = Vec::new();
    let mut unhandled = false;
    let Some(list) = list else { return (cores, unhandled) };
    let mut c = list.walk();
    for d in list.named_children(&mut c).filter(|d| d.kind() == "type_parameter_declaration") {
        let constraint = d.child_by_field_name("type");
        let core = constraint.and_then(|t| core_term(env, t));
        if core.is_none() && constraint.is_some_and(|t| mentions_any(env.file, t, params)) {
            unhandled = true;
        }
        let mut c2 = d.walk();
        let names = d.children_by_field_name("name", &mut c2).count();
        cores.extend(std::iter::repeat_n(core, names));
    }
    (cores, unhandled)
}

fn core_term(env: &TypeEnv, n: Node) -> Option<(Type, bool)> {
    match n.kind() {
        "type_constraint" | "type_elem" | "parenthesized_type" if n.named_child_count() == 1 => {
            core_term(env, n.named_child(0)?)
        }
        "negated_type" => {
            let (t, _) = core_term(env, n.named_child(0)?)?;
            Some((t, true))
        }
        "slice_type" | "map_type" | "pointer_type" | "array_type" | "channel_type" | "function_type" => {
            Some((env.resolve_type(n), false))
        }
        "interface_type" => {
            let mut c = n.walk();
            let mut terms = n.named_children(&mut c).filter(|e| e.kind() == "type_elem");
            match (terms.next(), terms.next()) {
                (Some(one), None) => core_term(env, one),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Whether `n` names one of `params` anywhere inside.
fn mentions_any(file: &ParsedFile, n: Node, params: &[String]) -> bool {
    let mut stack = vec![n];
    while let Some(n) = stack.pop() {
        if matches!(n.kind(), "identifier" | "type_identifier") && params.iter().any(|p| p == file.node_text(n)) {
            return true;
        }
        let mut c = n.walk();
        stack.extend(n.named_children(&mut c));
    }
    false
}

/// Constant specifications of one `const` declaration, with Go's implicit
/// repetition of the previous type and expression list.
pub(crate) fn const_items<'t>(file: &ParsedFile, decl: Node<'t>) -> Vec<ConstSpec<'t>> {
    let mut out = Vec::new();
    let mut prev: (Option<Node<'t>>, Option<Node<'t>>) = (None, None);
    let mut c = decl.walk();
    for (iota, spec) in decl.named_children(&mut c).filter(|s| s.kind() == "const_spec").enumerate() {
        let (ty, values) = (spec.child_by_field_name("type"), spec.child_by_field_name("value"));
        if ty.is_some() || values.is_some() {
            prev = (ty, values);
        }
        out.push(ConstSpec { names: names_of(file, spec), ty: prev.0, values: prev.1, iota: iota as i128 });
    }
    out
}

pub(crate) struct ConstSpec<'t> {
    pub names: Vec<(String, u32)>,
    pub ty: Option<Node<'t>>,
    pub values: Option<Node<'t>>,
    pub iota: i128,
}

/// Evaluates the `i`th constant of a specification in `env`.
pub(crate) fn eval_const_spec(env: &TypeEnv, ty: Option<Node>, values: Option<Node>, i: usize) -> ConstVal {
    let declared = ty.map(|t| env.resolve_type(t));
    let value = values.and_then(|v| {
        let mut c = v.walk();
        let exprs: Vec<Node> = v.named_children(&mut c).filter(|e| e.kind() != "comment").collect();
        exprs.get(i).and_then(|e| env.eval_const(*e))
    });
    match (declared, value) {
        (Some(t), Some(v)) => {
            let basic = match env.underlying(&t) {
                Type::Basic(b) => Some(b),
                _ => None,
            };
            super::consts::convert(&v, t, basic)
        }
        (Some(t), None) => ConstVal { ty: t, value: None },
        (None, Some(v)) => v,
        (None, None) => ConstVal { ty: Type::Unknown, value: None },
    }
}

fn collect<'t>(files: &'t [Arc<ParsedFile>]) -> Raw<'t> {
    let mut raw = Raw::default();
    for (fi, file) in files.iter().enumerate() {
        let root = file.tree.root_node();
        let mut c = root.walk();
        for item in root.named_children(&mut c) {
            match item.kind() {
                "type_declaration" => {
                    let mut c2 = item.walk();
                    for spec in item.named_children(&mut c2) {
                        let alias = match spec.kind() {
                            "type_spec" => false,
                            "type_alias" => true,
                            _ => continue,
                        };
                        let Some(name) = spec.child_by_field_name("name") else { continue };
                        raw.types.push(TypeSpec {
                            file: fi,
                            name: file.node_text(name).to_string(),
                            params: type_param_names(file, spec.child_by_field_name("type_parameters")),
                            ty: spec.child_by_field_name("type"),
                            alias,
                        });
                    }
                }
                "const_declaration" => {
                    for s in const_items(file, item) {
                        raw.consts.push(ConstItem {
                            file: fi,
                            names: s.names,
                            ty: s.ty,
                            values: s.values,
                            iota: s.iota,
                        });
                    }
                }
                "var_declaration" => {
                    let mut specs = Vec::new();
                    var_specs(item, &mut specs);
                    for spec in specs {
                        raw.vars.push(VarSpec {
                            file: fi,
                            names: names_of(file, spec),
                            ty: spec.child_by_field_name("type"),
                            values: spec.child_by_field_name("value"),
                        });
                    }
                }
                "function_declaration" => raw.funcs.push((fi, item)),
                "method_declaration" => raw.methods.push((fi, item)),
                _ => {}
            }
        }
    }
    raw
}

pub(crate) fn var_specs<'t>(n: Node<'t>, out: &mut Vec<Node<'t>>) {
    let mut c = n.walk();
    for ch in n.named_children(&mut c) {
        match ch.kind() {
            "var_spec" => out.push(ch),
            "var_spec_list" => var_specs(ch, out),
            _ => {}
        }
    }
}

pub(crate) fn expr_list(n: Option<Node>) -> Vec<Node> {
    let Some(n) = n else { return Vec::new() };
    let mut c = n.walk();
    n.named_children(&mut c).filter(|e| e.kind() != "comment").collect()
}

struct Builder<'a> {
    files: &'a [Arc<ParsedFile>],
    pkg_path: &'a str,
    loaded: &'a HashMap<String, Arc<PkgInfo>>,
    insts: BTreeMap<String, Inst>,
}

impl<'a> Builder<'a> {
    /// Runs `f` with an environment for file `fi`, keeping the generic
    /// instantiations it met.
    fn with_env<R>(&mut self, members: &Members, fi: usize, params: &[String], f: impl FnOnce(&TypeEnv) -> R) -> R {
        self.with_env_iota(members, fi, params, None, f)
    }

    fn with_env_iota<R>(
        &mut self,
        members: &Members,
        fi: usize,
        params: &[String],
        iota: Option<i128>,
        f: impl FnOnce(&TypeEnv) -> R,
    ) -> R {
        let mut env = TypeEnv::new(&self.files[fi], self.pkg_path, members, self.loaded);
        env.iota = iota;
        if !params.is_empty() {
            env.frames.push(Frame { type_params: params.to_vec(), ..Frame::default() });
        }
        let r = f(&env);
        self.insts.extend(env.insts.into_inner());
        r
    }
}

/// Evaluates the package's constants until they are stable: a constant
/// may refer to constants declared after it. Marks in `early` those that
/// asked for one of the package's types before it was built.
fn settle_consts(b: &mut Builder, m: &mut Members, consts: &[ConstItem], early: &mut [bool]) {
    for _ in 0..6 {
        if !const_round(b, m, consts, None, early) {
            break;
        }
    }
}

/// Evaluates the constants (those `only` marks, if given) once; whether a
/// value changed.
fn const_round(
    b: &mut Builder,
    m: &mut Members,
    consts: &[ConstItem],
    only: Option<&[bool]>,
    early: &mut [bool],
) -> bool {
    let mut changed = false;
    for (i, item) in consts.iter().enumerate() {
        if only.is_some_and(|o| !o[i]) {
            continue;
        }
        let (vals, missing): (Vec<ConstVal>, bool) = b.with_env_iota(m, item.file, &[], Some(item.iota), |env| {
            let vals = (0..item.names.len()).map(|i| eval_const_spec(env, item.ty, item.values, i)).collect();
            (vals, env.own_type_missing.get())
        });
        early[i] |= missing;
        for ((name, line), v) in item.names.iter().zip(vals) {
            if name == "_" {
                continue;
            }
            if m.consts.get(name).map(|(c, _)| c) != Some(&v) {
                m.consts.insert(name.clone(), (v, *line));
                changed = true;
            }
        }
    }
    changed
}

/// Resolves the package-level declarations of `files`. Other packages'
/// members are taken from `loaded` where present.
pub(crate) fn build_members(
    files: &[Arc<ParsedFile>],
    pkg_path: &str,
    loaded: &HashMap<String, Arc<PkgInfo>>,
) -> Members {
    let Some(first) = files.first() else { return Members::default() };
    let raw = collect(files);
    let mut b = Builder { files, pkg_path, loaded, insts: BTreeMap::new() };
    let mut m = Members::default();
    for t in &raw.types {
        let r = if t.alias { TypeRef::Alias(Type::Unknown) } else { TypeRef::Defined(t.params.len()) };
        m.names.entry(t.name.clone()).or_insert(r);
    }
    // Aliases may name aliases: a few rounds settle every chain in practice.
    for _ in 0..4 {
        let mut changed = false;
        for t in raw.types.iter().filter(|t| t.alias) {
            let ty = match (t.ty, t.params.is_empty()) {
                (Some(tn), true) => b.with_env(&m, t.file, &[], |env| env.resolve_type(tn)),
                _ => Type::Unknown,
            };
            let new = TypeRef::Alias(ty);
            if m.names.get(&t.name) != Some(&new) && matches!(m.names.get(&t.name), Some(TypeRef::Alias(_))) {
                m.names.insert(t.name.clone(), new);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    // Interface method names, embedded interfaces included.
    for _ in 0..3 {
        let mut changed = false;
        for t in raw.types.iter().filter(|t| !t.alias) {
            let Some(tn) = t.ty.filter(|n| n.kind() == "interface_type") else { continue };
            let methods = b.with_env(&m, t.file, &t.params, |env| match env.resolve_type(tn) {
                Type::Interface(ms) => ms,
                _ => Vec::new(),
            });
            if m.iface_methods.get(&t.name) != Some(&methods) {
                m.iface_methods.insert(t.name.clone(), methods);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    // Constants, before the defined types: an array type's length may be one.
    let mut early = vec![false; raw.consts.len()];
    settle_consts(&mut b, &mut m, &raw.consts, &mut early);
    // Defined types.
    let mut decls = BTreeMap::new();
    for t in raw.types.iter().filter(|t| !t.alias) {
        if decls.contains_key(&t.name) {
            continue;
        }
        let Some(tn) = t.ty else { continue };
        let (underlying, methods) = b.with_env(&m, t.file, &t.params, |env| {
            let u = env.resolve_type(tn);
            let mut methods = Vec::new();
            if tn.kind() == "interface_type" {
                let mut c = tn.walk();
                for el in tn.named_children(&mut c) {
                    match el.kind() {
                        "method_elem" => {
                            let Some(name) = el.child_by_field_name("name") else { continue };
                            methods.push(Method {
                                name: env.text(name).to_string(),
                                pointer_receiver: false,
                                sig: Type::Func(Box::new(env.signature(el))),
                            });
                        }
                        "type_elem" if el.named_child_count() == 1 => {
                            // Embedded interfaces declared elsewhere bring their methods.
                            let embedded = el.named_child(0).map(|t| env.resolve_type(t));
                            if let Some(Type::Named(n)) = embedded {
                                methods.extend(env.named_info(&n).map(|i| i.methods).unwrap_or_default());
                            }
                        }
                        _ => {}
                    }
                }
                let mut seen = std::collections::HashSet::new();
                methods.retain(|m| seen.insert(m.name.clone()));
            }
            (u, methods)
        });
        decls.insert(t.name.clone(), TypeDecl { params: t.params.clone(), info: NamedInfo { underlying, methods } });
    }
    m.types = decls;
    // `type T U`: T's underlying type is U's.
    let renamed: Vec<(String, Type)> = {
        let env = TypeEnv::new(first, pkg_path, &m, loaded);
        m.types
            .iter()
            .filter_map(|(name, d)| match &d.info.underlying {
                Type::Named(_) => Some((name.clone(), env.underlying(&d.info.underlying))),
                _ => None,
            })
            .collect()
    };
    for (name, u) in renamed {
        if let Some(d) = m.types.get_mut(&name) {
            d.info.underlying = u;
        }
    }
    // Constants again, now that the package's own types are known: a
    // conversion to one (`Ratio(1)`, `const One Ratio = 1`) takes the value
    // of its underlying type (1.0, so `One / 2` is 0.5, not 0). Only those
    // that asked for one can change; where one does, the others follow.
    if early.contains(&true) {
        let mut again = vec![false; raw.consts.len()];
        if const_round(&mut b, &mut m, &raw.consts, Some(&early), &mut again) {
            settle_consts(&mut b, &mut m, &raw.consts, &mut again);
        }
    }
    // Functions and methods.
    for (fi, f) in &raw.funcs {
        let file = &files[*fi];
        let Some(name) = f.child_by_field_name("name").map(|n| file.node_text(n).to_string()) else { continue };
        if name == "init" || name == "_" || m.funcs.contains_key(&name) {
            continue;
        }
        let list = f.child_by_field_name("type_parameters");
        let params = type_param_names(file, list);
        let (sig, (cores, constraints_link_params)) =
            b.with_env(&m, *fi, &params, |env| (env.signature(*f), core_terms(env, list, &params)));
        let generic = !params.is_empty();
        m.funcs.insert(
            name,
            FuncDecl { sig, line: line_of(*f), generic, type_params: params, cores, constraints_link_params },
        );
    }
    for (fi, f) in &raw.methods {
        let file = &files[*fi];
        let Some(recv) = receiver_type(file, *f) else { continue };
        let Some(name) = f.child_by_field_name("name").map(|n| file.node_text(n).to_string()) else { continue };
        let mut sig = b.with_env(&m, *fi, &recv.params, |env| env.signature(*f));
        if let Some(d) = m.types.get_mut(&recv.base) {
            // `func (s *Stack[E])` on `type Stack[T]`: in the declaration's terms.
            if d.params.len() == recv.params.len() && d.params != recv.params {
                let to: Vec<Type> = d.params.iter().map(|p| Type::TypeParam(p.clone())).collect();
                let map: HashMap<&str, &Type> = recv.params.iter().map(String::as_str).zip(to.iter()).collect();
                sig = match subst(&Type::Func(Box::new(sig.clone())), &map, &mut b.insts) {
                    Type::Func(s) => *s,
                    _ => sig,
                };
            }
            if !d.info.methods.iter().any(|x| x.name == name) {
                d.info.methods.push(Method { name, pointer_receiver: recv.pointer, sig: Type::Func(Box::new(sig)) });
            }
        }
    }
    // Variables: declared types first, then initializers until stable.
    for _ in 0..3 {
        let mut changed = false;
        for v in &raw.vars {
            let tys = b.with_env(&m, v.file, &[], |env| spec_types(env, v.names.len(), v.ty, v.values));
            for ((name, line), t) in v.names.iter().zip(tys) {
                if name == "_" {
                    continue;
                }
                if m.vars.get(name).map(|(t, _)| t) != Some(&t) {
                    m.vars.insert(name.clone(), (t, *line));
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    for v in &raw.vars {
        let data = v.values.is_none_or(|values| b.with_env(&m, v.file, &[], |env| laid_out_as_data(env, values, 0)));
        if data {
            m.static_vars.extend(v.names.iter().map(|(n, _)| n.clone()).filter(|n| n != "_"));
        }
    }
    m.insts = b.insts;
    m
}

/// Whether an initializer is data the compiler lays out statically:
/// constants, conversions of them to types, composite literals of them
/// (maps excepted: they are built at run time) and function literals.
/// Anything else (a call, a variable, a channel receive) runs as
/// initialization code.
fn laid_out_as_data(env: &TypeEnv, n: Node, depth: u32) -> bool {
    if depth > 64 {
        return false;
    }
    let all = |n: Node| {
        let mut c = n.walk();
        let children: Vec<Node> = n.named_children(&mut c).filter(|k| k.kind() != "comment").collect();
        children.into_iter().all(|k| laid_out_as_data(env, k, depth + 1))
    };
    match n.kind() {
        "int_literal"
        | "float_literal"
        | "imaginary_literal"
        | "rune_literal"
        | "interpreted_string_literal"
        | "raw_string_literal"
        | "true"
        | "false"
        | "nil"
        | "iota"
        | "func_literal" => true,
        "expression_list" | "parenthesized_expression" | "literal_value" | "literal_element" | "binary_expression" => {
            all(n)
        }
        "unary_expression" => {
            n.child_by_field_name("operator").is_some_and(|o| env.text(o) != "<-")
                && n.child_by_field_name("operand").is_some_and(|o| laid_out_as_data(env, o, depth + 1))
        }
        // `Field: value`: the key names a field (or is a constant index).
        "keyed_element" => {
            let mut c = n.walk();
            let parts: Vec<Node> = n.named_children(&mut c).filter(|k| k.kind() != "comment").collect();
            parts.last().is_some_and(|v| laid_out_as_data(env, *v, depth + 1))
        }
        "identifier" => env.members.consts.contains_key(env.text(n)),
        "selector_expression" => {
            let (Some(p), Some(f)) = (n.child_by_field_name("operand"), n.child_by_field_name("field")) else {
                return false;
            };
            p.kind() == "identifier"
                && env
                    .imports
                    .get(env.text(p))
                    .and_then(|path| env.loaded.get(path))
                    .is_some_and(|pkg| pkg.members.consts.contains_key(env.text(f)))
        }
        "composite_literal" => {
            let is_map = n.child_by_field_name("type").is_none_or(|t| {
                t.kind() == "map_type" || matches!(underlying(env, &env.resolve_type(t)), Type::Map(..) | Type::Unknown)
            });
            !is_map && n.child_by_field_name("body").is_some_and(|b| laid_out_as_data(env, b, depth + 1))
        }
        "call_expression" => {
            let (Some(f), Some(args)) = (n.child_by_field_name("function"), n.child_by_field_name("arguments")) else {
                return false;
            };
            is_type_expr(env, f) && all(args)
        }
        _ => false,
    }
}

/// Whether `f`, the callee of a call, is a type (the call a conversion).
fn is_type_expr(env: &TypeEnv, f: Node) -> bool {
    let text = env.text(f).trim().trim_start_matches('(').trim_end_matches(')').trim().trim_start_matches('*').trim();
    match f.kind() {
        "identifier" | "parenthesized_expression" | "selector_expression" => {
            if Basic::from_name(text).is_some() || matches!(text, "byte" | "rune") {
                return true;
            }
            match text.split_once('.') {
                None => env.members.names.contains_key(text),
                Some((p, t)) => env
                    .imports
                    .get(p)
                    .and_then(|path| env.loaded.get(path))
                    .is_some_and(|pkg| pkg.members.names.contains_key(t)),
            }
        }
        // A call's callee is an expression in tree-sitter-go's grammar, never
        // a type node: `[]byte(s)` and `[2]int(a)` are type conversions of
        // their own kind, not calls, and run as code here.
        _ => false,
    }
}

/// The underlying type of `t` where the package or a loaded one declares it.
fn underlying(env: &TypeEnv, t: &Type) -> Type {
    let mut t = t.clone();
    for _ in 0..8 {
        let Type::Named(n) = &t else { return t };
        let members = if n.pkg_path == env.pkg_path {
            Some(env.members)
        } else {
            env.loaded.get(&n.pkg_path).map(|p| &p.members)
        };
        match members.and_then(|m| m.types.get(&n.name)) {
            Some(d) => t = d.info.underlying.clone(),
            None => return Type::Unknown,
        }
    }
    Type::Unknown
}

/// The types of the names of one `var` specification (or `:=`).
pub(crate) fn spec_types(env: &TypeEnv, n: usize, ty: Option<Node>, values: Option<Node>) -> Vec<Type> {
    if let Some(t) = ty {
        return vec![env.resolve_type(t); n];
    }
    let vals = expr_list(values);
    let tys = if vals.len() == n {
        vals.iter().map(|v| env.infer(*v)).collect()
    } else if vals.len() == 1 {
        env.infer_values(vals[0], n)
    } else {
        vec![Type::Unknown; n]
    };
    tys.into_iter().map(default_type).collect()
}

pub(crate) struct Receiver {
    pub base: String,
    pub pointer: bool,
    /// The receiver's type parameter names (`T` in `func (b *Box[T])`).
    pub params: Vec<String>,
    pub name: Option<(String, u32)>,
}

pub(crate) fn receiver_type(file: &ParsedFile, method: Node) -> Option<Receiver> {
    let list = method.child_by_field_name("receiver")?;
    let mut c = list.walk();
    let decl = list.named_children(&mut c).find(|p| p.kind() == "parameter_declaration")?;
    let name = names_of(file, decl).into_iter().next();
    let mut t = decl.child_by_field_name("type")?;
    while t.kind() == "parenthesized_type" {
        t = t.named_child(0)?;
    }
    let mut pointer = false;
    if t.kind() == "pointer_type" {
        pointer = true;
        t = t.named_child(0)?;
    }
    let (base, params) = match t.kind() {
        "type_identifier" => (file.node_text(t).to_string(), Vec::new()),
        "generic_type" => {
            let base = file.node_text(t.child_by_field_name("type")?).to_string();
            let args = t.child_by_field_name("type_arguments")?;
            let mut c2 = args.walk();
            let params = args.named_children(&mut c2).map(|a| file.node_text(a).trim().to_string()).collect();
            (base, params)
        }
        _ => return None,
    };
    Some(Receiver { base, pointer, params, name })
}

#[cfg(test)]
pub(crate) mod tests {
    use std::fmt::Write as _;
    use std::path::PathBuf;

    use expect_test::expect;

    use super::*;

    /// `text` as the one file of package `main`, and its members.
    pub(crate) fn main_package(text: &str) -> (Arc<ParsedFile>, Members) {
        let file = Arc::new(ParsedFile::parse(PathBuf::from("/p/main.go"), None, text.to_string()).unwrap());
        let members = build_members(std::slice::from_ref(&file), "main", &HashMap::new());
        (file, members)
    }

    fn members(text: &str) -> Members {
        main_package(text).1
    }

    fn statics(text: &str) -> String {
        let m = members(text);
        m.static_vars.iter().cloned().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn variables_laid_out_as_data() {
        let got = statics(
            "package main
import \"os\"
const c = 1
type M map[string]int
var v = 1
var (
	named = c
	neg = -c
	negv = -v
	arr = [2]int{c, 2}
	keyed = [2]int{1: c}
	conv = int64(c)
	bytes = []byte(\"x\")
	ptr = (*int)(nil)
	nums = [2]int([2]int{1, 2})
	fn = func() {}
	call = f()
	recv = <-ch
	args = os.Args
	lit = map[string]int{\"a\": 1}
	namedmap = M{\"a\": 1}
	uninit int
)
var ch chan int
func f() int { return 1 }
",
        );
        expect!["arr ch conv fn keyed named neg ptr uninit v"].assert_eq(&got);
    }

    #[test]
    fn initializers_too_deep_to_follow_run_as_code() {
        let unary = |n: usize| statics(&format!("package main\nvar x = {}1\n", "- ".repeat(n)));
        assert_eq!(unary(63), "x");
        assert_eq!(unary(64), "");
        let keyed = |n: usize| {
            statics(&format!(
                "package main\nvar x = {}int{{{}1{}}}\n",
                "[1]".repeat(n),
                "0: {".repeat(n - 1),
                "}".repeat(n - 1)
            ))
        };
        assert_eq!(keyed(4), "x");
        assert_eq!(keyed(21), "x");
        assert_eq!(keyed(22), "");
        let nested = |n: usize| statics(&format!("package main\nvar x = {}1{}\n", "[1]any{".repeat(n), "}".repeat(n)));
        assert_eq!(nested(4), "x");
        assert_eq!(nested(21), "x");
        assert_eq!(nested(22), "");
    }

    #[test]
    fn declarations_resolved() {
        let m = members(
            "package main
type A = B
type B = C
type C = int
type T int
type T = string
type I1 interface{ I2 }
type I2 interface{ I3 }
type I3 interface{ M() }
type MyInt int
func (MyInt) String() string { return \"\" }
type Union interface{ MyInt | string }
type S struct{ X int }
type R S
type Celsius float64
type Letter string
const boiling Celsius = 100
const freezing Celsius = 0.0
const letter Letter = 65
const one float64 = 1
type Stack[T any] struct{ top T }
func (s *Stack[E]) Top() E { return s.top }
func (s *Stack[E, F]) Odd() E { var e E; return e }
func Plain[T ~int | ~string](x T) {}
func Slice[S ~[]E, E any](s S) {}
func Linked[S interface{ ~[]E | ~[]int }, E any](s S) {}
func init() {}
func _() {}
",
        );
        let mut out = String::new();
        for name in ["A", "B", "C", "T"] {
            writeln!(out, "{name}: {:?}", m.names[name]).unwrap();
        }
        for name in ["I1", "Union"] {
            let own: Vec<&str> = m.types[name].info.methods.iter().map(|x| x.name.as_str()).collect();
            writeln!(out, "{name} methods: {:?}, in its type: {own:?}", m.iface_methods[name]).unwrap();
        }
        for name in ["boiling", "freezing", "letter", "one"] {
            let c = &m.consts[name].0;
            writeln!(out, "const {name} {}: {:?}", c.ty, c.value).unwrap();
        }
        writeln!(out, "R underlying: {}", m.types["R"].info.underlying).unwrap();
        for x in &m.types["Stack"].info.methods {
            writeln!(out, "Stack.{}: {}", x.name, x.sig).unwrap();
        }
        for (name, f) in &m.funcs {
            writeln!(out, "func {name}: cores {:?}, linked {}", f.cores, f.constraints_link_params).unwrap();
        }
        expect![[r#"
            A: Alias(Basic(Int))
            B: Alias(Basic(Int))
            C: Alias(Basic(Int))
            T: Defined(0)
            I1 methods: ["M"], in its type: []
            Union methods: [], in its type: []
            const boiling main.Celsius: Some(Float(100.0))
            const freezing main.Celsius: Some(Float(0.0))
            const letter main.Letter: Some(String("A"))
            const one float64: Some(Float(1.0))
            R underlying: struct { X int }
            Stack.Top: func() T
            Stack.Odd: func() E
            func Linked: cores [None, None], linked true
            func Plain: cores [None], linked false
            func Slice: cores [Some((Slice(TypeParam("E")), true)), None], linked false
        "#]]
        .assert_eq(&out);
    }
}
