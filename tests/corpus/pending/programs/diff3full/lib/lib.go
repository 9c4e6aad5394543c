package lib

import (
	"errors"
)

func sink(xs ...any) {}

func ptrTo[T any](v T) *T { return &v }

type Level int8

type Temp1 float64

type User2 struct {
	Flags int
	Value string
	Width [2]float64
}

func (r User2) Size() float64 {
	return 1.5
}

type Node struct {
	User2
	Value chan int
	Data  []float64
	Title map[string]int8
}

func (r *Node) Size() float64 {
	return 2.5
}

func (r Node) String() string {
	return "s"
}

type Sizer interface {
	Size() float64
}

type LibErr struct {
	Code int
	Msg  string
}

func (e *LibErr) Error() string {
	return e.Msg
}

type Handler3 func(int) string

type Names []string

type Holder[T any] struct {
	V T
	N int
}

func Describe(n int) string {
	return "n"
}

var GM map[string]uint64 = map[string]uint64{"k0": uint64(108)}

var GF4 float64 = 30.4

var GM5 map[string]uint16 = map[string]uint16{"k0": uint16(2), "k1": uint16(10)}

func Stop5() {
	var anyv any = any(42)
	var err error = errors.New("eof")
	pipe := make(chan bool, 3)
	pipe <- false
	var recv <-chan bool = pipe
	var send chan<- bool = pipe
	base := 1
	prefix := "p"
	add := func(a int) int {
		return a + base + len(prefix)
	}
	sink(anyv, err, pipe, recv, send, base, prefix, add)
}

func Stop6() {
	fn := Describe
	p10 := &User2{Flags: 53, Value: "", Width: [2]float64{10.3, 12.8}}
	pp := &p10
	var handler11 Handler3 = Handler3((func(int) string)(nil))
	var wave complex64 = complex64(complex(7, 4.25))
	func() {
		sink(fn, p10, pp, handler11, wave)
	}()
}

func Keep[T any](x T, n int) T {
	sink(x, n)
	return x
}
