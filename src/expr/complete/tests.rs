//! Data-driven completion tests over the fixed scope; `$0` marks the cursor.

use std::collections::BTreeMap;

use expect_test::{Expect, expect};

use crate::expr::scope::{ScopeAt, VarKind, Variable};
use crate::expr::test_fixture::fixture;
use crate::expr::types::{Basic, StructField, Type};
use crate::expr::{ItemKind, complete};

fn check(input: &str, expect: Expect) {
    check_in(|_| {}, input, expect);
}

/// [`check`] in the fixture changed by `change`.
fn check_in(change: impl FnOnce(&mut ScopeAt), input: &str, expect: Expect) {
    let mut scope = fixture();
    change(&mut scope);
    expect.assert_eq(&completed(&scope, input));
}

/// The replaced span and the items offered at `$0` in `input`, one a line.
fn completed(scope: &ScopeAt, input: &str) -> String {
    let cursor = input.find("$0").expect("a $0 cursor marker");
    let text = input.replace("$0", "");
    let c = complete(&text, cursor, scope);
    let mut out = format!("replace {}..{}\n", c.replace.start, c.replace.end);
    for i in &c.items {
        out.push_str(&format!(
            "{} {}{}\n",
            i.kind.as_str(),
            i.label,
            i.ty.as_deref().map(|t| format!(" {t}")).unwrap_or_default()
        ));
    }
    out
}

#[test]
fn names_at_the_start() {
    check(
        "u$0",
        expect![[r#"
            replace 0..1
            variable u *main.User
            variable u8 uint8
            variable up unsafe.Pointer
            variable user main.User
        "#]],
    );
    check(
        "in$0",
        expect![[r#"
        replace 0..2
        package inventory
    "#]],
    );
    check(
        "M$0",
        expect![[r#"
        replace 0..1
        variable m map[string]int
        constant MaxItems int
        builtin max
        builtin min
    "#]],
    );
    check(
        "n > 3 && fl$0",
        expect![[r#"
        replace 9..11
        variable flag main.Flag
    "#]],
    );
    check(
        "zz$0",
        expect![[r#"
        replace 0..2
    "#]],
    );
}

#[test]
fn members_after_dot() {
    check(
        "u.$0",
        expect![[r#"
        replace 2..2
        field Address *main.Address
        field Age int
        field Base main.Base
        field Created string
        field Email string
        field ID int64
        field Meta map[string]string
        field Name string
        field Tags []string
    "#]],
    );
    check(
        "u.A$0",
        expect![[r#"
        replace 2..3
        field Address *main.Address
        field Age int
    "#]],
    );
    check(
        "user.Address.$0",
        expect![[r#"
        replace 13..13
        field City string
        field Zip string
    "#]],
    );
    check(
        "o.Customer.$0 == \"x\"",
        expect![[r#"
        replace 11..11
        field Address *main.Address
        field Age int
        field Base main.Base
        field Created string
        field Email string
        field ID int64
        field Meta map[string]string
        field Name string
        field Tags []string
    "#]],
    );
    check(
        "items[0].$0",
        expect![[r#"
        replace 9..9
        field Price float64
        field Qty int
        field SKU string
    "#]],
    );
    check(
        "n.$0",
        expect![[r#"
        replace 2..2
    "#]],
    );
    check(
        "sh.$0",
        expect![[r#"
        replace 3..3
    "#]],
    );
    check(
        "inventory.$0",
        expect![[r#"
        replace 10..10
        variable Count int
        variable Stock map[string]int
        constant Limit int
    "#]],
    );
    check(
        "runtime.$0",
        expect![[r#"
        replace 8..8
        variable curg
        variable frameoff
        variable threadid
    "#]],
    );
    check(
        "delve.$0",
        expect![[r#"
        replace 6..6
        variable bphitcount
    "#]],
    );
    check(
        "len(u.Ta$0)",
        expect![[r#"
        replace 6..8
        field Tags []string
    "#]],
    );
}

/// Fields promoted through embedded pointers that point back at each
/// other: each once, and the walk ends.
#[test]
fn members_through_an_embedding_cycle() {
    check(
        "ring.$0",
        expect![[r#"
            replace 5..5
            field Link *main.Link
            field Next int
            field Ring *main.Ring
            field Val int
        "#]],
    );
}

/// A local of type `int` named `name`.
fn add_local(s: &mut ScopeAt, name: &str) {
    s.locals.push(Variable { name: name.into(), ty: Type::Basic(Basic::Int), kind: VarKind::Local, decl_line: None });
}

/// The selector completed may sit anywhere in the expression.
#[test]
fn members_inside_every_kind_of_expression() {
    let texts = [
        "(u.Ag$0)",
        "*u.Addr$0",
        "m[u.Ema$0]",
        "b[u.Ag$0:]",
        "b[:u.Ag$0]",
        "b[0:1:u.Ag$0]",
        "x.(int) == u.Ag$0",
        "u.Ag$0.(int)",
        "-u.Ag$0",
        "n + u.Ag$0",
        "main.Item{u.Ag$0}",
        "main.Item{Qty: u.Ag$0}",
        "main.Item{u.Ag$0: 1}",
        "u. $0",
        "u.A$0ge",
    ];
    let mut out = String::new();
    for input in texts {
        let cursor = input.find("$0").expect("a $0 cursor marker");
        let text = input.replace("$0", "");
        let c = complete(&text, cursor, &fixture());
        let labels: Vec<&str> = c.items.iter().map(|i| i.label.as_str()).collect();
        out.push_str(&format!("{input}: {}..{} {}\n", c.replace.start, c.replace.end, labels.join(" ")));
    }
    expect![[r#"
        (u.Ag$0): 3..5 Age
        *u.Addr$0: 3..7 Address
        m[u.Ema$0]: 4..7 Email
        b[u.Ag$0:]: 4..6 Age
        b[:u.Ag$0]: 5..7 Age
        b[0:1:u.Ag$0]: 8..10 Age
        x.(int) == u.Ag$0: 13..15 Age
        u.Ag$0.(int): 2..4 Age
        -u.Ag$0: 3..5 Age
        n + u.Ag$0: 6..8 Age
        main.Item{u.Ag$0}: 12..14 Age
        main.Item{Qty: u.Ag$0}: 17..19 Age
        main.Item{u.Ag$0: 1}: 12..14 Age
        u. $0: 3..3 Address Age Base Created Email ID Meta Name Tags
        u.A$0ge: 2..5 Address Age
    "#]]
    .assert_eq(&out);
}

/// A cursor inside a character counts from the character's start.
#[test]
fn a_cursor_inside_a_character() {
    let c = complete("ué", 2, &fixture());
    let labels: Vec<&str> = c.items.iter().map(|i| i.label.as_str()).collect();
    expect!["0..3 u u8 up user"].assert_eq(&format!("{}..{} {}", c.replace.start, c.replace.end, labels.join(" ")));
}

/// Builtins insert their open parenthesis; values are whole expressions.
#[test]
fn what_items_insert_and_which_are_values() {
    let c = complete("l", 1, &fixture());
    let items: Vec<String> =
        c.items.iter().map(|i| format!("{} {:?} inserts {:?}", i.kind.as_str(), i.label, i.insert)).collect();
    let kinds = [
        ItemKind::Variable,
        ItemKind::Field,
        ItemKind::Constant,
        ItemKind::Package,
        ItemKind::Builtin,
        ItemKind::Keyword,
    ];
    let values: Vec<String> = kinds.iter().map(|k| format!("{} {}", k.as_str(), k.is_value())).collect();
    expect![[r#"
        builtin "len" inserts "len("
        variable true, field true, constant true, package false, builtin false, keyword true"#]]
    .assert_eq(&format!("{}\n{}", items.join("\n"), values.join(", ")));
}

/// A name a local or a package variable takes is offered as that, not as
/// the constant or package it hides.
#[test]
fn names_hidden_by_locals_and_package_variables() {
    check_in(
        |s| {
            add_local(s, "Pi");
            add_local(s, "Pz");
        },
        "P$0",
        expect![[r#"
            replace 0..1
            variable Pi int
            variable Pz int
            variable pm *map[string]int
            variable popaque *example.com/other.Thing
            variable ps *string
            variable ptrs map[int]*main.User
            variable pu **main.User
            variable pval *T
        "#]],
    );
    check_in(
        |s| {
            s.package.vars.push(Variable {
                name: "Pi".into(),
                ty: Type::Basic(Basic::Bool),
                kind: VarKind::Global,
                decl_line: None,
            });
            add_local(s, "Pz");
        },
        "P$0",
        expect![[r#"
            replace 0..1
            variable Pi bool
            variable Pz int
            variable pm *map[string]int
            variable popaque *example.com/other.Thing
            variable ps *string
            variable ptrs map[int]*main.User
            variable pu **main.User
            variable pval *T
        "#]],
    );
    check_in(
        |s| {
            add_local(s, "inventory");
            add_local(s, "invx");
        },
        "inv$0",
        expect![[r#"
            replace 0..3
            variable inventory int
            variable invx int
        "#]],
    );
}

/// `runtime.` and `delve.` complete a local's members when a local has
/// the name; a package's unused globals are never offered; the current
/// package completes by its own name.
#[test]
fn members_of_names_that_are_also_packages() {
    check_in(
        |s| add_local(s, "runtime"),
        "runtime.$0",
        expect![[r#"
        replace 8..8
    "#]],
    );
    check_in(
        |s| {
            s.locals.push(Variable {
                name: "delve".into(),
                ty: Type::named("main", "Base"),
                kind: VarKind::Local,
                decl_line: None,
            })
        },
        "delve.$0",
        expect![[r#"
            replace 6..6
            field Created string
            field ID int64
        "#]],
    );
    check(
        "main.$0",
        expect![[r#"
            replace 5..5
            variable Version string
            variable counter int
            constant MaxItems int
        "#]],
    );
    check_in(
        |s| {
            let inventory =
                s.imports.known_mut().get_mut("example.com/shop/inventory").expect("the fixture imports inventory");
            inventory.vars.push(Variable {
                name: "Dropped".into(),
                ty: Type::Basic(Basic::Int),
                kind: VarKind::UnusedGlobal,
                decl_line: None,
            });
            s.package.vars.push(Variable {
                name: "Dropped".into(),
                ty: Type::Basic(Basic::Int),
                kind: VarKind::UnusedGlobal,
                decl_line: None,
            });
        },
        "inventory.$0",
        expect![[r#"
            replace 10..10
            variable Count int
            variable Stock map[string]int
            constant Limit int
        "#]],
    );
}

/// The fixture's `T` bound to each of `main`'s types `args` in turn.
fn instantiated(args: &[&str], complete: bool) -> impl FnOnce(&mut ScopeAt) {
    crate::expr::test_fixture::instantiated(args.iter().map(|t| Type::named("main", t)), complete)
}

/// Generic code runs as each instantiation: the members of every one are
/// offered (`check` warns for those some lack), typed where all agree
/// (`ID` is an `int64` in `Base`, an `int` in `Order`).
#[test]
fn members_of_a_type_parameter_in_each_instantiation() {
    check_in(
        instantiated(&["User"], true),
        "val.$0",
        expect![[r#"
            replace 4..4
            field Address *main.Address
            field Age int
            field Base main.Base
            field Created string
            field Email string
            field ID int64
            field Meta map[string]string
            field Name string
            field Tags []string
        "#]],
    );
    check_in(
        instantiated(&["Base", "Order"], true),
        "val.$0",
        expect![[r#"
            replace 4..4
            field Created string
            field Customer *main.User
            field Done bool
            field ID
            field Items []main.Item
            field Notes map[string]int
            field Total main.Money
        "#]],
    );
    // Through a pointer, and with the generic code itself as one more
    // run, where `T` has no members.
    check_in(
        instantiated(&["Address"], false),
        "pval.$0",
        expect![[r#"
            replace 5..5
            field City string
            field Zip string
        "#]],
    );
    // Without instantiations a type parameter has none.
    check(
        "val.$0",
        expect![[r#"
        replace 4..4
    "#]],
    );
}

/// Each run's members are merged by label: a member typed alike in every
/// run keeps its type, one typed otherwise in any run has none. The
/// generic code is a run of its own only while the instantiations are not
/// known to be all of them (where `V` is a `T`).
#[test]
fn members_merged_over_the_runs() {
    check_in(
        instantiated(&["User", "Base"], true),
        "val.$0",
        expect![[r#"
            replace 4..4
            field Address *main.Address
            field Age int
            field Base main.Base
            field Created string
            field Email string
            field ID int64
            field Meta map[string]string
            field Name string
            field Tags []string
        "#]],
    );
    let boxed = |complete: bool| {
        move |s: &mut ScopeAt| {
            instantiated(&["User"], complete)(s);
            let field = |name: &str, ty: Type| StructField { name: name.into(), ty, embedded: false };
            let ty = Type::Struct(vec![field("V", Type::TypeParam("T".into())), field("N", Type::Basic(Basic::Int))]);
            s.locals.push(Variable { name: "boxed".into(), ty, kind: VarKind::Local, decl_line: Some(1) });
        }
    };
    check_in(
        boxed(true),
        "boxed.$0",
        expect![[r#"
        replace 6..6
        field N int
        field V main.User
    "#]],
    );
    check_in(
        boxed(false),
        "boxed.$0",
        expect![[r#"
        replace 6..6
        field N int
        field V
    "#]],
    );
}

/// The selector completed is the one the text ends in, wherever the
/// expression holds it; a value named like a package function is the
/// value, as `check` reads it.
#[test]
fn members_of_the_selector_the_text_ends_in() {
    check(
        "(user.Address.$0",
        expect![[r#"
            replace 14..14
            field City string
            field Zip string
        "#]],
    );
    check(
        "*user.Address.$0",
        expect![[r#"
            replace 14..14
            field City string
            field Zip string
        "#]],
    );
    check(
        "user.Meta[user.Address.$0",
        expect![[r#"
            replace 23..23
            field City string
            field Zip string
        "#]],
    );
    check(
        "user.Tags[1:user.Address.$0",
        expect![[r#"
        replace 25..25
        field City string
        field Zip string
    "#]],
    );
    // A selector longer than the tokens read again after an error (64) is
    // found in the whole text's tree, wherever the expression holds it: no
    // tail of it starts at a value. What each offers, once each.
    let chain = format!("ring{}.$0", ".Link.Ring".repeat(20));
    let scope = fixture();
    let mut offered: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for around in ["(", "*", "-", "1 + ", "len(", "user.Meta[", "user.Tags[1:", "main.Base{", "main.Base{ID: "] {
        let items = completed(&scope, &format!("{around}{chain}"));
        let items = items.split_once('\n').map_or("", |(_, rest)| rest).trim_end().replace('\n', ", ");
        offered.entry(items).or_default().push(around);
    }
    let out: String = offered.iter().map(|(items, arounds)| format!("{arounds:?}: {items}\n")).collect();
    expect![[r#"
        ["(", "*", "-", "1 + ", "len(", "user.Meta[", "user.Tags[1:", "main.Base{", "main.Base{ID: "]: field Link *main.Link, field Next int, field Ring *main.Ring, field Val int
    "#]]
    .assert_eq(&out);
    let helper = |s: &mut ScopeAt| {
        s.locals.push(Variable {
            name: "helper".into(),
            ty: Type::named("main", "Address"),
            kind: VarKind::Local,
            decl_line: Some(1),
        });
    };
    check_in(
        helper,
        "helper.$0",
        expect![[r#"
        replace 7..7
        field City string
        field Zip string
    "#]],
    );
}

/// Where go/parser's recovery from an earlier error leaves the selector
/// out of its tree (it reads one expression up to a written `;`, and skips
/// to the end after an operator without an operand), the longest tail
/// that holds it is completed.
#[test]
fn members_after_an_error() {
    check(
        "n == 1; && (user.Address.$0",
        expect![[r#"
            replace 25..25
            field City string
            field Zip string
        "#]],
    );
    // A `;` in a string is no separator.
    check(
        "n == 1; n == 2; user.Name == \";\" && user.Address.$0",
        expect![[r#"
            replace 49..49
            field City string
            field Zip string
        "#]],
    );
    check(
        "n == && (user.Address.$0",
        expect![[r#"
            replace 22..22
            field City string
            field Zip string
        "#]],
    );
    // A prefix typed after the dot: the tail's selector ends at the cursor.
    check(
        "n == 1; && (user.Address.Ci$0",
        expect![[r#"
            replace 25..27
            field City string
        "#]],
    );
    // Inside a string, nothing.
    check(
        "n == \"user.$0",
        expect![[r#"
        replace 11..11
    "#]],
    );
}
