//! Generic code: the line runs as each instantiation, and only what fails
//! in every one of them is certain.

use expect_test::expect;

use crate::expr::scope::ScopeAt;
use crate::expr::types::{Basic, Type};

use super::check_expr_in;

/// The fixture's `T` bound to each of `args` in turn.
fn instantiated(args: &[Basic], complete: bool) -> impl FnOnce(&mut ScopeAt) {
    crate::expr::test_fixture::instantiated(args.iter().map(|b| Type::Basic(*b)), complete)
}

#[test]
fn errors_of_every_instantiation_stay_errors() {
    use Basic::{Int, String};
    // Once, though each run finds it.
    check_expr_in(
        instantiated(&[Int, String], true),
        "val.Nope",
        expect!["error[no-member] 4..8: `val` (type int) has no field or method `Nope`"],
    );
    // Unless the list is not known to be complete: then the generic code
    // itself is one more run, where `T` is unknown and nothing fails.
    check_expr_in(
        instantiated(&[Int, String], false),
        "val.Nope",
        expect!["warning[no-member] 4..8: `val` (type int) has no field or method `Nope` (when T = int; T = string)"],
    );
    check_expr_in(
        instantiated(&[Int], true),
        "val.Nope",
        expect!["error[no-member] 4..8: `val` (type int) has no field or method `Nope`"],
    );
}

#[test]
fn errors_of_some_instantiations_are_warnings_naming_them() {
    use Basic::{Int, String};
    check_expr_in(
        instantiated(&[Int, String], true),
        "val == 1",
        expect!["warning[bad-constant] 7..8: can not convert 1 constant to string (when T = string)"],
    );
    check_expr_in(
        instantiated(&[String, Int], true),
        "val == 1",
        expect!["warning[bad-constant] 7..8: can not convert 1 constant to string (when T = string)"],
    );
    check_expr_in(
        instantiated(&[Int, String], false),
        "val == 1",
        expect!["warning[bad-constant] 7..8: can not convert 1 constant to string (when T = string)"],
    );
    // Each side fails in one instantiation, the other side in the other.
    check_expr_in(
        instantiated(&[Int, String], true),
        "(val == 1) == (val == \"a\")",
        expect![[r#"
        warning[bad-constant] 8..9: can not convert 1 constant to string (when T = string)
        warning[bad-constant] 22..25: can not convert "a" constant to int (when T = int)"#]],
    );
    // A warning every run gives is given once.
    check_expr_in(
        instantiated(&[Int, String], true),
        "u.Address.City == \"x\"",
        expect![[r#"
        warning[runtime-hazard] 0..9: if `u.Address` is nil, Delve stops with a nil pointer dereference; guard with `u.Address != nil && …`
          fix: guard with `u.Address != nil` [0..0="u.Address != nil && "]"#]],
    );
}

#[test]
fn the_type_is_known_when_every_instantiation_agrees() {
    use Basic::{Int, String};
    check_expr_in(instantiated(&[Int, String], true), "val", expect!["ok: ?"]);
    check_expr_in(instantiated(&[Int, Int], true), "val", expect!["ok: int"]);
    check_expr_in(instantiated(&[Int, String], true), "n", expect!["ok: int"]);
}
