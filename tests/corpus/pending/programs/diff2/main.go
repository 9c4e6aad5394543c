package main

import (
	"example.com/diff2/geo"
)

func sink(xs ...any) {}

type Rate float64

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

func stop2(ch6 chan float64) {
	sink(ch6)
}

func stop3() {
	var iface geo.Sizer = geo.Sizer(&geo.Order{Value: 49, Tags: "alpha"})
	base := 3
	prefix := "p"
	add := func(a int) int {
		return a + base + len(prefix)
	}
	sink(iface, base, prefix, add)
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

func main() {
	stop2(make(chan float64, 2))
	stop3()
	geo.Stop4()
	geo.Stop5()
	Each[geo.Order]([]geo.Order{geo.Order{Value: 50, Tags: "q\"t"}}, func(geo.Order) {})
	Each[*Job]([]*Job{&Job{Item1: &Item1{Total: "", Name: [2]int8{int8(5), int8(-42)}, Owner: Temp(16.8)}, flags: byte('0'), Label: make(chan int, 1)}}, func(*Job) {})
	Keep[Shape](Shape(&Item{name: 6.6, Total: true, Flags: true}), 2)
	Keep[Item1](Item1{Total: "q\"t", Name: [2]int8{int8(-56), int8(8)}}, 4)
}
