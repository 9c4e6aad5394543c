//! The coverage-guided fuzz targets' checks (`fuzz/src/lib.rs`, the same
//! code libFuzzer runs) on the saved inputs: each target's seeds in
//! `fuzz/seeds/TARGET` and every input that once failed, kept in
//! `fuzz/regressions/TARGET`. Runs in `cargo test`, without the fuzzer.

mod support;

#[allow(dead_code)]
#[path = "../fuzz/src/lib.rs"]
mod fuzz_checks;

use std::path::{Path, PathBuf};

/// Every saved input of `target`, seeds first; there is at least one seed.
fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut out = Vec::new();
    for kind in ["seeds", "regressions"] {
        let Ok(dir) = std::fs::read_dir(root.join(kind).join(target)) else {
            assert_ne!(kind, "seeds", "{target} has seeds");
            continue;
        };
        let mut files: Vec<PathBuf> = dir.map(|e| e.unwrap().path()).collect();
        files.sort();
        out.extend(files.into_iter().map(|f| {
            let bytes = std::fs::read(&f).unwrap();
            (f, bytes)
        }));
    }
    assert!(!out.is_empty(), "no inputs for {target}");
    out
}

fn replay(target: &str, check: fn(&[u8])) {
    for (file, bytes) in inputs(target) {
        let run = std::panic::catch_unwind(|| check(&bytes));
        assert!(run.is_ok(), "{target}: {} fails its check", file.display());
    }
}

#[test]
fn expression_engine_inputs() {
    replay("expr", fuzz_checks::check_expr);
}

#[test]
fn hit_condition_and_log_message_inputs() {
    replay("forms", fuzz_checks::check_forms);
}

#[test]
fn dap_framing_and_envelope_inputs() {
    replay("dap", fuzz_checks::check_dap);
}

#[test]
fn path_rule_and_inference_inputs() {
    replay("paths", fuzz_checks::check_paths);
}

#[test]
fn damaged_debug_info_inputs() {
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fuzz-closures-plain-dwarf");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/programs/closures");
    support::go_build_debug(&dir, &out, &["-ldflags=-compressdwarf=false"]).expect("go build");
    fuzz_checks::use_binary(out);
    replay("debuginfo", fuzz_checks::check_debuginfo);
}
