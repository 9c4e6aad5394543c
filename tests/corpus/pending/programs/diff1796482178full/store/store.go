package store

import (
	"unsafe"
)

func sink(xs ...any) {}

func ptrTo[T any](v T) *T { return &v }

type Enabled bool

type Tally int64

type User1 struct {
	Name  string
	Tags  map[string]int
	Title chan int
	Value [2]string
}

func (r User1) Size() float64 {
	return 1.5
}

type Entry struct {
	User1
	Title uint8
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

type Queue2 chan int

type Names []string

type Holder[T any] struct {
	V T
	N int
}

func Describe(n int) string {
	return "n"
}

var GTotal int8 = int8(-38)

var GRef *int = ptrTo(97)

var GTotal4 uint64 = uint64(11)

func Stop5() {
	var ch8 Queue2 = Queue2(make(chan int, 0))
	var idx uint = uint(136)
	var fn9 func(string) bool = func(_ string) bool { return false }
	var pt Entry = Entry{User1: User1{Name: "hello world", Tags: map[string]int{"k0": 18}, Title: make(chan int, 0)}, Title: uint8(79)}
	up := unsafe.Pointer(&pt)
	func() {
		sink(ch8, idx, fn9, pt, up)
	}()
}

func Stop6() {
	var done bool = true
	pipe := make(chan string, 3)
	pipe <- "bob"
	var recv <-chan string = pipe
	var send chan<- string = pipe
	var sl10 []string = []string(nil)
	ch11 := make(chan int, 3)
	ch11 <- 68
	close(ch11)
	sink(done, pipe, recv, send, sl10, ch11)
}

func Keep[T any](x T, n int) T {
	sink(x, n)
	return x
}

func KeepGlobals() {
	sink(GRef)
}
