/*
 * A license header in a block comment, then the build line: the go
 * command skips the comment and leaves this file out of a linux build.
 */

//go:build windows

package main

// Shape is the one a windows build compiles.
type Shape struct{ Edge string }

var onlyWindows = 1
