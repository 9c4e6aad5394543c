package main

import (
	"example.com/diff1796484524/model"
)

func sink(xs ...any) {}

type Label string

type Ratio float64

type Entry struct {
	title int
	Name  bool
	id    [2]int
	next  Ratio
}

func (r Entry) Area() float64 {
	return 1.5
}

type Cell struct {
	Name  int
	Count string
	Title chan int
	tags  map[string]int16
}

func (r *Cell) Area() float64 {
	return 2.5
}

func (r Cell) String() string {
	return "s"
}

type Task struct {
	Entry
	*Cell
	Tags  []string
	Total string
}

type CodeErr struct {
	Code int
	Msg  string
}

func (e *CodeErr) Error() string {
	return e.Msg
}

func Pair[K comparable, V any](k K, v V) {
	sink(k, v)
}

func main() {
	Pair[model.Sizer, model.Toggle](model.Sizer(&model.Node{Item: model.Item{Next: "alpha", Label: map[string]uint32{"k0": uint32(140)}, Total: []bool{}}}), model.Toggle(true))
	Pair[string, Task]("q\"t", Task{Entry: Entry{id: [2]int{-5, -3}}, Tags: []string{"hello world", "", "hello world"}, Total: "alpha"})
	Pair[*model.Node, Label]((*model.Node)(nil), Label("ünï"))
	model.Keep[Cell](Cell{Name: 88, Title: make(chan int, 0), tags: map[string]int16{"k0": int16(-41)}}, 2)
	(&model.Holder[error]{N: 4}).Put(error(&CodeErr{Code: 121, Msg: "bad"}))
	(&model.Holder[[]int]{N: 3}).Put([]int{41})
}
