//! Members: fields, promoted fields, methods, func-value captures.

use expect_test::expect;

use super::{check_cond, check_expr};

#[test]
fn selectors() {
    check_expr("u.Name", expect!["ok: string"]);
    check_expr(
        "u.Nmae",
        expect![[r#"
        error[no-member] 2..6: `u` (type *main.User) has no field or method `Nmae`; did you mean `Name`?
          fix: did you mean `Name`? [2..6="Name"]"#]],
    );
    check_expr(
        "user.Address.City",
        expect![[r#"
        warning[runtime-hazard] 0..12: if `user.Address` is nil, Delve stops with a nil pointer dereference; guard with `user.Address != nil && …`
          fix: guard with `user.Address != nil` [0..0="user.Address != nil && "]"#]],
    );
    check_expr("u.ID", expect!["ok: int64"]);
    check_expr("u.Base.ID", expect!["ok: int64"]);
    check_expr("u.Missing", expect!["error[no-member] 2..9: `u` (type *main.User) has no field or method `Missing`"]);
    check_expr("o.Total.String", expect!["ok: func() string"]);
    check_expr("n.Foo", expect!["error[no-member] 2..5: `n` (type int) has no field or method `Foo`"]);
    check_expr("sh.Radius", expect!["ok: ?"]);
    check_expr("1.5.x", expect!["error[no-member] 0..3: `1.5` is a constant, not a struct"]);
    // A func value's members are the captures of the closure it holds:
    // unknown when some closure captures the name, else never there.
    check_expr("fn.limit", expect!["ok: ?"]);
    check_expr("fn.nope", expect!["error[no-member] 3..7: `fn` (type func(int) int) has no field or method `nope`"]);
}

/// A channel value's members are the runtime's `hchan` fields.
#[test]
fn channel_fields() {
    check_expr("ch.qcount", expect!["ok: uint"]);
    check_expr("ch.buf", expect!["ok: *[?]int"]);
    check_expr(
        "*ch.buf",
        expect![[r#"
        warning[runtime-hazard] 1..7: if `ch.buf` is nil, Delve stops with a nil pointer dereference; guard with `ch.buf != nil && …`
          fix: guard with `ch.buf != nil` [0..0="ch.buf != nil && "]"#]],
    );
    check_expr("ch.recvq", expect!["ok: waitq<int>"]);
    check_expr("ch.lock", expect!["ok: runtime.mutex"]);
    check_expr("ch.nope", expect!["error[no-member] 3..7: `ch` (type chan int) has no field or method `nope`"]);
    check_cond("ch.dataqsiz == 4 && ch.closed == 0", expect!["ok: untyped bool"]);
}
