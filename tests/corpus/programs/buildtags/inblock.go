/*
//go:build windows
*/

// A build line inside a block comment is not a build line.
package main

var inBlock = 4
