package main

import (
	"example.com/diff1796482580/util"
)

type Mask float32

type Span int16

type Cell struct {
	tags  int
	Count string
	Label map[string]float64
	ID    chan int
}

func (r Cell) Area() float64 {
	return 1.5
}

type Item struct {
	name  string
	Value string
	data  string
}

func (r *Item) Area() float64 {
	return 2.5
}

func (r Item) String() string {
	return "s"
}

type Cell1 struct {
	Cell
	*Item
	tags [2]uint16
	ID   complex64
	id   int
	Name Mask
}

func main() {
	util.Keep[Span](Span(int16(-80)), 1)
	(&util.Holder[*Cell1]{N: 6}).Put(&Cell1{Cell: Cell{Count: "bob", Label: map[string]float64{"k0": 14.9, "k1": 9.7}, ID: make(chan int, 1)}, Item: &Item{name: "alpha", Value: "bob", data: "x"}, ID: complex64(complex(4, -1.25)), id: 66})
	(&util.Holder[*Cell]{N: 3}).Put(&Cell{ID: make(chan int, 0)})
}
