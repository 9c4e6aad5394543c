//! Names: lookup order, declaration lines, registers, package members and
//! the names only Delve has.

use expect_test::expect;

use super::check_expr;

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
