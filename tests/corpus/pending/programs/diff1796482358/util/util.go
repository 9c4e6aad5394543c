package util

func sink(xs ...any) {}

type Holder[T any] struct {
	V T
	N int
}

func (b *Holder[T]) Put(v T) {
	b.V = v
	sink(b, v)
}
