// The linked program: a package linked into the program that the stopped
// file does not import, from a module whose folder is not named after its
// import path.
package main

import (
	"fmt"

	"example.com/linked/relay"
)

func main() {
	n := relay.Use()
	fmt.Println(n)
}
