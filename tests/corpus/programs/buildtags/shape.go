//go:build !windows

package main

// Shape is the one the default build compiles.
type Shape struct{ Side int }
