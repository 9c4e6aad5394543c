//! Conversions, type assertions and composite literals.

use expect_test::expect;

use super::{check_cond, check_expr};

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
