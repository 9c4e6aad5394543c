//! Indexing and slicing.

use expect_test::expect;

use super::{check_cond, check_expr, check_expr_in};

#[test]
fn indexing() {
    check_cond(
        "items[0].Qty == 1",
        expect![[r#"
        warning[runtime-hazard] 6..7: if the index is out of range, Delve stops with an error; guard with `len(items) > 0 && …`
          fix: guard with `len(items) > 0` [0..0="len(items) > 0 && "]"#]],
    );
    check_cond(
        "items[idx].Qty == 1",
        expect![[r#"
        error[type-mismatch] 6..9: Delve indexes only with signed integers; `idx` is uint (convert with `int(idx)`)
          fix: convert with `int(idx)` [6..9="int(idx)"]
        warning[runtime-hazard] 6..9: if the index is out of range, Delve stops with an error; guard with `len(items) > idx && …`
          fix: guard with `len(items) > idx` [0..0="len(items) > idx && "]"#]],
    );
    check_cond(
        "items[n].Qty == 1",
        expect![[r#"
        warning[runtime-hazard] 6..7: if the index is out of range, Delve stops with an error; guard with `len(items) > n && …`
          fix: guard with `len(items) > n` [0..0="len(items) > n && "]"#]],
    );
    check_cond("arr[5] == 1", expect!["error[bad-constant] 4..5: index 5 out of bounds for [3]int"]);
    check_cond("arr[2] == 1", expect!["ok: untyped bool"]);
    check_cond(
        "s[0] == 'a'",
        expect![[r#"
        warning[runtime-hazard] 2..3: if the index is out of range, Delve stops with an error; guard with `len(s) > 0 && …`
          fix: guard with `len(s) > 0` [0..0="len(s) > 0 && "]"#]],
    );
    check_cond(
        "m[\"a\"] == 1",
        expect![[
            r#"warning[runtime-hazard] 0..6: if `m` has no key "a", Delve stops with "key not found" (conditions cannot test membership)"#
        ]],
    );
    check_cond(
        "m[1] == 1",
        expect!["error[type-mismatch] 2..3: `1` (untyped int) cannot be used as a key of map[string]int"],
    );
    check_cond(
        "ptrs[n].Name == \"x\"",
        expect![[
            r#"warning[runtime-hazard] 0..7: if `ptrs` has no key n, Delve stops with "key not found" (conditions cannot test membership)"#
        ]],
    );
    check_cond("n[0] == 1", expect!["error[type-mismatch] 0..4: `n` (type int) does not support indexing"]);
    check_cond("items[1:2] == nil", expect!["ok: untyped bool"]);
    check_cond(
        "items[1:2:3] == nil",
        expect!["error[unsupported] 0..12: Delve does not support 3-index slice expressions"],
    );
    check_cond(
        "inventory.Stock[\"apple\"] > 0",
        expect![[
            r#"warning[runtime-hazard] 0..24: if `inventory.Stock` has no key "apple", Delve stops with "key not found" (conditions cannot test membership)"#
        ]],
    );
}

/// Delve dereferences a pointer once before indexing.
#[test]
fn indexing_through_a_pointer() {
    check_cond(
        "ps[0] == 104",
        expect![[r#"
        warning[runtime-hazard] 3..4: if the index is out of range, Delve stops with an error; guard with `len(ps) > 0 && …`
          fix: guard with `len(ps) > 0` [0..0="len(ps) > 0 && "]"#]],
    );
    check_cond(
        "pm[\"a\"] == 1",
        expect![[
            r#"warning[runtime-hazard] 0..7: if `pm` has no key "a", Delve stops with "key not found" (conditions cannot test membership)"#
        ]],
    );
    check_cond("ps[0:1] == \"h\"", expect!["error[type-mismatch] 0..7: can not slice `ps` (type *string)"]);
    check_cond("u[0] == nil", expect!["error[type-mismatch] 0..4: `u` (type main.User) does not support indexing"]);
}

/// What the scope cannot type (a type parameter, a member of one) is
/// indexed and sliced as Delve decides at the stop: accepted.
#[test]
fn indexing_what_the_scope_cannot_type() {
    check_cond("val[0] == 1", expect!["ok: untyped bool"]);
    check_cond("len(val[1:]) > 0", expect!["ok: untyped bool"]);
    check_cond("val.Items[0] == 1", expect!["ok: untyped bool"]);
    check_cond("len(val.Items[1:]) > 0", expect!["ok: untyped bool"]);
    // A named type whose package the scope has not read, directly and
    // behind one or two pointers.
    check_cond("opaque[0] == 1", expect!["ok: untyped bool"]);
    check_cond("len(opaque[1:]) > 0", expect!["ok: untyped bool"]);
    check_cond("(&opaque)[0] == 1", expect!["ok: untyped bool"]);
    check_cond("(&popaque)[0] == 1", expect!["ok: untyped bool"]);
}

/// The message names what the index is; only an unsigned integer gets the
/// `int(…)` conversion.
#[test]
fn index_of_another_kind() {
    check_cond(
        "items[f].Qty == 1",
        expect![[r#"
        error[type-mismatch] 6..7: index `f` must be an integer, not of type float64
        warning[runtime-hazard] 6..7: if the index is out of range, Delve stops with an error; guard with `len(items) > f && …`
          fix: guard with `len(items) > f` [0..0="len(items) > f && "]"#]],
    );
}

/// Delve slices a map from an offset (`m[n:]`, paging through its
/// entries) but takes no upper bound.
#[test]
fn slicing_a_map() {
    check_cond("len(m[1:]) > 0", expect!["ok: untyped bool"]);
    check_cond("len(m[1:2]) > 0", expect!["error[unsupported] 4..10: slicing a map takes no upper bound in Delve"]);
}

/// A key for a map whose key type the scope cannot tell (a type
/// parameter) may be of it, a constant too.
#[test]
fn keys_of_a_type_the_scope_cannot_tell() {
    check_expr(
        "tally[1]",
        expect![[
            r#"warning[runtime-hazard] 0..8: if `tally` has no key 1, Delve stops with "key not found" (conditions cannot test membership)"#
        ]],
    );
    check_expr(
        "tally[n]",
        expect![[
            r#"warning[runtime-hazard] 0..8: if `tally` has no key n, Delve stops with "key not found" (conditions cannot test membership)"#
        ]],
    );
    check_expr(
        "tally[\"a\"]",
        expect![[
            r#"warning[runtime-hazard] 0..10: if `tally` has no key "a", Delve stops with "key not found" (conditions cannot test membership)"#
        ]],
    );
}

/// A typed key must be of the map's key type as Delve's `sameType` tells
/// it: pointers by what they point to; undecided where the scope cannot
/// tell either type wholly.
#[test]
fn keys_of_pointer_and_partly_known_types() {
    use crate::expr::scope::{ScopeAt, VarKind, Variable};
    use crate::expr::types::{Basic, Type};
    let keyed_by = |key: Type| {
        let v = Variable {
            name: "mk".into(),
            ty: Type::map_of(key, Type::Basic(Basic::Int)),
            kind: VarKind::Local,
            decl_line: Some(5),
        };
        move |s: &mut ScopeAt| s.locals.push(v)
    };
    let user = || Type::named("main", "User");
    let opaque = || Type::named("example.com/other", "Thing");
    let param = || Type::TypeParam("T".into());
    check_expr_in(
        keyed_by(Type::pointer_to(user())),
        "mk[u]",
        expect![[
            r#"warning[runtime-hazard] 0..5: if `mk` has no key u, Delve stops with "key not found" (conditions cannot test membership)"#
        ]],
    );
    check_expr_in(
        keyed_by(Type::pointer_to(user())),
        "mk[ps]",
        expect!["error[type-mismatch] 3..5: `ps` (of type *string) cannot be used as a key of map[*main.User]int"],
    );
    check_expr_in(
        keyed_by(Type::pointer_to(user())),
        "mk[pu]",
        expect!["error[type-mismatch] 3..5: `pu` (of type **main.User) cannot be used as a key of map[*main.User]int"],
    );
    check_expr_in(
        keyed_by(Type::pointer_to(user())),
        "mk[n]",
        expect!["error[type-mismatch] 3..4: `n` (of type int) cannot be used as a key of map[*main.User]int"],
    );
    check_expr_in(
        keyed_by(Type::slice_of(user())),
        "mk[items]",
        expect![
            "error[type-mismatch] 3..8: `items` (of type []main.Item) cannot be used as a key of map[[]main.User]int"
        ],
    );
    check_expr_in(
        keyed_by(Type::pointer_to(opaque())),
        "mk[n]",
        expect![
            "error[type-mismatch] 3..4: `n` (of type int) cannot be used as a key of map[*example.com/other.Thing]int"
        ],
    );
    check_expr_in(
        keyed_by(Type::pointer_to(opaque())),
        "mk[popaque]",
        expect![[
            r#"warning[runtime-hazard] 0..11: if `mk` has no key popaque, Delve stops with "key not found" (conditions cannot test membership)"#
        ]],
    );
    check_expr_in(
        keyed_by(Type::pointer_to(param())),
        "mk[n]",
        expect!["error[type-mismatch] 3..4: `n` (of type int) cannot be used as a key of map[*T]int"],
    );
    check_expr_in(
        keyed_by(Type::pointer_to(param())),
        "mk[pval]",
        expect![[
            r#"warning[runtime-hazard] 0..8: if `mk` has no key pval, Delve stops with "key not found" (conditions cannot test membership)"#
        ]],
    );
    check_expr_in(
        keyed_by(opaque()),
        "mk[u]",
        expect![[
            r#"warning[runtime-hazard] 0..5: if `mk` has no key u, Delve stops with "key not found" (conditions cannot test membership)"#
        ]],
    );
    check_expr_in(
        keyed_by(param()),
        "mk[u]",
        expect![[
            r#"warning[runtime-hazard] 0..5: if `mk` has no key u, Delve stops with "key not found" (conditions cannot test membership)"#
        ]],
    );
    check_expr_in(
        keyed_by(Type::Array(Some(3), Box::new(param()))),
        "mk[arr]",
        expect![[
            r#"warning[runtime-hazard] 0..7: if `mk` has no key arr, Delve stops with "key not found" (conditions cannot test membership)"#
        ]],
    );
    check_expr_in(
        keyed_by(Type::Array(Some(3), Box::new(Type::Basic(Basic::Int)))),
        "mk[arr]",
        expect![[
            r#"warning[runtime-hazard] 0..7: if `mk` has no key arr, Delve stops with "key not found" (conditions cannot test membership)"#
        ]],
    );
    check_expr_in(
        keyed_by(Type::Array(Some(3), Box::new(Type::Basic(Basic::Int64)))),
        "mk[arr]",
        expect!["error[type-mismatch] 3..6: `arr` (of type [3]int) cannot be used as a key of map[[3]int64]int"],
    );
}
