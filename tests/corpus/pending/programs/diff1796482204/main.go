package main

import (
	"example.com/diff1796482204/model"
)

type Level rune

type Item struct {
	owner string
	Owner uint64
}

func (r Item) Area() float64 {
	return 1.5
}

func main() {
	model.Keep[*Item](&Item{owner: "ünï", Owner: uint64(54)}, 2)
	model.Keep[Level](Level('Z'), 2)
}
