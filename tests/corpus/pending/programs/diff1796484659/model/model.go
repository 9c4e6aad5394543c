package model

func sink(xs ...any) {}

type Label string

type Point struct {
	Data  int
	Title map[string]string
	Name  Label
	Count map[string]bool
}

func (r Point) Size() float64 {
	return 1.5
}

type Point1 struct {
	Point
	Data  []uint64
	Width *Point
	Flags bool
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

type Holder[T any] struct {
	V T
	N int
}

func (b *Holder[T]) Put(v T) {
	b.V = v
	sink(b, v)
}

func Pair[K comparable, V any](k K, v V) {
	sink(k, v)
}
