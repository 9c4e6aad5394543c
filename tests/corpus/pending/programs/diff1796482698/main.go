package main

import (
	"errors"
	"example.com/diff1796482698/model"
)

func sink(xs ...any) {}

type Tag string

type Signal uint32

type Task struct {
	Total int
	Value Signal
	count bool
}

func (r Task) Area() float64 {
	return 1.5
}

type Job struct {
	Value string
	Label [2]int16
	Owner chan int
	total Tag
}

func (r *Job) Area() float64 {
	return 2.5
}

func (r Job) String() string {
	return "s"
}

type Node struct {
	Task
	*Job
	Tags  float64
	Title [2]uint32
}

type Shape interface {
	Area() float64
}

func stop3(rec model.Config) {
	p := &Node{Job: &Job{Value: "alpha", Label: [2]int16{int16(-1), int16(-10)}, Owner: make(chan int, 0), total: Tag("x")}, Tags: 10.9}
	func() {
		sink(rec, p)
	}()
}

func Pair[K comparable, V any](k K, v V) {
	sink(k, v)
}

func main() {
	stop3(model.Config{Node2: model.Node2{Width: 49, Next: uint(129), Data: 75}, Data: uint8(24)})
	Pair[Shape, Node](Shape(Task{Total: 2, Value: Signal(uint32(162)), count: true}), Node{Task: Task{Total: 56, Value: Signal(uint32(170))}, Tags: 28.4, Title: [2]uint32{uint32(112), uint32(139)}})
	Pair[error, Shape](errors.New("eof"), Shape(Task{Total: 86, Value: Signal(uint32(179))}))
	Pair[*Task, []int](&Task{Total: 64, Value: Signal(uint32(102))}, []int{8, 4, 65})
}
