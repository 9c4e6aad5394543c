//! Operators: comparisons, constants against typed values, arithmetic,
//! shifts, pointers and channels.

use expect_test::expect;

use super::{check_cond, check_expr, check_expr_in};

#[test]
fn comparisons_and_types() {
    check_cond("n == 3", expect!["ok: untyped bool"]);
    check_cond("n == 2.5", expect!["error[bad-constant] 5..8: can not convert 2.5 constant to int"]);
    check_cond(
        "n == 2.0",
        expect![
            "error[bad-constant] 5..8: can not convert 2.0 constant to int (Delve keeps 2.0 a float constant; write 2)"
        ],
    );
    check_cond("f == 2", expect!["ok: untyped bool"]);
    check_cond(
        "n == n64",
        expect![
            "error[type-mismatch] 2..4: mismatched types int and int64 (Delve requires identical types; convert one side)"
        ],
    );
    check_cond("n64 == int64(n)", expect!["ok: untyped bool"]);
    check_cond("n == \"3\"", expect![[r#"error[bad-constant] 5..8: can not convert "3" constant to int"#]]);
    check_cond("s == 'a'", expect!["error[bad-constant] 5..8: can not convert 'a' constant to string"]);
    check_cond("total == 5", expect!["ok: untyped bool"]);
    check_cond(
        "total > n64",
        expect![
            "error[type-mismatch] 6..7: mismatched types main.Money and int64 (Delve requires identical types; convert one side)"
        ],
    );
    check_cond("items == nil", expect!["ok: untyped bool"]);
    check_cond(
        "items == items",
        expect!["error[not-comparable] 6..8: Delve can not compare slice values (only with nil)"],
    );
    check_cond("user == nil", expect!["error[not-comparable] 5..7: can not compare main.User to nil"]);
    check_cond("u == nil", expect!["ok: untyped bool"]);
    check_cond(
        "user == user",
        expect![
            "error[not-comparable] 5..7: Delve can not compare values of type main.User: it contains slices, maps, funcs or channels"
        ],
    );
    check_cond(
        "o == o",
        expect![
            "error[not-comparable] 2..4: Delve can not compare values of type main.Order: it contains slices, maps, funcs or channels"
        ],
    );
    check_cond("ch == ch", expect!["error[not-comparable] 3..5: Delve can not compare chan values (only with nil)"]);
    check_cond("fn == nil", expect!["ok: untyped bool"]);
    check_cond("ok == true", expect!["ok: untyped bool"]);
    check_cond(
        "ok < true",
        expect!["error[type-mismatch] 3..4: operator < is not defined between bool and untyped bool"],
    );
    check_cond(
        "flag && ok",
        expect![
            "warning[type-mismatch] 5..7: mismatched types main.Flag and bool for && (Delve compares type names) (Delve reports this whenever `flag` is true)"
        ],
    );
    check_cond("ok && ok", expect!["ok: untyped bool"]);
    check_cond("flag || flag", expect!["ok: untyped bool"]);
    check_cond("n && ok", expect!["error[type-mismatch] 0..1: `n` should be boolean, not of type int"]);
    check_cond("len(s) == n64", expect!["ok: untyped bool"]);
    check_cond("s + 1 == s", expect!["error[bad-constant] 4..5: can not convert 1 constant to string"]);
    check_cond("s + \"x\" == \"yx\"", expect!["ok: untyped bool"]);
    check_cond(
        "n % 2.0 == 0",
        expect![
            "error[bad-constant] 4..7: can not convert 2.0 constant to int (Delve keeps 2.0 a float constant; write 2)"
        ],
    );
    check_cond("n / 0 == 1", expect!["error[bad-constant] 4..5: division by zero"]);
    check_cond("n << 2 > 8", expect!["ok: untyped bool"]);
    check_cond("f << 2 > 8", expect!["error[type-mismatch] 2..4: shift of type float"]);
    check_cond("x == nil", expect!["ok: untyped bool"]);
    check_cond("err != nil", expect!["ok: untyped bool"]);
}

#[test]
fn pointers_and_channels() {
    check_cond(
        "*u == user",
        expect![
            "error[not-comparable] 3..5: Delve can not compare values of type main.User: it contains slices, maps, funcs or channels"
        ],
    );
    check_cond(
        "*n == 1",
        expect!["error[type-mismatch] 0..2: `n` (of type int) is not a pointer and can not be dereferenced"],
    );
    check_cond("&n != nil", expect!["ok: untyped bool"]);
    check_cond("&3 != nil", expect!["error[type-mismatch] 0..2: can not take the address of `3`"]);
    check_cond("<-ch == 1", expect!["error[unsupported] 0..4: Delve cannot receive from channels (`<-`)"]);
}

/// A pointer's value is its address, a func value's its function name.
#[test]
fn pointer_and_func_values() {
    check_expr("-u", expect!["ok: *main.User"]);
    check_expr("^up", expect!["ok: unsafe.Pointer"]);
    check_expr("u << 16", expect!["ok: *main.User"]);
    check_expr("up << 16", expect!["ok: unsafe.Pointer"]);
    check_expr("u + u", expect!["ok: *main.User"]);
    check_expr("u + 1", expect!["error[bad-constant] 4..5: can not convert 1 constant to *main.User"]);
    check_expr("!u", expect!["error[type-mismatch] 0..2: operator ! can not be applied to `u` (of type *main.User)"]);
    check_expr("1 << u", expect!["error[type-mismatch] 5..6: shift count must be an unsigned integer"]);
    check_expr("fn + fn", expect!["ok: func(int) int"]);
    check_expr(
        "fn - fn",
        expect!["error[type-mismatch] 3..4: operator - is not defined on func values (`+` joins their names)"],
    );
    check_expr(
        "-fn",
        expect!["error[type-mismatch] 0..3: operator - can not be applied to `fn` (of type func(int) int)"],
    );
}

/// Delve loads two levels of a struct to compare it.
#[test]
fn deep_structs() {
    check_cond(
        "tree == tree",
        expect![
            "error[not-comparable] 5..7: Delve can not compare values of type main.Tree: its structs are nested too deep for Delve to load"
        ],
    );
    check_cond("tree.Root == tree.Root", expect!["ok: untyped bool"]);
    check_cond("runtime.curg != nil", expect!["error[not-comparable] 13..15: can not compare runtime.g to nil"]);
}

/// A conversion to a struct type has Delve's spelling `struct main.T`.
#[test]
fn struct_conversions() {
    check_cond(
        "main.Branch(tree.Root) == tree.Root",
        expect![
            "error[type-mismatch] 23..25: mismatched types struct main.Branch and main.Branch: Delve types a conversion to a struct type apart from the program's values (compare fields, or convert both sides)"
        ],
    );
    check_cond("main.Branch(tree.Root) == main.Branch(tree.Root)", expect!["ok: untyped bool"]);
    check_cond("main.Branch(tree.Root).N == 1", expect!["ok: untyped bool"]);
    check_cond("tree.Root != main.Branch{}", expect!["ok: untyped bool"]);
}

/// nil takes no operator but `==` and `!=`, whatever the other operand.
#[test]
fn nil_operands() {
    check_expr("up / nil", expect!["error[type-mismatch] 3..4: operator / can not be applied to nil"]);
    check_expr(
        "nope + nil",
        expect![[r#"
        error[undefined] 0..4: undefined: `nope` is not visible at this line; did you mean `gone`?
          fix: did you mean `gone`? [0..4="gone"]
        error[type-mismatch] 5..6: operator + can not be applied to nil"#]],
    );
    check_cond("x == nil", expect!["ok: untyped bool"]);
}

/// Unary operators keep a constant's value (`-` and `+` of a number, `!`
/// of a bool), as Delve folds them; `^` leaves it unknown.
#[test]
fn unary_constants() {
    check_cond("n / +0 == 1", expect!["error[bad-constant] 4..6: division by zero"]);
    check_cond("n / ^0 == 1", expect!["ok: untyped bool"]);
    check_cond(
        "n == +2.0",
        expect![
            "error[bad-constant] 5..9: can not convert +2.0 constant to int (Delve keeps +2.0 a float constant; write 2)"
        ],
    );
    check_cond(
        "n == -2.0",
        expect![
            "error[bad-constant] 5..9: can not convert -2.0 constant to int (Delve keeps -2.0 a float constant; write -2)"
        ],
    );
    check_cond(
        "!false || n / 0 == 1",
        expect!["warning[bad-constant] 14..15: division by zero (never evaluated: `!false` decides the result)"],
    );
    check_cond(
        "!true && n / 0 == 1",
        expect!["warning[bad-constant] 13..14: division by zero (never evaluated: `!true` decides the result)"],
    );
    check_cond(
        "true || n / 0 == 1",
        expect!["warning[bad-constant] 12..13: division by zero (never evaluated: `true` decides the result)"],
    );
    check_expr("~n", expect!["error[unsupported] 0..2: `~` is only valid in type constraints"]);
    check_expr("^f", expect!["error[type-mismatch] 0..2: operator ^ can not be applied to `f` (of type float64)"]);
}

/// What the scope cannot type takes `&` and `*`; nil takes neither.
#[test]
fn address_and_dereference() {
    check_expr("&opaque.Anything", expect!["ok: ?"]);
    check_expr("*opaque.Anything", expect!["ok: ?"]);
    check_expr("*val", expect!["ok: ?"]);
    check_expr("*opaque", expect!["ok: ?"]);
    // An operand the scope cannot type leaves the result untyped, a shift's too.
    check_expr("n << opaque.Anything", expect!["ok: ?"]);
    check_expr("opaque.Anything + n", expect!["ok: ?"]);
    check_expr("*nil", expect!["error[type-mismatch] 0..4: nil can not be dereferenced"]);
    check_expr("&nil", expect!["error[type-mismatch] 0..4: can not take the address of `nil`"]);
}

/// A type the scope knows only in part (a pointer to a type parameter, a
/// named type it has no entry for, which may be an alias) is compared by
/// kind, on either side: the same kind may be the same type, different
/// kinds never are.
#[test]
fn partly_known_types() {
    check_cond("u == pval", expect!["ok: untyped bool"]);
    check_cond("pval == u", expect!["ok: untyped bool"]);
    check_cond("n == pval", expect!["error[type-mismatch] 2..4: mismatched types int and *T"]);
    check_cond("opaque == n", expect!["ok: untyped bool"]);
    check_cond("n == opaque", expect!["ok: untyped bool"]);
    check_expr("opaque + opaque", expect!["ok: example.com/other.Thing"]);
    check_expr("opaque + n", expect!["ok: example.com/other.Thing"]);
    check_expr("n + opaque", expect!["ok: int"]);
    check_cond("opaque == s", expect!["ok: untyped bool"]);
    check_cond("opaque == 1", expect!["ok: untyped bool"]);
    check_cond("opaque < n", expect!["ok: untyped bool"]);
    check_cond("n < opaque", expect!["ok: untyped bool"]);
}

/// A whole float constant where an integer is needed: the hint to write it
/// as one, for signed and unsigned integers only.
#[test]
fn whole_float_constants() {
    check_cond(
        "idx == 2.0",
        expect![
            "error[bad-constant] 7..10: can not convert 2.0 constant to uint (Delve keeps 2.0 a float constant; write 2)"
        ],
    );
    check_cond("s == 2.0", expect!["error[bad-constant] 5..8: can not convert 2.0 constant to string"]);
    check_cond("ok == 2.0", expect!["error[bad-constant] 6..9: can not convert 2.0 constant to bool"]);
}

/// `runtime.g` is a struct whether or not the scope has the runtime's
/// types; other named types the scope has no entry for may be anything.
#[test]
fn nil_against_types_the_scope_has_no_entry_for() {
    use crate::expr::scope::{ScopeAt, VarKind, Variable};
    use crate::expr::types::Type;
    let of_type = |pkg: &str, name: &str| {
        let v = Variable { name: "v".into(), ty: Type::named(pkg, name), kind: VarKind::Local, decl_line: Some(5) };
        move |s: &mut ScopeAt| s.locals.push(v)
    };
    check_expr("opaque == nil", expect!["ok: untyped bool"]);
    check_expr_in(
        of_type("runtime", "g"),
        "v == nil",
        expect!["error[not-comparable] 2..4: can not compare runtime.g to nil"],
    );
    check_expr_in(of_type("runtime", "m"), "v == nil", expect!["ok: untyped bool"]);
    check_expr_in(of_type("example.com/other", "g"), "v == nil", expect!["ok: untyped bool"]);
}

/// Constant operands: the operator must be defined on their kind.
#[test]
fn constant_operands_by_kind() {
    check_expr("true + false", expect!["error[type-mismatch] 5..6: operator + is not defined on bool operands"]);
    check_expr("\"a\" - \"b\"", expect!["error[type-mismatch] 4..5: operator - is not defined on string operands"]);
    check_expr("1.5 % 2", expect!["error[type-mismatch] 4..5: operator % is not defined on float operands"]);
    check_expr("2i & 1", expect!["error[type-mismatch] 3..4: operator & is not defined on complex operands"]);
    check_expr("7 % 2", expect!["ok: untyped int"]);
}

/// Comparability is followed 8 levels of array elements deep, then left
/// undecided (accepted).
#[test]
fn comparable_through_nested_arrays() {
    use crate::expr::scope::{ScopeAt, VarKind, Variable};
    use crate::expr::types::{Basic, Type};
    let slice_in_arrays = |levels: usize| {
        let ty = (0..levels).fold(Type::slice_of(Type::Basic(Basic::Int)), |t, _| Type::Array(Some(1), Box::new(t)));
        let v = Variable { name: "v".into(), ty, kind: VarKind::Local, decl_line: Some(5) };
        move |s: &mut ScopeAt| s.locals.push(v)
    };
    check_expr_in(
        slice_in_arrays(7),
        "v == v",
        expect![
            "error[not-comparable] 2..4: Delve can not compare values of type [1][1][1][1][1][1][1][]int: it contains slices, maps, funcs or channels"
        ],
    );
    check_expr_in(
        slice_in_arrays(8),
        "v == v",
        expect![
            "error[not-comparable] 2..4: Delve can not compare values of type [1][1][1][1][1][1][1][1][]int: it contains slices, maps, funcs or channels"
        ],
    );
    check_expr_in(slice_in_arrays(9), "v == v", expect!["ok: untyped bool"]);
    // An empty array compares no element (nor do more than 64 load).
    let array_of_slices = |n: u64| {
        let ty = Type::Array(Some(n), Box::new(Type::slice_of(Type::Basic(Basic::Int))));
        let v = Variable { name: "v".into(), ty, kind: VarKind::Local, decl_line: Some(5) };
        move |s: &mut ScopeAt| s.locals.push(v)
    };
    check_expr_in(array_of_slices(0), "v == v", expect!["ok: untyped bool"]);
    check_expr_in(
        array_of_slices(64),
        "v == v",
        expect![
            "error[not-comparable] 2..4: Delve can not compare values of type [64][]int: it contains slices, maps, funcs or channels"
        ],
    );
    check_expr_in(
        array_of_slices(65),
        "v == v",
        expect![
            "error[not-comparable] 2..4: Delve can not compare values of type [65][]int: it has more than 64 elements"
        ],
    );
}

/// A struct is loaded two levels deep for a comparison: deeper fields fail
/// in Delve, but an empty struct has none to load, at any depth.
#[test]
fn comparable_empty_structs_at_depth() {
    use crate::expr::scope::{ScopeAt, VarKind, Variable};
    use crate::expr::types::{Basic, StructField, Type};
    let of_type = |ty: Type| {
        let v = Variable { name: "v".into(), ty, kind: VarKind::Local, decl_line: Some(5) };
        move |s: &mut ScopeAt| s.locals.push(v)
    };
    let wrap = |t: Type| Type::Struct(vec![StructField { name: "F".into(), ty: t, embedded: false }]);
    check_expr_in(of_type(wrap(wrap(Type::Struct(vec![])))), "v == v", expect!["ok: untyped bool"]);
    check_expr_in(
        of_type(wrap(wrap(wrap(Type::Basic(Basic::Int))))),
        "v == v",
        expect![
            "error[not-comparable] 2..4: Delve can not compare values of type struct { F struct { F struct { F int } } }: its structs are nested too deep for Delve to load"
        ],
    );
}

/// `any` and `error` are interfaces without an entry in the scope.
#[test]
fn predeclared_interfaces() {
    use crate::expr::scope::{ScopeAt, VarKind, Variable};
    use crate::expr::types::Type;
    let of_type = |name: &str| {
        let v = Variable { name: "v".into(), ty: Type::named("", name), kind: VarKind::Local, decl_line: Some(5) };
        move |s: &mut ScopeAt| s.locals.push(v)
    };
    check_expr_in(of_type("any"), "v + 1", expect!["error[bad-constant] 4..5: can not convert 1 constant to any"]);
    check_expr_in(of_type("error"), "v + 1", expect!["error[bad-constant] 4..5: can not convert 1 constant to error"]);
    check_expr_in(of_type("any"), "v == nil", expect!["ok: untyped bool"]);
}
