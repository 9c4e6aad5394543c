//! Package-level declarations: constants, variables, named types and
//! methods, predeclared types, build constraints, test files, imports.

use expect_test::expect;

use super::*;

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
fn constants_of_imported_packages_complex_and_instantiated_types() {
    check(
        r#"
//- main.go
package main

import "example.com/app/limits"

type Level[P any] int

type Label[P any] string

const (
	Imag   = 2i
	Double = limits.Max * 2
	Low    = Level[int](1)
	Letter = string('A')
	Tag    = Label[int]('B')
)

func main() {
	$0
}
//- limits/limits.go
package limits

const Max = 10
"#,
        expect![[r#"
            locals:
            package main main
              const Double untyped int = 20
              const Imag untyped complex
              const Letter string = "A"
              const Low main.Level[int] = 1
              const Tag main.Label[int] = "B"
              funcs main
              types Label Level
            package limits example.com/app/limits
              const Max untyped int = 10
            type main.Label string
            type main.Label[int] string
            type main.Level int
            type main.Level[int] int
        "#]],
    );
}

#[test]
fn package_constants_converted_to_the_package_s_own_types() {
    check(
        r#"
package main

type Ratio float64

type Label string

const (
	One     Ratio = 1
	Half          = One / 2
	Quarter       = Ratio(1) / 4
	Two           = int(Half * 4)
	Name          = Label('A')
)

func main() {
	$0
}
"#,
        expect![[r#"
            locals:
            package main main
              const Half main.Ratio = 0.5
              const Name main.Label = "A"
              const One main.Ratio = 1
              const Quarter main.Ratio = 0.25
              const Two int = 2
              funcs main
              types Label Ratio
            type main.Label string
            type main.Ratio float64
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
              var c128 complex128 @22 (unused: dropped by the linker)
              var count int @10 (unused: dropped by the linker)
              var errMissing error @19
              var events chan int @17
              var fromLater int64 @20
              var index map[string]*main.User @16
              var label string @12 (unused: dropped by the linker)
              var later int64 @21
              var list []int @15 (unused: dropped by the linker)
              var n int @18
              var ok bool @12 (unused: dropped by the linker)
              var ptr *main.User @14 (unused: dropped by the linker)
              var r int32 @23
              var ratio float64 @11 (unused: dropped by the linker)
              var s string @18
              var unknown ? @24
              var user main.User @13 (unused: dropped by the linker)
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
              var onLinux int @3 (unused: dropped by the linker)
              var tagged int @5 (unused: dropped by the linker)
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

/// A file only other tags compile, asked about, is compiled with the
/// package's default files: it leaves the package, and the list of its
/// instantiations, no less complete.
#[test]
fn a_file_for_other_build_tags_asked_about_joins_its_package() {
    check(
        r#"
//- main.go
package main

func main() {}
//- integration.go
//go:build integration

package main

var fromIntegration = 1

func Id[T any](x T) T {
	$0return x
}

var _ = Id(fromIntegration)
"#,
        expect![[r#"
            locals:
              param x T @7
            instantiations (complete):
              T = int
            package main main
              var fromIntegration int @5
              funcs main
        "#]],
    );
}

/// A file only another system compiles (by its name), asked about, joins
/// its package alone: the other files of that system and the test files
/// stay out.
#[test]
fn a_file_for_another_system_asked_about_joins_its_package_alone() {
    check(
        r#"
//- main.go
package main

func main() {}
//- a_windows.go
package main

var fromA = 1

func onWindows() {
	$0_ = fromA
}
//- b_windows.go
package main

var fromB = 1
//- main_test.go
package main

var inTest = 1
"#,
        expect![[r#"
            locals:
            package main main
              var fromA int @3
              funcs main onWindows
        "#]],
    );
}

/// A file with no package clause yet (being typed) belongs to no package:
/// its declarations stay out of the package of the file asked about.
#[test]
fn a_file_without_a_package_clause_stays_out() {
    check(
        r#"
//- main.go
package main

func main() {
	$0
}
//- scratch.go
var fromScratch = 1
"#,
        expect![[r#"
            locals:
            package main main
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

/// The linker keeps a package variable laid out as data only if a function
/// uses it (Delve: "could not find symbol value"): from the main package,
/// such variables of the program's own packages are marked, never those
/// with initialization code or named anywhere else (in a string or a
/// `//go:` directive included; a comment is not a use).
#[test]
fn unused_globals_laid_out_as_data_are_marked() {
    check(
        r#"
//- main.go
package main

import "example.com/app/geo"

type Mode int

var gTotal int32 = int32(-1)
var gUsed = "x"
var gPoint = geo.Point{X: 1, Y: geo.Max}
var gPtr = (*geo.Point)(nil)
var gList = []Mode{Mode(1), 2}
var gMap = map[string]int{"a": 1}
var gCall = geo.New()
var gMentioned float64 // gMentioned in a comment is not a use
var gNamed int
var gText = "gNamed /* not a comment"
//go:linkname gLinked example.com/other.v
var gLinked int

func main() {
	$0println(gUsed)
}
//- geo/geo.go
package geo

const Max = 3

type Point struct{ X, Y int }

var GIdx uint16 = uint16(112)
var GUsed = 2
var counter int

func New() *Point { counter++; return &Point{X: GUsed} }
"#,
        expect![[r#"
            locals:
            package main main
              var gCall *example.com/app/geo.Point @13
              var gLinked int @18
              var gList []main.Mode @11 (unused: dropped by the linker)
              var gMap map[string]int @12
              var gMentioned float64 @14 (unused: dropped by the linker)
              var gNamed int @15
              var gPoint example.com/app/geo.Point @9 (unused: dropped by the linker)
              var gPtr *example.com/app/geo.Point @10 (unused: dropped by the linker)
              var gText string @16 (unused: dropped by the linker)
              var gTotal int32 @7 (unused: dropped by the linker)
              var gUsed string @8
              funcs main
              types Mode
            package geo example.com/app/geo
              var GIdx uint16 @7 (unused: dropped by the linker)
              var GUsed int @8
              var counter int @9
              const Max untyped int = 3
              funcs New
              types Point
            type example.com/app/geo.Point struct { X int; Y int }
            type main.Mode int
        "#]],
    );
}

/// The package at the module's root is one of the program's packages too:
/// its variables laid out as data and named nowhere else are marked.
#[test]
fn unused_globals_of_the_module_s_root_package_are_marked() {
    check(
        r#"
//- cmd/app/main.go
package main

import "example.com/app"

func main() {
	$0println(app.Used)
}
//- app.go
package app

var Used = 1
var Table = [3]int{1, 2, 3}
var hidden int32 = 5
"#,
        expect![[r#"
            locals:
            package main main
              funcs main
            package app example.com/app
              var Table [3]int @4 (unused: dropped by the linker)
              var Used int @3
              var hidden int32 @5 (unused: dropped by the linker)
        "#]],
    );
}

/// `unsafe` and `C` are imported but have no folder of Go files: they are
/// no packages of the scope (Delve reads no members of them: at a stop,
/// `unsafe.Sizeof(p)` fails with "could not find symbol unsafe.Sizeof";
/// `unsafe.Pointer` is a type the checker knows by itself).
#[test]
fn unsafe_and_c_are_no_packages_of_the_scope() {
    check(
        r#"
package main

import (
	"C"
	"unsafe"
)

var n = 1

func main() {
	$0println(unsafe.Pointer(&n))
}
"#,
        expect![[r#"
            locals:
            package main main
              var n int @8
              funcs main
        "#]],
    );
}
