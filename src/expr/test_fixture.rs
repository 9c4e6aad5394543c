//! A fixed scope for the engine's data-driven tests: a `main` package with
//! users, orders and an `inventory` package, stopped at line 10.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::ast::ChanDir;
use super::scope::{Constant, Hidden, HiddenVar, Package, ScopeAt, Unreadable, VarKind, Variable};
use super::types::{Basic, FuncType, Method, NamedInfo, StructField, Type, Untyped};

fn basic(k: Basic) -> Type {
    Type::Basic(k)
}

fn main_t(name: &str) -> Type {
    Type::named("main", name)
}

fn field(name: &str, ty: Type) -> StructField {
    StructField { name: name.into(), ty, embedded: false }
}

fn var(name: &str, ty: Type, kind: VarKind) -> Variable {
    Variable { name: name.into(), ty, kind, decl_line: Some(5) }
}

fn method(name: &str, pointer_receiver: bool, results: Vec<Type>) -> Method {
    let sig = Type::Func(Box::new(FuncType { params: vec![], results, variadic: false }));
    Method { name: name.into(), pointer_receiver, sig }
}

pub(crate) fn fixture() -> ScopeAt {
    let mut types = BTreeMap::new();
    let mut add = |name: &str, underlying: Type, methods: Vec<Method>| {
        types.insert(name.to_string(), NamedInfo { underlying, methods });
    };
    add(
        "main.Base",
        Type::Struct(vec![field("ID", basic(Basic::Int64)), field("Created", basic(Basic::String))]),
        vec![],
    );
    add(
        "main.Address",
        Type::Struct(vec![field("City", basic(Basic::String)), field("Zip", basic(Basic::String))]),
        vec![],
    );
    add(
        "main.User",
        Type::Struct(vec![
            StructField { name: "Base".into(), ty: main_t("Base"), embedded: true },
            field("Name", basic(Basic::String)),
            field("Age", basic(Basic::Int)),
            field("Email", basic(Basic::String)),
            field("Tags", Type::slice_of(basic(Basic::String))),
            field("Address", Type::pointer_to(main_t("Address"))),
            field("Meta", Type::map_of(basic(Basic::String), basic(Basic::String))),
        ]),
        vec![method("Greet", true, vec![basic(Basic::String)])],
    );
    add("main.Money", basic(Basic::Int64), vec![method("String", false, vec![basic(Basic::String)])]);
    add("main.Flag", basic(Basic::Bool), vec![]);
    add(
        "main.Item",
        Type::Struct(vec![
            field("SKU", basic(Basic::String)),
            field("Qty", basic(Basic::Int)),
            field("Price", basic(Basic::Float64)),
        ]),
        vec![],
    );
    add(
        "main.Order",
        Type::Struct(vec![
            field("ID", basic(Basic::Int)),
            field("Items", Type::slice_of(main_t("Item"))),
            field("Total", main_t("Money")),
            field("Customer", Type::pointer_to(main_t("User"))),
            field("Notes", Type::map_of(basic(Basic::String), basic(Basic::Int))),
            field("Done", basic(Basic::Bool)),
        ]),
        vec![],
    );
    add("main.Shape", Type::Interface(vec!["Area".into()]), vec![]);
    // Structs nested three deep: Delve loads two levels for a comparison.
    add("main.Tree", Type::Struct(vec![field("Root", main_t("Branch"))]), vec![]);
    add("main.Branch", Type::Struct(vec![field("Leaf", main_t("Base")), field("N", basic(Basic::Int))]), vec![]);
    // Each embeds a pointer to the other: member walks must end.
    add(
        "main.Ring",
        Type::Struct(vec![
            StructField { name: "Link".into(), ty: Type::pointer_to(main_t("Link")), embedded: true },
            field("Val", basic(Basic::Int)),
        ]),
        vec![],
    );
    add(
        "main.Link",
        Type::Struct(vec![
            StructField { name: "Ring".into(), ty: Type::pointer_to(main_t("Ring")), embedded: true },
            field("Next", basic(Basic::Int)),
        ]),
        vec![],
    );
    // Defined over a type of a package the scope has not read.
    add("main.Wrapper", Type::named("example.com/other", "Thing"), vec![]);
    add("example.com/shop/inventory.Grade", basic(Basic::Float64), vec![]);
    add("example.com/shop/inventory.Names", Type::slice_of(basic(Basic::String)), vec![]);
    // Compared as plain memory (no generated equality function), and not.
    add(
        "example.com/shop/inventory.Span",
        Type::Struct(vec![field("From", basic(Basic::Int)), field("To", basic(Basic::Int))]),
        vec![],
    );
    add(
        "example.com/shop/inventory.Padded",
        Type::Struct(vec![field("Small", basic(Basic::Int8)), field("Big", basic(Basic::Int64))]),
        vec![],
    );
    add(
        "example.com/shop/inventory.Item",
        Type::Struct(vec![field("SKU", basic(Basic::String)), field("Count", basic(Basic::Int))]),
        vec![],
    );

    let l = VarKind::Local;
    let locals = vec![
        var("u", Type::pointer_to(main_t("User")), VarKind::Param),
        var("user", main_t("User"), l),
        var("o", main_t("Order"), l),
        var("items", Type::slice_of(main_t("Item")), l),
        var("n", basic(Basic::Int), l),
        // Optimized out at the line, wholly or in part (see `unreadable`).
        var("gone", basic(Basic::Int), l),
        var("halfgone", Type::slice_of(basic(Basic::Int)), l),
        var("n64", basic(Basic::Int64), l),
        var("u8", basic(Basic::Uint8), l),
        var("idx", basic(Basic::Uint), l),
        var("f", basic(Basic::Float64), l),
        var("s", basic(Basic::String), l),
        var("b", Type::slice_of(basic(Basic::Uint8)), l),
        var("m", Type::map_of(basic(Basic::String), basic(Basic::Int)), l),
        var("ptrs", Type::map_of(basic(Basic::Int), Type::pointer_to(main_t("User"))), l),
        var("sh", main_t("Shape"), l),
        var("x", Type::Interface(vec![]), l),
        var("err", Type::error(), l),
        var(
            "fn",
            Type::Func(Box::new(FuncType {
                params: vec![basic(Basic::Int)],
                results: vec![basic(Basic::Int)],
                variadic: false,
            })),
            l,
        ),
        var("ch", Type::Chan(ChanDir::Both, Box::new(basic(Basic::Int))), l),
        var("arr", Type::Array(Some(3), Box::new(basic(Basic::Int))), l),
        var("total", main_t("Money"), l),
        var("ok", basic(Basic::Bool), l),
        var("flag", main_t("Flag"), l),
        var("r", basic(Basic::Int32), l),
        var("val", Type::TypeParam("T".into()), l),
        // Types with a part the scope cannot tell.
        var("pval", Type::pointer_to(Type::TypeParam("T".into())), l),
        var("tally", Type::map_of(Type::TypeParam("T".into()), basic(Basic::Int)), l),
        var("ps", Type::pointer_to(basic(Basic::String)), l),
        var("pm", Type::pointer_to(Type::map_of(basic(Basic::String), basic(Basic::Int))), l),
        var("up", basic(Basic::UnsafePointer), l),
        var("tree", main_t("Tree"), l),
        var("ring", Type::pointer_to(main_t("Ring")), l),
        var("pu", Type::pointer_to(Type::pointer_to(main_t("User"))), l),
        // A named type the scope has no entry for (its package unread).
        var("opaque", Type::named("example.com/other", "Thing"), l),
        var("popaque", Type::pointer_to(Type::named("example.com/other", "Thing")), l),
    ];
    let package = Package {
        name: "main".into(),
        path: "main".into(),
        vars: vec![
            var("Version", basic(Basic::String), VarKind::Global),
            var("counter", basic(Basic::Int), VarKind::Global),
        ],
        consts: vec![
            Constant { name: "MaxItems".into(), ty: basic(Basic::Int), value: None },
            Constant { name: "Pi".into(), ty: Type::Untyped(Untyped::Float), value: None },
        ],
        funcs: vec!["helper".into(), "process".into(), "main".into()],
        types: [
            "Base", "Address", "User", "Money", "Flag", "Item", "Order", "Shape", "Tree", "Branch", "Ring", "Link",
            "Wrapper",
        ]
        .map(String::from)
        .to_vec(),
        complete: true,
        ..Package::default()
    };
    let inventory = Package {
        name: "inventory".into(),
        path: "example.com/shop/inventory".into(),
        vars: vec![
            var("Stock", Type::map_of(basic(Basic::String), basic(Basic::Int)), VarKind::Global),
            var("Count", basic(Basic::Int), VarKind::Global),
        ],
        consts: vec![Constant { name: "Limit".into(), ty: basic(Basic::Int), value: None }],
        funcs: vec!["Lookup".into()],
        types: ["Item", "Grade", "Names", "Span", "Padded"].map(String::from).to_vec(),
        complete: true,
        ..Package::default()
    };
    let mut imports = BTreeMap::new();
    imports.insert(inventory.path.clone(), inventory);
    ScopeAt {
        package,
        locals,
        locals_complete: true,
        hidden: vec![
            HiddenVar { name: "later".into(), decl_line: 12, why: Hidden::DeclaredLater },
            HiddenVar { name: "total2".into(), decl_line: 10, why: Hidden::DeclaredLater },
            HiddenVar { name: "inner".into(), decl_line: 7, why: Hidden::OtherBlock },
        ],
        imports: imports.into(),
        packages_complete: false,
        linked_package_names: Some(std::sync::Arc::new(
            ["main", "inventory", "runtime", "fmt", "strings"].map(String::from).into(),
        )),
        types: types.into(),
        instantiations: Vec::new(),
        instantiations_complete: false,
        closure_captures: Some(Arc::new(["limit", "used"].map(String::from).into())),
        unreadable: vec![
            Unreadable { name: "gone".into(), partly: false },
            Unreadable { name: "halfgone".into(), partly: true },
        ],
        line: 10,
        arch: Default::default(),
    }
}

/// The fixture's type parameter `T` (of `val`, `pval` and `tally`) bound
/// to each of `args` in turn; `complete`: those are all the
/// instantiations the program makes.
pub(crate) fn instantiated(args: impl IntoIterator<Item = Type>, complete: bool) -> impl FnOnce(&mut ScopeAt) {
    let insts: Vec<BTreeMap<String, Type>> = args.into_iter().map(|t| BTreeMap::from([("T".to_string(), t)])).collect();
    move |s: &mut ScopeAt| {
        s.instantiations = insts;
        s.instantiations_complete = complete;
    }
}
