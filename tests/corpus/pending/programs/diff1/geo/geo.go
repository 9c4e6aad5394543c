package geo

import (
	"unsafe"
)

func sink(xs ...any) {}

type Grade1 rune

type Temp2 float64

type Cell struct {
	Label string
	Count [2]float64
	Name  uint32
	Title map[string]bool
}

func (r Cell) Size() float64 {
	return 1.5
}

type Entry struct {
	Cell
	Width []uintptr
}

func (r *Entry) Size() float64 {
	return 2.5
}

func (r Entry) String() string {
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

type Holder[T any] struct {
	V T
	N int
}

func Describe(n int) string {
	return "n"
}

var GPtr *Entry = (*Entry)(nil)

var GIdx uint16 = uint16(112)

func Stop4(iface Sizer) {
	var pt Entry = Entry{Cell: Cell{Label: "", Count: [2]float64{-3.4, 33.8}}, Width: []uintptr{uintptr(9), uintptr(177)}}
	up := unsafe.Pointer(&pt)
	var sl [][]Entry = [][]Entry{[]Entry{}, []Entry(nil)}
	sink(iface, pt, up, sl)
}

func Each[T any](xs []T, f func(T)) {
	for _, x := range xs {
		f(x)
	}
}
