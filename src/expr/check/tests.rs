//! Data-driven checker tests over a fixed scope (see `fixture`). Each case
//! is one line; `UPDATE_EXPECT=1 cargo test` rewrites the expectations.

use expect_test::{Expect, expect};

use crate::expr::test_fixture::fixture;
use crate::expr::{Role, check};

fn render(text: &str, role: Role) -> String {
    let checked = check(text, role, &fixture());
    if checked.diagnostics.is_empty() {
        return format!("ok: {}", checked.ty);
    }
    let mut out = String::new();
    for d in &checked.diagnostics {
        out.push_str(&format!("{}\n", d));
        for f in &d.fixes {
            let edits: Vec<String> =
                f.edits.iter().map(|e| format!("{}..{}={:?}", e.span.start, e.span.end, e.text)).collect();
            out.push_str(&format!("  fix: {} [{}]\n", f.title, edits.join(", ")));
        }
    }
    out
}

fn check_cond(text: &str, expect: Expect) {
    expect.assert_eq(render(text, Role::Condition).trim_end());
}

fn check_expr(text: &str, expect: Expect) {
    expect.assert_eq(render(text, Role::Expression).trim_end());
}

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
    check_expr("inventory.Count", expect!["ok: int"]);
    check_expr(
        "inventory.Cout",
        expect![[r#"
        error[no-member] 10..14: package `inventory` has no variable or constant `Cout`; did you mean `Count`?
          fix: did you mean `Count`? [10..14="Count"]"#]],
    );
    check_expr("inventory.Item", expect!["ok: ?"]);
    check_expr("\"example.com/shop/inventory\".Count", expect!["ok: int"]);
    check_expr("main.Version", expect!["ok: string"]);
    check_expr("nosuchpkg.Foo", expect!["error[undefined] 0..9: undefined: `nosuchpkg` is not visible at this line"]);
    check_expr("runtime.curg", expect!["ok: ?"]);
    check_expr("runtime.frameoff", expect!["ok: untyped int"]);
    check_expr("runtime.frame(1).n", expect!["ok: ?"]);
    check_expr("delve.bphitcount[1]", expect!["ok: untyped int"]);
    check_expr("1.5.x", expect!["error[no-member] 0..3: `1.5` is a constant, not a struct"]);
    // A func value's members are the captures of the closure it holds:
    // unknown when some closure captures the name, else never there.
    check_expr("fn.limit", expect!["ok: ?"]);
    check_expr("fn.nope", expect!["error[no-member] 3..7: `fn` (type func(int) int) has no field or method `nope`"]);
}

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
    check_cond(
        "m != nil && m[\"a\"] > 1",
        expect![[
            r#"warning[runtime-hazard] 12..18: if `m` has no key "a", Delve stops with "key not found" (conditions cannot test membership)"#
        ]],
    );
    check_cond("user == nil", expect!["error[not-comparable] 5..7: can not compare main.User to nil"]);
    check_cond("u == nil", expect!["ok: untyped bool"]);
    check_cond(
        "user == user",
        expect![
            "error[not-comparable] 5..7: values of type main.User can not be compared: it contains slices, maps or funcs"
        ],
    );
    check_cond(
        "o == o",
        expect![
            "error[not-comparable] 2..4: values of type main.Order can not be compared: it contains slices, maps or funcs"
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
    check_cond("n && ok", expect!["error[type-mismatch] 0..1: `n` should be boolean, not of type int"]);
    check_cond("len(items) > 0 && items[0].Qty > 2", expect!["ok: untyped bool"]);
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

#[test]
fn calls_conversions_and_assertions() {
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
    check_cond(
        "*u == user",
        expect![
            "error[not-comparable] 3..5: values of type main.User can not be compared: it contains slices, maps or funcs"
        ],
    );
    check_cond(
        "*n == 1",
        expect!["error[type-mismatch] 0..2: `n` (of type int) is not a pointer and can not be dereferenced"],
    );
    check_cond("&n != nil", expect!["ok: untyped bool"]);
    check_cond("&3 != nil", expect!["error[type-mismatch] 0..2: can not take the address of `3`"]);
}

#[test]
fn unsupported_syntax() {
    check_cond("<-ch == 1", expect!["error[unsupported] 0..4: Delve cannot receive from channels (`<-`)"]);
    check_cond(
        "main.Item{} == items[0]",
        expect![[r#"
        warning[runtime-hazard] 21..22: if the index is out of range, Delve stops with an error; guard with `len(items) > 0 && …`
          fix: guard with `len(items) > 0` [0..0="len(items) > 0 && "]"#]],
    );
    check_cond("[]int{1} == nil", expect!["error[unsupported] 0..8: Delve cannot build []int literals"]);
    check_cond(
        "func() bool { return true }",
        expect!["error[unsupported] 0..27: Delve cannot evaluate function literals"],
    );
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
    check_expr("[]int", expect!["error[unsupported] 0..5: `[]int` is a type, not a value; Delve cannot evaluate it"]);
}

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
}
