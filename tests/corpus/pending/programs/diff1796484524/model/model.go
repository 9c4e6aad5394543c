package model

func sink(xs ...any) {}

type Toggle bool

type Item struct {
	Next  string
	Name  uint64
	Label map[string]uint32
	Total []bool
}

func (r Item) Size() float64 {
	return 1.5
}

type Node struct {
	Item
	Data []string
}

func (r *Node) Size() float64 {
	return 2.5
}

func (r Node) String() string {
	return "s"
}

type Sizer interface {
	Size() float64
}

type Holder[T any] struct {
	V T
	N int
}

func Keep[T any](x T, n int) T {
	sink(x, n)
	return x
}

func (b *Holder[T]) Put(v T) {
	b.V = v
	sink(b, v)
}
