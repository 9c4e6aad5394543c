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

type Holder[T any] struct {
	V T
	N int
}

func Describe(n int) string {
	return "n"
}

func Stop5() {
	sink()
}

func Stop6() {
	var wave complex64 = complex64(complex(7, 4.25))
	func() {
		sink(wave)
	}()
}

func Keep[T any](x T, n int) T {
	sink(x, n)
	return x
}
