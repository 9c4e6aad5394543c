//! Members: fields, promoted fields, methods, func-value captures.

use expect_test::expect;

use super::{check_cond, check_expr};
use crate::expr::test_fixture::fixture;
use crate::expr::types::{Basic, NamedInfo, StructField, Type};
use crate::expr::{Role, check};

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

/// With debug info, a channel's members are the fields of its
/// `runtime.hchan` (whatever the Go version made them); a declaration
/// without fields gives way to Go's own.
#[test]
fn channel_fields_from_the_debug_info() {
    let render = |hchan: Vec<StructField>, text: &str| {
        let mut scope = fixture();
        scope
            .types
            .known_mut()
            .insert("runtime.hchan".into(), NamedInfo { underlying: Type::Struct(hchan), methods: vec![] });
        let checked = check(text, Role::Expression, &scope);
        match checked.diagnostics.first() {
            None => format!("ok: {}", checked.ty),
            Some(d) => d.to_string(),
        }
    };
    let field = |name: &str| StructField { name: name.into(), ty: Type::Basic(Basic::Uint), embedded: false };
    let older = vec![field("qcount"), field("buf"), field("sendq"), field("legacy")];
    expect!["ok: uint"].assert_eq(&render(older.clone(), "ch.legacy"));
    expect!["ok: *[?]int"].assert_eq(&render(older.clone(), "ch.buf"));
    expect!["ok: waitq<int>"].assert_eq(&render(older.clone(), "ch.sendq"));
    expect!["error[no-member] 3..9: `ch` (type chan int) has no field or method `bubble`"]
        .assert_eq(&render(older, "ch.bubble"));
    expect!["ok: uint"].assert_eq(&render(vec![], "ch.qcount"));
}

/// A value of a named type the scope has no entry for: its members are
/// unknown, never missing.
#[test]
fn members_of_a_type_the_scope_has_not_read() {
    check_expr("opaque.Anything", expect!["ok: ?"]);
    check_cond("opaque.Anything.Deeper == 1", expect!["ok: untyped bool"]);
}

/// Delve dereferences one pointer to find a member, not two; embedded
/// pointers are followed at every level, and a cycle of them ends.
#[test]
fn pointers_and_embedding_cycles() {
    check_expr("pu.Name", expect!["error[no-member] 3..7: `pu` (type **main.User) has no field or method `Name`"]);
    check_expr(
        "(*pu).Name",
        expect![[r#"
        warning[runtime-hazard] 0..5: if `(*pu)` is nil, Delve stops with a nil pointer dereference; guard with `(*pu) != nil && …`
          fix: guard with `(*pu) != nil` [0..0="(*pu) != nil && "]"#]],
    );
    check_expr("ring.Next", expect!["ok: int"]);
    check_expr(
        "ring.Link.Ring.Val",
        expect![[r#"
        warning[runtime-hazard] 0..9: if `ring.Link` is nil, Delve stops with a nil pointer dereference; guard with `ring.Link != nil && …`
          fix: guard with `ring.Link != nil` [0..0="ring.Link != nil && "]
        warning[runtime-hazard] 0..14: if `ring.Link.Ring` is nil, Delve stops with a nil pointer dereference; guard with `ring.Link.Ring != nil && …`
          fix: guard with `ring.Link.Ring != nil` [0..0="ring.Link.Ring != nil && "]"#]],
    );
    check_expr("ring.Nope", expect!["error[no-member] 5..9: `ring` (type *main.Ring) has no field or method `Nope`"]);
}
