package main

import (
	"example.com/diff1796482404/store"
)

type Point1 struct {
	width int
	title chan int
	Count []int32
	Owner []int16
}

func (r *Point1) Area() float64 {
	return 2.5
}

func (r Point1) String() string {
	return "s"
}

type CodeErr struct {
	Code int
	Msg  string
}

func (e *CodeErr) Error() string {
	return e.Msg
}

func main() {
	store.Stop5(func(_ string) bool { return false })
	(&store.Holder[Point1]{N: 5}).Put(Point1{width: 34, Count: []int32{int32(25), int32(29)}, Owner: []int16{int16(55), int16(44), int16(-57)}})
	(&store.Holder[uint8]{N: 4}).Put(uint8(190))
	(&store.Holder[any]{N: 3}).Put(any(CodeErr{Msg: "go"}))
}
