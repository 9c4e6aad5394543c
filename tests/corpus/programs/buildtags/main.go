// The buildtags program: files the go command builds or leaves out by
// their build lines, read the way it reads a file's header.
package main

import "fmt"

func main() {
	s := Shape{Side: 2}
	fmt.Println(s, plusDoc, inBlock, pt, dotted)
}
