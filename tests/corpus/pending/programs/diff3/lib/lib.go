package lib

func sink(xs ...any) {}

type Temp1 float64

type User2 struct {
	Flags int
	Value string
	Width [2]float64
}

func (r User2) Size() float64 {
	return 1.5
}

type Sizer interface {
	Size() float64
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

func Stop5() {
	var anyv any = any(42)
	sink(anyv)
}

func Stop6() {
	var handler11 Handler3 = Handler3((func(int) string)(nil))
	var wave complex64 = complex64(complex(7, 4.25))
	func() {
		sink(handler11, wave)
	}()
}

func Keep[T any](x T, n int) T {
	sink(x, n)
	return x
}
