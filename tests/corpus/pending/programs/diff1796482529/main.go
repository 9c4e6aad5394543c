package main

import (
	"example.com/diff1796482529/geo"
)

func sink(xs ...any) {}

type Ratio float64

type User struct {
	label int
	Width float32
}

func (r User) Area() float64 {
	return 1.5
}

type Point struct {
	Next  int
	Name  int16
	label []complex128
}

func (r *Point) Area() float64 {
	return 2.5
}

func (r Point) String() string {
	return "s"
}

type User1 struct {
	User
	*Point
	Width uintptr
	id    int32
	Next  chan int
	Title bool
}

func Pair[K comparable, V any](k K, v V) {
	sink(k, v)
}

func main() {
	Pair[User1, User1](User1{Point: &Point{Next: 33}, Width: uintptr(161), Title: false}, User1{User: User{label: 95, Width: float32(32.5)}, Width: uintptr(110), Title: false})
	Pair[error, geo.Config](error(nil), geo.Config{Width: 8, ID: geo.Quota(uint8(122)), Data: map[string]int(nil)})
	Pair[Ratio, geo.Sizer](Ratio(2.3), geo.Sizer(&geo.Point2{Label: int32(-14)}))
}
