package lib

func sink(xs ...any) {}

type Flag bool

type Tag string

type Record struct {
	Owner string
	Width Flag
	Label chan int
	ID    uint32
}

func (r Record) Size() float64 {
	return 1.5
}

type Job struct {
	Record
	Owner *Record
	Value uintptr
	Flags string
}

func (r *Job) Size() float64 {
	return 2.5
}

func (r Job) String() string {
	return "s"
}

type Sizer interface {
	Size() float64
}

type Pair2 [2]int

type Holder[T any] struct {
	V T
	N int
}

func Stop6(v7 Sizer) {
	sink(v7)
}

func (b *Holder[T]) Put(v T) {
	b.V = v
	sink(b, v)
}
