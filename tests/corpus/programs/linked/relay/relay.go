// Package relay links lib and wire into the program; main imports neither.
package relay

import (
	"example.com/lib"
	"example.com/linked/relay/wire/v2"
)

func Use() int { return lib.Touch() + wire.Send() }
