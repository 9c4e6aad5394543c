package main

import (
	"example.com/diff1796482178/store"
)

func sink(xs ...any) {}

type Box[T any] struct {
	V T
	N int
}

var gAnyv any = any([]int{83})

func stop1() {
	sink()
}

func (b *Box[T]) Put(v T) {
	b.V = v
	sink(b, v)
}

func keepGlobals() {
	sink(gAnyv)
}

func main() {
	keepGlobals()
	stop1()
	store.Stop6()
	(&Box[store.Entry]{N: 6}).Put(store.Entry{Title: uint8(75)})
}
