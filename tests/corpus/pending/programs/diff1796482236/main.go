package main

func sink(xs ...any) {}

type Tag string

func Pair[K comparable, V any](k K, v V) {
	sink(k, v)
}

func main() {
	Pair[string, Tag]("a\tb", Tag(""))
}
