package main

import (
	"errors"
	"example.com/diff1796482899/util"
)

func sink(xs ...any) {}

type Order struct {
	Width int
	data  [2]rune
	Flags []bool
	owner int
}

func (r Order) Area() float64 {
	return 1.5
}

type Job struct {
	Count int
	Name  map[string]uint8
	ID    chan int
	total int
}

func (r *Job) Area() float64 {
	return 2.5
}

func (r Job) String() string {
	return "s"
}

type Config struct {
	Order
	*Job
	Title string
	Width map[string]bool
	owner int16
}

func Pair[K comparable, V any](k K, v V) {
	sink(k, v)
}

func main() {
	Pair[*util.Order2, any](&util.Order2{Label: 34, Width: uint(200)}, any(52))
	Pair[string, Order]("x", Order{data: [2]rune{'Z', 'a'}, Flags: []bool{}, owner: 74})
	Pair[error, Config](errors.New("boom"), Config{Order: Order{Width: 77, data: [2]rune{'Z', 'é'}, Flags: []bool{false, false}}, Job: &Job{Count: 97, Name: map[string]uint8{"k0": uint8(28), "k1": uint8(127)}, total: 74}, Title: "a\tb", Width: map[string]bool{"k0": false, "k1": false}})
	util.Each[string]([]string{"q\"t"}, func(string) {})
}
