package main

import (
	"example.com/diff2/geo"
)

func sink(xs ...any) {}

func ptrTo[T any](v T) *T { return &v }

type Toggle bool

type Key string

type Rate float64

type Tally rune

type Temp float64

type Item struct {
	Next  int
	name  float64
	Total bool
	Flags bool
}

func (r Item) Area() float64 {
	return 1.5
}

type Item1 struct {
	Total string
	Name  [2]int8
	Owner Temp
}

func (r *Item1) Area() float64 {
	return 2.5
}

func (r Item1) String() string {
	return "s"
}

type Job struct {
	Item
	*Item1
	flags byte
	Label chan int
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

type Queue chan int

type Names []string

type Box[T any] struct {
	V T
	N int
}

func describe(n int) string {
	return "n"
}

var gPtr *geo.Index = ptrTo(geo.Index(map[string]int{"k0": 41, "k1": 49}))

var gFn func(int) uint16 = func(_ int) uint16 { return uint16(90) }

var gF5 float64 = 21.1

var gM map[Tally]geo.Sizer = map[Tally]geo.Sizer{Tally(rune(1)): geo.Sizer(geo.Order{Value: 26, Tags: ""})}

var gRef *string = ptrTo("bob")

func stop1(count uintptr, ch Queue) {
	var m map[rune]map[string]geo.Item3 = map[rune]map[string]geo.Item3{rune(1): map[string]geo.Item3{"k0": geo.Item3{Order: geo.Order{Tags: ""}, Value: geo.Temp2(23.3)}}, rune(2): map[string]geo.Item3{"k0": geo.Item3{Order: geo.Order{}, Value: geo.Temp2(37.3)}, "k1": geo.Item3{Order: geo.Order{}, Value: geo.Temp2(11.3)}}}
	var cb func(string) bool = func(_ string) bool { return false }
	var st Item = Item{Next: 59, Flags: false}
	sink(count, ch, m, cb, st)
}

func stop2(ch6 chan float64) {
	var index map[string]any = map[string]any{"k0": any("q\"t"), "k1": any(nil)}
	var byName map[uint8]*Shape = map[uint8]*Shape{uint8(1): ptrTo(Shape(&Item1{Total: "hello world", Name: [2]int8{int8(54), int8(-20)}, Owner: Temp(32.7)})), uint8(2): ptrTo(Shape(Item{Next: 81, name: 13.7}))}
	var anyv any = any(map[string]int{"k0": 96})
	var items []any = []any{any("a\tb"), any(81)}
	sink(ch6, index, byName, anyv, items)
}

func stop3() {
	ch7 := make(chan int, 5)
	ch7 <- 73
	var iface geo.Sizer = geo.Sizer(&geo.Order{Value: 49, Tags: "alpha"})
	base := 3
	prefix := "p"
	add := func(a int) int {
		return a + base + len(prefix)
	}
	var p **float64 = ptrTo(ptrTo(30.4))
	pipe := make(chan float64, 3)
	pipe <- 34.9
	var recv <-chan float64 = pipe
	var send chan<- float64 = pipe
	sink(ch7, iface, base, prefix, add, p, pipe, recv, send)
}

func Each[T any](xs []T, f func(T)) {
	for _, x := range xs {
		f(x)
	}
}

func Keep[T any](x T, n int) T {
	sink(x, n)
	return x
}

func Pair[K comparable, V any](k K, v V) {
	sink(k, v)
}

func keepGlobals() {
	sink(gFn, gF5, gM, gRef)
}

func main() {
	keepGlobals()
	geo.KeepGlobals()
	stop1(uintptr(196), Queue(make(chan int, 0)))
	stop2(make(chan float64, 2))
	stop3()
	geo.Stop4()
	geo.Stop5()
	Each[geo.Order]([]geo.Order{geo.Order{Value: 50, Tags: "q\"t"}}, func(geo.Order) {})
	Each[*Job]([]*Job{&Job{Item1: &Item1{Total: "", Name: [2]int8{int8(5), int8(-42)}, Owner: Temp(16.8)}, flags: byte('0'), Label: make(chan int, 1)}}, func(*Job) {})
	Keep[Shape](Shape(&Item{name: 6.6, Total: true, Flags: true}), 2)
	Keep[Item1](Item1{Total: "q\"t", Name: [2]int8{int8(-56), int8(8)}}, 4)
	Pair[string, float64]("x", 26.2)
}
