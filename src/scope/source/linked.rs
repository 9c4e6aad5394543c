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

use crate::workspace::{GoDirs, Module, ReplaceTarget};

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

fn walk(root: &Path) -> Option<Names> {
    if !root.is_dir() {
        return None;
    }
    let mut names = BTreeSet::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        let mut has_go = false;
        for e in entries.flatten() {
            let name = e.file_name();
            let name = name.to_string_lossy();
            let Ok(kind) = e.file_type() else { continue };
            if kind.is_dir() {
                // The go tool ignores these, and they hold no linked package.
                if name == "testdata" || name.starts_with('.') || name.starts_with('_') {
                    continue;
                }
                stack.push(e.path());
            } else if name.ends_with(".go") {
                has_go = true;
            }
        }
        if has_go {
            if let Some(last) = dir.file_name() {
                names.insert(last.to_string_lossy().into_owned());
            }
        }
    }
    Some(Arc::new(names))
}

/// Folders of the module whose package is `main`.
fn main_dirs(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        let mut clause = None;
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if e.file_type().is_ok_and(|k| k.is_dir()) {
                if !(name == "testdata" || name == "vendor" || name.starts_with('.') || name.starts_with('_')) {
                    stack.push(e.path());
                }
            } else if clause.is_none() && name.ends_with(".go") && !name.ends_with("_test.go") {
                clause = package_clause(&e.path());
            }
        }
        if clause.as_deref() == Some("main") {
            out.push(dir);
        }
    }
    out
}

/// Whether a folder other than `except` under `root` (or GOROOT, the cache)
/// shares the name; kept simple: only the module is searched.
fn other_dir_named(root: &Path, except: &Path, name: &str) -> bool {
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for e in entries.flatten() {
            if !e.file_type().is_ok_and(|k| k.is_dir()) {
                continue;
            }
            let path = e.path();
            if path != except && e.file_name().to_string_lossy() == name && !main_dirs_contains(&path) {
                return true;
            }
            let n = e.file_name().to_string_lossy().into_owned();
            if !(n == "testdata" || n.starts_with('.') || n.starts_with('_')) {
                stack.push(path);
            }
        }
    }
    false
}

fn main_dirs_contains(dir: &Path) -> bool {
    std::fs::read_dir(dir).into_iter().flatten().flatten().any(|e| {
        let n = e.file_name().to_string_lossy().into_owned();
        n.ends_with(".go") && !n.ends_with("_test.go") && package_clause(&e.path()).as_deref() == Some("main")
    })
}

/// The package clause of a Go file, read from its first lines.
fn package_clause(file: &Path) -> Option<String> {
    let text = std::fs::read_to_string(file).ok()?;
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
