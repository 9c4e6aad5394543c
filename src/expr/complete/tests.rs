//! Data-driven completion tests over the fixed scope; `$0` marks the cursor.

use expect_test::{Expect, expect};

use crate::expr::complete;
use crate::expr::test_fixture::fixture;

fn check(input: &str, expect: Expect) {
    let cursor = input.find("$0").expect("a $0 cursor marker");
    let text = input.replace("$0", "");
    let c = complete(&text, cursor, &fixture());
    let mut out = format!("replace {}..{}\n", c.replace.start, c.replace.end);
    for i in &c.items {
        out.push_str(&format!(
            "{} {}{}\n",
            i.kind.as_str(),
            i.label,
            i.ty.as_deref().map(|t| format!(" {t}")).unwrap_or_default()
        ));
    }
    expect.assert_eq(&out);
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
