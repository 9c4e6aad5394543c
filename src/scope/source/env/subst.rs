//! Instantiation: type arguments substituted for type parameters, and
//! the registry of instantiated names (`main.Box[int]`) they create.

use std::collections::{BTreeMap, HashMap};

use super::Inst;
use crate::expr::types::{FuncType, Method, Named, NamedInfo, StructField, Type};

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
