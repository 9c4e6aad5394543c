//! The names `x` for which Delve could resolve `x.Name` against a package
//! linked into the program. Delve keys packages by the last element of their
//! import path (`PackageMap` in `pkg/proc/bininfo.go`), for any package in
//! the binary, imported by the stopped-in file or not.
//!
//! From source the exact set (the transitive imports) is expensive, so this
//! is a superset: the last element of every package directory the build
//! could reach — GOROOT, the module, its `replace` folders, `vendor/` and the
//! required modules in the module cache. A name outside it is certainly not
//! a package; when a place cannot be read the answer is `None` (unknown).

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use crate::workspace::fs::{self, Entry};
use crate::workspace::{GoDirs, Module, ReplaceTarget};

/// How much of a file is read for its package clause.
const CLAUSE_BYTES: u64 = 64 << 10;

type Names = Arc<BTreeSet<String>>;

/// Directories walked, by root; they rarely change while a session lasts.
fn cache() -> &'static Mutex<HashMap<PathBuf, Option<Names>>> {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, Option<Names>>>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// The superset of linked package names for a program built in `module`.
pub(crate) fn package_names(module: Option<&Module>, go_dirs: &GoDirs) -> Option<Names> {
    let module = module?;
    let goroot = go_dirs.goroot.as_ref()?;
    let mut roots = vec![goroot.join("src"), module.root.clone()];
    let replaces = &module.go_mod.replaces;
    for r in replaces {
        match &r.new {
            ReplaceTarget::Dir(d) => roots.push(module.replace_dir(d)),
            ReplaceTarget::Module { path, version } => roots.push(go_dirs.cached_module(path, version)?),
        }
    }
    let vendor = module.root.join("vendor");
    if !vendor.is_dir() {
        for r in &module.go_mod.requires {
            if replaces.iter().any(|x| x.old == r.path) {
                continue;
            }
            roots.push(go_dirs.cached_module(&r.path, &r.version)?);
        }
    }
    let mut all = BTreeSet::from(["main".to_string()]);
    for root in roots {
        all.extend(dir_names(&root)?.iter().cloned());
    }
    // Delve names the main package `main`, never after its folder.
    for main_dir in main_dirs(&module.root) {
        if let Some(last) = main_dir.file_name().map(|n| n.to_string_lossy().into_owned()) {
            if !other_dir_named(&module.root, &main_dir, &last) {
                all.remove(&last);
            }
        }
    }
    Some(Arc::new(all))
}

/// Last elements of every directory under `root` that holds Go files.
fn dir_names(root: &Path) -> Option<Names> {
    if let Some(hit) = cache().lock().ok()?.get(root) {
        return hit.clone();
    }
    let names = walk(root);
    if let Ok(mut c) = cache().lock() {
        c.insert(root.to_path_buf(), names.clone());
    }
    names
}

/// The folders the go tool skips, which hold no linked package.
fn ignored(e: &Entry) -> bool {
    e.name == "testdata" || e.name.starts_with('.') || e.name.starts_with('_')
}

fn walk(root: &Path) -> Option<Names> {
    if !root.is_dir() {
        return None;
    }
    let mut names = BTreeSet::new();
    let complete = fs::walk_dirs(
        root,
        |e| !ignored(e),
        |dir, entries| {
            if entries.iter().any(|e| !e.is_dir && e.name.ends_with(".go")) {
                if let Some(last) = dir.file_name() {
                    names.insert(last.to_string_lossy().into_owned());
                }
            }
        },
    );
    // A tree too large to walk (a `replace => /`) could hold any name.
    complete.then(|| Arc::new(names))
}

/// Folders of the module whose package is `main` (those of the folders
/// walked, when the module is too large to walk whole).
fn main_dirs(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    fs::walk_dirs(
        root,
        |e| !(ignored(e) || e.name == "vendor"),
        |dir, entries| {
            if main_clause(entries) {
                out.push(dir.to_path_buf());
            }
        },
    );
    out
}

/// Whether a folder other than `except` under `root` (or GOROOT, the cache)
/// shares the name; kept simple: only the module is searched. A module
/// too large to search may have one.
fn other_dir_named(root: &Path, except: &Path, name: &str) -> bool {
    let found = std::cell::Cell::new(false);
    let complete = fs::walk_dirs(
        root,
        |e| !found.get() && !ignored(e),
        |_, entries| {
            let other = |e: &Entry| e.is_dir && e.path != except && e.name == name && !main_dirs_contains(&e.path);
            if !found.get() && entries.iter().any(other) {
                found.set(true);
            }
        },
    );
    found.get() || !complete
}

fn main_dirs_contains(dir: &Path) -> bool {
    std::fs::read_dir(dir).into_iter().flatten().flatten().any(|e| {
        let n = e.file_name().to_string_lossy().into_owned();
        n.ends_with(".go") && !n.ends_with("_test.go") && package_clause(&e.path()).as_deref() == Some("main")
    })
}

/// Whether the first non-test Go file among `entries` with a package
/// clause is in package `main`.
fn main_clause(entries: &[Entry]) -> bool {
    let mut go_files = entries.iter().filter(|e| !e.is_dir && e.name.ends_with(".go") && !e.name.ends_with("_test.go"));
    go_files.find_map(|e| package_clause(&e.path)).as_deref() == Some("main")
}

/// The package clause of a Go file, read from its first lines.
fn package_clause(file: &Path) -> Option<String> {
    let text = fs::read_prefix(file, CLAUSE_BYTES).ok()?;
    let mut in_block_comment = false;
    for line in text.lines().take(200) {
        let mut l = line.trim();
        if in_block_comment {
            match l.find("*/") {
                Some(i) => {
                    in_block_comment = false;
                    l = l[i + 2..].trim();
                }
                None => continue,
            }
        }
        if l.starts_with("/*") && !l.contains("*/") {
            in_block_comment = true;
            continue;
        }
        if let Some(rest) = l.strip_prefix("package ") {
            return rest.split(|c: char| c.is_whitespace() || c == ';' || c == '/').next().map(str::to_string);
        }
    }
    None
}
