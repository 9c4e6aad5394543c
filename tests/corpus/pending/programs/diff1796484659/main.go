package main

import (
	"example.com/diff1796484659/model"
)

type Temp float64

type Score complex128

type Count complex64

type Config struct {
	Tags  string
	Flags float64
	next  []rune
}

func (r Config) Area() float64 {
	return 1.5
}

type Cell struct {
	Width string
	Name  Temp
	name  complex128
	ID    chan int
}

func (r *Cell) Area() float64 {
	return 2.5
}

func (r Cell) String() string {
	return "s"
}

type User struct {
	Config
	*Cell
	Width bool
	Title map[string]uint64
	name  int
	Name  Count
}

type Shape interface {
	Area() float64
}

func main() {
	(&model.Holder[Score]{N: 6}).Put(Score(complex(1.5, -1)))
	(&model.Holder[User]{N: 2}).Put(User{Config: Config{Tags: "go", next: []rune{'a', 'é', 'a'}}, Cell: &Cell{Width: "a\tb", Name: Temp(-2.7), name: complex(3.5, 2), ID: make(chan int, 0)}, Width: false, Title: map[string]uint64{"k0": uint64(117)}, name: 60, Name: Count(complex64(complex(-3, 2.25)))})
	model.Pair[Shape, []int](Shape(&Cell{Width: "x", Name: Temp(35.4), name: complex(6.5, -2), ID: make(chan int, 0)}), []int{91, 98, 15})
	model.Pair[model.Sizer, *User](model.Sizer(&model.Point1{Point: model.Point{Data: 91, Title: map[string]string{"k0": "a\tb"}, Name: model.Label("bob")}, Data: []uint64{}, Width: &model.Point{Data: 21, Title: map[string]string{"k0": "q\"t", "k1": "bob"}, Name: model.Label("go"), Count: map[string]bool{"k0": true, "k1": false}}}), &User{Cell: &Cell{Width: "go", Name: Temp(28.6), name: complex(9.5, 5), ID: make(chan int, 0)}, Title: map[string]uint64(nil), Name: Count(complex64(complex(9, 1.25)))})
}
