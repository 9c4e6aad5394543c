//! Invariants of the module structure that ARCHITECTURE.md states, checked
//! on the source text so that breaking one fails the suite.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file without its comments (doc comments name other
/// modules freely).
fn code_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().map(|(i, l)| (i + 1, l.split("//").next().unwrap_or(""))).filter(|(_, l)| !l.is_empty())
}

/// The crates of `[dependencies]` in Cargo.toml, as Rust spells them.
fn dependencies() -> Vec<String> {
    let manifest = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    let section = manifest.split("[dependencies]").nth(1).expect("a [dependencies] section");
    let section = section.split("\n[").next().unwrap_or("");
    section
        .lines()
        .filter_map(|l| l.split_once('=').map(|(name, _)| name.trim().replace('-', "_")))
        .filter(|n| !n.is_empty() && !n.starts_with('#'))
        .collect()
}

/// `src/expr` is the engine: it imports nothing outside itself, does no IO
/// and uses no dependency (ScopeAt is its input, produced elsewhere).
#[test]
fn the_engine_is_a_leaf() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/expr");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    assert!(files.len() > 10, "src/expr has its files");
    let deps = dependencies();
    assert!(deps.iter().any(|d| d == "serde_json"), "dependencies are read: {deps:?}");
    let forbidden_std = ["std::fs", "std::net", "std::process", "std::env", "std::io", "tokio"];
    let mut violations = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let depth = file.strip_prefix(&root).unwrap().components().count() - 1;
        for (n, line) in code_lines(&text) {
            let mut rest = line;
            while let Some(i) = rest.find("crate::") {
                let after = &rest[i + "crate::".len()..];
                if !after.starts_with("expr") {
                    violations.push(format!("{}:{n}: {}", file.display(), line.trim()));
                }
                rest = after;
            }
            // `super::super::…` deeper than the file's place in src/expr.
            let supers = line.matches("super::").count();
            if line.contains("super::") && supers > depth + 1 {
                violations.push(format!("{}:{n}: {}", file.display(), line.trim()));
            }
            for name in deps.iter().map(String::as_str).chain(forbidden_std) {
                let uses = line
                    .match_indices(&format!("{name}::"))
                    .any(|(i, _)| !line[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':'));
                if uses {
                    violations.push(format!("{}:{n}: {}", file.display(), line.trim()));
                }
            }
        }
    }
    assert!(violations.is_empty(), "src/expr must import nothing outside itself:\n{}", violations.join("\n"));
}
