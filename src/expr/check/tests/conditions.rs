//! Conditions as a whole: they must be boolean, `delve.catch` may wrap one, and
//! what Delve cannot evaluate at all.

use expect_test::expect;

use super::{check_cond, check_expr};

#[test]
fn conditions_must_be_boolean() {
    check_cond("n", expect!["error[not-boolean] 0..1: a condition must be boolean, but `n` is of type int"]);
    check_cond(
        "u.Name",
        expect!["error[not-boolean] 0..6: a condition must be boolean, but `u.Name` is of type string"],
    );
    check_cond("ok", expect!["ok: bool"]);
    check_cond("flag", expect!["ok: main.Flag"]);
    check_cond("!ok", expect!["ok: bool"]);
    check_cond("-n", expect!["error[not-boolean] 0..2: a condition must be boolean, but `-n` is of type int"]);
    check_cond("!n", expect!["error[type-mismatch] 0..2: operator ! can not be applied to `n` (of type int)"]);
}

#[test]
fn delve_catch_wraps_a_whole_condition() {
    check_cond("delve.catch(u.Name == \"x\")", expect!["ok: untyped bool"]);
    check_cond(
        "delve.catch(u.Nmae == \"x\")",
        expect![[r#"
        warning[no-member] 14..18: `u` (type *main.User) has no field or method `Nmae`; did you mean `Name`? (delve.catch turns this into false)
          fix: did you mean `Name`? [14..18="Name"]"#]],
    );
    check_cond(
        "ok && delve.catch(ok)",
        expect!["error[unsupported] 6..21: delve.catch(…) is allowed only around a whole breakpoint condition"],
    );
    check_cond("delve.catch(ok, ok)", expect!["error[unsupported] 0..19: delve.catch takes exactly one argument"]);
    // Other calls around a whole condition are not delve.catch.
    check_cond("main.Flag(ok)", expect!["ok: main.Flag"]);
    check_cond(
        "len(u.Nmae)",
        expect![[r#"
        error[no-member] 6..10: `u` (type *main.User) has no field or method `Nmae`; did you mean `Name`?
          fix: did you mean `Name`? [6..10="Name"]"#]],
    );
    check_cond("catch(ok)", expect!["error[undefined] 0..5: undefined: `catch` is not visible at this line"]);
    check_cond(
        "inventory.catch(ok)",
        expect!["error[no-member] 10..15: package `inventory` has no variable or constant `catch`"],
    );
    check_cond("delve.Catch(ok)", expect!["error[undefined] 0..5: undefined: `delve` is not visible at this line"]);
    // As an expression it is not special either.
    check_expr(
        "delve.catch(ok)",
        expect!["error[unsupported] 0..15: delve.catch(…) is allowed only around a whole breakpoint condition"],
    );
}

#[test]
fn what_delve_cannot_evaluate() {
    check_cond(
        "func() bool { return true }",
        expect!["error[unsupported] 0..27: Delve cannot evaluate function literals"],
    );
    check_expr("[]int", expect!["error[unsupported] 0..5: `[]int` is a type, not a value; Delve cannot evaluate it"]);
}
