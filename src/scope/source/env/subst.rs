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

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;
    use crate::expr::ast::ChanDir;
    use crate::expr::types::Basic;

    #[test]
    fn type_parameters_are_found_in_every_kind_of_type() {
        // Each shape twice: around a type parameter and around `int`.
        let shapes = |x: Type| {
            let int = Type::Basic(Basic::Int);
            let func = |params: Vec<Type>, results: Vec<Type>| {
                Type::Func(Box::new(FuncType { params, results, variadic: false }))
            };
            vec![
                x.clone(),
                Type::pointer_to(x.clone()),
                Type::slice_of(x.clone()),
                Type::Array(Some(2), Box::new(x.clone())),
                Type::Chan(ChanDir::Recv, Box::new(x.clone())),
                Type::map_of(x.clone(), int.clone()),
                Type::map_of(int.clone(), x.clone()),
                func(vec![int.clone(), x.clone()], vec![]),
                func(vec![], vec![int.clone(), x.clone()]),
                Type::Struct(vec![
                    StructField { name: "A".into(), ty: int.clone(), embedded: false },
                    StructField { name: "B".into(), ty: x.clone(), embedded: false },
                ]),
            ]
        };
        let mut out = String::new();
        for t in shapes(Type::TypeParam("T".into())).into_iter().chain(shapes(Type::Basic(Basic::Uint8))) {
            out.push_str(&format!("{t}: {}\n", has_type_param(&t)));
        }
        expect![[r#"
            T: true
            *T: true
            []T: true
            [2]T: true
            <-chan T: true
            map[T]int: true
            map[int]T: true
            func(int, T): true
            func() (int, T): true
            struct { A int; B T }: true
            uint8: false
            *uint8: false
            []uint8: false
            [2]uint8: false
            <-chan uint8: false
            map[uint8]int: false
            map[int]uint8: false
            func(int, uint8): false
            func() (int, uint8): false
            struct { A int; B uint8 }: false
        "#]]
        .assert_eq(&out);
    }
}
