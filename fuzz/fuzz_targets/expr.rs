//! The expression engine on any text: parse, check as each kind of
//! breakpoint text and complete at two cursors, in the example's fixed
//! scope. Never a panic; every span inside the text.
#![no_main]

use dlvbridge::expr::{self, TextKind};
use dlvbridge_fuzz::{assert_diagnostics, assert_span, cursor, scope};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let scope = scope();
    let parse = expr::parse(&text);
    assert_diagnostics(&parse.diagnostics, text.len());
    for kind in [TextKind::Condition, TextKind::HitCondition, TextKind::LogMessage, TextKind::Expression] {
        let checked = expr::check_text(&text, kind, scope);
        assert_diagnostics(&checked.diagnostics, text.len());
    }
    for at in [text.len(), cursor(&text, data.len().wrapping_mul(31) ^ usize::from(data.first().copied().unwrap_or(0)))] {
        let completions = expr::complete(&text, at, scope);
        assert_span(completions.replace, text.len(), "completion replace range");
        assert!(completions.replace.end <= at, "the replaced name ends at the cursor");
    }
});
