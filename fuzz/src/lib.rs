//! What the fuzz targets share: the fixed scope the engine is checked in
//! and the invariants every answer of the engine keeps.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use dlvbridge::expr::scope::ScopeAt;
use dlvbridge::expr::{Diagnostic, Span};

/// The repository (the fuzz crate is one folder down).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The scope of the bundled example at its breakpoint line (an order, its
/// customer, items, a map, methods, an `inventory` package): read from the
/// sources once per process, so every input is checked against the same
/// names and types.
pub fn scope() -> &'static ScopeAt {
    static SCOPE: OnceLock<ScopeAt> = OnceLock::new();
    SCOPE.get_or_init(|| {
        let file = repo_root().join("examples/orders/main.go");
        dlvbridge::scope::source::SourceIndex::default()
            .scope_at(&file, 54)
            .unwrap_or_else(|e| panic!("{}:54: {e}", file.display()))
    })
}

/// A span that lies inside a text of `len` bytes.
pub fn assert_span(span: Span, len: usize, what: &str) {
    assert!(span.start <= span.end && span.end <= len, "{what}: span {span:?} outside 0..{len}");
}

/// Every diagnostic and fix edit lies inside the text.
pub fn assert_diagnostics(diagnostics: &[Diagnostic], len: usize) {
    for d in diagnostics {
        assert_span(d.span, len, &d.message);
        assert!(!d.message.is_empty(), "a diagnostic says something");
        for f in &d.fixes {
            for e in &f.edits {
                assert_span(e.span, len, &f.title);
            }
        }
    }
}

/// A char boundary of `text` picked by `seed`.
pub fn cursor(text: &str, seed: usize) -> usize {
    let mut at = seed % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}
