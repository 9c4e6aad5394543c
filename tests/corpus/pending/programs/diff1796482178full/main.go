package main

import (
	"example.com/diff1796482178/store"
)

func sink(xs ...any) {}

func ptrTo[T any](v T) *T { return &v }

type Toggle bool

type Key string

type Ratio float64

type Mask uint32

type Span int64

type User struct {
	Data  int
	Value map[string]string
	Flags int64
}

func (r User) Area() float64 {
	return 1.5
}

type Order struct {
	ID    int
	Owner int
	label map[string]string
}

func (r *Order) Area() float64 {
	return 2.5
}

func (r Order) String() string {
	return "s"
}

type Point struct {
	User
	*Order
	Title float64
	Tags  *User
	Owner [2]int32
	Label Mask
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

type Pair2 [2]int

type Queue chan int

type Box[T any] struct {
	V T
	N int
}

func describe(n int) string {
	return "n"
}

var gN3 byte = byte('a')

var gCount uint64 = uint64(20)

var gAnyv any = any([]int{83})

var gDone bool = false

var gFn func(int) float64 = func(_ int) float64 { return 36.2 }

func stop1() {
	var sl []map[int]Ratio = []map[int]Ratio(nil)
	var n5 Mask = Mask(uint32(134))
	var anyv any = any(nil)
	fn := describe
	var arr [2][1]float32 = [2][1]float32{[1]float32{float32(33.5)}, [1]float32{float32(31.5)}}
	sink(sl, n5, anyv, fn, arr)
}

func stop2(err error, ratio float64) {
	var pair [2]store.Sizer = [2]store.Sizer{store.Sizer(&store.User1{Tags: map[string]int{"k0": 60}}), store.Sizer(&store.Entry{User1: store.User1{Name: "", Tags: map[string]int{"k0": 64}, Title: make(chan int, 2), Value: [2]string{"hello world", "hello world"}}, Title: uint8(156)})}
	var obj Box[error] = Box[error]{V: error(&store.LibErr{Code: 410, Msg: "bad"}), N: 70}
	sink(err, ratio, pair, obj)
}

func stop3(st Order) {
	var m map[Key]float64 = map[Key]float64{Key("k0"): 35.4, Key("k1"): -3.9}
	p := &Point{Title: 26.1, Tags: &User{Data: 94, Flags: int64(88)}, Owner: [2]int32{int32(-83), int32(-58)}, Label: Mask(uint32(8))}
	pp := &p
	base := 4
	prefix := "p"
	add := func(a int) int {
		return a + base + len(prefix)
	}
	sink(st, m, p, pp, base, prefix, add)
}

func stop4() {
	var sl6 []*uint32 = []*uint32{ptrTo(uint32(131)), ptrTo(uint32(153)), ptrTo(uint32(76))}
	var ch chan bool = make(chan bool)
	var v7 store.Sizer = store.Sizer(store.User1{Name: "ünï", Tags: map[string]int{"k0": 98, "k1": 54}, Title: make(chan int, 0), Value: [2]string{"", ""}})
	var list [][]uintptr = [][]uintptr{[]uintptr{uintptr(170), uintptr(0)}, []uintptr{uintptr(137), uintptr(31)}}
	func() {
		sink(sl6, ch, v7, list)
	}()
}

func (b *Box[T]) Put(v T) {
	b.V = v
	sink(b, v)
}

func Pair[K comparable, V any](k K, v V) {
	sink(k, v)
}

func keepGlobals() {
	sink(gAnyv, gDone, gFn)
}

func main() {
	keepGlobals()
	store.KeepGlobals()
	stop1()
	stop2(error(nil), 36.5)
	stop3(Order{ID: 21, Owner: 92})
	stop4()
	store.Stop5()
	store.Stop6()
	(&Box[store.Entry]{N: 6}).Put(store.Entry{Title: uint8(75)})
	Pair[*Order, Point](&Order{Owner: 92}, Point{User: User{Value: map[string]string{"k0": "x"}}, Order: &Order{ID: 5, Owner: 9, label: map[string]string{"k0": "go"}}, Title: 32.6, Tags: &User{Data: 26}, Owner: [2]int32{int32(2), int32(-16)}, Label: Mask(uint32(151))})
	Pair[Mask, Point](Mask(uint32(111)), Point{User: User{Data: 98, Value: map[string]string{"k0": "x"}, Flags: int64(77)}, Order: &Order{ID: 23, label: map[string]string{"k0": "a\tb"}}, Tags: &User{Data: 33, Value: map[string]string{"k0": "", "k1": "x"}, Flags: int64(-48)}, Owner: [2]int32{int32(78), int32(-1)}, Label: Mask(uint32(125))})
	store.Keep[store.Entry](store.Entry{User1: store.User1{Name: "alpha", Tags: map[string]int{"k0": 49}, Title: make(chan int, 1), Value: [2]string{"", "bob"}}}, 2)
}
