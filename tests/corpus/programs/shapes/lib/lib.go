package lib

type Record struct {
	Owner string
	ID    uint32
}

func (r Record) Size() float64 { return 1.5 }

type Job struct {
	Record
	Title string
	Next  *Job
}

func (j Job) String() string { return j.Title }

// Holder's methods run as one shape copy per GC shape of T.
type Holder[T any] struct {
	V T
	N int
}

func (b *Holder[T]) Put(v T) {
	b.V = v
	b.N++
}

// Keep is instantiated only by package main.
func Keep[T any](x T, n int) T {
	n++
	return x
}
