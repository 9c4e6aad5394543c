//! Delve's two small grammars: hit conditions (`> 5`, `% 2`, anything with
//! an `OP? NUMBER` in it) and log messages (`text {expr} text`, braces
//! paired), read and checked in the fixed scope.
#![no_main]

use dlvbridge::expr::forms;
use dlvbridge_fuzz::{assert_diagnostics, assert_span, scope};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (_, diagnostics) = forms::check_hit_condition(&text);
    assert_diagnostics(&diagnostics, text.len());
    let (interpolations, diagnostics) = forms::parse_log_message(&text);
    assert_diagnostics(&diagnostics, text.len());
    for i in &interpolations {
        assert_span(i.span, text.len(), "interpolation");
        assert_eq!(text.get(i.span.start..i.span.end).map(str::trim), Some(i.expr.as_str()), "{i:?}");
    }
    let checked = forms::check_log_message(&text, scope());
    assert_diagnostics(&checked.diagnostics, text.len());
});
