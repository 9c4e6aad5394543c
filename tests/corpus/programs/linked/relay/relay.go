// Package relay links lib into the program; main does not import it.
package relay

import "example.com/lib"

func Use() int { return lib.Touch() }
