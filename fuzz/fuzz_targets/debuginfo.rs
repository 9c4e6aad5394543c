//! The debug-info readers on damaged real binaries: the input is a list of
//! patches (`section, offset, bytes`) applied to the `.debug_*` sections of
//! a Go program built with `-N -l` and uncompressed DWARF
//! (`DLVBRIDGE_FUZZ_BINARY`, built by scripts/fuzz); the copy is opened and
//! asked for scopes at four lines, with a completion and a check in each.
//! An error or a scope, never a panic (memory is bounded by libFuzzer's
//! `-rss_limit_mb`).
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use dlvbridge::debuginfo::Binary;
use dlvbridge::scope::dwarf::DwarfScopes;
use dlvbridge_fuzz::repo_root;
use libfuzzer_sys::fuzz_target;

struct Base {
    bytes: Vec<u8>,
    /// `(start, end)` of each `.debug_*` section in the file.
    sections: Vec<(usize, usize)>,
    main_go: PathBuf,
}

fn base() -> &'static Base {
    static BASE: OnceLock<Base> = OnceLock::new();
    BASE.get_or_init(|| {
        use object::{Object, ObjectSection};
        let path = std::env::var_os("DLVBRIDGE_FUZZ_BINARY")
            .expect("DLVBRIDGE_FUZZ_BINARY names the Go binary to damage (scripts/fuzz builds it)");
        let bytes = std::fs::read(&path).expect("read DLVBRIDGE_FUZZ_BINARY");
        let file = object::File::parse(&bytes[..]).expect("an ELF binary");
        let sections = file
            .sections()
            .filter(|s| s.name().is_ok_and(|n| n.starts_with(".debug_")))
            .filter_map(|s| s.file_range())
            .filter(|(_, size)| *size > 0)
            .map(|(start, size)| (start as usize, (start + size) as usize))
            .collect::<Vec<_>>();
        assert!(sections.len() >= 5, "uncompressed DWARF sections: build with -ldflags=-compressdwarf=false");
        assert!(Binary::parse(&bytes).is_ok(), "the undamaged binary opens");
        Base { bytes, sections, main_go: repo_root().join("tests/corpus/programs/closures/main.go") }
    })
}

fuzz_target!(|data: &[u8]| {
    let base = base();
    let mut bytes = base.bytes.clone();
    let mut input = data;
    // Each patch: section selector, offset (u32 LE), length, that many bytes.
    while let [selector, o0, o1, o2, o3, n, rest @ ..] = input {
        let (start, end) = base.sections[usize::from(*selector) % base.sections.len()];
        let at = start + u32::from_le_bytes([*o0, *o1, *o2, *o3]) as usize % (end - start);
        let n = usize::from(*n).min(rest.len()).min(end - at);
        bytes[at..at + n].copy_from_slice(&rest[..n]);
        input = &rest[n..];
    }
    let Ok(binary) = Binary::parse(&bytes) else { return };
    let _ = binary.go_version();
    for i in 0..binary.units().len().min(8) {
        let _ = binary.unit_files(i);
    }
    let scopes = DwarfScopes::new(binary);
    for line in [31, 50, 77, 105] {
        if let Ok(s) = scopes.scope_at(&base.main_go, line) {
            let _ = dlvbridge::expr::complete("e.", 2, &s.scope);
            let _ = dlvbridge::expr::check("e.Kind == \"x\" && len(rejected) > 0", dlvbridge::expr::Role::Condition, &s.scope);
        }
    }
});
