//! The source scope resolver, data-driven: each case is Go source with the
//! stop line marked `$0`, and the expected scope printed compactly.
//! `UPDATE_EXPECT=1 cargo test --test scope_source` rewrites expectations.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use dlvbridge::expr::scope::{Package, ScopeAt, VarKind};
use dlvbridge::scope::source::{ScopeError, SourceConfig, SourceIndex};
use expect_test::{Expect, expect};

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
        writeln!(out, "  var {} {} @{}", v.name, v.ty, v.decl_line.unwrap_or(0)).unwrap();
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
    for p in scope.imports.values() {
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

// ---- cases ---------------------------------------------------------------

#[test]
fn struct_literal_and_len() {
    check(
        r#"
package main

type User struct {
	Name string
	Age  int
}

func main() {
	u := User{Name: "a"}
	n := len(u.Name)
	$0_ = n
}
"#,
        expect![[r#"
            locals:
              local u main.User @9
              local n int @10
            package main main
              funcs main
              types User
            type main.User struct { Name string; Age int }
        "#]],
    );
}

#[test]
fn constants_with_iota_and_folding() {
    check(
        r#"
package main

type Weekday int

const (
	Sunday Weekday = iota
	Monday
	_
	Wednesday
)

const (
	_  = iota
	KB = 1 << (10 * iota)
	MB
)

const (
	Name    = "shop" + "-" + Version
	Version = "v1"
	Pi      = 3.5
	Letter  = 'x'
	On      = !false
	Mask    = ^uint8(0)
	Size    = len(Name)
	Big     = KB * MB
	Ratio   = KB / 3.0
	Cmp     = KB > MB
)

func main() {
	$0
}
"#,
        expect![[r#"
            locals:
            package main main
              const Big untyped int = 1073741824
              const Cmp untyped bool = false
              const KB untyped int = 1024
              const Letter untyped rune = 120
              const MB untyped int = 1048576
              const Mask uint8 = 255
              const Monday main.Weekday = 1
              const Name untyped string = "shop-v1"
              const On untyped bool = true
              const Pi untyped float = 3.5
              const Ratio untyped float = 341.3333333333333
              const Size int = 7
              const Sunday main.Weekday = 0
              const Version untyped string = "v1"
              const Wednesday main.Weekday = 3
              funcs main
              types Weekday
            type main.Weekday int
        "#]],
    );
}

#[test]
fn package_vars_with_inferred_types() {
    check(
        r#"
package main

import "errors"

type User struct{ Name string }

func pair() (int, string) { return 0, "" }

var (
	count      = 1
	ratio      = 2.5
	label, ok  = "x", true
	user       = User{}
	ptr        = &User{Name: "a"}
	list       []int
	index      = map[string]*User{}
	events     = make(chan int, 3)
	n, s       = pair()
	errMissing = errors.New("missing")
	fromLater  = later * 2
	later      int64
	c128       = 1i
	r          = 'r'
	unknown    = undefinedThing()
)

func main() {
	$0
}
"#,
        expect![[r#"
            locals:
            package main main
              var c128 complex128 @22
              var count int @10
              var errMissing error @19
              var events chan int @17
              var fromLater int64 @20
              var index map[string]*main.User @16
              var label string @12
              var later int64 @21
              var list []int @15
              var n int @18
              var ok bool @12
              var ptr *main.User @14
              var r int32 @23
              var ratio float64 @11
              var s string @18
              var unknown ? @24
              var user main.User @13
              funcs main pair
              types User
            package errors errors
              some members
            type main.User struct { Name string }
        "#]],
    );
}

#[test]
fn named_types_and_methods() {
    check(
        r#"
package main

import "io"

type Base struct{ ID int }

func (b Base) Describe() string { return "" }

type Item struct {
	*Base
	io.Reader
	Name, SKU string
	Tags      []string
	Grid      [Rows][2]float64
	ByName    map[string]*Item
	In        <-chan int
	Out       chan<- error
	Both      chan struct{}
	OnChange  func(old, new int) (bool, error)
	Logf      func(string, ...any)
	unexported uint8
}

const Rows = 3

func (i *Item) Rename(n string) { i.Name = n }
func (i Item) Price() (cents int64) { return 0 }

type Store interface {
	io.Closer
	Get(id int) (*Item, error)
	Put(*Item) error
}

type Money int64

type Amount = Money
type Cents = Amount

func main() {
	var c Cents
	$0_ = c
}
"#,
        expect![[r#"
            locals:
              local c main.Money @41
            package main main
              const Rows untyped int = 3
              funcs main
              types Amount Base Cents Item Money Store
            package io io
              some members
            type main.Base struct { ID int }
              method Describe func() string
            type main.Item struct { *main.Base; io.Reader; Name string; SKU string; Tags []string; Grid [3][2]float64; ByName map[string]*main.Item; In <-chan int; Out chan<- error; Both chan struct {}; OnChange func(int, int) (bool, error); Logf func(string, ...interface {}); unexported uint8 }
              method *Rename func(string)
              method Price func() int64
            type main.Money int64
            type main.Store interface { Close; Get; Put }
              method Close func() error
              method Get func(int) (*main.Item, error)
              method Put func(*main.Item) error
        "#]],
    );
}

#[test]
fn generic_types_and_instantiations() {
    check(
        r#"
package main

type Box[T any] struct {
	Value T
	Next  *Box[T]
}

func (b *Box[T]) Get() T { return b.Value }

type Pair[K comparable, V any] struct {
	Key K
	Val V
}

var global Box[string]

func Map[T, U any](xs []T, f func(T) U) []U { return nil }

func main() {
	b := Box[int]{Value: 1}
	p := Pair[string, *Box[int]]{}
	v := b.Get()
	ys := Map([]int{1}, func(i int) string { return "" })
	$0_, _, _, _ = b, p, v, ys
}
"#,
        expect![[r#"
            locals:
              local b main.Box[int] @20
              local p main.Pair[string,*main.Box[int]] @21
              local v int @22
              local ys []string @23
            hidden:
              i @23 OtherBlock
            package main main
              var global main.Box[string] @15
              funcs main
              types Box Pair
            type main.Box struct { Value T; Next *main.Box[T] }
              method *Get func() T
            type main.Box[int] struct { Value int; Next *main.Box[int] }
              method *Get func() int
            type main.Box[string] struct { Value string; Next *main.Box[string] }
              method *Get func() string
            type main.Pair struct { Key K; Val V }
            type main.Pair[string,*main.Box[int]] struct { Key string; Val *main.Box[int] }
        "#]],
    );
}

#[test]
fn generic_calls_infer_type_arguments_from_typed_arguments() {
    check_locals(
        r#"
package main

type Cents int64
type Prices []Cents
type Pair[K comparable, V any] struct {
	Key K
	Val V
}

func Sum[N ~int64 | ~float64](xs []N) N { return 0 }
func Clip[S ~[]E, E any](s S) S { return s }
func Pairs[K comparable, V any](m map[K]V) []Pair[K, V] { return nil }
func Max[T int | float64](a, b T) T { return a }
func Zero[T any]() T { var z T; return z }
func Join[T any](sep string, xs ...T) []T { return xs }

func main() {
	prices := Prices{1}
	total := Sum(prices)
	clipped := Clip(prices)
	pairs := Pairs(map[string]int{})
	first := pairs[0]
	m := Max(1, 2.5)
	z := Zero[int]()
	u := Zero()
	j := Join(",", 1.5, 2.5)
	k := Join(",", prices...)
	$0_ = []any{total, clipped, first, m, z, u, j, k}
}
"#,
        expect![[r#"
            locals:
              local prices main.Prices @18
              local total main.Cents @19
              local clipped main.Prices @20
              local pairs []main.Pair[string,int] @21
              local first main.Pair[string,int] @22
              local m float64 @23
              local z int @24
              local u ? @25
              local j []float64 @26
              local k []main.Cents @27
        "#]],
    );
}

#[test]
fn generic_function_params_are_type_params() {
    check_locals(
        r#"
package main

func Sum[T int | float64](xs []T) (total T) {
	for _, x := range xs {
		total += x$0
	}
	return
}

func main() {}
"#,
        expect![[r#"
            locals:
              local x T @4
              param xs []T @3
              result total T @3
        "#]],
    );
}

#[test]
fn instantiations_over_type_params_keep_structure_not_name() {
    check_locals(
        r#"
package main

type Box[T any] struct{ Value T }

func Wrap[T any](v T) Box[T] {
	b := Box[T]{Value: v}
	ptr := &b
	$0return b
}

func main() {}
"#,
        expect![[r#"
            locals:
              local b struct { Value T } @6
              local ptr *struct { Value T } @7
              param v T @5
        "#]],
    );
}

#[test]
fn generic_method_receiver_keeps_its_structure() {
    check_locals(
        r#"
package main

type Box[T any] struct{ Value T }

func (b *Box[T]) Set(v T) {
	b.Value = v$0
}

func main() {}
"#,
        expect![[r#"
            locals:
              receiver b *struct { Value T } @5
              param v T @5
        "#]],
    );
}

// ---- instantiations of generic code ---------------------------------------

#[test]
fn generic_func_runs_with_each_instantiation() {
    check_locals(
        r#"
package main

type Number interface{ ~int | ~int64 | ~float64 }
type Cents int64

func Sum[N Number](xs []N) N {
	var total N
	for _, x := range xs {
		total += x$0
	}
	return total
}

func main() {
	prices := []Cents{199, 250}
	ratios := []float64{0.5}
	_ = Sum(prices)
	_ = Sum(ratios)
	_ = Sum[Cents](nil)
}
"#,
        expect![[r#"
            locals:
              local x N @8
              local total N @7
              param xs []N @6
            instantiations (complete):
              N = float64
              N = main.Cents
        "#]],
    );
}

#[test]
fn generic_type_methods_run_with_each_instantiation() {
    check(
        r#"
package main

type Stack[T any] struct{ items []T }

func (s *Stack[E]) Push(v E) {
	s.items = append(s.items, v)$0
}

type Queue struct{ jobs Stack[string] }

func main() {
	ids := &Stack[int]{}
	ids.Push(1)
	var q Queue
	q.jobs.Push("x")
}
"#,
        expect![[r#"
            locals:
              receiver s *main.Stack[E] @5
              param v E @5
            instantiations (complete):
              E = int
              E = string
            package main main
              funcs main
              types Queue Stack
            type main.Queue struct { jobs main.Stack[string] }
            type main.Stack struct { items []T }
              method *Push func(T)
            type main.Stack[E] struct { items []E }
              method *Push func(E)
            type main.Stack[int] struct { items []int }
              method *Push func(int)
            type main.Stack[string] struct { items []string }
              method *Push func(string)
        "#]],
    );
}

#[test]
fn instantiations_through_enclosing_generic_code() {
    check(
        r#"
package main

type Stack[T any] struct{ items []T }

func (s *Stack[T]) Len() int {
	return len(s.items)$0
}

type Pair[K comparable, V any] struct {
	Key K
	Val V
}

type Cache[K comparable, V any] struct {
	data  map[K]V
	owner *Stack[K]
	log   Stack[Pair[K, V]]
}

func NewCache[K comparable, V any]() *Cache[K, V] {
	return &Cache[K, V]{data: make(map[K]V)}
}

func Keep[T any](v T) *Cache[string, T] {
	c := NewCache[string, T]()
	return c
}

func main() {
	_ = NewCache[int, string]()
	_ = Keep(1.5)
}
"#,
        expect![[r#"
            locals:
              receiver s *main.Stack[T] @5
            instantiations (complete):
              T = int
              T = main.Pair[int,string]
              T = main.Pair[string,float64]
              T = string
            package main main
              funcs main
              types Cache Pair Stack
            type main.Cache struct { data map[K]V; owner *main.Stack[K]; log main.Stack[main.Pair[K,V]] }
            type main.Cache[int,string] struct { data map[int]string; owner *main.Stack[int]; log main.Stack[main.Pair[int,string]] }
            type main.Cache[string,float64] struct { data map[string]float64; owner *main.Stack[string]; log main.Stack[main.Pair[string,float64]] }
            type main.Pair struct { Key K; Val V }
            type main.Pair[int,string] struct { Key int; Val string }
            type main.Pair[string,float64] struct { Key string; Val float64 }
            type main.Stack struct { items []T }
              method *Len func() int
            type main.Stack[T] struct { items []T }
              method *Len func() int
            type main.Stack[int] struct { items []int }
              method *Len func() int
            type main.Stack[main.Pair[K,V]] struct { items []main.Pair[K,V] }
              method *Len func() int
            type main.Stack[main.Pair[int,string]] struct { items []main.Pair[int,string] }
              method *Len func() int
            type main.Stack[main.Pair[string,float64]] struct { items []main.Pair[string,float64] }
              method *Len func() int
            type main.Stack[string] struct { items []string }
              method *Len func() int
        "#]],
    );
}

#[test]
fn closures_in_generic_code_run_with_its_instantiations() {
    check_locals(
        r#"
package main

func Each[T any](xs []T, f func(T)) {
	for _, x := range xs {
		func() {
			f(x)$0
		}()
	}
}

func main() {
	Each([]string{"a"}, func(s string) {})
}
"#,
        expect![[r#"
            locals:
              captured f func(T) @3
              captured x T @4
            instantiations (complete):
              T = string
        "#]],
    );
}

#[test]
fn exported_generics_of_other_packages_are_never_complete() {
    check_locals(
        r#"
//- go.mod
module example.com/app

go 1.23
//- lib/lib.go
package lib

func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))$0
	return out
}

func lengths(xs []string) []int {
	return Map(xs, func(s string) int { return len(s) })
}

func double[T any](x T) []T { return []T{x, x} }

func pairs() []float64 { return double(1.5) }
"#,
        expect![[r#"
            locals:
              param xs []T @3
              param f func(T) U @3
            hidden:
              out @4 DeclaredLater
            instantiations (incomplete):
              T = string, U = int
        "#]],
    );
}

#[test]
fn unexported_generics_of_other_packages_can_be_complete() {
    check_locals(
        r#"
//- go.mod
module example.com/app

go 1.23
//- lib/lib.go
package lib

func double[T any](x T) []T {
	return []T{x, x}$0
}

func Pairs() []float64 { return double(1.5) }
//- lib/lib_test.go
package lib

func twice() []string { return double("a") }
"#,
        expect![[r#"
            locals:
              param x T @3
            instantiations (complete):
              T = float64
              T = string
        "#]],
    );
}

#[test]
fn unknown_type_arguments_leave_the_list_incomplete() {
    check_locals(
        r#"
package main

func Sum[N ~int | ~float64](xs []N) N {
	var total N$0
	return total
}

func main() {
	type meters float64
	var d []meters
	_ = Sum(d)
	_ = Sum([]int{1})
}
"#,
        expect![[r#"
            locals:
              param xs []N @3
            hidden:
              total @4 DeclaredLater
            instantiations (incomplete):
              N = int
        "#]],
    );
}

#[test]
fn generic_func_used_as_a_value_leaves_the_list_incomplete() {
    check_locals(
        r#"
package main

func Double[T ~int](x T) T {
	return x * 2$0
}

func apply(f func(int) int) int { return f(1) }

func main() {
	_ = Double(3)
	_ = apply(Double)
}
"#,
        expect![[r#"
            locals:
              param x T @3
            instantiations (incomplete):
              T = int
        "#]],
    );
}

#[test]
fn explicit_and_partly_explicit_type_arguments() {
    check_locals(
        r#"
package main

type Pair[K comparable, V any] struct {
	Key K
	Val V
}

func Map[T, U any](xs []T, f func(T) U) []U {
	return nil$0
}

type Server struct{ Pair Pair[string, bool] }

func main() {
	_ = Map[int](nil, func(i int) string { return "" })
	f := Map[string, Pair[string, int]]
	_ = Server{Pair: Pair[string, bool]{}}
	_ = f
}
"#,
        expect![[r#"
            locals:
              param xs []T @8
              param f func(T) U @8
            instantiations (complete):
              T = int, U = string
              T = string, U = main.Pair[string,int]
        "#]],
    );
}

#[test]
fn type_arguments_inferred_from_core_types_of_constraints() {
    check_locals(
        r#"
package main

type Cents int64
type Prices []Cents
type Flag struct{ on bool }

func (f *Flag) Set(s string) { f.on = s != "" }

func Contains[S ~[]E, E comparable](s S, v E) bool {
	return false$0
}

func Parse[T any, PT interface {
	*T
	Set(string)
}](s string) T {
	var v T
	PT(&v).Set(s)
	return v
}

func main() {
	var p Prices
	_ = Contains(p, 5)
	_ = Contains([]string{}, "a")
	_ = Parse[Flag]("x")
	_ = Contains([]float64{}, 1)
}
"#,
        expect![[r#"
            locals:
              param s S @9
              param v E @9
            instantiations (complete):
              E = float64, S = []float64
              E = string, S = []string
              E = main.Cents, S = main.Prices
        "#]],
    );
}

#[test]
fn core_types_of_constraints_complete_explicit_type_arguments() {
    check_locals(
        r#"
package main

type Flag struct{ on bool }

func (f *Flag) Set(s string) { f.on = s != "" }

func Parse[T any, PT interface {
	*T
	Set(string)
}](s string) T {
	var v T
	PT(&v).Set(s)$0
	return v
}

func main() {
	_ = Parse[Flag]("x")
}
"#,
        expect![[r#"
            locals:
              local v T @11
              param s string @10
            instantiations (complete):
              PT = *main.Flag, T = main.Flag
        "#]],
    );
}

#[test]
fn type_parameters_of_callees_do_not_leak_into_generic_code() {
    check_locals(
        r#"
package main

func Zero[T any]() T { var z T; return z }
func Max[T int | float64](a, b T) T { return a }

func Show[T any](x T) {
	u := Zero()
	m := Max(1, 2.5)
	n := Zero[T]()
	_, _, _ = u, m, n$0
}

func main() { Show("a") }
"#,
        expect![[r#"
            locals:
              local u ? @7
              local m float64 @8
              local n T @9
              param x T @6
            instantiations (complete):
              T = string
        "#]],
    );
}

#[test]
fn a_shadowing_name_leaves_the_list_incomplete() {
    check_locals(
        r#"
package main

func Sum[N ~int](xs []N) N {
	return 0$0
}

func main() {
	_ = Sum([]int{1})
	Sum := func(xs []int8) int8 { return 0 }
	_ = Sum(nil)
}
"#,
        expect![[r#"
            locals:
              param xs []N @3
            instantiations (incomplete):
              N = int
        "#]],
    );
}

#[test]
fn generic_code_never_instantiated_has_no_instantiations() {
    check_locals(
        r#"
package main

func Unused[T any](x T) T {
	return x$0
}

func main() {}
"#,
        expect![[r#"
            locals:
              param x T @3
        "#]],
    );
}

#[test]
fn predeclared_types() {
    check_locals(
        r#"
package main

func f(err error, v any, r rune, b byte, u uintptr) {
	$0_ = err
}

func main() {}
"#,
        expect![[r#"
            locals:
              param err error @3
              param v interface {} @3
              param r int32 @3
              param b uint8 @3
              param u uintptr @3
        "#]],
    );
}

#[test]
fn params_results_and_receiver() {
    check_locals(
        r#"
package main

type Cart struct{ Items []string }

func (c *Cart) Add(item string, qty int, opts ...bool) (n int, err error) {
	$0c.Items = append(c.Items, item)
	return
}

func main() {}
"#,
        expect![[r#"
            locals:
              receiver c *main.Cart @5
              param item string @5
              param qty int @5
              param opts []bool @5
              result n int @5
              result err error @5
        "#]],
    );
}

#[test]
fn unnamed_and_blank_params_are_absent() {
    check_locals(
        r#"
package main

func f(_ int, x float32) (int, error) {
	return 0, nil$0
}

func g(int, string) {}

func main() {}
"#,
        expect![[r#"
            locals:
              param x float32 @3
        "#]],
    );
}

#[test]
fn declaration_line_is_not_yet_visible() {
    check_locals(
        r#"
package main

func main() {
	a := 1
	b := a + 1$0
	c := b
	_ = c
}
"#,
        expect![[r#"
            locals:
              local a int @4
            hidden:
              b @5 DeclaredLater
              c @6 DeclaredLater
        "#]],
    );
}

#[test]
fn visible_from_the_line_after_declaration() {
    check_locals(
        r#"
package main

func main() {
	a := 1
	b := a + 1
	c := b$0
	_ = c
}
"#,
        expect![[r#"
            locals:
              local a int @4
              local b int @5
            hidden:
              c @6 DeclaredLater
        "#]],
    );
}

#[test]
fn multi_line_declaration_counts_from_its_first_line() {
    check_locals(
        r#"
package main

func add(a, b int) int { return a + b }

func main() {
	total := add(
		1,
		2,$0
	)
	_ = total
}
"#,
        expect![[r#"
            locals:
              local total int @6
        "#]],
    );
}

#[test]
fn sibling_blocks_are_hidden() {
    check_locals(
        r#"
package main

func main() {
	x := 1
	if x > 0 {
		inIf := "a"
		_ = inIf
	} else {
		inElse := 2.0
		_ = inElse$0
	}
	for i := 0; i < 3; i++ {
		_ = i
	}
	after := true
	_ = after
}
"#,
        expect![[r#"
            locals:
              local inElse float64 @9
              local x int @4
            hidden:
              inIf @6 OtherBlock
              i @12 OtherBlock
              after @15 DeclaredLater
        "#]],
    );
}

#[test]
fn shadowing_innermost_wins() {
    check_locals(
        r#"
package main

func main() {
	x := 1
	{
		x := "inner"
		y := x
		_ = y$0
	}
	_ = x
}
"#,
        expect![[r#"
            locals:
              local x string @6
              local y string @7
        "#]],
    );
}

#[test]
fn shadow_declared_later_keeps_the_outer() {
    check_locals(
        r#"
package main

func main() {
	x := 1
	if true {
		_ = x$0
		x := "later"
		_ = x
	}
}
"#,
        expect![[r#"
            locals:
              local x int @4
        "#]],
    );
}

#[test]
fn redeclaration_with_colon_equals_is_assignment() {
    check_locals(
        r#"
package main

func two() (int, error) { return 0, nil }

func main() {
	a, err := two()
	b, err := two()
	_, _ = a, b$0
	_ = err
}
"#,
        expect![[r#"
            locals:
              local a int @6
              local err error @6
              local b int @7
        "#]],
    );
}

#[test]
fn if_for_switch_initializers() {
    check_locals(
        r#"
package main

func lookup() (string, bool) { return "", false }

func main() {
	if v, ok := lookup(); ok {
		for i := 0; i < len(v); i++ {
			switch n := i * 2; {
			case n > 2:
				_ = n$0
			}
		}
	}
}
"#,
        expect![[r#"
            locals:
              local n int @8
              local i int @7
              local v string @6
              local ok bool @6
        "#]],
    );
}

#[test]
fn range_variables() {
    check_locals(
        r#"
package main

type Item struct{ Name string }

func main() {
	items := []Item{}
	byName := map[string]*Item{}
	ch := make(chan float32)
	var arr [4]uint16
	for i, it := range items {
		for k, v := range byName {
			for pos, r := range "héllo" {
				for x := range ch {
					for j, a := range &arr {
						for n := range 10 {
							_, _, _, _, _, _, _, _, _, _, _ = i, it, k, v, pos, r, x, j, a, n, arr$0
						}
					}
				}
			}
		}
	}
}
"#,
        expect![[r#"
            locals:
              local n int @15
              local j int @14
              local a uint16 @14
              local x float32 @13
              local pos int @12
              local r int32 @12
              local k string @11
              local v *main.Item @11
              local i int @10
              local it main.Item @10
              local items []main.Item @6
              local byName map[string]*main.Item @7
              local ch chan float32 @8
              local arr [4]uint16 @9
        "#]],
    );
}

#[test]
fn range_over_function_iterators() {
    check_locals(
        r#"
package main

func All(yield func(int, string) bool) {}

func Keys() func(func(string) bool) { return nil }

func main() {
	for i, s := range All {
		for k := range Keys() {
			_, _, _ = i, s, k$0
		}
	}
}
"#,
        expect![[r#"
            locals:
              local k string @9
              local i int @8
              local s string @8
        "#]],
    );
}

#[test]
fn range_without_declaration_declares_nothing() {
    check_locals(
        r#"
package main

func main() {
	var i, v int
	for i, v = range []int{1} {
		_ = v$0
	}
	_ = i
}
"#,
        expect![[r#"
            locals:
              local i int @4
              local v int @4
        "#]],
    );
}

#[test]
fn type_switch_bindings() {
    check_locals(
        r#"
package main

type Shape interface{ Area() float64 }
type Square struct{ Side float64 }

func (s Square) Area() float64 { return s.Side * s.Side }

func describe(s Shape) {
	switch v := s.(type) {
	case Square:
		_ = v$0
	case nil:
		_ = v
	case interface{ Perimeter() float64 }, *Square:
		_ = v
	default:
		_ = v
	}
}

func main() {}
"#,
        expect![[r#"
            locals:
              local v main.Square @9
              param s main.Shape @8
        "#]],
    );
}

#[test]
fn type_switch_multi_type_case_uses_the_switched_type() {
    check_locals(
        r#"
package main

func describe(x any) {
	switch v := x.(type) {
	case int:
		_ = v
	case string, []byte:
		_ = v$0
	}
}

func main() {}
"#,
        expect![[r#"
            locals:
              local v interface {} @4
              param x interface {} @3
        "#]],
    );
}

#[test]
fn select_case_bindings() {
    check_locals(
        r#"
package main

func main() {
	jobs := make(chan string)
	done := make(<-chan struct{})
	select {
	case job, ok := <-jobs:
		_, _ = job, ok$0
	case <-done:
	}
}
"#,
        expect![[r#"
            locals:
              local job string @7
              local ok bool @7
              local jobs chan string @4
              local done <-chan struct {} @5
        "#]],
    );
}

#[test]
fn closure_sees_only_captured_variables() {
    check_locals(
        r#"
package main

func main() {
	used := 1
	unused := "x"
	total := 0.5
	f := func(n int) int {
		k := n + used
		$0return k + int(total)
	}
	_, _ = f, unused
}
"#,
        expect![[r#"
            locals:
              local k int @8
              param n int @7
              captured used int @4
              captured total float64 @6
        "#]],
    );
}

#[test]
fn nested_closure_references_are_captured_by_the_outer_closure() {
    check_locals(
        r#"
package main

func main() {
	a := 1
	b := 2
	outer := func() {
		x := 0
		inner := func() int { return a + x }
		$0_ = inner
	}
	_, _ = outer, b
}
"#,
        expect![[r#"
            locals:
              local x int @7
              local inner func() int @8
              captured a int @4
        "#]],
    );
}

#[test]
fn closure_captures_params_of_the_enclosing_function() {
    check_locals(
        r#"
package main

type Server struct{ addr string }

func (s *Server) Handler(prefix string, verbose bool) func(string) {
	return func(path string) {
		full := prefix + path
		_ = s.addr$0
		_ = full
	}
}

func main() {}
"#,
        expect![[r#"
            locals:
              local full string @7
              param path string @6
              captured s *main.Server @5
              captured prefix string @5
        "#]],
    );
}

#[test]
fn one_line_closure_belongs_to_the_enclosing_function() {
    check_locals(
        r#"
package main

func main() {
	a := 1
	f := func() int { return a }$0
	g := func(n int) int {
		return n + a
	}
	_, _ = f, g
}
"#,
        expect![[r#"
            locals:
              local a int @4
            hidden:
              f @5 DeclaredLater
              n @6 OtherBlock
              g @6 DeclaredLater
        "#]],
    );
}

#[test]
fn closure_shadowing_an_outer_variable() {
    check_locals(
        r#"
package main

func main() {
	x := 1
	f := func() {
		x := "own"
		_ = x$0
	}
	_ = f
	_ = x
}
"#,
        expect![[r#"
            locals:
              local x string @6
        "#]],
    );
}

#[test]
fn outer_function_does_not_see_closure_locals() {
    check_locals(
        r#"
package main

func main() {
	f := func(a int) {
		inside := a
		_ = inside
	}
	f(1)
	$0_ = f
}
"#,
        expect![[r#"
            locals:
              local f func(int) @4
            hidden:
              a @4 OtherBlock
              inside @5 OtherBlock
        "#]],
    );
}

#[test]
fn func_literal_in_package_var() {
    check_locals(
        r#"
package main

var handler = func(code int) string {
	msg := "ok"
	return msg$0
}

func main() {}
"#,
        expect![[r#"
            locals:
              local msg string @4
              param code int @3
        "#]],
    );
}

#[test]
fn line_outside_functions_has_no_locals() {
    check(
        r#"
package main

var x = 1
$0
func main() {
	y := 2
	_ = y
}
"#,
        expect![[r#"
            locals:
            package main main
              var x int @3
              funcs main
        "#]],
    );
}

#[test]
fn syntax_error_in_function_makes_locals_incomplete() {
    check_locals(
        r#"
package main

func main() {
	a := 1
	b := a +
	$0if {
}
"#,
        expect![[r#"
            locals (incomplete):
              local a int @4
              local b int @5
        "#]],
    );
}

#[test]
fn untyped_constants_get_default_types() {
    check_locals(
        r#"
package main

func main() {
	i := 1
	f := 1.5
	r := 'r'
	s := "s"
	raw := `raw`
	b := true
	c := 2i
	mixed := 1 + 2.0
	shifted := 1 << 3
	cmp := i < 2
	$0_ = []any{i, f, r, s, raw, b, c, mixed, shifted, cmp}
}
"#,
        expect![[r#"
            locals:
              local i int @4
              local f float64 @5
              local r int32 @6
              local s string @7
              local raw string @8
              local b bool @9
              local c complex128 @10
              local mixed float64 @11
              local shifted int @12
              local cmp bool @13
        "#]],
    );
}

#[test]
fn composite_literals_and_conversions() {
    check_locals(
        r#"
package main

type Point struct{ X, Y int }
type Celsius float64

func main() {
	p := Point{1, 2}
	pp := &Point{}
	ps := []Point{{1, 2}}
	m := map[string][]int{}
	arr := [...]string{"a", "b", "c"}
	keyed := [...]int{5: 1}
	t := Celsius(20)
	bs := []byte("abc")
	fl := float64(p.X)
	anon := struct{ A int }{1}
	fn := func(x int) bool { return x > 0 }
	$0_ = []any{p, pp, ps, m, arr, keyed, t, bs, fl, anon, fn}
}
"#,
        expect![[r#"
            locals:
              local p main.Point @7
              local pp *main.Point @8
              local ps []main.Point @9
              local m map[string][]int @10
              local arr [3]string @11
              local keyed [?]int @12
              local t main.Celsius @13
              local bs []uint8 @14
              local fl float64 @15
              local anon struct { A int } @16
              local fn func(int) bool @17
            hidden:
              x @17 OtherBlock
        "#]],
    );
}

#[test]
fn builtins() {
    check_locals(
        r#"
package main

type Node struct{ Val int }

func main() {
	xs := make([]string, 0, 4)
	m := make(map[int]bool)
	n := new(Node)
	l := len(xs)
	c := cap(xs)
	ys := append(xs, "a")
	lo := min(l, c)
	hi := max(1.5, 2)
	r := recover()
	re := real(2i)
	$0_ = []any{xs, m, n, l, c, ys, lo, hi, r, re}
}
"#,
        expect![[r#"
            locals:
              local xs []string @6
              local m map[int]bool @7
              local n *main.Node @8
              local l int @9
              local c int @10
              local ys []string @11
              local lo int @12
              local hi float64 @13
              local r interface {} @14
              local re ? @15
        "#]],
    );
}

#[test]
fn operators() {
    check_locals(
        r#"
package main

type Temp float32

func main() {
	var t Temp = 3
	var n int64 = 2
	p := &t
	v := *p
	neg := -n
	sum := n + 1
	prod := 2 * t
	both := n > 0 && t < 1
	not := !both
	var k uint
	sh := n << k
	un := 1 << k
	$0_ = []any{p, v, neg, sum, prod, both, not, sh, un}
}
"#,
        expect![[r#"
            locals:
              local t main.Temp @6
              local n int64 @7
              local p *main.Temp @8
              local v main.Temp @9
              local neg int64 @10
              local sum int64 @11
              local prod main.Temp @12
              local both bool @13
              local not bool @14
              local k uint @15
              local sh int64 @16
              local un ? @17
        "#]],
    );
}

#[test]
fn selectors_and_indexing() {
    check_locals(
        r#"
package main

type Meta struct{ Tags map[string]string }
type Base struct {
	ID int
	Meta
}
type Order struct {
	*Base
	Lines []Line
	Notes [3]string
}
type Line struct{ Qty int }

func (o *Order) Total() float64 { return 0 }

func main() {
	o := &Order{}
	id := o.ID
	tags := o.Tags
	tag := o.Tags["x"]
	line := o.Lines[0]
	qty := o.Lines[1].Qty
	note := o.Notes[2]
	first := note[0]
	sub := o.Lines[1:]
	part := note[1:]
	total := o.Total
	t := o.Total()
	missing := o.Nope
	$0_ = []any{id, tags, tag, line, qty, note, first, sub, part, total, t, missing}
}
"#,
        expect![[r#"
            locals:
              local o *main.Order @18
              local id int @19
              local tags map[string]string @20
              local tag string @21
              local line main.Line @22
              local qty int @23
              local note string @24
              local first uint8 @25
              local sub []main.Line @26
              local part string @27
              local total func() float64 @28
              local t float64 @29
              local missing ? @30
        "#]],
    );
}

#[test]
fn calls_and_multiple_results() {
    check_locals(
        r#"
package main

type Repo struct{}

func (r Repo) Find(id int) (*Repo, bool, error) { return nil, false, nil }

func open(path string) (Repo, error) { return Repo{}, nil }

var factory func() Repo

func main() {
	repo, err := open("x")
	found, ok, ferr := repo.Find(1)
	made := factory()
	one := open
	mismatch := open("y")
	$0_ = []any{repo, err, found, ok, ferr, made, one, mismatch}
}
"#,
        expect![[r#"
            locals:
              local repo main.Repo @12
              local err error @12
              local found *main.Repo @13
              local ok bool @13
              local ferr error @13
              local made main.Repo @14
              local one func(string) (main.Repo, error) @15
              local mismatch ? @16
        "#]],
    );
}

#[test]
fn comma_ok_forms() {
    check_locals(
        r#"
package main

type Named interface{ Name() string }

func main() {
	var x any
	m := map[string]float64{}
	ch := make(chan []int)
	n, isNamed := x.(Named)
	s := x.(string)
	f, found := m["k"]
	got, open := <-ch
	$0_ = []any{n, isNamed, s, f, found, got, open}
}
"#,
        expect![[r#"
            locals:
              local x interface {} @6
              local m map[string]float64 @7
              local ch chan []int @8
              local n main.Named @9
              local isNamed bool @9
              local s string @10
              local f float64 @11
              local found bool @11
              local got []int @12
              local open bool @12
        "#]],
    );
}

#[test]
fn errors_and_fmt_constructors() {
    check_locals(
        r#"
package main

import (
	"errors"
	"fmt"
)

func main() {
	e1 := errors.New("a")
	e2 := fmt.Errorf("b: %w", e1)
	msg := fmt.Sprintf("%v", e2)
	$0_ = msg
}
"#,
        expect![[r#"
            locals:
              local e1 error @9
              local e2 error @10
              local msg string @11
        "#]],
    );
}

#[test]
fn unknown_when_it_cannot_be_told() {
    check_locals(
        r#"
package main

import "example.com/notthere/pkg"

func main() {
	a := pkg.Make()
	b := a.Field
	c := undefined
	d := a + 1
	var e pkg.Type
	f := e.Method()
	$0_ = []any{a, b, c, d, e, f}
}
"#,
        expect![[r#"
            locals:
              local a ? @6
              local b ? @7
              local c ? @8
              local d ? @9
              local e example.com/notthere/pkg.Type @10
              local f ? @11
        "#]],
    );
}

#[test]
fn local_consts_and_types() {
    check_locals(
        r#"
package main

func main() {
	const (
		low = iota * 10
		high
	)
	const typed int8 = 3
	type local struct{ A int }
	v := local{A: 1}
	w := high + 1
	$0_, _ = v, w
}
"#,
        expect![[r#"
            locals:
              local low untyped int @5
              local high untyped int @6
              local typed int8 @8
              local v ? @10
              local w int @11
        "#]],
    );
}

#[test]
fn var_declarations_in_functions() {
    check_locals(
        r#"
package main

func main() {
	var a int
	var b, c = "x", 1.5
	var (
		d []string
		e = map[int]int{}
	)
	$0_ = []any{a, b, c, d, e}
}
"#,
        expect![[r#"
            locals:
              local a int @4
              local b string @5
              local c float64 @5
              local d []string @7
              local e map[int]int @8
        "#]],
    );
}

#[test]
fn labeled_loops_and_goto() {
    check_locals(
        r#"
package main

func main() {
outer:
	for i := 0; i < 2; i++ {
		for j := 0; j < 2; j++ {
			if j == 1 {
				continue outer$0
			}
		}
	}
}
"#,
        expect![[r#"
            locals:
              local j int @6
              local i int @5
        "#]],
    );
}

#[test]
fn defer_and_go_closures() {
    check_locals(
        r#"
package main

func main() {
	count := 0
	name := "job"
	defer func() {
		_ = count$0
	}()
	go func(id int) { _ = name }(1)
}
"#,
        expect![[r#"
            locals:
              captured count int @4
            hidden:
              id @9 OtherBlock
        "#]],
    );
}

#[test]
fn method_of_non_main_package_and_import_path() {
    check(
        r#"
//- inventory/item.go
package inventory

type Item struct {
	SKU   string
	Count int
}

func (i *Item) Restock(n int) {
	before := i.Count
	$0i.Count += n
	_ = before
}
"#,
        expect![[r#"
            locals:
              local before int @9
              receiver i *example.com/app/inventory.Item @8
              param n int @8
            package inventory example.com/app/inventory
              types Item
            type example.com/app/inventory.Item struct { SKU string; Count int }
              method *Restock func(int)
        "#]],
    );
}

#[test]
fn build_constraints_exclude_files() {
    check(
        r#"
//- main.go
package main

func main() {
	$0
}
//- a_linux.go
package main

var onLinux = 1
//- a_windows.go
package main

var onWindows = 1
//- b_arm64.go
package main

var onArm = 1
//- tagged.go
//go:build linux && !cgo_disabled_tag

package main

var tagged = 1
//- ignored.go
//go:build ignore

package main

var ignored = 1
//- gen.go
//go:build tools

package tools
//- main_test.go
package main

var inTest = 1
"#,
        expect![[r#"
            locals:
            package main main
              var onLinux int @3
              var tagged int @5
              funcs main
        "#]],
    );
}

#[test]
fn files_for_unknown_build_tags_make_the_package_incomplete() {
    check(
        r#"
//- main.go
package main

func main() {
	$0
}
//- integration.go
//go:build integration

package main

var fromIntegration = 1
//- tools.go
//go:build tools

package tools
"#,
        expect![[r#"
            locals:
            package main main (incomplete)
              funcs main
        "#]],
    );
}

#[test]
fn test_files_see_test_helpers() {
    check(
        r#"
//- calc.go
package calc

func Add(a, b int) int { return a + b }
//- helpers_test.go
package calc

var fixture = []int{1, 2}
//- calc_test.go
package calc

func TestAdd(t *T) {
	got := Add(1, 2)
	$0_ = got
}

type T struct{}
//- external_test.go
package calc_test

var outside = 1
"#,
        expect![[r#"
            locals:
              local got int @4
              param t *example.com/app.T @3
            package calc example.com/app
              var fixture []int @3
              funcs Add TestAdd
              types T
            type example.com/app.T struct {}
        "#]],
    );
}

#[test]
fn external_test_package() {
    check(
        r#"
//- calc.go
package calc

func Add(a, b int) int { return a + b }
//- calc_test.go
package calc_test

import "example.com/app"

func TestAdd() {
	got := calc.Add(1, 2)
	$0_ = got
}
"#,
        expect![[r#"
            locals:
              local got int @6
            package calc_test example.com/app_test
              funcs TestAdd
            package calc example.com/app
              funcs Add
        "#]],
    );
}

#[test]
fn same_module_import() {
    check(
        r#"
//- main.go
package main

import (
	"example.com/app/inventory"
	inv2 "example.com/app/inventory"
)

func main() {
	it := inventory.New("sku")
	all := inventory.Default
	c := inventory.MaxItems
	k := inv2.Kind(2)
	var s inventory.Stock
	n := s.Items[0].SKU
	$0_ = []any{it, all, c, k, n}
}
//- inventory/item.go
package inventory

import "example.com/app/internal/db"

type Kind uint8

const MaxItems = 100

type Item struct {
	SKU  string
	Conn *db.Conn
}

type Stock struct{ Items []*Item }

var Default = []*Item{}

func New(sku string) *Item { return &Item{SKU: sku} }
//- internal/db/db.go
package db

type Conn struct{}
"#,
        expect![[r#"
            locals:
              local it *example.com/app/inventory.Item @9
              local all []*example.com/app/inventory.Item @10
              local c int @11
              local k example.com/app/inventory.Kind @12
              local s example.com/app/inventory.Stock @13
              local n string @14
            package main main
              funcs main
            package inventory example.com/app/inventory
              var Default []*example.com/app/inventory.Item @16
              const MaxItems untyped int = 100
              funcs New
              types Item Kind Stock
            type example.com/app/inventory.Item struct { SKU string; Conn *example.com/app/internal/db.Conn }
            type example.com/app/inventory.Kind uint8
            type example.com/app/inventory.Stock struct { Items []*example.com/app/inventory.Item }
        "#]],
    );
}

#[test]
fn stdlib_imports() {
    check_locals(
        r#"
package main

import (
	"io"
	str "strings"
	"time"
)

func main() {
	var b str.Builder
	r := str.NewReader("x")
	d := time.Second * 2
	t := time.Now()
	since := time.Since(t)
	var rd io.Reader = r
	n, err := rd.Read(nil)
	up := str.ToUpper("a")
	$0_ = []any{b, d, since, n, err, up}
}
"#,
        expect![[r#"
            locals:
              local b strings.Builder @10
              local r *strings.Reader @11
              local d time.Duration @12
              local t time.Time @13
              local since time.Duration @14
              local rd io.Reader @15
              local n int @16
              local err error @16
              local up string @17
        "#]],
    );
}

#[test]
fn multi_file_package_members() {
    check(
        r#"
//- main.go
package main

func main() {
	u := current
	$0_ = u
}
//- state.go
package main

type Session struct{ ID string }

var current = &Session{}

const Limit = 10
"#,
        expect![[r#"
            locals:
              local u *main.Session @4
            package main main
              var current *main.Session @5
              const Limit untyped int = 10
              funcs main
              types Session
            type main.Session struct { ID string }
        "#]],
    );
}
