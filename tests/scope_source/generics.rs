//! Generic types and functions: instantiations by name, type arguments
//! inferred at calls, and the instantiations generic code runs with.

use expect_test::expect;

use super::*;

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
              var global main.Box[string] @15 (unused: dropped by the linker)
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
fn type_arguments_replace_type_parameters_in_every_kind_of_type() {
    check(
        r#"
package main

type Cell[T any] struct{ V T }

type Shapes[T comparable] struct {
	Ptr   *T
	List  []T
	Pair  [2]T
	Index map[T]bool
	Feed  <-chan T
	Apply func(T, ...T) T
	Inner struct{ V T }
	Cell  Cell[T]
}

func main() {
	var s Shapes[int8]
	$0_ = s
}
"#,
        expect![[r#"
            locals:
              local s main.Shapes[int8] @17
            package main main
              funcs main
              types Cell Shapes
            type main.Cell struct { V T }
            type main.Cell[int8] struct { V int8 }
            type main.Shapes struct { Ptr *T; List []T; Pair [2]T; Index map[T]bool; Feed <-chan T; Apply func(T, ...T) T; Inner struct { V T }; Cell main.Cell[T] }
            type main.Shapes[int8] struct { Ptr *int8; List []int8; Pair [2]int8; Index map[int8]bool; Feed <-chan int8; Apply func(int8, ...int8) int8; Inner struct { V int8 }; Cell main.Cell[int8] }
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

/// A closure of generic code has no dictionary: Delve shows its variables
/// with the instantiations' GC shape types (`go.shape.string`), a pointer
/// as `*uint8` under `any` and as itself under `comparable`.
#[test]
fn closures_in_generic_code_see_shape_types() {
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
              T = go.shape.string
        "#]],
    );
    check_locals(
        r#"
package main

type User struct{ Name string }

func Pair[K comparable, V any, W interface{ M() }](k K, v V, w W) {
	func() {
		println(k, v, w)$0
	}()
}

func (User) M() {}

func main() {
	Pair(&User{}, &User{}, &User{})
}
"#,
        expect![[r#"
            locals:
              captured k K @5
              captured v V @5
              captured w W @5
            instantiations (complete):
              K = go.shape.*main.User, V = go.shape.*uint8, W = ?
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

/// Generic code's scan also lists the concrete instantiations of other
/// packages' generic types it meets in function bodies (not those over a
/// type parameter, even one inside another instantiation, nor over an
/// unknown type).
#[test]
fn instantiations_of_other_packages_types_met_in_bodies() {
    check(
        r#"
//- go.mod
module example.com/app

go 1.23
//- lib/lib.go
package lib

type Box[T any] struct{ V T }
//- main.go
package main

import "example.com/app/lib"

type Stack[T any] struct{ items []T }

func (s *Stack[T]) Len() int {
	return len(s.items)$0
}

func fill[T any](x T) {
	var b lib.Box[T]
	var d lib.Box[Stack[T]]
	_, _ = b, d
}

func main() {
	var s Stack[int]
	_ = s.Len()
	b := lib.Box[string]{}
	c := lib.Box[missing]{}
	_, _ = b, c
	fill(1)
}
"#,
        expect![[r#"
            locals:
              receiver s *main.Stack[T] @7
            instantiations (complete):
              T = int
            package main main
              funcs main
              types Stack
            package lib example.com/app/lib
              types Box
            type example.com/app/lib.Box struct { V T }
            type example.com/app/lib.Box[string] struct { V string }
            type main.Stack struct { items []T }
              method *Len func() int
            type main.Stack[T] struct { items []T }
              method *Len func() int
            type main.Stack[int] struct { items []int }
              method *Len func() int
        "#]],
    );
}

/// An interface embedding another package's interface has its methods; a
/// union naming another package's type with methods does not (a type set,
/// not an embedding).
#[test]
fn embedded_interfaces_and_unions_of_other_packages() {
    check(
        r#"
//- go.mod
module example.com/app

go 1.23
//- lib/lib.go
package lib

type Named interface{ Name() string }

type Dur int64

func (d Dur) String() string { return "" }
//- main.go
package main

import "example.com/app/lib"

type Tagged interface {
	lib.Named
	Tag() int
}

type Length interface{ lib.Dur | int }

func Show[L Length](l L) {
	_ = l$0
}

func main() {
	var t Tagged
	_ = t
	Show(lib.Dur(1))
}
"#,
        expect![[r#"
            locals:
              param l L @12
            instantiations (complete):
              L = example.com/app/lib.Dur
            package main main
              funcs main
              types Length Tagged
            package lib example.com/app/lib
              types Dur Named
            type example.com/app/lib.Dur int64
              method String func() string
            type example.com/app/lib.Named interface { Name }
              method Name func() string
            type main.Length interface {}
            type main.Tagged interface { Name; Tag }
              method Name func() string
              method Tag func() int
        "#]],
    );
}

/// Instantiations written only in a conversion (`Stack[int](other)`, an
/// index expression to tree-sitter), in a type declared inside a function
/// or in a generic function passed as a value with its type arguments are
/// found by the scan; indexing a slice instantiates nothing.
#[test]
fn instantiations_in_conversions_and_local_type_declarations() {
    check(
        r#"
package main

type Stack[T any] struct{ items []T }

func (s *Stack[T]) Len() int {
	return len(s.items)$0
}

type raw struct{ items []string }

type bits struct{ items []bool }

func Sum[T any](x T) T { return x }

func apply(f func(int) int) int { return f(1) }

func main() {
	s := Stack[string](raw{})
	_ = Stack[bool](bits{})
	type local Stack[float64]
	var l local
	xs := []int{1}
	_ = xs[0]
	_ = apply(Sum[int])
	_, _ = s, l
}
"#,
        expect![[r#"
            locals:
              receiver s *main.Stack[T] @5
            instantiations (complete):
              T = bool
              T = float64
              T = string
            package main main
              funcs apply main
              types Stack bits raw
            type main.Stack struct { items []T }
              method *Len func() int
            type main.Stack[T] struct { items []T }
              method *Len func() int
            type main.Stack[bool] struct { items []bool }
              method *Len func() int
            type main.Stack[float64] struct { items []float64 }
              method *Len func() int
            type main.Stack[string] struct { items []string }
              method *Len func() int
            type main.bits struct { items []bool }
            type main.raw struct { items []string }
        "#]],
    );
}

/// A method expression on an instantiated generic type (`Box[int8].Get`,
/// `(*Box[uint16]).Set`: index expressions to tree-sitter;
/// `Pair[string, bool].Key`: a type instantiation expression) instantiates
/// the type and so its methods, as the compiler does.
#[test]
fn instantiations_in_method_expressions() {
    check(
        r#"
package main

type Box[T any] struct{ v T }

func (b Box[T]) Get() T {
	return b.v$0
}

func (b *Box[T]) Set(v T) { b.v = v }

type Pair[K comparable, V any] struct {
	k K
	v V
}

func (p Pair[K, V]) Key() K { return p.k }

func main() {
	get := Box[int8].Get
	set := (*Box[uint16]).Set
	key := Pair[string, bool].Key
	_, _, _ = get, set, key
}
"#,
        expect![[r#"
            locals:
              receiver b main.Box[T] @5
            instantiations (complete):
              T = int8
              T = uint16
            package main main
              funcs main
              types Box Pair
            type main.Box struct { v T }
              method Get func() T
              method *Set func(T)
            type main.Box[T] struct { v T }
              method Get func() T
              method *Set func(T)
            type main.Box[int8] struct { v int8 }
              method Get func() int8
              method *Set func(int8)
            type main.Box[uint16] struct { v uint16 }
              method Get func() uint16
              method *Set func(uint16)
            type main.Pair struct { k K; v V }
              method Key func() K
            type main.Pair[string,bool] struct { k string; v bool }
              method Key func() string
        "#]],
    );
}

#[test]
fn generic_functions_of_other_packages_and_names_that_hide_this_package_s() {
    check_locals(
        r#"
//- main.go
package main

import "example.com/app/lib"

func Double[T ~int | ~float64](x T) T { return x * 2 }

func main() {
	mapped := lib.Map([]int{1}, func(i int) string { return "" })
	value := lib.Map[int, bool]
	first := lib.First[int8]([]int8{1})
	type Double int
	converted := Double(3)
	{
		Double := func(s string) bool { return s != "" }
		shadowed := Double("a")
		$0_ = []any{mapped, value, first, converted, shadowed}
	}
}
//- lib/lib.go
package lib

func Map[T, U any](xs []T, f func(T) U) []U { return nil }

func First[T any](xs []T) T { return xs[0] }
"#,
        expect![[r#"
            locals:
              local Double func(string) bool @14
              local shadowed bool @15
              local mapped []string @8
              local value func([]int, func(int) bool) []bool @9
              local first int8 @10
              local converted ? @12
            hidden:
              i @8 OtherBlock
              s @14 OtherBlock
        "#]],
    );
}

#[test]
fn a_type_parameter_hides_a_generic_function_of_its_name() {
    check_locals(
        r#"
package main

func Double[T ~int | ~float64](x T) T { return x * 2 }

func Twice[Double any](x Double) Double {
	y := Double(x)
	$0return y
}

func main() { _ = Twice(1.5) }
"#,
        expect![[r#"
            locals:
              local y Double @6
              param x Double @5
            instantiations (complete):
              Double = float64
        "#]],
    );
}

#[test]
fn results_naming_instantiations_inside_other_types_and_packages() {
    check_locals(
        r#"
//- main.go
package main

import "example.com/app/lib"

type Box[T any] struct{ V T }

func Index[T any](x T) map[string]Box[T] { return nil }

func Hold[T any](x T) struct{ B Box[T] } { return struct{ B Box[T] }{} }

func main() {
	index := Index(int8(1))
	hold := Hold("s")
	wrapped := lib.Wrap(2.5)
	$0_ = []any{index, hold, wrapped}
}
//- lib/lib.go
package lib

type Box[T any] struct{ V T }

func Wrap[T any](x T) Box[T] { return Box[T]{V: x} }
"#,
        expect![[r#"
            locals:
              local index map[string]main.Box[int8] @12
              local hold struct { B main.Box[string] } @13
              local wrapped example.com/app/lib.Box[float64] @14
        "#]],
    );
}

#[test]
fn type_arguments_of_variadic_calls_constraints_alone_and_calls_go_rejects() {
    check_locals(
        r#"
package main

func Sum[T ~int | ~int8](xs ...T) T { return 0 }

func Join[T any](first []T, rest ...T) []T { return first }

func Zero[T interface{ *int8 }]() T { var z T; return z }

func Ref[P ~*E, E any](e E) P { return nil }

func Firsts[T any](xs []T) T { return xs[0] }

func main() {
	n8 := int8(2)
	s8 := []int8{1}
	sum := Sum(1, n8)
	single := Sum(n8)
	spread := Sum(s8...)
	joined := Join([]int16{1}, 2)
	zero := Zero()
	// Go cannot infer P, and rejects a second argument.
	ref := Ref(1)
	extra := Firsts([]int{1}, 2)
	$0_ = []any{sum, single, spread, joined, zero, ref, extra}
}
"#,
        expect![[r#"
            locals:
              local n8 int8 @14
              local s8 []int8 @15
              local sum int8 @16
              local single int8 @17
              local spread int8 @18
              local joined []int16 @19
              local zero *int8 @20
              local ref ? @22
              local extra ? @23
        "#]],
    );
}

#[test]
fn type_arguments_through_chains_of_constraints_and_deep_types() {
    check_locals(
        r#"
package main

func New[P interface{ *E }, E any](e E) P { return nil }

func Chain[A interface{ *B }, B interface{ *C }, C any](c C) A { return nil }

func Deep[T any](p ********T) T { var t T; return t }

func main() {
	fresh := New(1)
	chained := Chain(int8(1))
	var p8 ********uint16
	deep := Deep(p8)
	$0_ = []any{fresh, chained, deep}
}
"#,
        expect![[r#"
            locals:
              local fresh *int @10
              local chained **int8 @11
              local p8 ********uint16 @12
              local deep uint16 @13
        "#]],
    );
}

#[test]
fn type_arguments_matched_inside_instantiations_funcs_and_named_types() {
    check_locals(
        r#"
package main

type Box[T any] struct{ V T }

type Pair[K comparable, V any] struct {
	Key K
	Val V
}

type Ints []int

func Unbox[T any](b Box[T]) T { return b.V }

func UnboxPtr[T any](b *Box[T]) T { return b.V }

func Key[K comparable, V any](p Pair[K, V]) K { return p.Key }

func First[T any](xs []T) T { return xs[0] }

func Apply[T, U any](f func(T) U, x T) U { return f(x) }

func Deeper[T any](p *********T) T { var t T; return t }

func main() {
	unboxed := Unbox(Box[int8]{})
	viaPointer := UnboxPtr(&Box[uint]{})
	key := Key(Pair[string, bool]{})
	var ints Ints
	first := First(ints)
	applied := Apply(func(n int16) string { return "" }, 1)
	// Nine levels: past the depth followed.
	var p9 *********uint16
	deeper := Deeper(p9)
	// Go rejects these calls: nothing is inferred.
	wrongBox := Unbox(Pair[int, string]{})
	wrongFunc := Apply(func(a, b int) string { return "" }, 1)
	$0_ = []any{unboxed, viaPointer, key, first, applied, deeper, wrongBox, wrongFunc}
}
"#,
        expect![[r#"
            locals:
              local unboxed int8 @25
              local viaPointer uint @26
              local key string @27
              local ints main.Ints @28
              local first int @29
              local applied string @30
              local p9 *********uint16 @32
              local deeper ? @33
              local wrongBox ? @35
              local wrongFunc ? @36
            hidden:
              n @30 OtherBlock
              a @36 OtherBlock
              b @36 OtherBlock
        "#]],
    );
}

#[test]
fn untyped_constants_give_the_largest_kind_s_default_type() {
    check_locals(
        r#"
package main

func Pick[T ~int | ~int32 | ~float64 | ~complex128](a, b T) T { return a }

func main() {
	r := Pick(1, 'a')
	c := Pick(1, 2i)
	f := Pick('a', 1.5)
	$0_ = []any{r, c, f}
}
"#,
        expect![[r#"
            locals:
              local r int32 @6
              local c complex128 @7
              local f float64 @8
        "#]],
    );
}

#[test]
fn instantiations_go_rejects_and_aliases_of_other_packages() {
    check(
        r#"
//- main.go
package main

import (
	"example.com/app/lib"
	"example.com/elsewhere/ext"
)

type Box[T any] struct{ V T }

type Coded interface {
	error
	Code() int
}

var global lib.Pair[uint8, bool]

// Fields promoted through four embedded structs.
type L0 struct{ L1 }
type L1 struct{ L2 }
type L2 struct{ L3 }
type L3 struct{ L4 }
type L4 struct{ Deep int8 }

// Five levels: past the depth followed.
type M0 struct{ M1 }
type M1 struct{ M2 }
type M2 struct{ M3 }
type M3 struct{ M4 }
type M4 struct{ M5 }
type M5 struct{ Deeper int8 }

// A field of B alone, and one that an embedded type the resolver cannot
// read may hold too.
type A struct{ OnlyA int }
type B struct{ OnlyB, Shared int }
type Both struct {
	A
	B
}
type Opaque struct {
	ext.Hidden
	B
}

// Go rejects a union with an interface that has methods.
type Either interface{ Coded | int }

func main() {
	var alias lib.Count
	var pair lib.Pair[int8, string]
	key := global.Key
	var coded Coded
	var l0 L0
	deep := l0.Deep
	var m0 M0
	deeper := m0.Deeper
	var both Both
	onlyB := both.OnlyB
	var opaque Opaque
	shared := opaque.Shared
	arr := [2]int16{}
	pa := &arr
	indexed := pa[0]
	// Go rejects these: two type arguments for one parameter, and a
	// local type that takes none.
	var two Box[int, string]
	type Box int
	var local Box[int]
	$0_ = []any{alias, pair, key, coded, deep, deeper, onlyB, shared, indexed, two, local}
}
//- lib/lib.go
package lib

type Count = int

type Pair[K comparable, V any] struct {
	Key K
	Val V
}
"#,
        expect![[r#"
            locals:
              local alias int @49
              local pair example.com/app/lib.Pair[int8,string] @50
              local key uint8 @51
              local coded main.Coded @52
              local l0 main.L0 @53
              local deep int8 @54
              local m0 main.M0 @55
              local deeper ? @56
              local both main.Both @57
              local onlyB int @58
              local opaque main.Opaque @59
              local shared ? @60
              local arr [2]int16 @61
              local pa *[2]int16 @62
              local indexed int16 @63
              local two ? @66
              local local ? @68
            package main main
              var global example.com/app/lib.Pair[uint8,bool] @15
              funcs main
              types A B Both Box Coded Either L0 L1 L2 L3 L4 M0 M1 M2 M3 M4 M5 Opaque
            package lib example.com/app/lib
              types Count Pair
            package ext example.com/elsewhere/ext (incomplete)
            type example.com/app/lib.Pair struct { Key K; Val V }
            type example.com/app/lib.Pair[int8,string] struct { Key int8; Val string }
            type example.com/app/lib.Pair[uint8,bool] struct { Key uint8; Val bool }
            type main.A struct { OnlyA int }
            type main.B struct { OnlyB int; Shared int }
            type main.Both struct { main.A; main.B }
            type main.Box struct { V T }
            type main.Coded interface { Code; Error }
              method Error func() string
              method Code func() int
            type main.Either interface {}
            type main.L0 struct { main.L1 }
            type main.L1 struct { main.L2 }
            type main.L2 struct { main.L3 }
            type main.L3 struct { main.L4 }
            type main.L4 struct { Deep int8 }
            type main.M0 struct { main.M1 }
            type main.M1 struct { main.M2 }
            type main.M2 struct { main.M3 }
            type main.M3 struct { main.M4 }
            type main.M4 struct { main.M5 }
            type main.M5 struct { Deeper int8 }
            type main.Opaque struct { example.com/elsewhere/ext.Hidden; main.B }
        "#]],
    );
}

#[test]
fn conversions_to_type_parameters_calls_through_pointers_and_embedded_names() {
    check_locals(
        r#"
//- main.go
package main

import "example.com/app/lib"

type Box[T any] struct{ V T }

type Holder struct {
	lib.Item
	Box[int8]
}

func Convert[T ~int](x int) T {
	f := func(n int) string { return "" }
	fp := &f
	called := (*fp)(1)
	var h Holder
	item := h.Item
	box := h.Box
	converted := T(x)
	$0_ = []any{called, item, box}
	return converted
}

func main() { _ = Convert[int](1) }
//- lib/lib.go
package lib

type Item struct{ N int }
"#,
        expect![[r#"
            locals:
              local f func(int) string @13
              local fp *func(int) string @14
              local called string @15
              local h main.Holder @16
              local item example.com/app/lib.Item @17
              local box main.Box[int8] @18
              local converted T @19
              param x int @12
            hidden:
              n @13 OtherBlock
            instantiations (complete):
              T = int
        "#]],
    );
}

/// Delve stops on a function's closing brace too (its return): generic
/// code there still runs with its instantiations.
#[test]
fn generic_code_stopped_on_its_closing_brace_runs_with_its_instantiations() {
    check_locals(
        r#"
package main

func Twice[T any](x T) []T {
	return []T{x, x}
$0}

func main() {
	_ = Twice(1.5)
}
"#,
        expect![[r#"
            locals:
              param x T @3
            instantiations (complete):
              T = float64
        "#]],
    );
}

/// An instantiation cycle Go rejects (`*T[[]X]`, `*T[T[X]]`, a map, func
/// or struct of `X` inside `T[X]`: type arguments that grow at each step)
/// still gets an answer while it is typed: the entries stop growing at 32
/// levels of nesting (of type constructors or of brackets), before their
/// types nest deep enough to overflow the stack or their names grow long
/// enough to take seconds.
#[test]
fn an_instantiation_cycle_still_gets_an_answer() {
    for (field, first) in [
        ("*T[[]X]", "main.T[[]int]"),
        ("*T[T[X]]", "main.T[main.T[int]]"),
        ("*T[map[string]X]", "main.T[map[string]int]"),
        ("*T[func(X)]", "main.T[func(int)]"),
        ("*T[struct{ V X }]", "main.T[struct { V int }]"),
        ("*T[map[X]X]", "main.T[map[int]int]"),
    ] {
        let dir = TempDir::new();
        let fixture = format!(
            "package main\n\ntype T[X any] struct {{\n\tv    X\n\tnext {field}\n}}\n\nfunc main() {{\n\tvar t T[int]\n\t_ = t$0\n}}\n"
        );
        let (file, line) = write_fixture(&dir.0, &fixture);
        let scope = SourceIndex::default().scope_at(&file, line).unwrap_or_else(|e| panic!("{e}"));
        assert!(scope.types.iter().any(|(name, _)| name == first), "{field}: no entry {first}");
        let entries = scope.types.iter().filter(|(name, _)| name.starts_with("main.T[")).count();
        // One or two entries a level for the 32 levels of the bound; fewer
        // where the names grow past the bound on their length.
        assert!((1..=64).contains(&entries), "{field}: {entries} entries");
        assert!(field == "*T[map[X]X]" || entries >= 32, "{field}: {entries} entries");
    }
}

/// An imported package instantiating another's type that is not generic
/// (`b.Plain[int]`: Go rejects it) makes no entry of that name.
#[test]
fn a_type_that_is_not_generic_is_never_instantiated() {
    check(
        r#"
//- go.mod
module example.com/app

go 1.23
//- a/a.go
package a

import "example.com/app/b"

var V b.Plain[int]
//- b/b.go
package b

type Plain struct{ N int }
//- main.go
package main

import (
	"example.com/app/a"
	"example.com/app/b"
)

func main() {
	_, _ = a.V, b.Plain{}$0
}
"#,
        expect![[r#"
            locals:
            package main main
              funcs main
            package a example.com/app/a
              var V example.com/app/b.Plain[int] @5
            package b example.com/app/b
              types Plain
            type example.com/app/b.Plain struct { N int }
        "#]],
    );
}

/// An instantiation cycle that widens instead of deepening (each of three
/// arguments deepened in turn: 32³ instantiations before the depth bound)
/// stops at the bound on rounds (2000: each round makes one entry at most).
#[test]
fn a_widening_instantiation_cycle_stops_at_a_bound() {
    let dir = TempDir::new();
    let (file, line) = write_fixture(
        &dir.0,
        "package main\n\ntype T[A, B, C any] struct {\n\ta *T[[]A, B, C]\n\tb *T[A, []B, C]\n\tc *T[A, B, []C]\n}\n\nfunc main() {\n\tvar t T[int, int, int]\n\t_ = t$0\n}\n",
    );
    let scope = SourceIndex::default().scope_at(&file, line).unwrap_or_else(|e| panic!("{e}"));
    let entries = scope.types.iter().filter(|(name, _)| name.starts_with("main.T[")).count();
    assert!((100..=2000).contains(&entries), "{entries} entries");
}

/// In a closure of generic code, a variable whose type names an
/// instantiation over a type parameter, at any depth of its type, is
/// spelled with shapes the sources do not know: unknown (and a type nested
/// more than 32 deep, past the walk's bound). Constraints
/// spelled `interface{}` are basic like `any`; a package's own `any` or
/// `comparable` is no predeclared constraint; a named pointer type under
/// `comparable`, or an argument with an unknown part, has no known shape.
#[test]
fn closures_in_generic_code_spell_what_the_sources_cannot_know_as_unknown() {
    check_locals(
        r#"
package main

type Box[T any] struct{ V T }

func Hold[T any](x T) {
	p := &Box[T]{}
	s := []Box[T]{}
	m := map[string]Box[T]{}
	f := func(Box[T]) {}
	st := struct{ B Box[T] }{}
	plain := []int{}
	fixed := Box[int]{}
	d32 := [][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][]int{}
	d33 := [][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][]int{}
	func() {
		println(p, s, m, f, st, plain, fixed, d32, d33)$0
	}()
}

func main() {
	Hold(1)
}
"#,
        expect![[r#"
            locals:
              captured p ? @6
              captured s ? @7
              captured m ? @8
              captured f ? @9
              captured st ? @10
              captured plain []int @11
              captured fixed main.Box[int] @12
              captured d32 [][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][]int @13
              captured d33 ? @14
            instantiations (complete):
              T = go.shape.int
        "#]],
    );
    check_locals(
        r#"
package main

type User struct{ Name string }

type P *User

type Odd struct{ X nosuch.T }

func Three[A interface{}, B comparable, C any](a A, b B, c C) {
	func() {
		println(a, b, c)$0
	}()
}

func main() {
	var p P
	Three(&User{}, p, Odd{})
}
"#,
        expect![[r#"
            locals:
              captured a A @9
              captured b B @9
              captured c C @9
            instantiations (complete):
              A = go.shape.*uint8, B = ?, C = ?
        "#]],
    );
    check_locals(
        r#"
package main

type any interface{ M() }

type comparable interface{ N() }

type User struct{}

func (*User) M() {}
func (*User) N() {}

func Two[A any, B comparable](a A, b B) {
	func() {
		println(a, b)$0
	}()
}

func main() {
	Two(&User{}, &User{})
}
"#,
        expect![[r#"
            locals:
              captured a A @12
              captured b B @12
            instantiations (complete):
              A = ?, B = ?
        "#]],
    );
}

/// Generic code's locals typed by instantiations over its parameters, of
/// this package's generic types or another's (`Box[T]`,
/// `lib.Box[Pair[K,V]]`), have an entry for each instantiation the code
/// runs with (`main.Box[int]`, `lib.Box[main.Pair[int,string]]`).
#[test]
fn instantiations_over_parameters_get_entries_for_each_instantiation() {
    check(
        r#"
//- go.mod
module example.com/app

go 1.23
//- lib/lib.go
package lib

type Box[T any] struct{ V T }
//- main.go
package main

import "example.com/app/lib"

type Box[T any] struct{ V T }

type Pair[K comparable, V any] struct {
	Key K
	Val V
}

func Keep[K comparable, V any](k K, v V) {
	b := Box[K]{V: k}
	l := lib.Box[K]{V: k}
	p := lib.Box[Pair[K, V]]{}
	_, _, _ = b, l, p$0
}

func main() {
	Keep(1, "a")
}
"#,
        expect![[r#"
            locals:
              local b main.Box[K] @13
              local l example.com/app/lib.Box[K] @14
              local p example.com/app/lib.Box[main.Pair[K,V]] @15
              param k K @12
              param v V @12
            instantiations (complete):
              K = int, V = string
            package main main
              funcs main
              types Box Pair
            package lib example.com/app/lib
              types Box
            type example.com/app/lib.Box struct { V T }
            type example.com/app/lib.Box[K] struct { V K }
            type example.com/app/lib.Box[int] struct { V int }
            type example.com/app/lib.Box[main.Pair[K,V]] struct { V main.Pair[K,V] }
            type example.com/app/lib.Box[main.Pair[int,string]] struct { V main.Pair[int,string] }
            type main.Box struct { V T }
            type main.Box[K] struct { V K }
            type main.Box[int] struct { V int }
            type main.Pair struct { Key K; Val V }
            type main.Pair[K,V] struct { Key K; Val V }
            type main.Pair[int,string] struct { Key int; Val string }
        "#]],
    );
}

/// The bound on nesting counts brackets inside one another only: an
/// instantiation over a struct of 40 array fields (40 brackets side by
/// side) has its entry.
#[test]
fn brackets_side_by_side_are_no_nesting() {
    let dir = TempDir::new();
    let (file, line) = write_fixture(
        &dir.0,
        "package main\n\ntype Box[T any] struct{ V T }\n\nfunc main() {\n\tb := Box[struct{ A0 [1]int; A1 [1]int; A2 [1]int; A3 [1]int; A4 [1]int; A5 [1]int; A6 [1]int; A7 [1]int; A8 [1]int; A9 [1]int; A10 [1]int; A11 [1]int; A12 [1]int; A13 [1]int; A14 [1]int; A15 [1]int; A16 [1]int; A17 [1]int; A18 [1]int; A19 [1]int; A20 [1]int; A21 [1]int; A22 [1]int; A23 [1]int; A24 [1]int; A25 [1]int; A26 [1]int; A27 [1]int; A28 [1]int; A29 [1]int; A30 [1]int; A31 [1]int; A32 [1]int; A33 [1]int; A34 [1]int; A35 [1]int; A36 [1]int; A37 [1]int; A38 [1]int; A39 [1]int }]{}\n\t_ = b$0\n}\n",
    );
    let scope = SourceIndex::default().scope_at(&file, line).unwrap_or_else(|e| panic!("{e}"));
    assert!(scope.types.iter().any(|(name, _)| name.starts_with("main.Box[struct { A0 [1]int;")), "no entry");
}
