// The fidelity program: values of the kinds the differential tester found
// the engine wrong about (channels, pointers, unsafe.Pointer, func values,
// interfaces, deep structs), stopped at one line where all are live.
package main

import (
	"errors"
	"fmt"
	"unsafe"

	"example.com/fidelity/lib"
)

type Point struct{ X, Y int }

type MyErr interface{ Error() string }

type Stack[T any] struct{ items []T }

var origin Point

func describe(p Point) string { return fmt.Sprint(p) }

func sink(xs ...any) {}

func main() {
	p := &Point{1, 2}
	q := &Point{3, 4}
	up := unsafe.Pointer(p)
	s := "hello"
	ps := &s
	fl := []float64{1.5, 2.5}
	pfl := &fl
	m := map[string]int{"a": 1}
	pm := &m
	arr := [3]int{1, 2, 3}
	parr := &arr
	pparr := &parr
	ch := make(chan int, 4)
	ch <- 1
	pch := &ch
	mch := map[string]chan int{"k": ch}
	var err error = fmt.Errorf("wrap: %w", errors.New("x"))
	var me MyErr = err
	var nilerr error
	z := complex(1, 2)
	var z64 complex64 = 1
	f := 2.5
	fn := describe
	fn2 := describe
	var anyv any = 3
	n := 7
	ok := n > 3
	var deep, deep2 lib.Deep
	var rec lib.Record
	var big, big2 [65]int
	var small [64]int
	var arrs [2]lib.Mid
	ids := &Stack[int]{items: []int{10, 20}}
	sink(p, q, up, ps, pfl, pm, parr, pparr, pch, mch, err, me, nilerr, z, z64, f, fn, fn2, anyv, ok)
	sink(deep, deep2, rec, big, big2, small, arrs, ids, errors.Unwrap(err))
	each([]*Job{{Title: "a", N: 1}}, func(j *Job) {})
	firstOf([]Point{{5, 6}})
	pairOf(&Job{Title: "b"}, 2)
	stacks()
}

// Job is used by generic code only through pointers.
type Job struct {
	Title string
	N     int
}

// each, instantiated only with a pointer type: frame shape `*uint8`, x's type from the dictionary.
func each[T any](xs []T, f func(T)) {
	for _, x := range xs {
		f(x)
	}
}

// firstOf is instantiated only with a struct type.
func firstOf[T any](xs []T) T {
	x := xs[0]
	return x
}

// pairOf's constraint is not of methods only: a pointer's shape is the pointer type itself.
func pairOf[K comparable, V any](k K, v V) {
	sink(k, v)
}

// stacks holds a main.Stack instantiated with a type literal behind an
// unsafe.Pointer: Delve finds `main.Stack[[]int]` by that very spelling.
func stacks() {
	sl := &Stack[[]int]{items: [][]int{{1}}}
	bp := unsafe.Pointer(sl)
	sink(sl, bp)
}
