package main

import (
	"example.com/diff1796482398/util"
	"unsafe"
)

func sink(xs ...any) {}

func ptrTo[T any](v T) *T { return &v }

type Event struct {
	Tags  string
	Flags [2]byte
	ID    int
}

func (r Event) Area() float64 {
	return 1.5
}

type Order struct {
	Value string
	next  map[string]bool
	Owner int
}

func (r *Order) Area() float64 {
	return 2.5
}

func (r Order) String() string {
	return "s"
}

type Order2 struct {
	Event
	*Order
	next  chan int
	Label chan int
	label rune
	Value byte
}

type CodeErr struct {
	Code int
	Msg  string
}

func (e *CodeErr) Error() string {
	return e.Msg
}

func stop1() {
	var anyv any = any(&Order2{Event: Event{Tags: "ünï", ID: 82}, Label: make(chan int, 2), label: 'a', Value: byte('Z')})
	var pt Order2 = Order2{Event: Event{Flags: [2]byte{byte('a'), byte('Z')}, ID: 39}, Order: &Order{next: map[string]bool{"k0": false}, Owner: 9}, Label: make(chan int, 0), Value: byte('a')}
	up := unsafe.Pointer(&pt)
	sink(anyv, pt, up)
}

func stop4() {
	var ref *string = ptrTo("alpha")
	sink(ref)
}

func Pair[K comparable, V any](k K, v V) {
	sink(k, v)
}

func main() {
	stop1()
	stop4()
	Pair[*util.Record, uint8](&util.Record{Node: util.Node{Data: 17, Name: make(chan int, 1), Title: util.Ratio3(12.5)}}, uint8(111))
	Pair[util.Record, []int](util.Record{Node: util.Node{Data: 14, Width: "x", Title: util.Ratio3(32.4)}, Count: util.Tag(""), Label: (*util.Node)(nil)}, []int{33})
}
