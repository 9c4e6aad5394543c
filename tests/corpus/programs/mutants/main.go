// The mutants program: the values behind corpus cases written for engine
// mutants that no other case caught (scripts/mutants), each rule in one
// place, stopped at one line where all are live.
package main

import "fmt"

type Clock struct{ N int }

func (c Clock) Add(d int) int { return c.N + d }

func sink(xs ...any) {}

func main() {
	fl := []float64{1.5, 2.5}
	fns := []func(int) int{func(i int) int { return i + 1 }}
	// Named like a package the program links (fmt uses sync) but does not import here.
	sync := Clock{N: 1}
	n := 7
	arr := [3]int{1, 2, 3}
	parr := &arr
	pfl := &fl
	fmt.Println(len(fl))
	sink(fl, fns, sync, n, parr, pfl)
	members()
}

type User struct{ Name string }

// Each embeds a pointer to the other.
type Ring struct {
	*Link
	Val int
}

type Link struct {
	*Ring
	Next int
}

func members() {
	u := &User{Name: "a"}
	pu := &u
	r := &Ring{Val: 1}
	r.Link = &Link{Ring: r, Next: 2}
	ch := make(chan int, 4)
	ch <- 1
	sink(pu, r, ch)
	operators()
}

type Pair struct{ A, B int }

func operators() {
	p := Pair{A: 1, B: 2}
	anon := struct{ N int }{N: 1}
	var x any = p
	var ip *int
	n := 7
	f := 2.5
	var c complex128 = 1 + 2i
	s := "s"
	ok := true
	m := map[string]int{"a": 1}
	mi := map[any]int{1: 1}
	mf := map[float64]int{1: 1}
	mc := map[complex128]int{1: 1}
	mb := map[bool]int{true: 1}
	sink(p, anon, x, ip, n, f, c, s, ok, m, mi, mf, mc, mb)
	conversions()
}

type Shape interface{ Area() float64 }

type Sq struct{ S float64 }

func (q Sq) Area() float64 { return q.S * q.S }

func conversions() {
	var ai interface{ Area() float64 } = Sq{S: 2}
	var sh Shape = Sq{S: 3}
	n := 7
	pn := &n
	xs := []int{1}
	sink(ai, sh, n, pn, xs)
	mapKeys()
}

type IntPtr *int

type FloatPtr *float64

// Maps keyed by pointers: a key's type is compared by its pointer's element.
func mapKeys() {
	n, x := 7, 8
	p := &n
	var pf *float64
	var p64 *int64
	var ip IntPtr = p
	mp := map[*int]int{p: 1}
	mn := map[IntPtr]int{ip: 1}
	mpp := map[**int]int{&p: 1}
	f := 1.5
	mfp := map[FloatPtr]string{&f: "a"}
	sink(n, x, p, pf, p64, ip, mp, mn, mpp, mfp)
}

type Count int

type Plain func(int) int

type Counted func(Count) int

type Vary func(...int)

type Visit func(string, ...int) bool

// Func values converted to named func types: Delve compares the types'
// lists as the debug info has them, results after the parameters and `...`
// after a variadic's, whose entry for a named type has no signature.
func funcConversions() {
	var plain Plain
	var counted Counted
	var vary Vary
	var visit Visit
	var h func(int) int
	var q func(int, int)
	var e func(...int)
	var f func(string, ...int) bool
	var r func(string, []int, bool)
	var b func(Count) int
	sink(plain, counted, vary, visit, h, q, e, f, r, b)
}

func init() {
	funcConversions()
}
