package geo

import (
	"errors"
	"unsafe"
)

func sink(xs ...any) {}

func ptrTo[T any](v T) *T { return &v }

type Count float32

type Temp2 float64

type Order struct {
	Value int
	Tags  string
}

func (r Order) Size() float64 {
	return 1.5
}

type Item3 struct {
	Order
	Value Temp2
}

func (r *Item3) Size() float64 {
	return 2.5
}

func (r Item3) String() string {
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

type Index map[string]int

type Names4 []string

type Holder[T any] struct {
	V T
	N int
}

func Describe(n int) string {
	return "n"
}

var GByName map[int]bool = map[int]bool{int(1): true, int(2): true}

var GAnyv any = any(-4)

var GErr error = errors.New("eof")

func Stop4() {
	var flag bool = false
	var rec Holder[Item3] = Holder[Item3]{V: Item3{Order: Order{Value: 33, Tags: "ünï"}, Value: Temp2(1.4)}, N: 4}
	fn := Describe
	var err error = errors.New("boom")
	var z complex128 = complex(6.5, 2)
	sink(flag, rec, fn, err, z)
}

func Stop5() {
	p8 := &Item3{Order: Order{Value: 83, Tags: "x"}, Value: Temp2(5.8)}
	pp := &p8
	var arr [1]map[string]Order = [1]map[string]Order{map[string]Order{"k0": Order{Value: 69, Tags: "hello world"}, "k1": Order{Value: 73, Tags: "a\tb"}}}
	var avg Count = Count(float32(4.5))
	var err9 error = error(nil)
	var pt Item3 = Item3{Order: Order{Value: 81, Tags: "ünï"}}
	up := unsafe.Pointer(&pt)
	sink(p8, pp, arr, avg, err9, pt, up)
}

func KeepGlobals() {
	sink(GAnyv, GErr)
}
