//! The types locals get from their initializers: untyped constants,
//! composite literals, builtins, operators, selectors, calls, comma-ok.

use expect_test::expect;

use super::*;

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

func Double[T ~int](x T) T { return x * 2 }

func main() {
	a := pkg.Make()
	b := a.Field
	c := undefined
	d := a + 1
	var e pkg.Type
	f := e.Method()
	n := 2
	g := n * undefined
	m := map[string]int{}
	h, i, j := m["three values from a comma-ok form"]
	k, l := -n
	o := min(n, undefined)
	q := Double[-n]
	$0_ = []any{a, b, c, d, e, f, g, h, i, j, k, l, o, q}
}
"#,
        expect![[r#"
            locals:
              local a ? @8
              local b ? @9
              local c ? @10
              local d ? @11
              local e example.com/notthere/pkg.Type @12
              local f ? @13
              local n int @14
              local g ? @15
              local m map[string]int @16
              local h ? @17
              local i ? @17
              local j ? @17
              local k ? @18
              local l ? @18
              local o ? @19
              local q ? @20
        "#]],
    );
}

#[test]
fn values_hide_imports_and_predeclared_types() {
    check_locals(
        r#"
//- main.go
package main

import "example.com/app/lib"

type Reader struct{ Len int }

func string(n int) bool { return n > 0 }

func main() {
	_ = lib.Count
	lib := Reader{Len: 1}
	n := lib.Len
	b := string(3)
	$0_ = []any{n, b}
}
//- lib/lib.go
package lib

var Count = 1

var Len = "s"
"#,
        expect![[r#"
            locals:
              local lib main.Reader @11
              local n int @12
              local b bool @13
        "#]],
    );
}

#[test]
fn an_imported_file_without_its_package_clause_is_named_by_its_path() {
    check_locals(
        r#"
//- main.go
package main

import "example.com/app/lib"

func main() {
	n := lib.Count
	$0_ = n
}
//- lib/lib.go
var Count = 1
"#,
        expect![[r#"
            locals:
              local n int @6
        "#]],
    );
}

#[test]
fn a_local_type_hides_an_import() {
    // `lib.Size` is a method expression of the local type (func(lib) int),
    // which the resolver leaves unknown, never the package's function.
    check_locals(
        r#"
//- main.go
package main

import "example.com/app/lib"

type Reader struct{}

func (Reader) Size() int { return 0 }

func main() {
	_ = lib.Size
	type lib struct{ Reader }
	f := lib.Size
	$0_ = f
}
//- lib/lib.go
package lib

func Size() string { return "" }
"#,
        expect![[r#"
            locals:
              local f ? @12
        "#]],
    );
}

#[test]
fn generic_functions_instantiated_as_values_and_parenthesized_operands() {
    check_locals(
        r#"
package main

type Pair[K comparable, V any] struct {
	Key K
	Val V
}

type Box[T any] struct{ Value T }

func Double[T ~int | ~float64](x T) T { return x * 2 }

func Map[T, U any](xs []T, f func(T) U) []U { return nil }

func Wrap[T any](x T) Box[T] { return Box[T]{Value: x} }

func main() {
	n := 3
	d := Double[int]
	m := Map[string, Pair[string, int]]
	sum := (n) + 1
	neg := -(n)
	twice := Double[int](n)
	wrap := Wrap[int8]
	v := wrap(1).Value
	type local int
	ofLocal := Map[local, int]
	$0_ = []any{d, m, sum, neg, twice, v, ofLocal}
}
"#,
        expect![[r#"
            locals:
              local n int @17
              local d func(int) int @18
              local m func([]string, func(string) main.Pair[string,int]) []main.Pair[string,int] @19
              local sum int @20
              local neg int @21
              local twice int @22
              local wrap func(int8) main.Box[int8] @23
              local v int8 @24
              local ofLocal ? @26
        "#]],
    );
}

#[test]
fn indexing_strings_gives_bytes() {
    check_locals(
        r#"
package main

const word = "abc"

type Name string

func main() {
	s := "xyz"
	var n Name = "n"
	lit := "abc"[1]
	konst := word[0]
	local := s[2]
	named := n[0]
	$0_ = []any{lit, konst, local, named}
}
"#,
        expect![[r#"
            locals:
              local s string @8
              local n main.Name @9
              local lit uint8 @10
              local konst uint8 @11
              local local uint8 @12
              local named uint8 @13
        "#]],
    );
}

#[test]
fn slicing_strings_arrays_and_pointers_to_arrays() {
    check_locals(
        r#"
package main

type Name string

func main() {
	arr := [3]int{1, 2, 3}
	pa := &arr
	s := []int{1}
	var n Name = "n"
	lit := "abc"[1:]
	ofArray := arr[:2]
	ofPointer := pa[1:]
	ofSlice := s[:]
	named := n[1:]
	$0_ = []any{lit, ofArray, ofPointer, ofSlice, named}
}
"#,
        expect![[r#"
            locals:
              local arr [3]int @6
              local pa *[3]int @7
              local s []int @8
              local n main.Name @9
              local lit string @10
              local ofArray []int @11
              local ofPointer []int @12
              local ofSlice []int @13
              local named main.Name @14
        "#]],
    );
}

#[test]
fn values_named_like_builtins_hide_them() {
    check_locals(
        r#"
package main

var cap = func(s string) bool { return s != "" }

func main() {
	len := func(s string) string { return s }
	l := len("a")
	c := cap("b")
	$0_ = []any{l, c}
}
"#,
        expect![[r#"
            locals:
              local len func(string) string @6
              local l string @7
              local c bool @8
            hidden:
              s @6 OtherBlock
        "#]],
    );
}

#[test]
fn errors_made_by_the_standard_library_when_it_is_not_read() {
    // A GOROOT without sources: errors.New and fmt.Errorf still give an
    // error, any other function of an unread package nothing known.
    let dir = TempDir::new();
    let goroot = TempDir::new();
    let (file, line) = write_fixture(
        &dir.0,
        r#"
package main

import (
	"errors"
	"fmt"
	"strings"
)

func main() {
	a := errors.New("a")
	b := fmt.Errorf("b")
	c := strings.ToUpper("c")
	d := fmt.Sprint("d")
	$0_ = []any{a, b, c, d}
}
"#,
    );
    let index = SourceIndex::new(SourceConfig { goroot: Some(goroot.0.clone()), ..SourceConfig::default() });
    let scope = index.scope_at(&file, line).unwrap();
    let locals: String =
        render(&scope).lines().take_while(|l| !l.starts_with("package ")).map(|l| format!("{l}\n")).collect();
    expect![[r#"
        locals:
          local a error @10
          local b error @11
          local c ? @12
          local d ? @13
    "#]]
    .assert_eq(&locals);
}
