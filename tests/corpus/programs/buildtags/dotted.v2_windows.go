// The go command reads a file name up to its first dot: this one is
// "dotted", and every build compiles it (the _windows after the dot does
// not count).
package main

var dotted = 5
