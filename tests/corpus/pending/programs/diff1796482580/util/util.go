package util

func sink(xs ...any) {}

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
