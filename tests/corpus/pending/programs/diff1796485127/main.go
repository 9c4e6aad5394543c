package main

import (
	"example.com/diff1796485127/util"
	"unsafe"
)

func sink(xs ...any) {}

func ptrTo[T any](v T) *T { return &v }

type Enabled bool

type Mode rune

type Config struct {
	label string
	Flags [2]float64
	Name  map[string]string
	Label [2]string
}

func (r Config) Area() float64 {
	return 1.5
}

type Node struct {
	Title string
	total bool
	Value bool
}

func (r *Node) Area() float64 {
	return 2.5
}

func (r Node) String() string {
	return "s"
}

type Order struct {
	Config
	*Node
	Count chan int
	Width Mode
	Label int
	Tags  Enabled
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

func stop2() {
	var val Shape = Shape(&Node{total: false, Value: true})
	sink(val)
}

func stop3(queue util.Queue, ref *any, pt Order) {
	up := unsafe.Pointer(&pt)
	sink(queue, ref, pt, up)
}

func Pair[K comparable, V any](k K, v V) {
	sink(k, v)
}

func main() {
	stop2()
	stop3(util.Queue(make(chan int, 2)), ptrTo(any(util.Cell{Data: false, Tags: float32(31.5)})), Order{Config: Config{label: "x", Flags: [2]float64{14.9, 10.8}, Name: map[string]string{"k0": "go"}, Label: [2]string{"hello world", "a\tb"}}, Node: &Node{total: false, Value: false}, Count: make(chan int, 0), Width: Mode('\n'), Label: 30, Tags: Enabled(false)})
	Pair[*util.Cell, any](&util.Cell{Data: false, Tags: float32(5.5)}, any(map[string]int{"k0": 16}))
	Pair[util.Record, Config](util.Record{Cell: util.Cell{Data: false}}, Config{Flags: [2]float64{16.2, 8.9}, Name: map[string]string(nil), Label: [2]string{"hello world", "q\"t"}})
	Pair[*util.Cell, bool](&util.Cell{Width: 71, Data: true}, false)
}
