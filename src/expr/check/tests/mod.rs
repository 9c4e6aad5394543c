//! Data-driven checker tests over a fixed scope (see `fixture`), one file
//! per topic of the checker. Each case is one line; `UPDATE_EXPECT=1 cargo
//! test` rewrites the expectations.

mod calls;
mod conditions;
mod conversions;
mod hazards;
mod indexing;
mod instantiations;
mod members;
mod names;
mod operators;

use expect_test::Expect;

use crate::expr::scope::ScopeAt;
use crate::expr::test_fixture::fixture;
use crate::expr::{Role, check};

fn render(text: &str, role: Role) -> String {
    render_in(&fixture(), text, role)
}

fn render_in(scope: &ScopeAt, text: &str, role: Role) -> String {
    let checked = check(text, role, scope);
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

/// [`check_expr`] against the fixture changed by `change`.
fn check_expr_in(change: impl FnOnce(&mut ScopeAt), text: &str, expect: Expect) {
    let mut scope = fixture();
    change(&mut scope);
    expect.assert_eq(render_in(&scope, text, Role::Expression).trim_end());
}
