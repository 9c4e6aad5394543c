// Package wire sits in a folder named for its major version (v2), not for
// its package clause: Delve knows it by both names.
package wire

// Frame is a named type of the package: its entry names the path.
type Frame struct{ N int }

// Sent counts the frames sent.
var Sent = 3

// Last is the last frame sent.
var Last Frame

// Send sends a frame.
func Send() int {
	Sent++
	Last = Frame{N: Sent}
	return Last.N
}
