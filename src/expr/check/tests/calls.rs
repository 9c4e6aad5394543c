//! Calls and builtins.

use expect_test::expect;

use super::{check_cond, check_expr};
use crate::expr::test_fixture::fixture;
use crate::expr::{Role, check};

#[test]
fn calls_and_builtins() {
    check_cond(
        "helper(n) == 1",
        expect![
            "error[call-not-allowed] 0..9: Delve does not call functions in conditions (`helper`); use a variable holding the result"
        ],
    );
    check_cond(
        "u.Greet() == \"hi\"",
        expect![
            "error[call-not-allowed] 0..9: Delve does not call functions in conditions (`u.Greet`); use a variable holding the result"
        ],
    );
    check_cond(
        "fn(1) == 2",
        expect![
            "error[call-not-allowed] 0..5: Delve does not call functions in conditions (`fn`); use a variable holding the result"
        ],
    );
    check_cond("nosuch(1) == 2", expect!["error[undefined] 0..6: undefined: `nosuch` is not visible at this line"]);
    check_cond("len(items, items) == 1", expect!["error[type-mismatch] 0..17: wrong number of arguments to len: 2"]);
    check_cond("len(n) == 1", expect!["error[type-mismatch] 4..5: invalid argument `n` (of type int) for len"]);
    check_cond(
        "cap(m) == 1",
        expect!["error[type-mismatch] 4..5: invalid argument `m` (of type map[string]int) for cap"],
    );
    check_cond("max(n, 3) == 3", expect!["ok: untyped bool"]);
    check_cond(
        "max(n, n64) == 3",
        expect![
            "error[type-mismatch] 0..11: mismatched types int64 and int (Delve requires identical types; convert one side)"
        ],
    );
    check_cond("min(f, 2.5) < 1", expect!["ok: untyped bool"]);
}

/// Delve compiles the whole expression first: a call fails it even where
/// `&&` or `||` would skip it.
#[test]
fn calls_anywhere() {
    check_cond(
        "false && helper(n) == 1",
        expect![
            "error[call-not-allowed] 9..18: Delve does not call functions in conditions (`helper`); use a variable holding the result"
        ],
    );
    check_cond(
        "ok || u.Greet() == \"hi\"",
        expect![
            "error[call-not-allowed] 6..15: Delve does not call functions in conditions (`u.Greet`); use a variable holding the result"
        ],
    );
    check_cond(
        "ok && Money(n) == total",
        expect![[r#"
        error[undefined] 6..11: `Money` is a type; Delve needs the qualified name `main.Money` for conversions
          fix: use `main.Money` [6..11="main.Money"]"#]],
    );
    check_cond(
        "ok && nosuch(n) == 1",
        expect!["error[undefined] 6..12: undefined: `nosuch` is not visible at this line"],
    );
    check_cond(
        "inventory.Nope(n) == 1",
        expect!["error[no-member] 10..14: package `inventory` has no variable or constant `Nope`"],
    );
    check_cond(
        "inventory.Item(n) == 1",
        expect![
            "error[bad-conversion] 0..17: Delve can not convert `n` (of type int) to example.com/shop/inventory.Item"
        ],
    );
    check_cond(
        "ok && nosuchpkg.F(n) == 1",
        expect!["error[undefined] 6..15: undefined: `nosuchpkg` is not visible at this line"],
    );
    check_cond("ok && fmt.Sprint(n) == \"\"", expect!["ok: untyped bool"]);
}

/// `complex` of constants is a complex128 value; `imag` takes complex values only.
#[test]
fn complex_builtins() {
    check_expr("complex(1, 2)", expect!["ok: complex128"]);
    check_expr("imag(f)", expect!["error[type-mismatch] 5..6: invalid argument `f` (of type float64) to imag"]);
    check_expr("real(f)", expect!["ok: ?"]);
    check_cond(
        "ok && Box[int](n) == 1",
        expect!["error[undefined] 6..9: Delve finds a type only by its package-qualified name, and `Box` is not one"],
    );
    check_cond(
        "ok && items[0](n) == 1",
        expect![[r#"
        error[call-not-allowed] 6..17: Delve does not call functions in conditions (`items[0]`); use a variable holding the result
        warning[runtime-hazard] 12..13: if the index is out of range, Delve stops with an error; guard with `len(items) > 0 && …`
          fix: guard with `len(items) > 0` [6..6="len(items) > 0 && "]"#]],
    );
    check_cond("ok && main.Box[[]int](n) == 1", expect!["ok: untyped bool"]);
}

/// `X[A, B](x)` is a conversion for Delve whatever `X` is, a local too: it
/// looks the type up and finds none (the Delve-recorded cases are in
/// tests/corpus/mutants.cases).
#[test]
fn several_type_arguments_make_a_conversion() {
    check_expr(
        "arr[int, string](n)",
        expect![[
            r#"error[undefined] 0..16: Delve cannot find a generic type written with several type arguments; for a conversion, quote the name as the binary spells it: ("arr[int,string]")(x)"#
        ]],
    );
    check_expr(
        "(arr)[int, string](n)",
        expect![[
            r#"error[undefined] 0..18: Delve cannot find a generic type written with several type arguments; for a conversion, quote the name as the binary spells it: ("(arr)[int,string]")(x)"#
        ]],
    );
}

/// `pkg.T(x)` where the package, all of it known, declares `T` but the
/// scope has no entry for that type (with debug info: one the linker
/// dropped) may still be a conversion Delve makes: not a call, no error.
#[test]
fn a_declared_type_without_an_entry_is_not_called() {
    let mut scope = fixture();
    let inventory =
        scope.imports.known_mut().get_mut("example.com/shop/inventory").expect("the fixture imports inventory");
    assert!(inventory.complete);
    inventory.types.push("Dropped".into());
    let checked = check("inventory.Dropped(n)", Role::Expression, &scope);
    assert!(checked.diagnostics.is_empty(), "{:?}", checked.diagnostics);
}

/// `len` and `cap` of a value whose type is not known here (a type
/// parameter) are never an error.
#[test]
fn len_and_cap_of_an_unknown_type() {
    check_expr("len(val)", expect!["ok: untyped int"]);
    check_expr("cap(val)", expect!["ok: untyped int"]);
}

/// After a bad argument of `min` or `max` the result is unknown: the one
/// error, not a cascade of others about what the result is compared with.
#[test]
fn min_max_bad_argument_is_one_error() {
    check_expr(
        "max(n, n64) == \"a\"",
        expect![
            "error[type-mismatch] 0..11: mismatched types int64 and int (Delve requires identical types; convert one side)"
        ],
    );
    check_expr(
        "min(n, s, n64)",
        expect![
            "error[type-mismatch] 0..14: mismatched types string and int (Delve requires identical types; convert one side)"
        ],
    );
}
