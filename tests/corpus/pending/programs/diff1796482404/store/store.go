package store

func sink(xs ...any) {}

func ptrTo[T any](v T) *T { return &v }

type Holder[T any] struct {
	V T
	N int
}

func Stop5(handler func(string) bool) {
	var ptr *error = ptrTo(error(nil))
	sink(handler, ptr)
}

func (b *Holder[T]) Put(v T) {
	b.V = v
	sink(b, v)
}
