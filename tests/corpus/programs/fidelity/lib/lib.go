// Package lib declares the types the fidelity cases use from another
// package: Delve spells them with the package's path.
package lib

// Record is comparable in Go (a channel compares by identity), so the
// compiler generates an equality function `type:.eq.example.com/fidelity/lib.Record`.
type Record struct {
	Owner string
	Label chan int
}

// Plain is memory-comparable: Go compares it without a generated function.
type Plain struct {
	A, B int
}

// Deep nests structs three levels deep.
type Deep struct {
	In Mid
	N  int
}

type Mid struct {
	Leaf Leaf
	S    string
}

type Leaf struct {
	X int
}

// Dropped is never used: the linker leaves it out of the debug info.
type Dropped int

type Box[T any] struct{ V T }

var Keep = []any{Record{}, Plain{}, Deep{}}
