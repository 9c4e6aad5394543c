package main

import (
	"example.com/diff3/lib"
	"unsafe"
)

func sink(xs ...any) {}

func ptrTo[T any](v T) *T { return &v }

type Toggle bool

type Key string

type Temp float64

type Phase uint64

type Quota int

type Config struct {
	ID    int
	Value int64
}

func (r Config) Area() float64 {
	return 1.5
}

type Task struct {
	Title int
	label uint8
}

func (r *Task) Area() float64 {
	return 2.5
}

func (r Task) String() string {
	return "s"
}

type User struct {
	Config
	*Task
	Value [2]int64
	Width string
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

type Handler func(int) string

type Index map[string]int

type Box[T any] struct {
	V T
	N int
}

func describe(n int) string {
	return "n"
}

var gP *complex64 = (*complex64)(nil)

var gEvents chan int32 = make(chan int32, 1)

var gM map[Quota]Key = map[Quota]Key{Quota(int(1)): Key("q\"t")}

var gErr error = error(&CodeErr{Code: 20, Msg: "bad"})

var gIndex map[int64]bool = map[int64]bool{int64(1): false}

func stop1(rec User) {
	var p *any = ptrTo(any(uint8(7)))
	var flag bool = false
	var sl []map[lib.Level]bool = []map[lib.Level]bool{map[lib.Level]bool{lib.Level(int8(1)): false}, map[lib.Level]bool(nil)}
	var arr [2]*uint8 = [2]*uint8{(*uint8)(nil), ptrTo(uint8(80))}
	sink(rec, p, flag, sl, arr)
}

func stop2(s Key) {
	var handler Handler = Handler(func(_ int) string { return "" })
	var v6 Shape = Shape(&Task{Title: 39})
	var count uint8 = uint8(193)
	func() {
		sink(s, handler, v6, count)
	}()
}

func stop3() {
	var rec7 lib.Holder[lib.Sizer] = lib.Holder[lib.Sizer]{V: lib.Sizer(lib.User2{Value: "bob", Width: [2]float64{4.1, 30.1}}), N: 20}
	var ch chan float64 = nil
	ch8 := make(chan int, 5)
	ch8 <- 56
	ch8 <- 85
	ch8 <- 24
	var pt Config = Config{ID: 72, Value: int64(51)}
	up := unsafe.Pointer(&pt)
	sink(rec7, ch, ch8, pt, up)
}

func stop4() {
	var arr9 [1]any = [1]any{any(55)}
	var cb func(int) int8 = (func(int) int8)(nil)
	var m map[string][]string = map[string][]string{"k0": []string{"alpha", "go"}}
	var avg float64 = 22.8
	func() {
		sink(arr9, cb, m, avg)
	}()
}

func Each[T any](xs []T, f func(T)) {
	for _, x := range xs {
		f(x)
	}
}

func Pair[K comparable, V any](k K, v V) {
	sink(k, v)
}

func keepGlobals() {
	sink(gM, gErr, gIndex)
}

func main() {
	keepGlobals()
	stop1(User{Task: &Task{Title: 78, label: uint8(67)}, Width: "q\"t"})
	stop2(Key("x"))
	stop3()
	stop4()
	lib.Stop5()
	lib.Stop6()
	lib.Keep[Task](Task{Title: 57, label: uint8(10)}, 0)
	lib.Keep[[]int]([]int{67, 12}, 8)
	lib.Keep[*lib.User2](&lib.User2{Flags: 40, Width: [2]float64{36.6, 2.4}}, 3)
	Each[lib.Level]([]lib.Level{lib.Level(int8(31))}, func(lib.Level) {})
	Each[User]([]User{User{Value: [2]int64{int64(18), int64(-75)}, Width: "bob"}}, func(User) {})
	Pair[string, float64]("alpha", 35.7)
	Pair[User, uint8](User{Config: Config{ID: 0, Value: int64(-41)}, Task: &Task{Title: 95, label: uint8(96)}, Value: [2]int64{int64(-86), int64(91)}, Width: "go"}, uint8(181))
}
