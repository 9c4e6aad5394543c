//go:build !windows

package main

// Point is the one the default build compiles.
type Point struct{ X int }

var pt = Point{X: 7}
