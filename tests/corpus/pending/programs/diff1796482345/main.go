package main

import (
	"errors"
)

func sink(xs ...any) {}

type Enabled bool

type Point struct {
	Width int
	Name  [2]uint8
	Tags  complex64
}

func (r Point) Area() float64 {
	return 1.5
}

type Cell struct {
	Title string
	count *Point
	name  uint16
	Next  Enabled
}

func (r *Cell) Area() float64 {
	return 2.5
}

func (r Cell) String() string {
	return "s"
}

type Job struct {
	Point
	*Cell
	Next  map[string]int
	value chan int
	Owner uint16
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
	Pair[any, Point](any(Job{Cell: &Cell{Title: "bob", count: &Point{Width: 20, Name: [2]uint8{uint8(85), uint8(180)}, Tags: complex64(complex(9, 8.25))}, name: uint16(97)}, Next: map[string]int{"k0": 10}, value: make(chan int, 1), Owner: uint16(3)}), Point{Width: 7, Name: [2]uint8{uint8(140), uint8(146)}})
	Pair[int, error](30, errors.New("eof"))
	Pair[*Point, error](&Point{Width: 16, Name: [2]uint8{uint8(137), uint8(117)}, Tags: complex64(complex(9, -3.25))}, error(&CodeErr{Code: 496, Msg: "bad"}))
}
