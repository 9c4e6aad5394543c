//! Conversions, type assertions and composite literals.

use expect_test::expect;

use super::check_cond;

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
