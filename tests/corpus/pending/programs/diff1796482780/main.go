package main

import (
	"errors"
	"example.com/diff1796482780/store"
)

func sink(xs ...any) {}

type Entry struct {
	count string
	Width float64
	Value bool
}

func (r Entry) Area() float64 {
	return 1.5
}

func Pair[K comparable, V any](k K, v V) {
	sink(k, v)
}

func main() {
	Pair[*Entry, *Entry](&Entry{count: "ünï", Value: false}, &Entry{count: "alpha", Width: 20.6, Value: false})
	Pair[*store.Config, error](&store.Config{Label: 18}, errors.New("boom"))
	Pair[string, any]("ünï", any(90))
}
