package main

import (
	"example.com/diff1796484781/lib"
	"unsafe"
)

func sink(xs ...any) {}

type Weight uint64

type User struct {
	Tags  int
	count [2]uint16
}

func (r User) Area() float64 {
	return 1.5
}

type Cell struct {
	Next  string
	name  chan int
	Owner string
}

func (r *Cell) Area() float64 {
	return 2.5
}

func (r Cell) String() string {
	return "s"
}

type User1 struct {
	User
	*Cell
	count complex64
	Flags map[string]int16
	tags  byte
	flags Weight
}

type Shape interface {
	Area() float64
}

type CodeErr struct {
	Code int
	Msg  string
}

func (e *CodeErr) Error() string {
	return e.Msg
}

func stop1(arr lib.Pair2, items []CodeErr) {
	sink(arr, items)
}

func stop3(s lib.Tag) {
	var pt Cell = Cell{Next: "a\tb", Owner: "a\tb"}
	up := unsafe.Pointer(&pt)
	sink(s, pt, up)
}

func Keep[T any](x T, n int) T {
	sink(x, n)
	return x
}

func Pair[K comparable, V any](k K, v V) {
	sink(k, v)
}

func Each[T any](xs []T, f func(T)) {
	for _, x := range xs {
		f(x)
	}
}

func main() {
	stop1(lib.Pair2([2]int{65, 51}), []CodeErr{})
	stop3(lib.Tag(""))
	lib.Stop6(lib.Sizer(&lib.Job{Record: lib.Record{Label: make(chan int, 1), ID: uint32(34)}, Value: uintptr(197)}))
	(&lib.Holder[*lib.Record]{N: 9}).Put(&lib.Record{Owner: "ünï", Label: make(chan int, 0), ID: uint32(147)})
	(&lib.Holder[Shape]{N: 1}).Put(Shape(&Cell{Next: "ünï", Owner: ""}))
	Keep[*Cell](&Cell{Next: "alpha", name: make(chan int, 0), Owner: "ünï"}, 1)
	Keep[*Cell](&Cell{Next: "go", name: make(chan int, 2), Owner: ""}, 5)
	Keep[*lib.Job](&lib.Job{Record: lib.Record{Owner: "bob", Label: make(chan int, 2), ID: uint32(128)}, Value: uintptr(72), Flags: "x"}, 4)
	Pair[*User1, User](&User1{User: User{}, Cell: &Cell{Next: "ünï", name: make(chan int, 0), Owner: "hello world"}, Flags: map[string]int16{"k0": int16(-48), "k1": int16(55)}, flags: Weight(uint64(198))}, User{Tags: 86, count: [2]uint16{uint16(10), uint16(1)}})
	Pair[lib.Job, []int](lib.Job{Record: lib.Record{Width: lib.Flag(false), ID: uint32(106)}, Owner: &lib.Record{Owner: "hello world"}, Flags: "q\"t"}, []int{81, 15})
	Each[lib.Job]([]lib.Job{lib.Job{Owner: &lib.Record{Owner: "x", Width: lib.Flag(true), Label: make(chan int, 1), ID: uint32(62)}, Value: uintptr(52)}}, func(lib.Job) {})
	Each[*lib.Record]([]*lib.Record{&lib.Record{Owner: "bob", Width: lib.Flag(true), Label: make(chan int, 0), ID: uint32(51)}}, func(*lib.Record) {})
	Each[lib.Job]([]lib.Job{lib.Job{Record: lib.Record{Label: make(chan int, 0), ID: uint32(147)}, Owner: &lib.Record{Owner: "q\"t", Width: lib.Flag(false), Label: make(chan int, 2)}}}, func(lib.Job) {})
}
