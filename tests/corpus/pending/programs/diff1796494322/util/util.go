package util

func sink(xs ...any) {}

type Rate float64

type Point struct {
	Data  string
	Width Rate
}

func (r Point) Size() float64 {
	return 1.5
}

type Point1 struct {
	Point
	Owner complex128
	Data  []string
}

func (r *Point1) Size() float64 {
	return 2.5
}

func (r Point1) String() string {
	return "s"
}

type Sizer interface {
	Size() float64
}

func Stop5() {
	sink()
}

func Each[T any](xs []T, f func(T)) {
	for _, x := range xs {
		f(x)
	}
}

func Pair[K comparable, V any](k K, v V) {
	sink(k, v)
}
