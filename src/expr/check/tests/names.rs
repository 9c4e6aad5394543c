//! Names: lookup order, declaration lines, registers, package members and
//! the names only Delve has.

use expect_test::{Expect, expect};

use crate::expr::ast::ChanDir;
use crate::expr::scope::{Arch, Constant, ScopeAt, VarKind, Variable};
use crate::expr::types::{Basic, NamedInfo, StructField, Type, Untyped};

use super::{check_expr, check_expr_in};

#[test]
fn names_and_lookup_order() {
    check_expr("n", expect!["ok: int"]);
    check_expr(
        "usr",
        expect![[r#"
        error[undefined] 0..3: undefined: `usr` is not visible at this line; did you mean `user`?
          fix: did you mean `user`? [0..3="user"]"#]],
    );
    check_expr("user", expect!["ok: main.User"]);
    check_expr("Version", expect!["ok: string"]);
    check_expr("MaxItems", expect!["ok: int"]);
    check_expr("helper", expect!["ok: ?"]);
    check_expr(
        "total2",
        expect![
            "error[not-yet-declared] 0..6: `total2` is declared on this line (line 10); Delve sees it only from the next line"
        ],
    );
    check_expr(
        "later",
        expect![
            "error[not-yet-declared] 0..5: `later` is declared on line 12, after this line; Delve cannot see it here"
        ],
    );
    check_expr(
        "inner",
        expect![
            "error[not-yet-declared] 0..5: `inner` (line 7) is declared in a block that does not enclose this line"
        ],
    );
    check_expr("RIP", expect!["ok: ?"]);
    check_expr("rip", expect!["error[undefined] 0..3: undefined: `rip` is not visible at this line"]);
    check_expr("_RAX", expect!["ok: ?"]);
    check_expr(
        "Money",
        expect![[r#"
        error[undefined] 0..5: `Money` is a type; Delve needs the qualified name `main.Money` for conversions
          fix: use `main.Money` [0..5="main.Money"]"#]],
    );
}

#[test]
fn package_members() {
    check_expr("inventory.Count", expect!["ok: int"]);
    check_expr(
        "inventory.Cout",
        expect![[r#"
        error[no-member] 10..14: package `inventory` has no variable or constant `Cout`; did you mean `Count`?
          fix: did you mean `Count`? [10..14="Count"]"#]],
    );
    check_expr("inventory.Item", expect!["ok: ?"]);
    check_expr("inventory.Grade", expect!["ok: ?"]);
    check_expr("inventory.Names", expect!["error[no-member] 10..15: `inventory.Names` is a type, not a value"]);
    check_expr("\"example.com/shop/inventory\".Count", expect!["ok: int"]);
    check_expr("main.Version", expect!["ok: string"]);
    check_expr("nosuchpkg.Foo", expect!["error[undefined] 0..9: undefined: `nosuchpkg` is not visible at this line"]);
}

#[test]
fn delve_and_runtime_names() {
    check_expr("runtime.curg", expect!["ok: runtime.g"]);
    check_expr("runtime.frameoff", expect!["ok: untyped int"]);
    check_expr("runtime.frame(1).n", expect!["ok: ?"]);
    check_expr("delve.bphitcount[1]", expect!["ok: untyped int"]);
}

/// `pkg.T` evaluates to the type's equality function, which only
/// comparable types of packages other than main have.
#[test]
fn types_as_values() {
    check_expr("main.User", expect!["error[no-member] 5..9: `main.User` is a type, not a value"]);
    check_expr("main.Money", expect!["error[no-member] 5..10: `main.Money` is a type, not a value"]);
    check_expr("inventory.Item", expect!["ok: ?"]);
    check_expr("inventory.Grade", expect!["ok: ?"]);
    check_expr("inventory.Names", expect!["error[no-member] 10..15: `inventory.Names` is a type, not a value"]);
    check_expr("inventory.Span", expect!["error[no-member] 10..14: `inventory.Span` is a type, not a value"]);
    check_expr("inventory.Padded", expect!["ok: ?"]);
}

/// A name is undefined only where the scope lists all locals and all of
/// the package's names; `byte` and `rune` are aliases Delve does not know.
#[test]
fn undefined_names() {
    check_expr("nosuch", expect!["error[undefined] 0..6: undefined: `nosuch` is not visible at this line"]);
    check_expr_in(|s| s.locals_complete = false, "nosuch", expect!["ok: ?"]);
    check_expr_in(|s| s.package.complete = false, "nosuch", expect!["ok: ?"]);
    check_expr(
        "byte",
        expect![[r#"
        error[undefined] 0..4: Delve does not know the alias `byte`; use `uint8`
          fix: use `uint8` [0..4="uint8"]"#]],
    );
    check_expr(
        "rune",
        expect![[r#"
        error[undefined] 0..4: Delve does not know the alias `rune`; use `int32`
          fix: use `int32` [0..4="int32"]"#]],
    );
}

fn with_const(name: &str, ty: Type) -> impl FnOnce(&mut crate::expr::scope::ScopeAt) {
    let c = Constant { name: name.into(), ty, value: None };
    move |s| s.package.consts.push(c)
}

fn with_local(name: &str, ty: Type) -> impl FnOnce(&mut crate::expr::scope::ScopeAt) {
    let v = Variable { name: name.into(), ty, kind: VarKind::Local, decl_line: Some(5) };
    move |s| s.locals.push(v)
}

/// Delve sees integer constants only, and a constant of a type the scope
/// cannot tell may be one; the message names what the constant is.
#[test]
fn constants() {
    check_expr("Pi", expect!["error[undefined] 0..2: `Pi` is a float constant; Delve sees only integer constants"]);
    check_expr_in(
        with_const("Greeting", Type::Untyped(Untyped::String)),
        "Greeting",
        expect!["error[undefined] 0..8: `Greeting` is a string constant; Delve sees only integer constants"],
    );
    check_expr_in(
        with_const("Debug", Type::Untyped(Untyped::Bool)),
        "Debug",
        expect!["error[undefined] 0..5: `Debug` is a bool constant; Delve sees only integer constants"],
    );
    check_expr_in(
        with_const("Wave", Type::Untyped(Untyped::Complex)),
        "Wave",
        expect!["error[undefined] 0..4: `Wave` is a non-integer constant; Delve sees only integer constants"],
    );
    check_expr_in(
        with_const("Rate", Type::Basic(Basic::Float64)),
        "Rate",
        expect!["error[undefined] 0..4: `Rate` is a float constant; Delve sees only integer constants"],
    );
    check_expr_in(with_const("Mode", Type::named("example.com/other", "Mode")), "Mode", expect!["ok: ?"]);
    check_expr_in(
        with_const("Rate", Type::Basic(Basic::Float64)),
        "main.Rate",
        expect!["error[undefined] 5..9: `main.Rate` is a float constant; Delve sees only integer constants"],
    );
}

/// A value's members come before a package's of the same name; where the
/// value has no such member, Delve falls back to the package's variable,
/// constant or function.
#[test]
fn values_named_like_packages() {
    let user = || Type::named("main", "User");
    check_expr_in(with_local("inventory", user()), "inventory.Name", expect!["ok: string"]);
    check_expr_in(with_local("main", user()), "main.Name", expect!["ok: string"]);
    check_expr_in(with_local("inventory", Type::Basic(Basic::Int)), "inventory.Count", expect!["ok: int"]);
    check_expr_in(with_local("inventory", Type::Basic(Basic::Int)), "inventory.Limit", expect!["ok: int"]);
    check_expr_in(with_local("inventory", Type::Basic(Basic::Int)), "inventory.Lookup", expect!["ok: ?"]);
    check_expr_in(
        with_local("inventory", Type::Basic(Basic::Int)),
        "inventory.Nope",
        expect!["error[no-member] 10..14: `inventory` (type int) has no field or method `Nope`"],
    );
    let global = Variable { name: "inventory".into(), ty: user(), kind: VarKind::Global, decl_line: None };
    check_expr_in(|s| s.package.vars.push(global), "inventory.Name", expect!["ok: string"]);
}

/// `unsafe` is the compiler's package: a binary has no symbol of it, so
/// Delve fails on `unsafe.Sizeof(x)` and the like (conversions to
/// `unsafe.Pointer` are types, read elsewhere). Only where no other
/// package of that name may be linked, and no variable holds the name.
#[test]
fn the_compilers_unsafe() {
    check_expr(
        "unsafe.Sizeof(n) == 8",
        expect![
            "error[undefined] 0..13: Delve cannot evaluate `unsafe.Sizeof`: the binary has no symbol of the compiler's package `unsafe` (only conversions to `unsafe.Pointer` work)"
        ],
    );
    check_expr("unsafe.Pointer(&n) != nil", expect!["ok: untyped bool"]);
    let another = |s: &mut crate::expr::scope::ScopeAt| {
        let names = s.linked_package_names.as_ref().unwrap().iter().cloned().chain(["unsafe".to_string()]);
        s.linked_package_names = Some(std::sync::Arc::new(names.collect()));
    };
    check_expr_in(another, "unsafe.Sizeof(n) == 8", expect!["ok: untyped bool"]);
    check_expr_in(|s| s.linked_package_names = None, "unsafe.Sizeof(n) == 8", expect!["ok: untyped bool"]);
    check_expr_in(with_local("unsafe", Type::named("main", "User")), "unsafe.Name", expect!["ok: string"]);
}

/// Stopped in a package other than main, its own name qualifies its
/// members.
#[test]
fn the_current_package_by_name() {
    let shop = |s: &mut crate::expr::scope::ScopeAt| {
        s.package.name = "shop".into();
        s.package.path = "example.com/shop".into();
    };
    check_expr_in(shop, "shop.Version", expect!["ok: string"]);
}

/// A package named by its import path: the main package's path is `main`,
/// and a path whose last element names a linked package may be one.
#[test]
fn packages_by_path() {
    check_expr("\"main\".Version", expect!["ok: ?"]);
    check_expr("\"example.com/x/strings\".Builder", expect!["ok: ?"]);
    check_expr(
        "\"example.com/x/nosuch\".Builder",
        expect![[
            r#"error[undefined] 0..22: no package "example.com/x/nosuch" is linked into the program (the main package is "main")"#
        ]],
    );
}

/// `runtime.frame(n)` takes one integer literal.
#[test]
fn runtime_frame_arguments() {
    check_expr(
        "runtime.frame(n).x",
        expect!["error[unsupported] 0..18: runtime.frame needs an integer literal frame number"],
    );
    check_expr("runtime.frame(1, 2).x", expect!["error[unsupported] 0..21: runtime.frame takes exactly one argument"]);
    check_expr(
        "runtime.frame(1000).x",
        expect!["error[unsupported] 14..18: runtime.frame needs a small decimal frame number"],
    );
}

/// Register names by the target's architecture (Delve's regnum tables);
/// an unknown target takes every architecture's.
#[test]
fn registers_by_architecture() {
    let names = ["RAX", "R3", "R15", "R16", "XMM3", "K1", "ST0", "X0", "V31", "PC", "EAX"];
    let seen = |arch: Arch| {
        let known: Vec<&str> = names
            .iter()
            .copied()
            .filter(|name| {
                let mut scope = crate::expr::test_fixture::fixture();
                scope.arch = arch;
                !crate::expr::check(name, crate::expr::Role::Expression, &scope).has_errors()
            })
            .collect();
        known.join(" ")
    };
    expect!["RAX R15 XMM3 K1 ST0"].assert_eq(&seen(Arch::Amd64));
    expect!["X0 V31 PC"].assert_eq(&seen(Arch::Arm64));
    expect!["RAX R3 R15 XMM3 K1 ST0 X0 V31 PC EAX"].assert_eq(&seen(Arch::I386));
    expect!["RAX R3 R15 XMM3 K1 ST0 X0 V31 PC EAX"].assert_eq(&seen(Arch::Unknown));
}

/// `inventory.T` for a `T` of the given underlying type: a value (its
/// equality function) only where Go compares `T` field by field, not as
/// plain memory, and can compare it at all; undecided (accepted) past 8
/// levels of fields and elements.
fn check_type_as_value(underlying: Type, expect: Expect) {
    let with = move |s: &mut ScopeAt| {
        s.types.known_mut().insert("example.com/shop/inventory.T".into(), NamedInfo { underlying, methods: vec![] });
        let inventory =
            s.imports.known_mut().get_mut("example.com/shop/inventory").expect("the fixture imports inventory");
        inventory.types.push("T".into());
    };
    check_expr_in(with, "inventory.T", expect);
}

fn fields(fs: &[(&str, Type)]) -> Type {
    Type::Struct(fs.iter().map(|(n, t)| StructField { name: n.to_string(), ty: t.clone(), embedded: false }).collect())
}

fn array(n: u64, t: Type) -> Type {
    Type::Array(Some(n), Box::new(t))
}

/// `t` inside `levels` one-element arrays.
fn in_arrays(levels: usize, t: Type) -> Type {
    (0..levels).fold(t, |t, _| array(1, t))
}

/// `t` inside `levels` one-field structs.
fn in_structs(levels: usize, t: Type) -> Type {
    (0..levels).fold(t, |t, _| fields(&[("F", t)]))
}

#[test]
fn types_as_values_by_layout() {
    use Basic::*;
    let b = Type::Basic;
    check_type_as_value(b(Bool), expect!["error[no-member] 10..11: `inventory.T` is a type, not a value"]);
    check_type_as_value(b(Int8), expect!["error[no-member] 10..11: `inventory.T` is a type, not a value"]);
    check_type_as_value(b(Int16), expect!["error[no-member] 10..11: `inventory.T` is a type, not a value"]);
    check_type_as_value(b(Uint32), expect!["error[no-member] 10..11: `inventory.T` is a type, not a value"]);
    check_type_as_value(b(Float32), expect!["ok: ?"]);
    check_type_as_value(
        fields(&[("P", Type::pointer_to(b(Int)))]),
        expect!["error[no-member] 10..11: `inventory.T` is a type, not a value"],
    );
    check_type_as_value(
        Type::Chan(ChanDir::Both, Box::new(b(Int))),
        expect!["error[no-member] 10..11: `inventory.T` is a type, not a value"],
    );
    check_type_as_value(array(2, b(Int32)), expect!["error[no-member] 10..11: `inventory.T` is a type, not a value"]);
    check_type_as_value(array(2, b(String)), expect!["ok: ?"]);
    check_type_as_value(
        fields(&[("A", b(Int16)), ("B", b(Uint16))]),
        expect!["error[no-member] 10..11: `inventory.T` is a type, not a value"],
    );
    // A blank field, a zero-size one, padding after the fields or between.
    check_type_as_value(fields(&[("_", b(Int32)), ("A", b(Int32))]), expect!["ok: ?"]);
    check_type_as_value(fields(&[("A", b(Int)), ("Z", array(0, b(Int)))]), expect!["ok: ?"]);
    check_type_as_value(fields(&[("A", b(Int64)), ("B", b(Int8))]), expect!["ok: ?"]);
    check_type_as_value(fields(&[("A", b(Int8)), ("B", b(Int32))]), expect!["ok: ?"]);
    check_type_as_value(fields(&[("A", b(Int8)), ("B", b(Int32)), ("C", b(Int16)), ("D", b(Int8))]), expect!["ok: ?"]);
    check_type_as_value(
        fields(&[("A", b(Int32)), ("B", b(Int8)), ("C", b(Int8)), ("D", b(Int16))]),
        expect!["error[no-member] 10..11: `inventory.T` is a type, not a value"],
    );
    // How deep the layout is followed.
    check_type_as_value(in_arrays(8, b(Int)), expect!["error[no-member] 10..11: `inventory.T` is a type, not a value"]);
    check_type_as_value(in_arrays(9, b(Int)), expect!["ok: ?"]);
    check_type_as_value(
        in_structs(8, b(Int)),
        expect!["error[no-member] 10..11: `inventory.T` is a type, not a value"],
    );
    check_type_as_value(in_structs(9, b(Int)), expect!["ok: ?"]);
    check_type_as_value(
        in_arrays(8, Type::slice_of(b(Int))),
        expect!["error[no-member] 10..11: `inventory.T` is a type, not a value"],
    );
    check_type_as_value(in_arrays(9, Type::slice_of(b(Int))), expect!["ok: ?"]);
    check_type_as_value(
        in_structs(8, Type::slice_of(b(Int))),
        expect!["error[no-member] 10..11: `inventory.T` is a type, not a value"],
    );
    check_type_as_value(in_structs(9, Type::slice_of(b(Int))), expect!["ok: ?"]);
}

/// The "did you mean" of a misspelt name: the closest of `candidates`
/// (edits, a transposition counting as one; case alone costs nothing),
/// at most one edit from a name of up to 3 letters and two from longer
/// ones; ties go to the first in alphabetical order.
fn check_closest(name: &str, candidates: &[&str], expect: Expect) {
    let best = crate::expr::check::closest_name(name, candidates.iter().copied());
    expect.assert_eq(&format!("{best:?}"));
}

#[test]
fn did_you_mean() {
    check_closest("usr", &["user"], expect![[r#"Some("user")"#]]);
    check_closest("usr", &["uxxr"], expect!["None"]);
    check_closest("abc", &["xyc"], expect!["None"]);
    check_closest("abcd", &["abxy"], expect![[r#"Some("abxy")"#]]);
    check_closest("abcd", &["xycd", "xbcd"], expect![[r#"Some("xbcd")"#]]);
    check_closest("abcd", &["abce", "abcf"], expect![[r#"Some("abce")"#]]);
    check_closest("abcd", &["abcf", "abce"], expect![[r#"Some("abce")"#]]);
    check_closest("abcd", &["abcx", "abxy"], expect![[r#"Some("abcx")"#]]);
    check_closest("abcd", &["abxy", "abcx"], expect![[r#"Some("abcx")"#]]);
    check_closest("user", &["user", "users"], expect![[r#"Some("users")"#]]);
    check_closest("USER", &["users", "user"], expect![[r#"Some("user")"#]]);
    check_closest("x", &[""], expect!["None"]);
    // Transpositions.
    check_closest("ab", &["ba"], expect![[r#"Some("ba")"#]]);
    check_closest("name", &["anme"], expect![[r#"Some("anme")"#]]);
    check_closest("name", &["naem"], expect![[r#"Some("naem")"#]]);
    check_closest("abcdef", &["badcef"], expect![[r#"Some("badcef")"#]]);
    check_closest("abcdef", &["badcfe"], expect!["None"]);
    check_closest("count", &["cuont", "conut"], expect![[r#"Some("conut")"#]]);
    check_closest("kitten", &["sitting"], expect!["None"]);
    check_closest("sittin", &["kitten"], expect![[r#"Some("kitten")"#]]);
    check_closest("flaw", &["lawn"], expect![[r#"Some("lawn")"#]]);
    check_closest("total", &["tota", "totals"], expect![[r#"Some("tota")"#]]);
    check_closest("ca", &["abc"], expect!["None"]);
    check_closest("aaab", &["bba"], expect!["None"]);
}
