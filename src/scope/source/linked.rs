//! The names `x` for which Delve could resolve `x.Name` against a package
//! linked into the program. Delve keys packages by the last element of their
//! import path and by their package clause's name (`PackageMap` in
//! `pkg/proc/bininfo.go`), for any package in the binary, imported by the
//! stopped-in file or not.
//!
//! From source the exact set (the transitive imports) is expensive, so this
//! is a superset: the last element of every package directory the build
//! could reach — GOROOT (but its `unsafe`, the compiler's package, of which
//! no binary has a symbol), the module, its `replace` folders, `vendor/` and the
//! required modules in the module cache — with the clause names of its
//! non-test files (`wire` in `wire/v2`), and the last element of each
//! module's import path, which its root folder need not be named after
//! (`lib@v1.2.0`, `third_party/lib-fork`). A name outside it is certainly not
//! a package; when a place cannot be read the answer is `None` (unknown).

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use crate::workspace::fs::{self, Entry};
use crate::workspace::{GoDirs, Module, ReplaceTarget};

/// How much of a file is read for its package clause.
const CLAUSE_BYTES: u64 = 64 << 10;

type Names = Arc<BTreeSet<String>>;

/// What a walk of a folder tree finds: the last elements of the folders
/// holding Go files, and the package clauses of their non-test files.
#[derive(Debug, Default)]
struct TreeNames {
    folders: BTreeSet<String>,
    clauses: BTreeSet<String>,
}

/// Directories walked, by root; they rarely change while a session lasts.
fn cache() -> &'static Mutex<HashMap<PathBuf, Option<Arc<TreeNames>>>> {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, Option<Arc<TreeNames>>>>> = OnceLock::new();
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
    // GOROOT's `unsafe` is the compiler's own package: the binary has no
    // symbol of it, so Delve resolves nothing under that name.
    let compilers = goroot.join("src").join("unsafe");
    let mut clauses = BTreeSet::new();
    for root in roots {
        let names = dir_names(&root, &compilers)?;
        all.extend(names.folders.iter().cloned());
        clauses.extend(names.clauses.iter().cloned());
    }
    // Delve names the main package `main`, never after its folder.
    let mains = main_dirs(&module.root);
    for main_dir in &mains {
        if let Some(last) = main_dir.file_name().map(|n| n.to_string_lossy().into_owned()) {
            if !other_dir_named(&module.root, main_dir, &last) {
                all.remove(&last);
            }
        }
    }
    // A module's root package is keyed by its import path, not by the
    // folder it is in (`lib@v1.2.0` in the module cache, a replacement in
    // `third_party/lib-fork`), whatever main packages are named like it:
    // the paths replaced (code imports the old path), the required modules
    // and the module itself unless its root is the main package.
    let replaced = replaces.iter().map(|r| r.old.as_str());
    let required = module.go_mod.requires.iter().map(|r| r.path.as_str());
    let own = Some(module.path()).filter(|_| !mains.contains(&module.root));
    for path in replaced.chain(required).chain(own) {
        all.extend(path_names(path));
    }
    // A package's clause name is its own, whatever a main package's
    // folder is called (`package serve` beside `cmd/serve`).
    all.extend(clauses);
    Some(Arc::new(all))
}

/// The names Delve may key a module's root package by: the last element of
/// its import path and, after a major version suffix (`example.com/lib/v2`),
/// the element before it.
fn path_names(path: &str) -> Vec<String> {
    let mut parts = path.rsplit('/').filter(|p| !p.is_empty());
    let Some(last) = parts.next() else { return Vec::new() };
    let major = last.strip_prefix('v').is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    let before = parts.next().filter(|_| major);
    std::iter::once(last).chain(before).map(str::to_string).collect()
}

/// The names of every directory under `root` that holds Go files,
/// `left_out` not counted.
fn dir_names(root: &Path, left_out: &Path) -> Option<Arc<TreeNames>> {
    if let Some(hit) = cache().lock().ok()?.get(root) {
        return hit.clone();
    }
    let names = walk(root, left_out);
    if let Ok(mut c) = cache().lock() {
        c.insert(root.to_path_buf(), names.clone());
    }
    names
}

/// The folders the go tool skips, which hold no linked package.
fn ignored(e: &Entry) -> bool {
    e.name == "testdata" || e.name.starts_with('.') || e.name.starts_with('_')
}

fn walk(root: &Path, left_out: &Path) -> Option<Arc<TreeNames>> {
    if !root.is_dir() {
        return None;
    }
    let mut names = TreeNames::default();
    let complete = fs::walk_dirs(
        root,
        |e| !ignored(e),
        |dir, entries| {
            if dir != left_out && entries.iter().any(|e| !e.is_dir && e.name.ends_with(".go")) {
                if let Some(last) = dir.file_name() {
                    names.folders.insert(last.to_string_lossy().into_owned());
                }
                // Delve knows a package by its clause name too, which need
                // not be its folder's (`wire` in `wire/v2`, `yaml` in
                // `go-yaml`): every non-test file's, whatever its build
                // constraints.
                let sources = entries.iter().filter(|e| !e.is_dir && is_non_test_go(&e.name));
                names.clauses.extend(sources.filter_map(|e| package_clause(&e.path)));
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

fn is_non_test_go(name: &str) -> bool {
    name.ends_with(".go") && !name.ends_with("_test.go")
}

/// Whether the first non-test Go file among `entries` with a package
/// clause is in package `main`.
fn main_clause(entries: &[Entry]) -> bool {
    let mut go_files = entries.iter().filter(|e| !e.is_dir && is_non_test_go(&e.name));
    go_files.find_map(|e| package_clause(&e.path)).as_deref() == Some("main")
}

/// How much of a file is read for its package clause first: most files
/// name their package in their first lines.
const SHORT_CLAUSE_BYTES: u64 = 4 << 10;

/// The package clause of a Go file, read from its first lines: a short
/// read first, its last line left out (it may be cut short), then a long
/// one when the clause is not in it (a scan of whole lines of a prefix
/// finds what the same scan of the longer text finds first).
fn package_clause(file: &Path) -> Option<String> {
    let short = fs::read_prefix(file, SHORT_CLAUSE_BYTES).ok()?;
    let whole_lines = &short[..short.rfind('\n').map_or(0, |i| i + 1)];
    clause_in(whole_lines).or_else(|| clause_in(&fs::read_prefix(file, CLAUSE_BYTES).ok()?))
}

/// The package clause in `text`, a Go file's first lines.
fn clause_in(text: &str) -> Option<String> {
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

#[cfg(test)]
mod tests {
    use super::super::test_tree::Tree;
    use super::*;
    use crate::workspace::gomod::GoMod;

    /// GOROOT, a module in `app/`, a replacement folder beside it and a
    /// module cache, each with packages named after their folders.
    const WORLD: &[(&str, &str)] = &[
        ("goroot/src/fmt/print.go", "package fmt\n"),
        // The compiler's own package, of which a binary has no symbol.
        ("goroot/src/unsafe/unsafe.go", "package unsafe\n"),
        ("goroot/src/net/http/server.go", "package http\n"),
        ("goroot/src/net/README", "net itself holds no Go file\n"),
        ("goroot/src/go/testdata/bad.go", "package bad\n"),
        ("goroot/src/.git/hooks.go", "package hooks\n"),
        ("goroot/src/_old/old.go", "package old\n"),
        ("app/main.go", "// The app.\npackage main\n"),
        // A main package behind a block comment and a build line.
        ("app/cmd/tool/main.go", "//go:build linux\n\n/* Copyright\n   the authors */\npackage main // the tool\n"),
        // Another folder named `tool` holds a package Delve knows as tool.
        ("app/internal/tool/tool.go", "package tool\n"),
        // Two main packages named `serve`: Delve knows neither as serve.
        ("app/cmd/serve/main.go", "package main\n"),
        ("app/other/serve/serve.go", "package main;\n"),
        // A main package `gen`; the other `gen` is in a folder the go tool skips.
        ("app/cmd/gen/main.go", "package main\n"),
        ("app/testdata/gen/gen.go", "package gen\n"),
        // A package whose test file is in package main.
        ("app/util/util_test.go", "package main\n"),
        ("app/util/util.go", "package util\n"),
        // A folder of tests alone, in package main: no main package.
        ("app/onlytests/x_test.go", "package main\n"),
        // A main package only in its test file is not a main package.
        ("app/report/report_test.go", "package main\n"),
        ("app/report/a.go", "package report\n"),
        ("gone/gone.go", "package gone\n"),
        ("modcache/example.com/lib@v1.2.0/lib.go", "package lib\n"),
        ("modcache/example.com/lib@v1.2.0/sub/sub.go", "package sub\n"),
        ("modcache/example.com/fork@v1.0.0/fork.go", "package fork\n"),
        ("modcache/example.com/color/v2@v2.1.0/color.go", "package color\n"),
        // A last element starting with v that is no major version.
        ("modcache/example.com/tools/vet@v0.1.0/vet.go", "package vet\n"),
    ];

    const GO_MOD: &str = "module example.com/app

require (
\texample.com/lib v1.2.0
\texample.com/gone v0.1.0
\texample.com/color/v2 v2.1.0
\texample.com/tools/vet v0.1.0
)

replace example.com/gone => ../gone

replace example.com/other => example.com/fork v1.0.0
";

    fn names(go_mod: &str, extra: &[(&str, &str)], goroot: bool, modcache: bool) -> String {
        let tree = Tree::new(&[WORLD, extra].concat());
        let module = Module { root: tree.0.join("app"), go_mod: GoMod::parse(go_mod) };
        let go_dirs = GoDirs {
            goroot: goroot.then(|| tree.0.join("goroot")),
            gomodcache: modcache.then(|| tree.0.join("modcache")),
        };
        match package_names(Some(&module), &go_dirs) {
            Some(names) => names.iter().cloned().collect::<Vec<_>>().join(" "),
            None => "unknown".to_string(),
        }
    }

    #[test]
    fn linked_package_names_from_every_folder_the_build_can_reach() {
        let vendored = [
            ("app/vendor/example.com/lib/lib.go", "package lib\n"),
            ("app/vendor/example.com/color/v2/color.go", "package color\n"),
            // A vendored module's main package: not the module's own, its name kept.
            ("app/vendor/example.com/lib/cmd/libtool/main.go", "package main\n"),
            ("app/vendor/modules.txt", ""),
        ];
        let no_module_replaced = GO_MOD.replace("replace example.com/other => example.com/fork v1.0.0\n", "");
        let missing_require = "module example.com/app\n\nrequire example.com/absent v0.0.1\n";
        let missing_fork = "module example.com/app\n\nreplace example.com/x => example.com/absent v0.0.1\n";
        let cases = [
            ("module, replacements and cache", names(GO_MOD, &[], true, true)),
            ("vendored, no module replaced: the cache is not read", names(&no_module_replaced, &vendored, true, false)),
            ("no vendor folder, no cache", names(GO_MOD, &[], true, false)),
            ("no GOROOT", names(GO_MOD, &[], false, true)),
            ("a requirement missing from the cache", names(missing_require, &[], true, true)),
            ("a replacement missing from the cache", names(missing_fork, &[], true, true)),
            ("a replacement folder that is missing", names("replace a => ../nowhere\n", &[], true, true)),
            ("a module whose root is not main", names(GO_MOD, &[("app/main.go", "package app\n")], true, true)),
            (
                "a package whose clause names a main package's folder",
                names(GO_MOD, &[("app/internal/srv/srv.go", "package serve\n")], true, true),
            ),
            (
                "a package of the module named unsafe",
                names(GO_MOD, &[("app/internal/unsafe/u.go", "package unsafe\n")], true, true),
            ),
        ];
        let out: String = cases.iter().map(|(what, names)| format!("{what}: {names}\n")).collect();
        expect_test::expect![[r#"
            module, replacements and cache: color fmt fork fork@v1.0.0 gone http lib lib@v1.2.0 main onlytests other report sub tool util v2 v2@v2.1.0 vet vet@v0.1.0
            vendored, no module replaced: the cache is not read: color fmt gone http lib libtool main onlytests report tool util v2 vet
            no vendor folder, no cache: unknown
            no GOROOT: unknown
            a requirement missing from the cache: unknown
            a replacement missing from the cache: unknown
            a replacement folder that is missing: unknown
            a module whose root is not main: app color fmt fork fork@v1.0.0 gone http lib lib@v1.2.0 main onlytests other report sub tool util v2 v2@v2.1.0 vet vet@v0.1.0
            a package whose clause names a main package's folder: color fmt fork fork@v1.0.0 gone http lib lib@v1.2.0 main onlytests other report serve srv sub tool util v2 v2@v2.1.0 vet vet@v0.1.0
            a package of the module named unsafe: color fmt fork fork@v1.0.0 gone http lib lib@v1.2.0 main onlytests other report sub tool unsafe util v2 v2@v2.1.0 vet vet@v0.1.0
        "#]].assert_eq(&out);
        let go_dirs = GoDirs { goroot: Some(PathBuf::from("/")), gomodcache: None };
        assert_eq!(package_names(None, &go_dirs), None, "no module, no names");
    }

    /// Delve knows a package by its clause's name too: a folder named for
    /// a major version (`wire/v2`, package `wire`) or otherwise (`go-yaml`,
    /// package `yaml`) gives both names, whatever a file's build
    /// constraints; a test file's clause (`wire_test`) none.
    #[test]
    fn clause_names_of_packages_in_folders_named_otherwise() {
        let tree = Tree::new(&[
            ("root/wire/v2/wire.go", "// Package wire sends frames.\npackage wire\n"),
            ("root/wire/v2/wire_test.go", "package wire_test\n"),
            ("root/go-yaml/yaml.go", "/*\nLicense.\n*/\n\npackage yaml\n"),
            ("root/go-yaml/gen.go", "//go:build ignore\n\npackage main\n"),
            ("root/docs/README", "no Go file\n"),
        ]);
        let names = walk(&tree.0.join("root"), Path::new("")).map(|n| listed(&n));
        assert_eq!(names, Some(["go-yaml", "main", "v2", "wire", "yaml"].map(String::from).to_vec()));
    }

    /// Every name a walk found, folders' and clauses' alike.
    fn listed(names: &TreeNames) -> Vec<String> {
        names.folders.union(&names.clauses).cloned().collect()
    }

    /// A folder is walked once: a package added under it later is not
    /// seen (the trees walked rarely change while a session lasts).
    #[test]
    fn folders_are_walked_once() {
        let tree = Tree::new(&[("root/a/a.go", "package a\n")]);
        let root = tree.0.join("root");
        let first = dir_names(&root, Path::new("")).map(|n| listed(&n));
        std::fs::create_dir_all(root.join("b")).unwrap();
        std::fs::write(root.join("b/b.go"), "package b\n").unwrap();
        let again = dir_names(&root, Path::new("")).map(|n| listed(&n));
        let fresh = walk(&root, Path::new("")).map(|n| listed(&n));
        expect_test::expect![[r#"
            first Some(["a"])
            again Some(["a"])
            walked now Some(["a", "b"])
        "#]]
        .assert_eq(&format!("first {first:?}\nagain {again:?}\nwalked now {fresh:?}\n"));
    }

    #[test]
    fn package_clauses_read_from_the_first_lines() {
        let tree = Tree::new(&[
            ("plain.go", "package plain\n"),
            ("after_comments.go", "// Package doc.\n//go:build linux\n\npackage docs // trailing\n"),
            ("block.go", "/*\nCopyright\npackage notthis\n*/\npackage block\n"),
            ("inline_block.go", "/* short */\npackage inline;\n"),
            ("after_block_end.go", "/* a\nend of it */ package tail\n"),
            ("crlf.go", "package crlf\r\n"),
            ("none.go", "// no clause at all\n"),
            ("late.go", &format!("{}package late\n", "//\n".repeat(200))),
            ("just_in_time.go", &format!("{}package intime\n", "//\n".repeat(199))),
            // Past the short read, and cut by it (`package straddling` across byte 4096).
            ("long_header.go", &format!("/*\n{}*/\npackage longheader\n", "x".repeat(5000))),
            ("straddling.go", &format!("/*{}*/\npackage straddling\n", "x".repeat(4096 - 7 - 10))),
            ("no_newline.go", "package last"),
        ]);
        let out: String = [
            "plain",
            "after_comments",
            "block",
            "inline_block",
            "after_block_end",
            "crlf",
            "none",
            "late",
            "just_in_time",
            "long_header",
            "straddling",
            "no_newline",
        ]
        .iter()
        .map(|f| format!("{f}: {:?}\n", package_clause(&tree.0.join(format!("{f}.go")))))
        .collect();
        expect_test::expect![[r#"
            plain: Some("plain")
            after_comments: Some("docs")
            block: Some("block")
            inline_block: Some("inline")
            after_block_end: Some("tail")
            crlf: Some("crlf")
            none: None
            late: None
            just_in_time: Some("intime")
            long_header: Some("longheader")
            straddling: Some("straddling")
            no_newline: Some("last")
        "#]]
        .assert_eq(&out);
    }
}
