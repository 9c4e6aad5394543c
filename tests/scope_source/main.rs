//! The source scope resolver, data-driven: each case is Go source with the
//! stop line marked `$0`, and the expected scope printed compactly.
//! `UPDATE_EXPECT=1 cargo test --test scope_source` rewrites expectations.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use dlvbridge::expr::scope::{Package, ScopeAt, VarKind};
use dlvbridge::scope::source::{ScopeError, SourceConfig, SourceIndex};
use expect_test::{Expect, expect};

mod declarations;
mod early;
mod generics;
mod hostile;
mod inference;
mod locals;

/// A temporary directory removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "dlvbridge-scope-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Writes the fixture: `//- path` lines start files (default `main.go`), a
/// `go.mod` for `example.com/app` is added unless one is given. Returns the
/// file holding `$0` and its 1-based line.
fn write_fixture(dir: &Path, fixture: &str) -> (PathBuf, u32) {
    let mut files: Vec<(String, String)> = Vec::new();
    for line in fixture.lines() {
        if let Some(p) = line.trim().strip_prefix("//- ") {
            files.push((p.trim().to_string(), String::new()));
            continue;
        }
        if files.is_empty() {
            if line.trim().is_empty() {
                continue;
            }
            files.push(("main.go".to_string(), String::new()));
        }
        let text = &mut files.last_mut().unwrap().1;
        text.push_str(line);
        text.push('\n');
    }
    if !files.iter().any(|(p, _)| p == "go.mod") {
        files.push(("go.mod".to_string(), "module example.com/app\n\ngo 1.23\n".to_string()));
    }
    let mut target = None;
    for (p, text) in &files {
        let text = trim_indent(text);
        let path = dir.join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        if let Some(off) = text.find("$0") {
            let line = text[..off].lines().count() as u32 + u32::from(text[..off].ends_with('\n'));
            target = Some((path.clone(), line.max(1)));
            std::fs::write(&path, text.replacen("$0", "", 1)).unwrap();
        } else {
            std::fs::write(&path, text).unwrap();
        }
    }
    target.expect("fixture has a $0 marker")
}

fn trim_indent(text: &str) -> String {
    let indent =
        text.lines().filter(|l| !l.trim().is_empty()).map(|l| l.len() - l.trim_start().len()).min().unwrap_or(0);
    text.lines().map(|l| if l.len() >= indent { &l[indent..] } else { l.trim_start() }).collect::<Vec<_>>().join("\n")
        + "\n"
}

fn kind(k: VarKind) -> &'static str {
    match k {
        VarKind::Param => "param",
        VarKind::Receiver => "receiver",
        VarKind::Result => "result",
        VarKind::Local => "local",
        VarKind::Captured => "captured",
        VarKind::Global => "global",
        VarKind::UnusedGlobal => "unused global",
    }
}

fn is_std(path: &str) -> bool {
    !path.split('/').next().unwrap_or("").contains('.') && path != "main"
}

fn print_package(out: &mut String, p: &Package) {
    let complete = if p.complete { "" } else { " (incomplete)" };
    writeln!(out, "package {} {}{complete}", p.name, p.path).unwrap();
    if is_std(&p.path) {
        let n = p.vars.len() + p.consts.len() + p.funcs.len() + p.types.len();
        writeln!(out, "  {} members", if n > 0 { "some" } else { "no" }).unwrap();
        return;
    }
    for v in &p.vars {
        let unused = if v.kind == VarKind::UnusedGlobal { " (unused: dropped by the linker)" } else { "" };
        writeln!(out, "  var {} {} @{}{unused}", v.name, v.ty, v.decl_line.unwrap_or(0)).unwrap();
    }
    for c in &p.consts {
        let value = c.value.as_ref().map(|v| format!(" = {v}")).unwrap_or_default();
        writeln!(out, "  const {} {}{value}", c.name, c.ty).unwrap();
    }
    if !p.funcs.is_empty() {
        writeln!(out, "  funcs {}", p.funcs.join(" ")).unwrap();
    }
    if !p.types.is_empty() {
        writeln!(out, "  types {}", p.types.join(" ")).unwrap();
    }
}

fn render(scope: &ScopeAt) -> String {
    let mut out = String::new();
    let complete = if scope.locals_complete { "" } else { " (incomplete)" };
    writeln!(out, "locals{complete}:").unwrap();
    for v in &scope.locals {
        writeln!(out, "  {} {} {} @{}", kind(v.kind), v.name, v.ty, v.decl_line.unwrap_or(0)).unwrap();
    }
    if !scope.hidden.is_empty() {
        writeln!(out, "hidden:").unwrap();
        for h in &scope.hidden {
            writeln!(out, "  {} @{} {:?}", h.name, h.decl_line, h.why).unwrap();
        }
    }
    if !scope.instantiations.is_empty() {
        let complete = if scope.instantiations_complete { "complete" } else { "incomplete" };
        writeln!(out, "instantiations ({complete}):").unwrap();
        for inst in &scope.instantiations {
            let args: Vec<String> = inst.iter().map(|(p, t)| format!("{p} = {t}")).collect();
            writeln!(out, "  {}", args.join(", ")).unwrap();
        }
    }
    print_package(&mut out, &scope.package);
    for p in scope.imports.all() {
        print_package(&mut out, p);
    }
    for (name, info) in scope.types.iter() {
        let base = name.split('[').next().unwrap_or(name);
        let pkg = base.rsplit_once('.').map_or("", |(p, _)| p);
        if pkg.is_empty() || is_std(pkg) {
            continue; // predeclared and standard-library types
        }
        writeln!(out, "type {name} {}", info.underlying).unwrap();
        for m in &info.methods {
            let star = if m.pointer_receiver { "*" } else { "" };
            writeln!(out, "  method {star}{} {}", m.name, m.sig).unwrap();
        }
    }
    out
}

#[track_caller]
fn check(fixture: &str, expect: Expect) {
    let dir = TempDir::new();
    let (file, line) = write_fixture(&dir.0, fixture);
    let index = SourceIndex::default();
    let scope = index.scope_at(&file, line).unwrap_or_else(|e| panic!("{e}"));
    // A second (warm) call must give the same answer.
    assert_eq!(index.scope_at(&file, line).unwrap(), scope);
    expect.assert_eq(&render(&scope));
}

/// Locals only, for cases about function bodies.
#[track_caller]
fn check_locals(fixture: &str, expect: Expect) {
    let dir = TempDir::new();
    let (file, line) = write_fixture(&dir.0, fixture);
    let scope = SourceIndex::default().scope_at(&file, line).unwrap_or_else(|e| panic!("{e}"));
    let full = render(&scope);
    let locals: String = full.lines().take_while(|l| !l.starts_with("package ")).map(|l| format!("{l}\n")).collect();
    expect.assert_eq(&locals);
}

// ---- errors ----------------------------------------------------------------

#[test]
fn error_unreadable_file() {
    let dir = TempDir::new();
    let err = SourceIndex::default().scope_at(&dir.0.join("missing.go"), 1).unwrap_err();
    assert!(matches!(err, ScopeError::Unreadable { .. }));
    let msg = err.to_string();
    assert!(msg.starts_with("cannot read ") && msg.ends_with("missing.go: no such file or directory"), "{msg}");
}

#[test]
fn error_not_go_source() {
    let dir = TempDir::new();
    let p = dir.0.join("notes.txt");
    std::fs::write(&p, "hello\n").unwrap();
    let err = SourceIndex::default().scope_at(&p, 1).unwrap_err();
    assert_eq!(err, ScopeError::NotGoSource { path: p.clone() });
    assert_eq!(err.to_string(), format!("{} is not a go source file", p.display()));
}

#[test]
fn error_line_outside_file() {
    let dir = TempDir::new();
    let p = dir.0.join("main.go");
    std::fs::write(&p, "package main\n\nfunc main() {}\n").unwrap();
    let index = SourceIndex::default();
    let err = index.scope_at(&p, 4).unwrap_err();
    assert_eq!(err.to_string(), format!("line 4 is outside {}, which has 3 lines", p.display()));
    assert!(matches!(index.scope_at(&p, 0), Err(ScopeError::LineOutOfRange { lines: 3, .. })));
    assert!(index.scope_at(&p, 3).is_ok());
}

// ---- module layouts (tests/fixtures/scope) ---------------------------------

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scope")
}

/// The line of `file` holding `marker`.
fn line_of(file: &Path, marker: &str) -> u32 {
    let text = std::fs::read_to_string(file).unwrap();
    text.lines().position(|l| l.contains(marker)).expect("marker in fixture") as u32 + 1
}

#[test]
fn module_dependencies_from_replace_vendor_and_module_cache() {
    let root = fixtures();
    let index = SourceIndex::new(SourceConfig { gomodcache: Some(root.join("modcache")), ..SourceConfig::default() });
    let main = root.join("shop/main.go");
    let scope = index.scope_at(&main, line_of(&main, "// stop here")).unwrap();
    expect![[r#"
        locals:
          local item *example.com/shop/inventory.Item @13
          local price github.com/Acme/Money/cur.Amount @14
          local label string @15
          local opts golang.org/x/vend/pkg.Options @16
          local other ? @17
        package main main
          funcs main
        package nowhere example.com/missing/nowhere (incomplete)
        package inventory example.com/shop/inventory
          funcs New
          types Item
        package strs example.com/tools/strs
          funcs Title
        package cur github.com/Acme/Money/cur
          const EUR github.com/Acme/Money/cur.Code = "EUR"
          const USD github.com/Acme/Money/cur.Code = "USD"
          types Amount Code
        package pkg golang.org/x/vend/pkg
          funcs Defaults
          types Options
        type example.com/shop/inventory.Item struct { SKU string; Count int; Price github.com/Acme/Money/cur.Amount }
        type github.com/Acme/Money/cur.Amount struct { Units int64; Code github.com/Acme/Money/cur.Code }
        type github.com/Acme/Money/cur.Code string
        type golang.org/x/vend/pkg.Options struct { Verbose bool }
    "#]]
    .assert_eq(&render(&scope));
}

// ---- unsaved buffers and caching ---------------------------------------------

#[test]
fn unsaved_text_replaces_the_file() {
    let dir = TempDir::new();
    let (file, _) = write_fixture(&dir.0, "package main\n\nvar a = 1\n\nfunc main() {\n\tx := 1\n\t_ = x$0\n}\n");
    let index = SourceIndex::default();
    let on_disk = index.scope_at(&file, 7).unwrap();
    assert_eq!(on_disk.local("x").map(|v| v.ty.to_string()), Some("int".to_string()));
    let text = "package main\n\nvar b = \"s\"\n\nfunc main() {\n\tx := \"now a string\"\n\t_ = x\n}\n";
    let edited = index.scope_in_text(&file, text, 7).unwrap();
    assert_eq!(edited.local("x").map(|v| v.ty.to_string()), Some("string".to_string()));
    assert!(edited.package.var("b").is_some() && edited.package.var("a").is_none());
    // The file on disk is still answered from disk.
    assert_eq!(index.scope_at(&file, 7).unwrap(), on_disk);
}

#[test]
fn cache_sees_changed_files() {
    let dir = TempDir::new();
    let (file, _) = write_fixture(&dir.0, "package main\n\nfunc main() {\n\tx := 1\n\t_ = x$0\n}\n");
    let index = SourceIndex::default();
    assert!(index.scope_at(&file, 5).unwrap().package.var("added").is_none());
    std::fs::write(dir.0.join("other.go"), "package main\n\nvar added = 2.5\n").unwrap();
    let scope = index.scope_at(&file, 5).unwrap();
    assert_eq!(scope.package.var("added").map(|v| v.ty.to_string()), Some("float64".to_string()));
    std::fs::write(&file, "package main\n\nfunc main() {\n\tx := \"longer text\"\n\t_ = x\n}\n").unwrap();
    let scope = index.scope_at(&file, 5).unwrap();
    assert_eq!(scope.local("x").map(|v| v.ty.to_string()), Some("string".to_string()));
}

#[test]
fn instantiations_follow_changed_and_unsaved_files() {
    let dir = TempDir::new();
    let sum = "package main\n\nfunc Sum[N ~int | ~int8 | ~float64](xs []N) N {\n\treturn 0$0\n}\n";
    let (file, line) = write_fixture(&dir.0, sum);
    let other = dir.0.join("other.go");
    std::fs::write(&other, "package main\n\nfunc main() { _ = Sum([]int{1}) }\n").unwrap();
    let index = SourceIndex::default();
    let args = |s: &ScopeAt| -> Vec<String> {
        s.instantiations.iter().map(|m| m.values().map(|t| t.to_string()).collect::<Vec<_>>().join(",")).collect()
    };
    let scope = index.scope_at(&file, line).unwrap();
    assert_eq!((args(&scope), scope.instantiations_complete), (vec!["int".to_string()], true));
    std::fs::write(&other, "package main\n\nfunc main() { _ = Sum([]int{1}); _ = Sum([]float64{2}) }\n").unwrap();
    let scope = index.scope_at(&file, line).unwrap();
    assert_eq!(args(&scope), vec!["float64", "int"]);
    // Unsaved text of the file asked about counts, on disk or not.
    let text =
        "package main\n\nfunc Sum[N ~int | ~int8 | ~float64](xs []N) N {\n\treturn 0\n}\n\nvar _ = Sum([]int8{})\n";
    let edited = index.scope_in_text(&file, text, line).unwrap();
    assert_eq!(args(&edited), vec!["float64", "int", "int8"]);
    assert_eq!(args(&index.scope_at(&file, line).unwrap()), vec!["float64", "int"]);
}

#[test]
fn deeply_nested_generated_code_does_not_overflow() {
    let dir = TempDir::new();
    let sum = vec!["1"; 5000].join(" + ");
    let parens = format!("{}1{}", "(".repeat(3000), ")".repeat(3000));
    let text = format!(
        "package main\n\nvar total = {sum}\n\nfunc main() {{\n\tx := {sum}\n\ty := {parens}\n\t_, _ = x, y\n}}\n"
    );
    let file = dir.0.join("main.go");
    std::fs::write(&file, text).unwrap();
    let scope = SourceIndex::default().scope_at(&file, 8).unwrap();
    // Too deep to follow: unknown, never a guess.
    assert_eq!(scope.local("x").map(|v| v.ty.to_string()), Some("?".to_string()));
    assert!(scope.local("y").is_some());
}

#[test]
fn half_typed_files_never_panic() {
    let dir = TempDir::new();
    let full = std::fs::read_to_string(fixtures().join("shop/main.go")).unwrap()
        + "\ntype T[K comparable] struct{ m map[K]*T[K] }\n\nconst (\n\tA = iota << 2\n\tB\n)\n\nfunc (t *T[K]) Get(k K) (v *T[K], ok bool) {\n\tswitch x := any(k).(type) {\n\tcase int:\n\t\tfor i := range x {\n\t\t\t_ = i\n\t\t}\n\t}\n\tselect {\n\tcase <-make(chan int):\n\t}\n\treturn t.m[k], true\n}\n";
    let file = dir.0.join("main.go");
    std::fs::write(dir.0.join("go.mod"), "module example.com/shop\n").unwrap();
    let index = SourceIndex::default();
    for cut in (0..full.len()).step_by(7).filter(|c| full.is_char_boundary(*c)) {
        let text = &full[..cut];
        std::fs::write(&file, text).unwrap();
        let lines = text.lines().count().max(1) as u32;
        for line in [1, lines / 2 + 1, lines] {
            let _ = index.scope_at(&file, line);
            let _ = index.scope_in_text(&file, &full[..cut / 2], line);
        }
    }
}
