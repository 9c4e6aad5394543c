//! Conversions, type assertions and composite literals.

use expect_test::expect;

use super::{check_cond, check_expr, check_expr_in};

#[test]
fn conversions() {
    check_cond("main.Money(5) == total", expect!["ok: untyped bool"]);
    check_cond(
        "Money(5) == total",
        expect![[r#"
        error[undefined] 0..5: `Money` is a type; Delve needs the qualified name `main.Money` for conversions
          fix: use `main.Money` [0..5="main.Money"]"#]],
    );
    check_cond("int(f) == n", expect!["ok: untyped bool"]);
    check_cond("int(s) == n", expect!["error[bad-conversion] 0..6: Delve can not convert `s` (of type string) to int"]);
    check_cond("string(b) == s", expect!["ok: untyped bool"]);
    check_cond("[]byte(s) == nil", expect!["ok: untyped bool"]);
    check_cond("float64(n) > f", expect!["ok: untyped bool"]);
}

#[test]
fn assertions() {
    check_cond(
        "x.(*main.User).Age > 3",
        expect![
            "warning[runtime-hazard] 0..14: if `x` does not hold a *main.User, Delve stops with an interface conversion error"
        ],
    );
    check_cond(
        "x.(main.Shape) == nil",
        expect![
            "error[unsupported] 3..13: Delve can only assert concrete types; an assertion to an interface type always fails"
        ],
    );
    check_cond("n.(int) == 1", expect!["error[type-mismatch] 0..1: `n` is not an interface (of type int)"]);
    check_cond("x.(data) == 1", expect!["ok: untyped bool"]);
}

#[test]
fn composite_literals() {
    check_cond(
        "main.Item{} == items[0]",
        expect![[r#"
        warning[runtime-hazard] 21..22: if the index is out of range, Delve stops with an error; guard with `len(items) > 0 && …`
          fix: guard with `len(items) > 0` [0..0="len(items) > 0 && "]"#]],
    );
    check_cond("[]int{1} == nil", expect!["error[unsupported] 0..8: Delve cannot build []int literals"]);
}

/// unsafe.Pointer converts to and from every pointer; nothing but a
/// value of that very interface type converts to an interface.
#[test]
fn pointers_and_interfaces() {
    check_expr(
        "(*main.User)(up).Name",
        expect![[r#"
        warning[runtime-hazard] 0..16: if `(*main.User)(up)` is nil, Delve stops with a nil pointer dereference; guard with `(*main.User)(up) != nil && …`
          fix: guard with `(*main.User)(up) != nil` [0..0="(*main.User)(up) != nil && "]"#]],
    );
    check_expr("unsafe.Pointer(u)", expect!["ok: unsafe.Pointer"]);
    check_expr("(*int16)(unsafe.Pointer(u))", expect!["ok: *int16"]);
    check_expr(
        "uintptr(up)",
        expect!["error[bad-conversion] 0..11: Delve can not convert `up` (of type unsafe.Pointer) to uintptr"],
    );
    check_expr("uintptr(u)", expect!["ok: uintptr"]);
    check_expr(
        "interface{}(n)",
        expect![
            "error[bad-conversion] 0..14: Delve converts to an interface type only a value of that same type, not `n` (of type int)"
        ],
    );
    check_expr("(\"interface {}\")(x)", expect!["ok: interface {}"]);
    check_expr(
        "(\"interface {}\")(1)",
        expect![
            "error[bad-conversion] 0..19: Delve converts to an interface type only a value of that same type, not `1` (untyped int)"
        ],
    );
    check_expr("error(err)", expect!["ok: error"]);
    check_expr(
        "error(nil)",
        expect![
            "error[bad-conversion] 0..10: Delve converts to an interface type only a value of that same type, not `nil` (untyped nil)"
        ],
    );
}

/// Unqualified, only the predeclared types the debug info names are found.
#[test]
fn unqualified_type_names() {
    check_expr(
        "x.(error)",
        expect![
            "error[unsupported] 3..8: Delve can only assert concrete types; an assertion to an interface type always fails"
        ],
    );
    check_expr(
        "x.(any)",
        expect![[r#"
        error[undefined] 3..6: Delve does not know the alias `any`; use `interface {}`
          fix: use `interface {}` [3..6="interface {}"]"#]],
    );
    check_expr(
        "x.(byte)",
        expect![[r#"
        error[undefined] 3..7: Delve does not know the alias `byte`; use `uint8`
          fix: use `uint8` [3..7="uint8"]"#]],
    );
    check_expr(
        "x.(Point)",
        expect!["error[undefined] 3..8: Delve finds a type only by its package-qualified name, and `Point` is not one"],
    );
    check_expr(
        "x.(inventory.Nope)",
        expect!["error[undefined] 3..17: package `inventory` has no type `Nope` (Delve: no type entry found)"],
    );
    check_expr(
        "x.(nosuchpkg.T)",
        expect![
            "error[undefined] 3..14: no package `nosuchpkg` is linked into the program (Delve: no type entry found)"
        ],
    );
    check_expr(
        "(\"inventory.Item\")(x)",
        expect![[r#"
        error[undefined] 1..17: Delve names types by their package's path: `inventory.Item` is `example.com/shop/inventory.Item`
          fix: use "example.com/shop/inventory.Item" [1..17="\"example.com/shop/inventory.Item\""]"#]],
    );
    check_expr(
        "(\"example.com/shop/inventory.Item\")(x)",
        expect![
            "error[bad-conversion] 0..38: Delve can not convert `x` (of type interface {}) to example.com/shop/inventory.Item"
        ],
    );
    check_expr(
        "(\"main.User\")(nil)",
        expect!["error[bad-conversion] 0..18: Delve can not convert `nil` (untyped nil) to main.User"],
    );
    check_expr(
        "(*map[string]rune)(up)",
        expect![[r#"
        error[undefined] 13..17: Delve looks this type up by its name, and the binary spells `rune` as `int32`
          fix: use `int32` [13..17="int32"]"#]],
    );
    check_expr("(*map[string]int32)(up)", expect!["ok: ?"]);
    check_expr(
        "(*chan any)(up)",
        expect![[r#"
        error[undefined] 7..10: Delve looks this type up by its name, and the binary spells `any` as `interface {}`
          fix: use `interface {}` [7..10="interface {}"]"#]],
    );
    check_expr("(\"main.User\")(user)", expect!["ok: main.User"]);
    check_expr(
        "x.(int)",
        expect![
            "warning[runtime-hazard] 0..7: if `x` does not hold a int, Delve stops with an interface conversion error"
        ],
    );
    check_expr("[]byte(s)", expect!["ok: []uint8"]);
    check_expr(
        "(*[]byte)(up)",
        expect![[r#"
        error[undefined] 4..8: Delve does not know the alias `byte`; use `uint8`
          fix: use `uint8` [4..8="uint8"]"#]],
    );
    check_expr(
        "x.([]byte)",
        expect![[r#"
        error[undefined] 5..9: Delve does not know the alias `byte`; use `uint8`
          fix: use `uint8` [5..9="uint8"]"#]],
    );
}

/// A conversion to a type whose underlying type the scope cannot tell
/// (`main.Wrapper` is defined over a type of an unread package), or of a
/// value whose type it cannot tell, may be one Delve makes.
#[test]
fn conversions_the_scope_cannot_decide() {
    check_expr("main.Wrapper(1)", expect!["ok: main.Wrapper"]);
    check_expr("[]main.Wrapper(n)", expect!["ok: []main.Wrapper"]);
    check_expr("error(opaque)", expect!["ok: error"]);
    check_expr("int(opaque)", expect!["ok: int"]);
    check_expr("string([]main.Wrapper(n))", expect!["ok: string"]);
    check_expr("(*int)(pval)", expect!["ok: *int"]);
    check_expr("(*main.Wrapper)(pval)", expect!["ok: *main.Wrapper"]);
}

/// `unsafe.Pointer` is the one type of package unsafe, and no other
/// package's `Pointer` is it.
#[test]
fn unsafe_pointer_only() {
    check_expr(
        "unsafe.Sizeof(n)",
        expect![
            "error[undefined] 0..13: Delve cannot evaluate `unsafe.Sizeof`: the binary has no symbol of the compiler's package `unsafe` (only conversions to `unsafe.Pointer` work)"
        ],
    );
    check_expr(
        "inventory.Pointer(n)",
        expect!["error[no-member] 10..17: package `inventory` has no variable or constant `Pointer`"],
    );
}

/// A quoted type name with debug info: a type of a listed package that the
/// package does not have is missing, type arguments included; a name the
/// debug info may spell otherwise (a function's local type `main.T·1`,
/// type arguments beyond names, pointers and slices) is accepted.
#[test]
fn quoted_names_with_debug_info() {
    let all = |s: &mut crate::expr::scope::ScopeAt| s.packages_complete = true;
    check_expr_in(
        all,
        "(\"main.Nope[int]\")(n)",
        expect!["error[undefined] 1..17: the binary has no type named `main.Nope[int]` (Delve: no type entry found)"],
    );
    check_expr_in(
        all,
        "(\"main.Nope\")(n)",
        expect!["error[undefined] 1..12: the binary has no type named `main.Nope` (Delve: no type entry found)"],
    );
    check_expr_in(all, "(\"main.T·1\")(n)", expect!["ok: ?"]);
    check_expr_in(all, "(\"main.Box[func()]\")(n)", expect!["ok: ?"]);
    check_expr_in(all, "(\".Thing\")(n)", expect!["ok: ?"]);
    check_expr_in(all, "(\"main.Money\")(n)", expect!["ok: main.Money"]);
    // A package the debug info lists only in part.
    let partly = |s: &mut crate::expr::scope::ScopeAt| {
        s.packages_complete = true;
        s.package.complete = false;
    };
    check_expr_in(partly, "(\"main.Nope\")(n)", expect!["ok: ?"]);
    // The binary spells type arguments without a space after the comma.
    let pair = |s: &mut crate::expr::scope::ScopeAt| {
        s.packages_complete = true;
        s.package.types.push("Pair[int,string]".into());
    };
    check_expr_in(
        pair,
        "(\"main.Pair[int, string]\")(n)",
        expect![[r#"
        error[undefined] 1..25: the binary has no type named `main.Pair[int, string]` (Delve: no type entry found)
          fix: use "main.Pair[int,string]", as the binary spells it [1..25="\"main.Pair[int,string]\""]"#]],
    );
    check_expr_in(
        all,
        "(\"main.Nope[int, string]\")(n)",
        expect![
            "error[undefined] 1..25: the binary has no type named `main.Nope[int, string]` (Delve: no type entry found)"
        ],
    );
    // No package has the path: missing, but for names the debug info has
    // outside packages.
    check_expr_in(
        all,
        "(\"nosuch.T\")(n)",
        expect!["error[undefined] 1..11: the binary has no type named `nosuch.T` (Delve: no type entry found)"],
    );
    check_expr_in(all, "(\"go.shape.int\")(n)", expect!["ok: ?"]);
    check_expr_in(all, "(\"noalg.map.group[string]int\")(n)", expect!["ok: ?"]);
    check_expr_in(all, "(\"map.group.slots\")(n)", expect!["ok: ?"]);
    let hchan = |s: &mut crate::expr::scope::ScopeAt| {
        s.packages_complete = true;
        let info =
            crate::expr::types::NamedInfo { underlying: crate::expr::types::Type::Struct(vec![]), methods: vec![] };
        s.types = std::collections::BTreeMap::from([("runtime.hchan".to_string(), info)]).into();
    };
    check_expr_in(hchan, "(\"runtime.hchan\")(n)", expect!["ok: ?"]);
}

/// From sources, a quoted type of a package that lists it is found only
/// where the scope has its entry.
#[test]
fn quoted_names_from_sources() {
    check_expr("(\"main.Money\")(n)", expect!["ok: main.Money"]);
    check_expr_in(|s| s.package.types.push("Ghost".into()), "(\"main.Ghost\")(n)", expect!["ok: ?"]);
}

/// From sources, `("geo.T")` where `geo` is the name of a package with a
/// longer path: the debug info spells the type with the path, unless a
/// package whose path is `geo` itself may declare it too.
#[test]
fn quoted_names_by_package_name() {
    check_expr(
        "(\"inventory.Item\")(n)",
        expect![[r#"
        error[undefined] 1..17: Delve names types by their package's path: `inventory.Item` is `example.com/shop/inventory.Item`
          fix: use "example.com/shop/inventory.Item" [1..17="\"example.com/shop/inventory.Item\""]"#]],
    );
    check_expr("(\"inventory.Nope\")(n)", expect!["ok: ?"]);
    let path_too = |s: &mut crate::expr::scope::ScopeAt| {
        let other = crate::expr::scope::Package {
            name: "other".into(),
            path: "inventory".into(),
            complete: true,
            ..Default::default()
        };
        s.imports.known_mut().insert(other.path.clone(), other);
    };
    check_expr_in(path_too, "(\"inventory.Item\")(n)", expect!["ok: ?"]);
}

/// `pkg.T[A](x)`: from sources the instantiations are not known; with
/// debug info one the binary does not have is missing, spelled as Delve
/// spells it (package paths, pointers).
#[test]
fn instantiations_from_sources() {
    check_expr("main.Box[int](n)", expect!["ok: ?"]);
    let all = |s: &mut crate::expr::scope::ScopeAt| s.packages_complete = true;
    check_expr_in(
        all,
        "main.Box[inventory.Item](n)",
        expect![
            "error[undefined] 0..24: the binary has no type `main.Box[example.com/shop/inventory.Item]` (Delve: no type entry found)"
        ],
    );
    check_expr_in(
        all,
        "main.Box[*int](n)",
        expect!["error[undefined] 0..14: the binary has no type `main.Box[*int]` (Delve: no type entry found)"],
    );
    let shadowed = |s: &mut crate::expr::scope::ScopeAt| {
        s.packages_complete = true;
        s.locals.push(crate::expr::scope::Variable {
            name: "inventory".into(),
            ty: crate::expr::types::Type::Basic(crate::expr::types::Basic::Int),
            kind: crate::expr::scope::VarKind::Local,
            decl_line: Some(5),
        });
    };
    check_expr_in(shadowed, "main.Box[inventory.Item](n)", expect!["ok: ?"]);
    check_expr_in(
        |s| s.packages_complete = true,
        "main.Box[int](n)",
        expect!["error[undefined] 0..13: the binary has no type `main.Box[int]` (Delve: no type entry found)"],
    );
}

/// Delve looks a map or channel type up by its spelling, which the debug
/// info never gives with an alias, however deep.
#[test]
fn aliases_in_map_types() {
    check_expr(
        "map[byte]int(m)",
        expect![[r#"
        error[undefined] 4..8: Delve looks this type up by its name, and the binary spells `byte` as `uint8`
          fix: use `uint8` [4..8="uint8"]"#]],
    );
    check_expr(
        "map[string]*rune(m)",
        expect![[r#"
        error[undefined] 12..16: Delve looks this type up by its name, and the binary spells `rune` as `int32`
          fix: use `int32` [12..16="int32"]"#]],
    );
    check_expr("map[string]int(m)", expect!["ok: ?"]);
}

/// Between interfaces from sources, a plain name (`main.Shape`) is the
/// debug info's spelling, and an interface spelled otherwise never has it.
#[test]
fn interfaces_spelled_otherwise() {
    let ai = |s: &mut crate::expr::scope::ScopeAt| {
        s.locals.push(crate::expr::scope::Variable {
            name: "ai".into(),
            ty: crate::expr::types::Type::Interface(vec!["Area".into()]),
            kind: crate::expr::scope::VarKind::Local,
            decl_line: Some(5),
        });
    };
    // A plain name converted to a generic interface type: never its name.
    let getter = |s: &mut crate::expr::scope::ScopeAt| {
        use crate::expr::types::{NamedInfo, Type};
        let iface = |m: &str| NamedInfo { underlying: Type::Interface(vec![m.into()]), methods: vec![] };
        s.package.types.push("Getter[int]".into());
        s.types = std::collections::BTreeMap::from([
            ("main.Shape".to_string(), iface("Area")),
            ("main.Getter[int]".to_string(), iface("Get")),
        ])
        .into();
    };
    check_expr_in(
        getter,
        "(\"main.Getter[int]\")(sh)",
        expect![
            "error[bad-conversion] 0..24: Delve converts to an interface type only a value of that same type, not `sh` (of type main.Shape)"
        ],
    );
    check_expr_in(
        ai,
        "main.Shape(ai)",
        expect![
            "error[bad-conversion] 0..14: Delve converts to an interface type only a value of that same type, not `ai` (of type interface { Area })"
        ],
    );
}
