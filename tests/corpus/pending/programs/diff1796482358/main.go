package main

import (
	"example.com/diff1796482358/util"
)

type Score complex64

func main() {
	(&util.Holder[Score]{N: 6}).Put(Score(complex64(complex(-3, 8.25))))
}
