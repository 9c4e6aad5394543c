package main

import (
	"example.com/diff1796484762/store"
)

func sink(xs ...any) {}

type Temp float64

type Phase complex64

type User struct {
	ID    int
	Total map[string]float64
	Name  [2]uint
	Label map[string]int
}

func (r User) Area() float64 {
	return 1.5
}

type Point struct {
	Total int
	Data  bool
	Label int32
}

func (r *Point) Area() float64 {
	return 2.5
}

func (r Point) String() string {
	return "s"
}

type Event struct {
	User
	*Point
	Tags  []bool
	count string
	owner Phase
	ID    Temp
}

func Pair[K comparable, V any](k K, v V) {
	sink(k, v)
}

func main() {
	Pair[store.Sizer, *Event](store.Sizer(&store.Event2{Record: store.Record{Title: byte('a')}, Next: store.Key("go")}), (*Event)(nil))
	Pair[*User, *Point](&User{ID: 91, Name: [2]uint{uint(199), uint(14)}, Label: map[string]int{"k0": 42}}, &Point{Total: 63, Data: false, Label: int32(6)})
}
