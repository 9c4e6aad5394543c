//! Run-time hazards and the guards that silence them.

use expect_test::expect;

use super::check_cond;

#[test]
fn hazards_and_guards() {
    check_cond(
        "u.Address.City == \"x\"",
        expect![[r#"
            warning[runtime-hazard] 0..9: if `u.Address` is nil, Delve stops with a nil pointer dereference; guard with `u.Address != nil && …`
              fix: guard with `u.Address != nil` [0..0="u.Address != nil && "]"#]],
    );
    check_cond("u.Address != nil && u.Address.City == \"x\"", expect!["ok: untyped bool"]);
    check_cond(
        "items[3].Qty > 1",
        expect![[r#"
        warning[runtime-hazard] 6..7: if the index is out of range, Delve stops with an error; guard with `len(items) > 3 && …`
          fix: guard with `len(items) > 3` [0..0="len(items) > 3 && "]"#]],
    );
    check_cond("len(items) > 3 && items[3].Qty > 1", expect!["ok: untyped bool"]);
    check_cond(
        "o.Customer.Name == \"x\" && n > 1",
        expect![[r#"
        warning[runtime-hazard] 0..10: if `o.Customer` is nil, Delve stops with a nil pointer dereference; guard with `o.Customer != nil && …`
          fix: guard with `o.Customer != nil` [0..0="o.Customer != nil && "]"#]],
    );
    // A local optimized out at the line: Delve lists it but cannot read it.
    check_cond(
        "len(halfgone) > 0",
        expect![[
            r#"warning[runtime-hazard] 4..12: `halfgone` is partly optimized out at this line: Delve reads the missing parts as zero and may fail, and stops with an error when a condition needs a value it cannot read; build with -gcflags=all="-N -l""#
        ]],
    );
    check_cond(
        "gone > 3",
        expect![[
            r#"warning[runtime-hazard] 0..4: `gone` is optimized out at this line: Delve cannot read it here, and stops with an error when a condition needs a value it cannot read; build with -gcflags=all="-N -l""#
        ]],
    );
    check_cond(
        "m != nil && m[\"a\"] > 1",
        expect![[
            r#"warning[runtime-hazard] 12..18: if `m` has no key "a", Delve stops with "key not found" (conditions cannot test membership)"#
        ]],
    );
    check_cond("len(items) > 0 && items[0].Qty > 2", expect!["ok: untyped bool"]);
}

/// A guard holds for everything after it in a chain of `&&`, however many
/// conjuncts come between (`a && b && c` is `(a && b) && c`).
#[test]
fn guards_hold_along_a_chain_of_and() {
    check_cond("u.Address != nil && ok && u.Address.City == \"x\"", expect!["ok: untyped bool"]);
    check_cond("len(items) > 3 && n > 1 && items[3].Qty > 1", expect!["ok: untyped bool"]);
}

/// Only `len(x)` compared with a constant guards an index of `x`: `cap(x)`
/// or another call does not.
#[test]
fn only_len_guards_an_index() {
    check_cond(
        "cap(items) > 3 && items[3].Qty > 1",
        expect![[r#"
        warning[runtime-hazard] 24..25: if the index is out of range, Delve stops with an error; guard with `len(items) > 3 && …`
          fix: guard with `len(items) > 3` [18..18="len(items) > 3 && "]"#]],
    );
}

/// Every way of writing the length guard, each at its boundary: an index
/// below the length it proves is safe, the next one is not.
#[test]
fn length_guards_in_every_spelling() {
    check_cond("len(items) >= 4 && items[3].Qty > 1", expect!["ok: untyped bool"]);
    check_cond(
        "len(items) >= 4 && items[4].Qty > 1",
        expect![[r#"
        warning[runtime-hazard] 25..26: if the index is out of range, Delve stops with an error; guard with `len(items) > 4 && …`
          fix: guard with `len(items) > 4` [19..19="len(items) > 4 && "]"#]],
    );
    check_cond("3 < len(items) && items[3].Qty > 1", expect!["ok: untyped bool"]);
    check_cond(
        "3 < len(items) && items[4].Qty > 1",
        expect![[r#"
        warning[runtime-hazard] 24..25: if the index is out of range, Delve stops with an error; guard with `len(items) > 4 && …`
          fix: guard with `len(items) > 4` [18..18="len(items) > 4 && "]"#]],
    );
    check_cond("4 <= len(items) && items[3].Qty > 1", expect!["ok: untyped bool"]);
    check_cond(
        "4 <= len(items) && items[4].Qty > 1",
        expect![[r#"
        warning[runtime-hazard] 25..26: if the index is out of range, Delve stops with an error; guard with `len(items) > 4 && …`
          fix: guard with `len(items) > 4` [19..19="len(items) > 4 && "]"#]],
    );
}
