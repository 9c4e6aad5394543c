//! Which locals Delve shows at a line: parameters, the declaration-line
//! rule, blocks and shadowing, range and switch bindings, closures.

use expect_test::expect;

use super::*;

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

/// Delve stops on that line in each function literal starting there too,
/// once it runs: their parameters are accepted, a name the stops type
/// differently is unknown.
#[test]
fn closures_starting_on_the_line_add_their_parameters() {
    check_locals(
        r#"
package main

func main() {
	x, n := 1, "s"
	f := func(n int, y string) int { return func(z bool) int { return n + x }(y == "") }$0
	_ = f
}
"#,
        expect![[r#"
            locals:
              local x int @4
              local n ? @4
              param y string @5
              param z bool @5
            hidden:
              f @5 DeclaredLater
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
              var x int @3 (unused: dropped by the linker)
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
fn a_closure_on_the_line_keeps_a_syntax_error_around_it() {
    check_locals(
        r#"
package main

func main() {
	f := func(n int) int { return n }$0
	_ = f
	b := 1 +
}
"#,
        expect![[r#"
            locals (incomplete):
              param n int @4
            hidden:
              f @4 DeclaredLater
              b @6 DeclaredLater
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

/// A closure's references after a nested block still capture; a name
/// declared in the closure itself after the line is not a capture but
/// declared later.
#[test]
fn closure_captures_after_a_nested_block() {
    check_locals(
        r#"
package main

func main() {
	x := 1
	z := 3
	f := func() {
		if true {
		}
		_ = x$0
		y := 2
		_ = y + z
	}
	f()
}
"#,
        expect![[r#"
            locals:
              captured x int @4
              captured z int @5
            hidden:
              y @10 DeclaredLater
        "#]],
    );
}

/// A value receiver is the value, not a pointer; two hidden variables of
/// one name in other blocks are both listed.
#[test]
fn value_receiver_and_hidden_names_in_two_blocks() {
    check_locals(
        r#"
package main

type Stack struct{ items []int }

func (s Stack) Len() int {
	if true {
		err := 1
		_ = err
	}
	if true {
		err := 2
		_ = err
	}
	return len(s.items)$0
}

func main() {}
"#,
        expect![[r#"
            locals:
              receiver s main.Stack @5
            hidden:
              err @7 OtherBlock
              err @11 OtherBlock
        "#]],
    );
}

/// A block that starts on the line after the stop does not enclose it.
#[test]
fn block_on_the_next_line_is_another_block() {
    check_locals(
        r#"
package main

func main() {
	a := 1
	_ = a$0
	if a > 0 {
		inner := 1
		_ = inner
	}
}
"#,
        expect![[r#"
            locals:
              local a int @4
            hidden:
              inner @7 OtherBlock
        "#]],
    );
}

/// A type declared in a function shadows the package's type of that name:
/// a variable of it has a type the scope cannot name (the compiler names
/// local types itself).
#[test]
fn local_type_shadows_the_package_type() {
    check_locals(
        r#"
package main

type T int

func main() {
	type T string
	var x T
	_ = x$0
}
"#,
        expect![[r#"
            locals:
              local x ? @7
        "#]],
    );
}

/// Types are not walked for references: a local constant named only in an
/// array type inside a closure is not one of its captures.
#[test]
fn names_in_types_are_not_captures() {
    check_locals(
        r#"
package main

func main() {
	const n = 3
	v := 1
	f := func() {
		a := [n]int{}
		_ = a[0] + v$0
	}
	f()
}
"#,
        expect![[r#"
            locals:
              local a [3]int @7
              captured v int @5
        "#]],
    );
}

/// `:=` redeclaring a name of its own block assigns it: a closure captures
/// the variable of the first declaration.
#[test]
fn redeclared_variable_captured_by_a_closure() {
    check_locals(
        r#"
package main

func main() {
	a, err := 1, error(nil)
	b, err := 2, error(nil)
	f := func() {
		_ = err$0
	}
	_, _, _ = a, b, f
}
"#,
        expect![[r#"
            locals:
              captured err error @4
        "#]],
    );
}

/// `case v = <-ch:` assigns the outer variable; only `:=` declares one.
#[test]
fn select_case_assignment_declares_nothing() {
    check_locals(
        r#"
package main

func main() {
	ch := make(chan int, 1)
	v := 0
	select {
	case v = <-ch:
		_ = v$0
	default:
	}
}
"#,
        expect![[r#"
            locals:
              local ch chan int @4
              local v int @5
        "#]],
    );
}

/// Ranging over a typed integer gives its type; over what Go cannot range
/// over (a float, a func that is not an iterator), no type.
#[test]
fn range_over_typed_integers_and_what_is_not_rangeable() {
    check_locals(
        r#"
package main

func notIter(yield func(int) bool, extra int) {}

func main() {
	var n uint8 = 3
	var f float64
	for i := range n {
		for j := range f {
			for k := range notIter {
				_, _, _ = i, j, k$0
			}
		}
	}
}
"#,
        expect![[r#"
            locals:
              local k ? @10
              local j ? @9
              local i uint8 @8
              local n uint8 @6
              local f float64 @7
        "#]],
    );
}

/// In `case nil:` the bound name has the switched value's type; locals
/// declared in a case's body are visible there.
#[test]
fn type_switch_nil_case_and_its_body() {
    check_locals(
        r#"
package main

type Shape interface{ Area() float64 }

func describe(s Shape) {
	switch v := s.(type) {
	case nil:
		w := 1
		_, _ = v, w$0
	default:
		_ = v
	}
}

func main() { describe(nil) }
"#,
        expect![[r#"
            locals:
              local v main.Shape @6
              local w int @8
              param s main.Shape @5
        "#]],
    );
}
