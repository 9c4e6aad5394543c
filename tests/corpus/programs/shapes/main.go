package main

import "example.com/shapes/lib"

type Point struct{ X, Y int }

func (p Point) Area() float64 { return float64(p.X * p.Y) }

type Shape interface{ Area() float64 }

// Level is used only as a type argument: the binary has no debug info
// entry for it, and Delve shows the shape type instead.
type Level int32

type Tag string

type User struct {
	Name string
	Age  int
}

var origin = Point{1, 2}

// gTotal is never used: the linker drops it.
var gTotal int32 = int32(-1)

var gUsed = "used"

// Each runs as Each[go.shape.*uint8] for pointers (its constraint has no
// type terms) and Each[go.shape.struct { X int; Y int }] for Point.
func Each[T any](xs []T, f func(T)) {
	for _, x := range xs {
		f(x)
	}
}

// Pair's K is comparable: a pointer keeps its own shape (*main.User).
func Pair[K comparable, V any](k K, v V) {
	println(k == k)
}

func Keep[T any](x T, n int) T {
	n++
	return x
}

func main() {
	println(gUsed, origin.X)
	Each([]*lib.Job{{Title: "a", Record: lib.Record{Owner: "ann"}}}, func(*lib.Job) {})
	Each([]Point{{1, 2}}, func(Point) {})
	Pair(&User{Name: "u"}, &Point{3, 4})
	Pair("s", Tag("t"))
	Pair(lib.Job{Title: "j"}, []int{1})
	Keep(Level(7), 1)
	(&lib.Holder[*lib.Record]{}).Put(&lib.Record{Owner: "r"})
	(&lib.Holder[Shape]{}).Put(Shape(Point{3, 4}))
	lib.Keep(lib.Record{Owner: "k"}, 2)
	Firsts([]*User{{Name: "f"}})
	Firsts([]Point{{5, 6}})
	Mix(&User{Name: "m"}, Level(3))
	Mix(Shape(Point{1, 1}), Point{7, 8})
	Hold[any](3)
	Hold[error](nil)
	Hold[any](struct{ Nope int }{1})
}

// Firsts has a local of type []T: for pointers, []go.shape.*uint8.
func Firsts[T any](xs []T) []T {
	head := xs[:1]
	return head
}

// Mix binds a pointer with a basic shape, then an interface with a struct;
// its closure captures values of both type parameters.
func Mix[A, B any](a A, b B) {
	show := func() bool {
		return any(a) != nil && any(b) != nil
	}
	println(show())
}

// Hold is instantiated with interface types only.
func Hold[T any](v T) {
	var box any = v
	println(box != nil)
}

// Sink and Visit are type arguments whose shapes a frame name spells in
// full: a channel's direction, a func's `...`; []Cell[int] is one whose
// shape the sources do not spell (of an instance of a generic type).
type Sink chan<- int

type Visit func(string, ...int) bool

type Cell[T any] struct{ V T }

func Relay[T any](x T, n int) {
	n++
	println(n)
}

func init() {
	Relay(Sink(nil), 1)
	Relay(Visit(nil), 2)
	Relay([]Cell[int]{{V: 3}}, 3)
}

// Same's K is comparable: each pointer type keeps its own shape (not
// *uint8), so Same[*User] and Same[*Point] run in two copies, each called
// with one dictionary.
func Same[K comparable](a, b K) bool {
	return a == b
}

func init() {
	Same(&User{Name: "s"}, nil)
	Same(&Point{1, 2}, nil)
}

// Gather's closure captures values whose types hold its type parameter
// inside another type: Delve shows them with the shape types
// ([]go.shape.int, map[string]go.shape.int).
func Gather[T any](xs []T, m map[string]T) int {
	count := func() int {
		return len(xs) + len(m)
	}
	return count()
}

func init() {
	Gather([]Level{1, 2}, map[string]Level{"a": 3})
}

// Wrap's closure captures a value of a generic type over its type
// parameter: Delve shows it with the shape inside its name
// (main.Cell[go.shape.int32]) and its field with the shape type.
func Wrap[T any](c Cell[T]) bool {
	peek := func() bool {
		return any(c.V) != nil
	}
	return peek()
}

func init() {
	Wrap(Cell[Level]{V: 4})
}
