//! Path rules and their inference on any paths: lines of the input are
//! `substitutePath` rules (`from=>to`), a binary's file table, a
//! workspace's file list and module names, in POSIX, Windows, UNC and WSL
//! spellings. Never a panic; rules apply both ways.
#![no_main]

use dlvbridge::paths::infer::{self, BinaryPaths, LocalTree, Workspace};
use dlvbridge::paths::{PathMapper, PathRule};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut rules = Vec::new();
    let mut build_files = Vec::new();
    let mut local_files = Vec::new();
    let mut dirs = Vec::new();
    for line in text.lines().take(64) {
        if let Some((from, to)) = line.split_once("=>") {
            rules.push(PathRule::user(from, to));
        } else if let Some(rest) = line.strip_prefix('+') {
            local_files.push(rest.to_string());
        } else if let Some(rest) = line.strip_prefix('@') {
            dirs.push(rest.to_string());
        } else {
            build_files.push(line.to_string());
        }
    }
    let mapper = PathMapper::new(rules);
    for p in build_files.iter().chain(&local_files).chain(&dirs) {
        let editor = mapper.to_editor(p).into_owned();
        let _ = mapper.to_delve(&editor);
        let _ = mapper.to_delve(p);
    }
    let dir = |i: usize| dirs.get(i).cloned().unwrap_or_default();
    for ws_dir in dirs.iter().take(2) {
        for p in build_files.iter().take(8) {
            let _ = infer::wsl_view(p, ws_dir);
        }
    }
    let module = |i: usize| dirs.get(i).map(|d| d.trim_matches('/').to_string()).filter(|m| !m.is_empty());
    let binary =
        BinaryPaths { files: build_files.clone(), main_module: module(4), trimpath: data.first().is_some_and(|b| b & 1 == 1) };
    let workspace = Workspace {
        main: LocalTree { dir: dir(0), module: module(5), files: local_files.clone() },
        replaces: vec![LocalTree { dir: dir(1), module: module(6), files: local_files.iter().take(4).cloned().collect() }],
        goroot: dirs.get(2).cloned(),
        goroot_src_dirs: vec!["runtime".into(), "fmt".into(), "vendor".into()],
        gomodcache: dirs.get(3).cloned(),
        vendored: module(7).into_iter().collect(),
    };
    let inference = infer::infer(&binary, &workspace);
    for rule in &inference.rules {
        assert!(!rule.why.is_empty(), "every inferred rule says why: {rule:?}");
    }
    let inferred = PathMapper::new(inference.rules);
    for f in &build_files {
        let _ = inferred.to_editor(f);
    }
});
