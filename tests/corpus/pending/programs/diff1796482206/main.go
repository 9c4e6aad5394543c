package main

func sink(xs ...any) {}

type Label string

type Cell struct {
	Count string
	Value map[string]int8
	Owner [2]int
	name  Label
}

func (r Cell) Area() float64 {
	return 1.5
}

func Pair[K comparable, V any](k K, v V) {
	sink(k, v)
}

func main() {
	Pair[*Cell, *Cell](&Cell{Value: map[string]int8{"k0": int8(2), "k1": int8(13)}, Owner: [2]int{5, 74}, name: Label("alpha")}, &Cell{Value: map[string]int8{"k0": int8(28)}, Owner: [2]int{21, 84}, name: Label("alpha")})
}
