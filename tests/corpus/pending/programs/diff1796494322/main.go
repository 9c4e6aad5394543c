package main

import (
	"example.com/diff1796494322/util"
)

func sink(xs ...any) {}

type Grade float32

type Node struct {
	Value string
	Total [2]uint16
	Tags  chan int
}

func (r Node) Area() float64 {
	return 1.5
}

type Shape interface {
	Area() float64
}

func describe(n int) string {
	return "n"
}

func stop1() {
	var z complex64 = complex64(complex(-3, 2.25))
	func() {
		sink(z)
	}()
}

func main() {
	stop1()
	util.Stop5()
	util.Each[Shape]([]Shape{Shape(&Node{Value: "x", Total: [2]uint16{uint16(38), uint16(175)}, Tags: make(chan int, 1)})}, func(Shape) {})
	util.Each[*util.Point]([]*util.Point{&util.Point{Data: "x", Width: util.Rate(38.7)}}, func(*util.Point) {})
	util.Pair[Grade, Grade](Grade(float32(5.5)), Grade(float32(8.5)))
	util.Pair[util.Sizer, util.Point1](util.Sizer(&util.Point1{Owner: complex(2.5, 5), Data: []string{"ünï"}}), util.Point1{Point: util.Point{Width: util.Rate(29.4)}, Owner: complex(-2.5, 5)})
	util.Pair[Node, []int](Node{Total: [2]uint16{uint16(114), uint16(23)}, Tags: make(chan int, 1)}, []int{14})
}
