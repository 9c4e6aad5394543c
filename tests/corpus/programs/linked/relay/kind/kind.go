// Package kind declares types alone: no function, method or variable, so
// the debug info has no unit for it, only its types' entries.
package kind

// Kind is a kind of frame.
type Kind int
