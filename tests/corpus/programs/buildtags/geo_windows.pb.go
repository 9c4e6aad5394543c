// The go command reads a file name up to its first dot: this one ends in
// _windows, and a linux build leaves it out.
package main

// Point is the one a windows build compiles.
type Point struct{ Lat float64 }

var pt = Point{Lat: 1.5}

var pbWindows = 1
