// Package lib is a required module replaced by a folder not named after
// it: Delve keys its package by the import path's last element, lib.
package lib

var Debug = 3

func Touch() int {
	Debug++
	return Debug
}
