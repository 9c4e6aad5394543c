// +build windows
package main

// With no blank line after it, the line above is this file's doc comment,
// not a constraint: the file is built.
var plusDoc = 3
