package main

import (
	"example.com/diff1796482177/model"
)

func sink(xs ...any) {}

func ptrTo[T any](v T) *T { return &v }

func stop2(wave complex64) {
	var ref *map[model.Tag]rune = ptrTo(map[model.Tag]rune{model.Tag("k0"): '\n', model.Tag("k1"): '\n'})
	sink(wave, ref)
}

func main() {
	stop2(complex64(complex(0, -2.25)))
}
