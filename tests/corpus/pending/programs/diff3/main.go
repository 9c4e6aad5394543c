package main

import (
	"example.com/diff3/lib"
	"unsafe"
)

func sink(xs ...any) {}

type Config struct {
	ID    int
	Value int64
}

func (r Config) Area() float64 {
	return 1.5
}

type Task struct {
	Title int
	label uint8
}

func (r *Task) Area() float64 {
	return 2.5
}

func (r Task) String() string {
	return "s"
}

type Shape interface {
	Area() float64
}

type Index map[string]int

func stop3() {
	var rec7 lib.Holder[lib.Sizer] = lib.Holder[lib.Sizer]{V: lib.Sizer(lib.User2{Value: "bob", Width: [2]float64{4.1, 30.1}}), N: 20}
	var pt Config = Config{ID: 72, Value: int64(51)}
	up := unsafe.Pointer(&pt)
	sink(rec7, pt, up)
}

func stop4() {
	func() {
		sink()
	}()
}

func main() {
	stop3()
	stop4()
	lib.Stop5()
	lib.Stop6()
	lib.Keep[Task](Task{Title: 57, label: uint8(10)}, 0)
	lib.Keep[[]int]([]int{67, 12}, 8)
	lib.Keep[*lib.User2](&lib.User2{Flags: 40, Width: [2]float64{36.6, 2.4}}, 3)
}
