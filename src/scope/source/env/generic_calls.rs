//! Calls of generic functions: the callee and its written type arguments,
//! the others inferred as Go does (function arguments, core types of
//! constraints, default types of untyped constants).

use std::collections::{BTreeMap, HashMap};

use tree_sitter::Node;

use super::infer::strip_parens;
use super::{FuncDecl, GenericCallee, Inst, TypeEnv, has_type_param, subst};
use crate::expr::types::{Basic, Named, Type, Untyped};

impl<'a> TypeEnv<'a> {
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
    pub(super) fn registry_for(&self, types: &[Type], pkg_path: &str) -> BTreeMap<String, Inst> {
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
    pub(super) fn infer_type_args(
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
    pub(super) fn infer_from_constraints(&self, decl: &FuncDecl, bound: &mut HashMap<String, Type>) -> Option<()> {
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
    pub(super) fn unify(&self, param: &Type, arg: &Type, bound: &mut HashMap<String, Type>, depth: u32) -> bool {
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

    pub(super) fn inst_of(&self, n: &Named) -> Option<Inst> {
        let key = n.qualified();
        if let Some(i) = self.insts.borrow().get(&key) {
            return Some(i.clone());
        }
        self.members_of(&n.pkg_path)?.insts.get(&key).or_else(|| self.members.insts.get(&key)).cloned()
    }
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
