package main

import (
	"errors"
	"example.com/diff1796482404/store"
	"fmt"
	"unsafe"
)

func sink(xs ...any) {}

func ptrTo[T any](v T) *T { return &v }

type Enabled bool

type Tag string

type Temp float64

type Phase int32

type Weight uint8

type Point struct {
	Total int
	Title [2]bool
	Name  float64
}

func (r Point) Area() float64 {
	return 1.5
}

type Point1 struct {
	width int
	title chan int
	Count []int32
	Owner []int16
}

func (r *Point1) Area() float64 {
	return 2.5
}

func (r Point1) String() string {
	return "s"
}

type Event struct {
	Point
	*Point1
	Tags Phase
	next []bool
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

type Queue chan int

type Box[T any] struct {
	V T
	N int
}

func describe(n int) string {
	return "n"
}

var gCount int64 = int64(68)

var gFlag bool = false

var gObj Point = Point{Total: 12, Title: [2]bool{false, false}}

var gSl []store.Config = []store.Config{store.Config{Data: "go", Owner: 22.9}, store.Config{Data: "hello world", Owner: 36.9}, store.Config{Data: "a\tb", Owner: 24.9}}

var gList []bool = []bool{}

func stop1() {
	var grid [1][]Tag = [1][]Tag{[]Tag{}}
	var err error = error(&CodeErr{Code: 136, Msg: "bad"})
	var avg Temp = Temp(11.2)
	var ch chan bool = make(chan bool)
	var index map[uint8]Event = map[uint8]Event{uint8(1): Event{Point: Point{Total: 28, Title: [2]bool{false, false}, Name: 34.4}, Point1: &Point1{title: make(chan int, 2), Count: []int32{int32(-69)}, Owner: []int16{int16(74)}}, Tags: Phase(int32(-40))}}
	sink(grid, err, avg, ch, index)
}

func stop2() {
	var anyv any = any("x")
	var idx int16 = int16(-94)
	var err5 error = fmt.Errorf("wrap: %w", errors.New("inner"))
	var pt store.Config = store.Config{Data: "bob", Owner: -1.8}
	up := unsafe.Pointer(&pt)
	base := 4
	prefix := "p"
	add := func(a int) int {
		return a + base + len(prefix)
	}
	sink(anyv, idx, err5, pt, up, base, prefix, add)
}

func stop3(ch6 store.Queue3) {
	fn := describe
	var z complex128 = complex(0.5, 2)
	var sl []*Point1 = []*Point1(nil)
	var n7 int = 56
	sink(ch6, fn, z, sl, n7)
}

func Each[T any](xs []T, f func(T)) {
	for _, x := range xs {
		f(x)
	}
}

func keepGlobals() {
	sink(gObj, gSl)
}

func main() {
	keepGlobals()
	stop1()
	stop2()
	stop3(store.Queue3(make(chan int, 1)))
	store.Stop4(true, store.Sizer(&store.Node{Config: store.Config{Data: "go", Owner: 18.1}, Owner: []bool{true, true}}), store.Holder[store.Node]{N: 9})
	store.Stop5(func(_ string) bool { return false })
	Each[float64]([]float64{20.7}, func(float64) {})
	(&store.Holder[Point1]{N: 5}).Put(Point1{width: 34, Count: []int32{int32(25), int32(29)}, Owner: []int16{int16(55), int16(44), int16(-57)}})
	(&store.Holder[uint8]{N: 4}).Put(uint8(190))
	(&store.Holder[any]{N: 3}).Put(any(CodeErr{Msg: "go"}))
}
