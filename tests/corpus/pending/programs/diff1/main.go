package main

import (
	"example.com/diff1/geo"
)

func sink(xs ...any) {}

func ptrTo[T any](v T) *T { return &v }

type Enabled bool

type Temp float64

type Grade byte

type Mode int16

type Job struct {
	value string
	Next  chan int
}

func (r Job) Area() float64 {
	return 1.5
}

type Event struct {
	Name  string
	Owner chan int
	data  int64
}

func (r *Event) Area() float64 {
	return 2.5
}

func (r Event) String() string {
	return "s"
}

type Record struct {
	Job
	*Event
	Total bool
	Next  Temp
	Tags  string
	Value float64
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

type Index map[string]int

type Box[T any] struct {
	V T
	N int
}

func describe(n int) string {
	return "n"
}

var gTotal int32 = int32(-1)

func stop1(idx int64) {
	var num geo.Grade1 = geo.Grade1('é')
	fn := describe
	var handler func(string) bool = func(_ string) bool { return true }
	base := 3
	prefix := "p"
	add := func(a int) int {
		return a + base + len(prefix)
	}
	ch := make(chan int, 5)
	ch <- 63
	ch <- 78
	ch <- 42
	sink(idx, num, fn, handler, base, prefix, add, ch)
}

func stop2(grid [2]any) {
	var ch5 chan string = make(chan string)
	var anyv any = any(Event{Name: "bob", Owner: make(chan int, 2)})
	p := &geo.Entry{Cell: geo.Cell{Label: "a\tb", Count: [2]float64{21.3, 38.9}, Name: uint32(65), Title: map[string]bool{"k0": false, "k1": true}}, Width: []uintptr{uintptr(70)}}
	var ref *int16 = ptrTo(int16(34))
	sink(grid, ch5, anyv, p, ref)
}

func stop3(m map[string]Grade, byName map[string]func(int) bool) {
	pipe := make(chan complex128, 3)
	pipe <- complex(0.5, 7)
	var send chan<- complex128 = pipe
	var p6 *any = ptrTo(any(error(&CodeErr{Code: 381, Msg: "bad"})))
	sink(m, byName, pipe, send, p6)
}

func Keep[T any](x T, n int) T {
	sink(x, n)
	return x
}

func (b *Box[T]) Put(v T) {
	b.V = v
	sink(b, v)
}

func main() {
	stop1(int64(-17))
	stop2([2]any{any(&Job{value: "q\"t", Next: make(chan int, 1)}), any(23)})
	stop3(map[string]Grade{"k0": Grade(byte('0')), "k1": Grade(byte('0'))}, map[string]func(int) bool{"k0": func(_ int) bool { return true }})
	geo.Stop4(geo.Sizer(&geo.Entry{Cell: geo.Cell{Label: "go", Count: [2]float64{20.6, 2.6}, Name: uint32(184), Title: map[string]bool{"k0": false}}}))
	Keep[Shape](Shape(&Event{Owner: make(chan int, 2), data: int64(89)}), 5)
	Keep[[]int]([]int{-5}, 3)
	geo.Each[*Record]([]*Record{&Record{Event: &Event{}, Total: false, Next: Temp(0.9), Tags: "bob", Value: 23.5}}, func(*Record) {})
	geo.Each[Temp]([]Temp{Temp(34.6)}, func(Temp) {})
	(&Box[float64]{N: 1}).Put(38.9)
	(&Box[*geo.Entry]{N: 7}).Put(&geo.Entry{Cell: geo.Cell{Label: "alpha", Count: [2]float64{22.7, 2.6}, Name: uint32(148), Title: map[string]bool{"k0": true, "k1": false}}, Width: []uintptr{uintptr(77)}})
}
