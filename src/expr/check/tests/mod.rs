//! Data-driven checker tests over a fixed scope (see `fixture`), one file
//! per topic of the checker. Each case is one line; `UPDATE_EXPECT=1 cargo
//! test` rewrites the expectations.

mod calls;
mod conditions;
mod conversions;
mod hazards;
mod indexing;
mod members;
mod names;
mod operators;

use expect_test::Expect;

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
